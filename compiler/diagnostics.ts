// Build-time refusals: where (file:line:column, 1-based) and a one-line fix.

import ts from 'typescript';

export interface LowerDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Short machine-readable kind, e.g. 'await-promise', 'closure-capture'. */
  readonly code: string;
  readonly message: string;
  readonly fix: string;
}

export function diagnosticAt(node: ts.Node, code: string, message: string, fix: string): LowerDiagnostic {
  const sf = node.getSourceFile();
  const pos = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { file: sf.fileName, line: pos.line + 1, column: pos.character + 1, code: code, message: message, fix: fix };
}

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
