// The device back end's start form of a function that may suspend: its first poll as straight
// code, for a call site that opens the callee's frame itself (device-call-site.ts openAtSite).
//
// Why: poll reads its state, then the switch up to that state's case, and each jump between
// states goes back through the switch; Espruino reads all that text every time (a ready `next()`
// behind a gate spent 270,000 of its 560,000 instructions an await there, callgrind on
// espruino64). The start form is state 0 with every state it jumps to written in where it
// jumps, up to a return or a suspend:
//  - `{ <jump s> continue; }` inside code becomes `{ <state s's lines> }`;
//  - a state's final `<jump s>` becomes state s's lines;
//  - a yield's `<jump s>` before its suspend names the state the suspend writes;
//  - a suspend writes the state and every cached variable to the frame and returns PENDING, as
//    poll's does; a return writes the registers and returns READY, as poll's does.
// It is called as `f$start(w, b, r, rb, self, params...)` with the parameters as JS values; they
// reach the frame when it suspends (or at once, a parameter that poll reads from the frame).
// The call site takes the place (the scratch, the held frame) only when the call suspends, so a
// first poll must not place a frame of another function's there: a function whose code opens a
// callee or a dyn call has no start form.

import { PENDING } from '../contract/poll-result.ts';
import { tokens } from './espruino-tokens.ts';
import type { DCode, Suspend } from './device-code.ts';
import type { FunctionIR, FutureNode, Hole, Var } from './function-ir.ts';
import { jumpOf, returns, suspends } from './device-lines.ts';

/** What the start form reads of the printer of its function's poll (device-form.ts). */
export interface StartView<Cx> {
  readonly ir: FunctionIR;
  /** Each state's device lines, final jumps included. */
  readonly lines: ReadonlyMap<number, readonly DCode[]>;
  /** Variables poll keeps in JS variables, and their names. */
  readonly cached: readonly Var[];
  readonly cachedName: ReadonlyMap<Var, string>;
  /** The frame's state word, as poll writes it. */
  readonly stateWord: string;
  /** The direct form's held value is a local (device-form.ts directReturn). */
  readonly held: boolean;
  context(id: number): Cx;
  hole(h: Hole | Suspend, cx: Cx): string;
  frameText(v: Var): string;
  saves(vs: readonly Var[]): string;
}

/** Tokens a start form may have: it is written into its call site, next to the poll it copies. */
const START_TOKENS = 400;

/**
 * The start form's parameter list and body, or null (the header's conditions): a try, stored
 * futures, one state, a future that opens a frame, a jump back to a state on the way, a jump
 * written where it cannot be replaced, a state that can end without a return, suspend or jump,
 * or more than START_TOKENS of code.
 * - `locals` are poll's locals and internals: the start form declares them too.
 */
export function startForm<Cx>(p: StartView<Cx>, locals: readonly string[]): string | null {
  const ir = p.ir;
  if (ir.hasTry || ir.stores.length > 0 || ir.states.length < 2 || ir.opened.some((o) => 'kind' in o && opensFrame(o))) return null;
  const out: string[] = [];
  if (!flatten(p, 0, new Set<number>(), out)) return null;
  const body = out.join('\n  ');
  if (tokens(body) > START_TOKENS) return null;
  const params = ir.vars.filter((v) => v.reg >= 0);
  if (ir.self !== null && params[0] !== ir.self) return null;
  const n = ir.names;
  // An elided parameter (a HAL that is no value) reads as its text; its place in the list is kept.
  const names = params.map((v) => (v.elided ? n.param(v.id) : v.slot < 0 ? v.jsName : p.cachedName.get(v) ?? n.param(v.id)));
  const entry = params.filter((v) => !v.elided && v.slot >= 0 && !p.cachedName.has(v)).map((v) => p.frameText(v) + ' = ' + n.param(v.id) + ';');
  const own = p.cached.filter((v) => params.indexOf(v) < 0).map((v) => p.cachedName.get(v)!).concat(locals);
  if (p.held && own.indexOf(n.value) < 0) own.push(n.value);
  return '(' + [n.w, n.b, n.r, n.rb].concat(names).join(', ') + ') {\n  ' + (own.length > 0 ? 'var ' + own.join(', ') + ';\n  ' : '') +
    entry.concat([body]).join('\n  ') + '\n}';
}

/**
 * The resume form's parameter list and body, or null: poll entered in the one state a function
 * suspends in, as straight code (flatten), for the resume state a call site keeps of its own
 * (device-call-site.ts ownResume), whose call the bundle writes in there (bundler/inline-calls.ts)
 * as it does the start form. A call to poll cost 125,000 of the 525,000 instructions a scratch
 * `next()` that suspends at every call cost on Espruino 2v29 (callgrind, espruino64).
 * Null when the function suspends in more than one state (a line that both jumps and suspends is
 * not counted: null too), or its code there is more than START_TOKENS.
 * - The function has a start form (startForm gave one): no try, no stored futures, no frame it opens.
 * - `locals` are poll's locals and internals: the resume form declares them too.
 */
export function resumeForm<Cx>(p: StartView<Cx>, locals: readonly string[]): string | null {
  const ir = p.ir;
  const at = suspendStates(p);
  if (at === null || at.size !== 1) return null;
  const out: string[] = [];
  if (!flatten(p, Array.from(at)[0], new Set<number>(), out)) return null;
  const body = out.join('\n  ');
  if (tokens(body) > START_TOKENS) return null;
  const n = ir.names;
  const own = p.cached.map((v) => p.cachedName.get(v)! + ' = ' + p.frameText(v)).concat(locals);
  if (p.held && own.indexOf(n.value) < 0) own.push(n.value);
  return '(' + [n.w, n.b, n.r, n.rb].join(', ') + ') {\n  ' + (own.length > 0 ? 'var ' + own.join(', ') + ';\n  ' : '') + body + '\n}';
}

/**
 * The states a function's suspends write: a yield's the state its jump names, a poll's its own
 * state; null when a line both jumps and suspends (a call site's record: such functions open
 * frames and have no resume form anyway).
 */
function suspendStates<Cx>(p: StartView<Cx>): Set<number> | null {
  const at = new Set<number>();
  for (const [id, lines] of p.lines) {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (!suspends(l)) continue;
      if (l.some((part) => typeof part !== 'string' && part.kind === 'jump')) return null;
      at.add(i > 0 && jumpOf(lines[i - 1]) >= 0 ? jumpOf(lines[i - 1]) : id);
    }
  }
  return at;
}

/**
 * Writes state `id`'s lines to `out` with each jump replaced by the lines of the state it jumps
 * to; false when a jump goes back to a state on the way (`path`), is written where it cannot be
 * replaced, or a state's lines can end without a return, a suspend or a jump.
 */
function flatten<Cx>(p: StartView<Cx>, id: number, path: Set<number>, out: string[]): boolean {
  if (path.has(id)) return false;
  path.add(id);
  const lines = p.lines.get(id)!;
  const cx = p.context(id);
  let suspendAt = id;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const last = i === lines.length - 1;
    const to = jumpOf(l);
    if (to >= 0) {
      if (last) {
        if (!flatten(p, to, path, out)) return false;
        continue;
      }
      // A yield: the state it resumes in is what its suspend writes.
      if (!suspends(lines[i + 1])) return false;
      suspendAt = to;
      continue;
    }
    if (last && !ends(l)) return false;
    let text = '';
    for (let k = 0; k < l.length; k++) {
      const part = l[k];
      if (typeof part === 'string') text += part;
      else if (part.kind === 'suspend') text += '{ ' + p.stateWord + ' = ' + suspendAt + '; ' + p.saves(p.cached) + 'return ' + PENDING + '; }';
      else if (part.kind === 'jump') {
        const after = l[k + 1];
        if (typeof after !== 'string' || !/^\s*continue;/.test(after)) return false;
        const inner: string[] = [];
        if (!flatten(p, part.state, path, inner)) return false;
        text += inner.join(' ') + after.replace(/^\s*continue;/, '');
        k++;
      } else text += p.hole(part, cx);
    }
    out.push(text);
  }
  path.delete(id);
  return true;
}

/** A future whose poll may place a frame of its own: a callee's, a dyn call's, or a combinator over one. */
function opensFrame(n: FutureNode): boolean {
  if (n.kind === 'callee' || n.kind === 'dyn') return true;
  if (n.kind === 'taken') return n.from !== null && opensFrame(n.from);
  return n.kind === 'combinator' && n.children.some(opensFrame);
}

/** A state's last line that ends it: an unconditional suspend, or a return. */
function ends(c: DCode): boolean {
  return (c.length === 1 && suspends(c)) || returns(c);
}
