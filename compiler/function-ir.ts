// The description of one async function that the front end (describe.ts) makes and both back ends
// (host-form.ts, device-form.ts) print: its variables, its states and the operations in them, the
// futures it opens and which of them are live at once, its try regions. The front end decides
// everything both forms share: which code runs in which state, where the function suspends, what
// each await opens and yields, which variables live in the frame (and at which slot) and which are
// locals. A back end decides only how to write it: the poll ABI's vtables and handles on the host,
// plain functions over one Float64Array on the device.
//
// A function is a list of states (FunctionIR.states, placed in FunctionIR.order, the order of the
// cases). Each state is a list of lines, each an operation:
//
//   code(c)          Code run as written, in this state: await-free source with its variables,
//                    registers, runtime calls, jumps and returns left as holes (below), and the
//                    lines the front end writes itself (spills, tests, assignments of results).
//   open(n)          Opens future n here (a primitive, a lowered callee, a dyn call, a combinator,
//                    or a stored future taken back). Its arguments were evaluated by the lines
//                    before. A future passed to a combinator is opened before the combinator; on
//                    a form with handles its handle goes to n.holder (a local of poll, or a frame
//                    variable when a later argument's await comes between).
//   await(n)         n, opened just before, is what this state awaits. A goto(k) to its resume
//                    state k always follows.
//   resume(n)        The first line of the resume state of await(n): polls n, returns PENDING
//                    while it is pending; n's result is then in the registers.
//   store(v, n)      The frame keeps future n, opened just before, in variable v (a `const`)
//                    until an await or a combinator takes it back (open of a 'taken' node).
//   direct(call, into)  An await that runs to completion at once: the plain call of a callee's
//                    direct form (it never suspends), its first result into the local `into`.
//                    Only where the form has direct calls (FrontEndForm.directCalls).
//   yield(k)         yieldNow() on a form that suspends in place (FrontEndForm.yieldInPlace):
//                    queues the task again, suspends, and resumes in state k with nothing to poll.
//                    The state ends here, without a goto.
//   goto(k)          The state's last line: continue in state k (a fall-through when k is the
//                    next case). A state ends with goto, yield, or code that leaves (return,
//                    throw, a jump that continues).
//
// Holes in Code (a Code is text parts and holes, in order):
//
//   var(v, write)    Variable v: its frame slot, or its local. `write`: the hole is what an
//                    assignment or ++/-- writes (the device saves only what a loop writes).
//   slot(v)          The index of frame variable v's word (where a stored future's handle is).
//   register(i), refRegister, which   The result registers: numbers, the one reference, the
//                    index of the future a select or timeout completed with.
//   sync(p, args)    A synchronous runtime call (now, setSignal, trySend, spawn, cancel, running).
//                    spawn's has `kinds` too: 'n'/'r' per parameter of the pool's function, the
//                    registers args[1..] go to (a back end writes them before the call).
//   board(m, args)   A call of the board HAL's method m, on a form whose HAL is the board's own
//                    calls (FrontEndForm.boardCalls).
//   direct(call)     A direct call (as the operation above) inside code run as written.
//   jump(k)          Sets the state to k; the code around it then continues or returns.
//   return(values)   Returns from the function: values to the result registers, the frame
//                    completed, READY.
//   registers(values)  Values to the result registers (a return held while finally blocks ran).
//   complete         Marks the frame completed (a statement, and the blank before what follows it).
//
// Frame: FunctionIR.frameVars have slots (words from FrontEndForm.headerWords on, refs from 0),
// FunctionIR.words and refs end them. The futures opened for one await are live at once: they
// form a Group, and a back end places each in the frame after the ones before it in its group
// (a group opened inside another's arguments starts after what that one had opened then). Stored
// futures have space of their own, after every group. Which futures take space, and how much,
// is the back end's: the host embeds only lowered callees' frames, the device every future's.

import type ts from 'typescript';
import type { AsyncDecl } from './ast.ts';
import type { LowerDiagnostic } from './diagnostics.ts';
import type { FileNames, FunctionNames } from './names.ts';
import type { Primitive } from './primitives.ts';
import type { DynPlan, LoweredFunction, Signature, Site, SiteItem } from './program-facts.ts';

export type VarKind = 'num' | 'ref' | 'handle';

export interface Var {
  readonly id: number;
  readonly name: string;
  readonly kind: VarKind;
  /** States whose code uses it; -2 is the drop function (the finally blocks copied there). */
  readonly states: Set<number>;
  /** Register index of a parameter (ex.an / ex.ar, self is ref 0 of a method), -1 otherwise. */
  readonly reg: number;
  /** In the frame whatever the states: a `var`, the completion, the error, a held return value. */
  forceFrame: boolean;
  /** Declared inside a finally block: a plain local of poll and drop alike. */
  inFinally: boolean;
  /** What awaiting a stored future yields. */
  result: Result;
  /** Word (numbers, handles) or reference slot in the frame; -1 for a local. */
  slot: number;
  /** The local's name, when it is one. */
  jsName: string;
  /** Has no slot and reads as jsName: the board HAL parameter of a form whose HAL is no value. */
  elided: boolean;
}

export type Hole =
  | { readonly kind: 'var'; readonly v: Var; readonly write: boolean }
  | { readonly kind: 'slot'; readonly v: Var }
  | { readonly kind: 'register'; readonly i: number }
  | { readonly kind: 'refRegister' }
  | { readonly kind: 'which' }
  | { readonly kind: 'sync'; readonly prim: Primitive; readonly args: readonly Code[]; readonly kinds?: string }
  | { readonly kind: 'board'; readonly method: string; readonly args: readonly Code[] }
  | { readonly kind: 'direct'; readonly call: DirectCall }
  | { readonly kind: 'jump'; readonly state: number }
  | { readonly kind: 'return'; readonly values: readonly Code[] }
  | { readonly kind: 'registers'; readonly values: readonly Code[] }
  | { readonly kind: 'complete' };

export type Part = string | Hole;
export type Code = readonly Part[];

export type Result = { kind: 'void' } | { kind: 'one'; value: Code } | { kind: 'tuple'; values: readonly Code[] };

/** How a future was reached: awaited at once, passed to a combinator, or stored in a const. */
export type Mode = 'await' | 'passed' | 'stored';

/**
 * The call of a callee's direct form (device): `callee` never suspends, so it runs to completion
 * as a plain call.
 */
export interface DirectCall {
  readonly callee: AsyncDecl;
  readonly fn: LoweredFunction;
  /** A method's receiver. */
  readonly self: Code | null;
  /** A dyn call's dyn value: the implementation runs on its object. */
  readonly dyn: Code | null;
  /** The arguments given, at most one per parameter. */
  readonly args: readonly Code[];
  /** An await's own call, not one inside code run as written: its dyn value is evaluated once, before the call. */
  readonly awaited: boolean;
}

/** Where a dyn call goes: the interface method, its place, and the program's dyn objects behind it. */
export interface DynTarget {
  readonly iface: string;
  readonly method: string;
  /** `call`'s argument kinds ('n'/'r' each), '' for next, read and write. */
  readonly kinds: string;
  /** Index of the first argument the method receives. */
  readonly argStart: number;
  readonly plan: DynPlan | undefined;
  readonly index: number;
}

interface NodeBase {
  readonly mode: Mode;
  readonly result: Result;
  /** The group of the await it was opened for; null for a stored future and what it opens. */
  readonly group: Group | null;
  /** Where a form with handles keeps the handle of a future passed to a combinator, till the combinator opens. */
  holder: Holder | null;
}

/** A future an await, a store or a combinator opens. */
export type FutureNode = NodeBase & (
  /** A stored future, taken back from its variable; `from` is what was stored there. */
  | { readonly kind: 'taken'; readonly v: Var; readonly from: FutureNode | null }
  /** A task-api.ts primitive other than a combinator or a dyn call; `inPlace`: a yield that suspends in place. */
  | { readonly kind: 'primitive'; readonly prim: Primitive; readonly args: readonly Code[]; readonly inPlace: boolean }
  | {
    readonly kind: 'callee';
    readonly decl: AsyncDecl;
    readonly sig: Signature;
    /** Lowered for the same form; null when pushed (the host does not need its frame). */
    readonly fn: LoweredFunction | null;
    /** The call's function as written (a plain call), null for a method. */
    readonly spelled: Code | null;
    readonly receiver: Code | null;
    readonly method: string;
    /** The arguments given, at most one per parameter. */
    readonly args: readonly Code[];
    /** Pushed on the side stack (host: recursive, or stored), not embedded. */
    readonly pushed: boolean;
  }
  /** `args[0]` is the dyn value; `argKinds` the kinds ('n'/'r') of the arguments the method receives. */
  | { readonly kind: 'dyn'; readonly prim: Primitive; readonly target: DynTarget; readonly args: readonly Code[]; readonly argKinds: string }
  /** join, select, timeout over children opened before it; `ms` is timeout's limit. */
  | { readonly kind: 'combinator'; readonly prim: Primitive; readonly ms: Code | null; readonly children: readonly FutureNode[] }
  /** Nothing, after a refusal: completes at once. */
  | { readonly kind: 'none' }
);

/**
 * The futures opened for one await, in order: live at once. A group opened while evaluating an
 * argument of another's future starts after the `parentCount` futures that group had then.
 */
export interface Group {
  readonly parent: Group | null;
  readonly parentCount: number;
  readonly nodes: FutureNode[];
}

export type Holder = { readonly local: string } | { readonly v: Var };

export type Line =
  | { readonly op: 'code'; readonly code: Code }
  | { readonly op: 'open'; readonly node: FutureNode }
  | { readonly op: 'await'; readonly node: FutureNode }
  | { readonly op: 'resume'; readonly node: FutureNode }
  | { readonly op: 'store'; readonly v: Var; readonly node: FutureNode }
  | { readonly op: 'direct'; readonly call: DirectCall; readonly into: string | null }
  | { readonly op: 'yield'; readonly resume: number }
  | { readonly op: 'goto'; readonly state: number };

export interface State {
  readonly id: number;
  readonly region: number;
  readonly lines: Line[];
  /** The state a goto at its end continues in; -1 when it ends otherwise. */
  gotoEnd: number;
}

export interface Region {
  readonly id: number;
  /** Where an exception goes: a catch state, a finally state (completion = throw), or out. */
  readonly handler: { kind: 'catch'; state: number } | { kind: 'finally'; state: number } | { kind: 'none' };
  /** Finally blocks to run when the frame is dropped here, innermost first. */
  readonly finChain: readonly ts.Block[];
}

/** The finally blocks a drop runs in a group of regions, as code (copied once per distinct chain). */
export interface FinallyCopy {
  readonly regions: readonly number[];
  readonly lines: readonly Code[];
}

export interface FunctionIR {
  readonly decl: AsyncDecl;
  readonly sf: ts.SourceFile;
  readonly sig: Signature;
  /** The names its generated code binds (names.ts), and its file's module-level ones. */
  readonly names: FunctionNames;
  readonly file: FileNames;
  readonly vars: readonly Var[];
  /** The method's self (ref register 0), null for a function. */
  readonly self: Var | null;
  /** States by id; `order` is the order they were placed in: the order of the cases. */
  readonly states: readonly State[];
  readonly order: readonly State[];
  /** States an await or yield resumes in. */
  readonly resumeStates: ReadonlySet<number>;
  readonly regions: readonly Region[];
  /** The function has a try statement that suspends: regions, completion, error and held returns. */
  readonly hasTry: boolean;
  readonly completion: Var | null;
  readonly err: Var | null;
  readonly retVars: readonly Var[];
  /** Frame variables (slots given) and locals (names given), in variable order. */
  readonly frameVars: readonly Var[];
  readonly localVars: readonly Var[];
  /** The frame's words and refs for the variables (opened futures' space comes after). */
  readonly words: number;
  readonly refs: number;
  /** Every future opened and every direct call made, in the order they were made (lines that could not run included). */
  readonly opened: readonly (FutureNode | DirectCall)[];
  /** Every group, and the stored futures in the order they were opened. */
  readonly groups: readonly Group[];
  readonly stored: readonly FutureNode[];
  /** Each `const` that stores a future, and the future, in the order they were described. */
  readonly stores: readonly { readonly v: Var; readonly node: FutureNode }[];
  /** Locals of poll the front end names itself (names.held, completion, value, holder(i)). */
  readonly internals: ReadonlySet<string>;
  readonly finallies: readonly FinallyCopy[];
  readonly sites: readonly Site[];
  readonly persistent: readonly SiteItem[];
  readonly usesDyn: boolean;
  readonly diagnostics: LowerDiagnostic[];
}

/**
 * A Code of the parts given in order, nested Codes flattened and adjacent text joined (so that a
 * Code without holes is one string, which plainText reads).
 * - Parts are text, holes, or Codes.
 */
export function code(...parts: (Part | Code)[]): Code {
  return concatParts<Hole>(parts);
}

/**
 * Parts (holes of type H, or text) in order, nested lists flattened and adjacent text joined.
 * - A hole is an object, never an array: arrays are lists to flatten.
 */
export function concatParts<H extends object>(parts: readonly (string | H | readonly (string | H)[])[]): (string | H)[] {
  const out: (string | H)[] = [];
  const add = (p: string | H): void => {
    if (typeof p !== 'string') out.push(p);
    else if (p !== '') {
      const last = out.length - 1;
      if (last >= 0 && typeof out[last] === 'string') out[last] = (out[last] as string) + p;
      else out.push(p);
    }
  };
  for (const p of parts) {
    if (Array.isArray(p)) for (const q of p as readonly (string | H)[]) add(q);
    else add(p as string | H);
  }
  return out;
}

/**
 * Codes joined with a separator, as `Array.prototype.join` joins strings.
 * - `sep` is text.
 */
export function joinCode(codes: readonly Code[], sep: string): Code {
  const parts: (Part | Code)[] = [];
  codes.forEach((c, i) => {
    if (i > 0) parts.push(sep);
    parts.push(c);
  });
  return code(...parts);
}

/**
 * The text of a Code without holes ('' for an empty one), or null when it has a hole.
 * - `c` was made by code() or joinCode() (adjacent text joined).
 */
export function plainText(c: Code): string | null {
  if (c.length === 0) return '';
  return c.length === 1 && typeof c[0] === 'string' ? c[0] : null;
}

/**
 * The variable a Code is, when it is one variable hole and nothing else; else null.
 * - `c` was made by code() or joinCode().
 */
export function soleVar(c: Code): Var | null {
  return c.length === 1 && typeof c[0] !== 'string' && c[0].kind === 'var' ? c[0].v : null;
}

/**
 * Calls `f` with every hole of a Code, the ones nested in other holes' arguments included, in order.
 * - `f` does not change the Code.
 */
export function forEachHole(c: Code, f: (h: Hole) => void): void {
  for (const p of c) {
    if (typeof p === 'string') continue;
    f(p);
    switch (p.kind) {
      case 'sync':
      case 'board':
        for (const a of p.args) forEachHole(a, f);
        break;
      case 'direct':
        forEachDirectCode(p.call, (x) => forEachHole(x, f));
        break;
      case 'return':
      case 'registers':
        for (const v of p.values) forEachHole(v, f);
        break;
      default:
        break;
    }
  }
}

/**
 * Calls `f` with the Codes a direct call writes: its receiver or dyn value, then its arguments.
 * - `call` is a DirectCall of a FunctionIR.
 */
function forEachDirectCode(call: DirectCall, f: (c: Code) => void): void {
  if (call.self !== null) f(call.self);
  if (call.dyn !== null) f(call.dyn);
  for (const a of call.args) f(a);
}

/** Words and reference slots. */
export interface Space {
  readonly w: number;
  readonly r: number;
}

/** Where the opened futures are, from the start of the space after the frame's variables. */
export interface Placement {
  /** Offsets of the futures of groups (from the first word after the variables) and of stored ones (from the first after the groups). */
  readonly at: ReadonlyMap<FutureNode, Space>;
  /** The space the groups take (the largest of them) and the space stored futures take. */
  readonly groups: Space;
  readonly stored: Space;
}

/**
 * Places every opened future given the space a back end gives each: the futures of one group
 * after each other, a nested group after what its parent had opened then; stored futures after
 * each other, in space of their own.
 * - `size` gives 0 for a future that takes no space on the back end's form.
 */
export function placeFutures(ir: FunctionIR, size: (n: FutureNode) => Space): Placement {
  const at = new Map<FutureNode, Space>();
  const starts = new Map<Group, Space>();
  const startOf = (g: Group): Space => {
    let s = starts.get(g);
    if (s !== undefined) return s;
    let w = 0;
    let r = 0;
    if (g.parent !== null) {
      const p = startOf(g.parent);
      w = p.w;
      r = p.r;
      for (const n of g.parent.nodes.slice(0, g.parentCount)) {
        const z = size(n);
        w += z.w;
        r += z.r;
      }
    }
    s = { w, r };
    starts.set(g, s);
    return s;
  };
  let gw = 0;
  let gr = 0;
  for (const g of ir.groups) {
    let { w, r } = startOf(g);
    for (const n of g.nodes) {
      at.set(n, { w, r });
      const z = size(n);
      w += z.w;
      r += z.r;
      if (w > gw) gw = w;
      if (r > gr) gr = r;
    }
  }
  let sw = 0;
  let sr = 0;
  for (const n of ir.stored) {
    at.set(n, { w: sw, r: sr });
    const z = size(n);
    sw += z.w;
    sr += z.r;
  }
  return { at, groups: { w: gw, r: gr }, stored: { w: sw, r: sr } };
}

/**
 * spawn(pool, ...args) as both back ends print it: each argument into its register, `num(i)` the
 * i-th numeric one and `ref(k)` the k-th reference (an argument left out as 0 or undefined), then
 * `call`, the runtime's spawn, which reads them.
 * - `args[0]` is the pool; `kinds` has 'n' or 'r' for each parameter of the pool's function.
 */
export function spawnText(args: readonly string[], kinds: string, num: (i: number) => string, ref: (k: number) => string, call: string): string {
  const parts: string[] = [];
  let n = 0;
  let k = 0;
  for (let i = 0; i < kinds.length; i++) {
    const isNum = kinds.charAt(i) === 'n';
    const v = i + 1 < args.length ? args[i + 1] : isNum ? '0' : 'void 0';
    parts.push((isNum ? num(n++) : ref(k++)) + ' = ' + v);
  }
  parts.push(call);
  return parts.length === 1 ? parts[0] : '(' + parts.join(', ') + ')';
}
