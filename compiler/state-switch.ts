// The parts of a poll and a drop that both back ends print the same way, given how they spell the
// state: the `switch` over the states, its `catch` when a try suspends (which goes to the catch or
// finally state of the region the state is in), the drop's finally blocks per region, and the
// module-level table from state to region both read.

import { lineOf } from './ast.ts';
import { diagnosticAt } from './diagnostics.ts';
import type { Code, FunctionIR } from './function-ir.ts';

/** How a back end writes the state, the exception and the completion in the switch's catch. */
export interface StateSpelling {
  /** The current state: `$w[$b]` (host), or the local poll keeps it in (device). */
  readonly state: string;
  /** A statement setting the state to n. */
  set(n: number): string;
  /** The error and completion variables. */
  readonly err: string;
  readonly comp: string;
}

/**
 * Name of the module-level table from state to try region.
 * - `ir` has a suspending try (ir.hasTry).
 */
export function regionTableName(ir: FunctionIR): string {
  return ir.file.name('REG$' + ir.sig.name.replace(/\W/g, '_') + '$' + lineOf(ir.decl));
}

/**
 * The state -> region table a function with a suspending try needs ('' otherwise); one with more
 * regions than a byte holds is refused.
 * - `done` is the completed frame's state (the number of states).
 */
export function regionTable(ir: FunctionIR, done: number): string {
  if (!ir.hasTry) return '';
  if (ir.regions.length > 255) ir.diagnostics.push(diagnosticAt(ir.decl, 'too-large', 'more than 255 try regions in one function', 'split the function'));
  const table: number[] = [];
  for (let i = 0; i <= done; i++) table.push(i < done && i < ir.states.length ? ir.states[i].region : 0);
  return 'const ' + regionTableName(ir) + ' = new Uint8Array([' + table.join(', ') + ']);\n';
}

/**
 * One `case` per state, in the order given; a state that ends with a jump to the case after it
 * falls through, any other jump continues the loop.
 * - `lines(i)` is the code of order[i], its final jump included.
 */
export function caseLines(order: readonly { readonly id: number; readonly gotoEnd: number }[], lines: (i: number) => readonly string[]): string[] {
  const body: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const s = order[i];
    body.push('case ' + s.id + ':');
    for (const line of lines(i)) body.push('  ' + line);
    if (s.gotoEnd >= 0) {
      const next = order[i + 1];
      if (next === undefined || next.id !== s.gotoEnd) body.push('  continue;');
    }
  }
  return body;
}

/**
 * `for (;;) switch` over the cases; with a suspending try, a catch that drops the live child
 * (`dropChild`), then moves to the catch or finally state of the state's region, or marks the
 * frame done and rethrows.
 * - `cases` came from caseLines; `done` is the number of states.
 */
export function dispatchLines(ir: FunctionIR, cases: readonly string[], dropChild: readonly string[], done: number, spell: StateSpelling): string[] {
  const out: string[] = ['for (;;) {'];
  if (!ir.hasTry) {
    out.push('switch (' + spell.state + ') {', ...cases, '}', '}');
    return out;
  }
  const caught = ir.names.caught;
  out.push('try {', 'switch (' + spell.state + ') {', ...cases, '}', '} catch (' + caught + ') {', ...dropChild);
  out.push('switch (' + regionTableName(ir) + '[' + spell.state + ']) {');
  const byTarget = new Map<string, number[]>();
  for (const r of ir.regions) {
    if (r.handler.kind === 'none') continue;
    const key = r.handler.kind + ':' + r.handler.state;
    const ids = byTarget.get(key) ?? [];
    ids.push(r.id);
    byTarget.set(key, ids);
  }
  byTarget.forEach((ids, key) => {
    const [kind, st] = key.split(':');
    for (const id of ids) out.push('case ' + id + ':');
    out.push('  ' + spell.err + ' = ' + caught + ';');
    if (kind === 'finally') out.push('  ' + spell.comp + ' = 1;');
    out.push('  ' + spell.set(Number(st)));
    out.push('  break;');
  });
  out.push('default:', '  ' + spell.set(done), '  throw ' + caught + ';', '}', '}', '}');
  return out;
}

/**
 * The drop's part that runs, innermost first, the finally blocks around the frame's state.
 * - `state` is how the drop reads the frame's state; `render` prints code in the drop.
 */
export function finallyLines(ir: FunctionIR, state: string, render: (c: Code) => string): string[] {
  if (ir.finallies.length === 0) return [];
  const out: string[] = ['switch (' + regionTableName(ir) + '[' + state + ']) {'];
  for (const copy of ir.finallies) {
    for (const id of copy.regions) out.push('case ' + id + ':');
    out.push('  { ' + copy.lines.map(render).join(' ') + ' }');
    out.push('  break;');
  }
  out.push('default:', '  break;', '}');
  return out;
}
