// What the device back end asks of a printed line (a DCode: text, holes and suspends), shared by
// the poll's printer (device-form.ts) and the start form (device-start.ts), and of the IR's lines
// that open an await's futures (device-form.ts guarded).

import { forEachHole, plainText, soleVar, type Code, type FutureNode, type Hole, type Line, type Var } from './function-ir.ts';
import type { DCode } from './device-code.ts';

/** Calls f for each hole of a line (its suspends are not holes). */
export function forEachDHole(c: DCode, f: (h: Hole) => void): void {
  for (const p of c) if (typeof p !== 'string' && p.kind !== 'suspend') forEachHole([p], f);
}

/** A line that can suspend. */
export function suspends(c: DCode): boolean {
  return c.some((p) => typeof p !== 'string' && p.kind === 'suspend');
}

/** The state a line that is only a jump goes to, else -1. */
export function jumpOf(c: DCode | undefined): number {
  if (c === undefined || c.length !== 1 || typeof c[0] === 'string' || c[0].kind !== 'jump') return -1;
  return c[0].state;
}

/** A line whose last part is a return. */
export function returns(c: DCode): boolean {
  const last = c[c.length - 1];
  return last !== undefined && typeof last !== 'string' && last.kind === 'return';
}

/** Whether lines write variable v (an assignment or ++/-- of it). */
export function writes(lines: readonly DCode[], v: Var): boolean {
  let found = false;
  for (const l of lines) forEachDHole(l, (h) => { if (h.kind === 'var' && h.v === v && h.write) found = true; });
  return found;
}

/** Lines that open the futures of one await (their arguments' code and direct calls among them). */
export function opening(l: Line): boolean {
  return l.op === 'open' || l.op === 'code' || l.op === 'direct';
}

/** A future that holds memory once opened, before any poll: a dyn call (its adapter placed the frame), or one holding such futures. */
export function holdsAtOpen(n: FutureNode): boolean {
  if (n.kind === 'dyn') return true;
  if (n.kind === 'taken') return n.from !== null && holdsAtOpen(n.from);
  return n.kind === 'combinator' && n.children.some(holdsAtOpen);
}

/** An opening line that may throw: code, a call, or an opening whose arguments are more than variables and numbers. */
export function mayThrow(l: Line): boolean {
  if (l.op !== 'open') return true;
  const n = l.node;
  switch (n.kind) {
    case 'taken':
    case 'none': return false;
    case 'primitive': return !n.args.every(plainValue);
    case 'combinator': return n.ms !== null && !plainValue(n.ms);
    default: return true;
  }
}

function plainValue(c: Code): boolean {
  return soleVar(c) !== null || /^-?[\d.]+$/.test(plainText(c) ?? '');
}
