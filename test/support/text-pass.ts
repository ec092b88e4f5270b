// A text pass over a bundle (bundler/dead-declarations.ts, case-blocks.ts) checked the one way: the
// program it gives logs what the program given logs.

import * as assert from 'uvu/assert';

/** What `code` logs, run with `log` as its only global. */
function logOf(code: string): unknown[] {
  const out: unknown[] = [];
  new Function('log', code)((...v: unknown[]) => { out.push(v.length === 1 ? v[0] : v); });
  return out;
}

/**
 * `pass(code)`, after checking that it logs what `code` logs.
 * - `code` is a script whose only global is `log`.
 */
export function sameLogs(pass: (code: string) => string, code: string): string {
  const out = pass(code);
  assert.equal(logOf(out), logOf(code), 'logs differ after the pass:\n' + out);
  return out;
}
