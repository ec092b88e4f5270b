// `frugal audit`: every place in an example's task code that may allocate at run time, from
// compiler/allocation-audit.ts, over the files of the example's bundle that the lowering changed (the ones
// with async functions or runtime calls). Host code that runs once at setup is not task code.

import { auditFiles, formatAudit, type AllocationSite } from '../compiler/allocation-audit.ts';
import { exampleLowering, type LoadedExample } from '../program/load-program.ts';

export interface AuditResult {
  example: string;
  files: string[];
  sites: AllocationSite[];
}

export function auditExample(loaded: LoadedExample): AuditResult {
  const files = loaded.taskFiles.map((f) => f.fileName).sort();
  return { example: loaded.example.name, files, sites: auditFiles(files, exampleLowering(loaded)) };
}

/** One line per site and nothing else, or one line saying there is none. */
export function describeAudit(r: AuditResult): string {
  return formatAudit(r.sites);
}
