// What the lowering of one async function may ask of the whole program, and what it gives back.
// The front end (describe.ts) and both back ends (host-form.ts, device-form.ts) read the program
// only through ProgramFacts, which compiler/lowering.ts's Lowering implements: so they import this
// leaf module, never lowering.ts, and lowering.ts can compose them without an import circle.

import type ts from 'typescript';
import type { AsyncDecl } from './ast.ts';
import type { LowerDiagnostic } from './diagnostics.ts';
import type { FileNames } from './names.ts';
import type { FrameSize, Primitive } from './primitives.ts';

export type { AsyncDecl } from './ast.ts';

export type ValueKind = 'num' | 'ref';
export interface ParamSig { readonly name: string; readonly kind: ValueKind }
export type ResultSig = { kind: 'void' } | { kind: 'num' } | { kind: 'ref' } | { kind: 'tuple'; n: number };

export interface Signature {
  readonly name: string;
  readonly isMethod: boolean;
  /** Parameters in order, `self` excluded. */
  readonly params: readonly ParamSig[];
  readonly result: ResultSig;
}

/** What the size report needs to know about one await site or stored future. */
export type SiteItem = (
  | { kind: 'prim'; frame: FrameSize }
  | { kind: 'embed'; callee: AsyncDecl }
  | { kind: 'push'; callee: AsyncDecl }
  | { kind: 'dyn'; iface: string; method: string; escaping: boolean; line: number; column: number }
) & {
  /** Opened inside a loop of its function: opened again every round. */
  readonly repeats?: true;
};

export interface Site {
  readonly line: number;
  readonly items: SiteItem[];
}

export interface LoweredFunction {
  readonly decl: AsyncDecl;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly sig: Signature;
  readonly words: number;
  readonly refs: number;
  /** Await sites; items of one site are live at once. */
  readonly sites: readonly Site[];
  /** Futures stored in a const: counted at every site (they may be live at any of them). */
  readonly persistent: readonly SiteItem[];
  /** The host's `{ name, words, refs, init, poll, drop }` spec text, or the device's exported functions. */
  readonly spec: string;
  /** Module-level declarations the spec uses (the state -> region table). */
  readonly prelude: string;
  readonly diagnostics: readonly LowerDiagnostic[];
  /** Made a dyn call: the module must import lowered-dyn.ts. */
  readonly usesDyn: boolean;
  /** What a device caller needs to open this function's frame inline; null for the host lowering. */
  readonly device: DeviceFunctionInfo | null;
}

export interface DynPlan {
  /** The implementations of the method among the program's dyn objects. */
  readonly impls: readonly AsyncDecl[];
  /** Their frames in the host build (what the scratch budget is measured against), the largest. */
  readonly hostWords: number;
  readonly hostRefs: number;
  /** The adapters' strategies. */
  readonly strategies: readonly string[];
  /** The method's place in its interface (the index a dyn call opens). */
  readonly index: number;
  /**
   * The adapter object every dyn object with the method uses, null when they use several: a call
   * site then counts its calls in words of its own, which the budget report adds to this
   * adapter's counters (SiteCount).
   */
  readonly adapter: object | null;
}

/**
 * Counter words a device call site keeps in place of its adapter's and its task's counters
 * (compiler/device-call-site.ts openAtSite): one increment a call, where dynOpen makes five. The
 * budget report adds each site's words into the counters they stand for (program/device-report.ts).
 * - Laid out from W[SITE_COUNTS], in the order the sites were lowered: `ones` single words and
 *   `columns` per-task columns before this one, so its first word is
 *   SITE_COUNTS + ones + columns * TASKS (siteWord).
 */
export interface SiteCount {
  /** The adapter whose counters these are (DynPlan.adapter). */
  readonly adapter: object;
  /**
   * The adapter counter a call counted here adds to besides A_CALLS (contract/adapter-counters.ts
   * A_SCRATCH, A_POOL, A_STACK, A_REUSES), or -1 for none (a pool slot poolTake took: slotTaken
   * counts A_POOL itself).
   */
  readonly counter: number;
  /** The callee's host frame size: the adapter's largest frame, and with A_SCRATCH the task's scratch high-water mark. */
  readonly hostWords: number;
  /** One word per task (A_SCRATCH, A_POOL: the task's scratch hits and high-water mark, its pool fallbacks), else one word. */
  readonly perTask: boolean;
  readonly ones: number;
  readonly columns: number;
}

/** The first word of a site's counters, in W, for a program of `tasks` tasks (`SITE_COUNTS` is the layout's). */
export function siteWord(s: SiteCount, siteCounts: number, tasks: number): number {
  return siteCounts + s.ones + s.columns * tasks;
}

/** The words a program's site counters take. */
export function siteWords(sites: readonly SiteCount[], tasks: number): number {
  let n = 0;
  for (const s of sites) n += s.perTask ? tasks : 1;
  return n;
}

export interface DeviceFunctionInfo {
  /** Name of the exported poll function (a method's is Class$method). */
  readonly poll: string;
  /** Name of the exported drop function, or null when dropping a frame of it has nothing to do. */
  readonly drop: string | null;
  /**
   * The drop runs finally blocks (its own or an embedded callee's): a task that faults must run
   * it. Everything else a drop gives back (timers, waiter entries, pool slots) the device's
   * backstop takes back from a faulted task anyway.
   */
  readonly dropMatters: boolean;
  /** Word (numbers) or reference slot (references) of each parameter, `self` excluded. */
  readonly paramSlots: readonly number[];
  /**
   * The function's `$now` form when it never suspends: called with self (a method's) and the
   * parameters that have slots, it returns the first result. Null when it can suspend.
   */
  readonly now: string | null;
  /**
   * The function's `$start` form, its first poll as straight code (device-form.ts startForm):
   * called as `f$start(w, b, r, rb, self, parameters...)`, 1 when it completed (its result in the
   * registers), 0 when it suspended (its state and variables in the frame at b / rb). Null when
   * the function never suspends (it has `now`) or its first poll is not straight code.
   */
  readonly start: string | null;
  /**
   * The function's `$resume` form, poll entered in the one state it suspends in as straight code
   * (device-start.ts resumeForm): called as poll is, on a frame that suspended; null where poll
   * must be called (no start form, more than one state it suspends in).
   */
  readonly resume: string | null;
  /** Words that must be 0 when a frame of it is opened: the state, stored futures' flags. */
  readonly zeroWords: readonly number[];
  /** Generated names of other modules' lowered functions the code calls, by module file: exported name -> local name. */
  readonly imports: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export type CallTarget = { kind: 'prim'; prim: Primitive } | { kind: 'fn'; decl: AsyncDecl } | null;

/**
 * 'host': futures on the poll ABI of executor/ (vtables, handles, side stacks), for Node and the
 * simulator. 'device': plain functions over the device runtime's one Float64Array (device/), every
 * callee and primitive frame embedded in its caller's frame, for the whole-program device build.
 */
export type LoweringTarget = 'host' | 'device';

/** The result registers device-lowered code uses: the device build sizes them to that. */
export interface RegisterUse {
  numbers: number;
  which: boolean;
}

/** The program as one function's lowering sees it. */
export interface ProgramFacts {
  readonly checker: ts.TypeChecker;
  /** The program's dyn objects per interface method, known from setup (device builds); else null. */
  readonly dynPlan: Map<string, DynPlan> | null;
  readonly registers: RegisterUse;
  /**
   * Device lowering: which of the task operations (spawn, cancel, running, waitTask) the lowered
   * code uses, so that the build lays out task handles and what they need only for a program that
   * has them.
   */
  readonly taskOps: Set<string>;
  /** Device lowering: the call sites' counters (SiteCount), in the order the sites were lowered. */
  readonly sites: SiteCount[];
  /**
   * Device lowering: the adapters call sites name as numbers (DynPlan.adapter): adapter k's record
   * is `ADAPTER_k` of the memory map, its held frame `ADAPTER_k_HELD_W` / `_HELD_R`, its cached
   * boxes and their busy flags `ADAPTER_k_CACHES` / `_CACHE_BUSY`, the smallest frame its boxes are made
   * for `ADAPTER_k_BOX_WORDS` / `_BOX_REFS` (the build's).
   */
  readonly siteAdapters: object[];
  signature(decl: AsyncDecl): Signature;
  resolveCall(call: ts.CallExpression): CallTarget;
  /** The task-api.ts export a node names, if any. */
  runtimeExport(node: ts.Node): string | undefined;
  containsAwait(n: ts.Node): boolean;
  isNumberType(t: ts.Type): boolean;
  kindOfType(t: ts.Type): ValueKind;
  resultOfType(t: ts.Type): ResultSig;
  /** A callee lowered for the same target (its sizes, and on the device its direct form). */
  lowerFunction(decl: AsyncDecl): LoweredFunction;
  /** True while `decl` is being lowered further up the call chain: a call to it is recursive. */
  isInProgress(decl: AsyncDecl): boolean;
  /** The module-level names lowered code binds in a file (names.ts), one set per file. */
  fileNames(sf: ts.SourceFile): FileNames;
}
