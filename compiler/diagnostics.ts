// Build-time refusals: where (file:line:column, 1-based) and a one-line fix.

import path from 'node:path';
import type { BuildFailure, PartialMessage } from 'esbuild';
import type * as TS from 'typescript';

export interface LowerDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Short machine-readable kind, e.g. 'await-promise', 'closure-capture'. */
  readonly code: string;
  readonly message: string;
  readonly fix: string;
}

/**
 * A refusal at a node: its file and 1-based line and column, what is refused and the fix.
 * - `node` is from a source file with parent pointers.
 */
export function diagnosticAt(node: TS.Node, code: string, message: string, fix: string): LowerDiagnostic {
  const sf = node.getSourceFile();
  const pos = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { file: sf.fileName, line: pos.line + 1, column: pos.character + 1, code: code, message: message, fix: fix };
}

/**
 * A refusal as one line: `file:line:column: what; fix: how`.
 * - Any diagnostic.
 */
export function formatDiagnostic(d: LowerDiagnostic): string {
  return d.file + ':' + d.line + ':' + d.column + ': ' + d.message + '; fix: ' + d.fix;
}

export class LowerError extends Error {
  readonly diagnostics: readonly LowerDiagnostic[];
  constructor(diagnostics: readonly LowerDiagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.diagnostics = diagnostics;
  }
}

/**
 * The lowering's refusals as esbuild messages, for a plugin's onLoad; lowerErrorOf reads them back.
 * - Any diagnostics.
 */
export function esbuildErrorsOf(diagnostics: readonly LowerDiagnostic[]): PartialMessage[] {
  return diagnostics.map((d) => ({ text: d.message + '; fix: ' + d.fix, location: { file: d.file, line: d.line, column: d.column - 1 } }));
}

/**
 * The error an esbuild build of `entry` threw, as a LowerError when esbuild reports messages (the
 * lowering's refusals carry their fix after '; fix: '); any other error as it is.
 * - `e` is what an esbuild build of `entry` threw.
 */
export function lowerErrorOf(e: unknown, entry: string): unknown {
  const failure = e as BuildFailure;
  if (!Array.isArray(failure.errors)) return e;
  return new LowerError(failure.errors.map((m) => ({
    // esbuild names files relative to its working directory; users get an absolute path.
    file: m.location ? path.resolve(m.location.file) : entry,
    line: m.location?.line ?? 0,
    column: (m.location?.column ?? 0) + 1,
    code: 'build',
    message: m.text.replace(/; fix: .*$/, ''),
    fix: /; fix: (.*)$/.exec(m.text)?.[1] ?? '',
  })));
}
