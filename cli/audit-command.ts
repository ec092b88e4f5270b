// `frugal audit`: every place in an example's task code that may allocate at run time, from
// compiler/allocation-audit.ts, over the files of the example's bundle that the lowering changed (the ones
// with async functions or runtime calls), and the allocating adapters made anywhere in the program:
// setup may build them in any file it imports. Host code that runs once at setup is not task code.
// A listed place fails the command, so that CI can gate on it.

import { auditFile, auditFiles, formatAudit, type AllocationSite } from '../compiler/allocation-audit.ts';
import { exampleLowering, programFiles, type LoadedExample } from '../program/load-program.ts';

export interface AuditResult {
  example: string;
  files: string[];
  sites: AllocationSite[];
}

export function auditExample(loaded: LoadedExample): AuditResult {
  const l = exampleLowering(loaded);
  const taskFiles = loaded.taskFiles.map((f) => f.fileName).sort();
  const setupFiles = programFiles(l).map((sf) => sf.fileName).filter((f) => taskFiles.indexOf(f) < 0).sort();
  const sites = auditFiles(taskFiles, l).concat(setupFiles.flatMap((f) => auditFile(l, f, true)));
  sites.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { example: loaded.example.name, files: taskFiles.concat(setupFiles), sites };
}

/** One line per site and nothing else, or one line saying there is none. */
export function describeAudit(r: AuditResult): string {
  return formatAudit(r.sites);
}

/** Why the audit fails, or null when it lists nothing. */
export function auditFailure(r: AuditResult): string | null {
  const n = r.sites.length;
  if (n === 0) return null;
  return 'audit: ' + n + (n === 1 ? ' place' : ' places') + " in '" + r.example + "' may allocate at run time (listed above); fix: " +
    'write each without allocating, as its line says, or pass --no-fail to list without failing';
}
