// What a task needs, from the lowering: the side stack along its deepest await path, and, for its
// dyn calls, the room each adapter places the callee's frame in. An adapter decides where a frame
// lives (docs/adapters.md): SideStack pushes it on the calling task's side stack (with a header
// word); ScratchOrPool puts a call awaited at once in the task's scratch when it fits (the rule of
// contract/fit.ts), else (and a
// stored or passed-on call always) in a pool slot, and under the 'wait' policy a call that finds
// the pool full first pushes a pool.wait frame on the side stack; Inline and MaxSpace hold the
// frame in the adapter, Recycling, CallerCachedBox and Boxing on the heap. Wherever the frame
// lives, what the implementation awaits is pushed on the calling task's side stack.
//
// A frame dropped below the top of the side stack stays there, dead, until everything above it is
// gone. So where two or more futures of one await (a join's or select's children, with any future
// stored beside them) push frames while they are polled (a callee or a dyn call that awaits), a
// frame one of them drops can stay under a frame another pushed later: each of them may hold at
// once every frame it pushes over its life, not only its deepest path. Such a future counts the
// sum of its awaits (total), and is unbounded when it awaits in a loop.

import { fitsIn } from '../contract/fit.ts';
import type { PoolFullPolicy } from '../executor/config.ts';
import { PoolWait } from '../adapters/pool-wait.ts';
import type { Lowering, AsyncDecl, LoweredFunction, SiteItem } from './lowering.ts';

export interface Need { w: number; r: number }

export const NO_NEED: Need = { w: 0, r: 0 };
const UNBOUNDED: Need = { w: Infinity, r: Infinity };

/** One implementation a dyn call site may reach, with the adapter of the dyn object behind it. */
export interface DynTarget {
  readonly iface: string;
  readonly method: string;
  /** The implementation's name (for messages). */
  readonly name: string;
  /** Its method's frame. */
  readonly words: number;
  readonly refs: number;
  /** The lowered method, null for a hand-written future (what it awaits is not known statically). */
  readonly fn: LoweredFunction | null;
  readonly strategy: string;
  /** The pool-full policy ScratchOrPool applies (its own, else the executor's); 'error' for others. */
  readonly policy: PoolFullPolicy;
}

/**
 * The budgets a placement depends on. A size left null is computed: every frame that may land
 * there fits (the need is then the size to give it).
 */
export interface PlacementBudget {
  readonly scratchWords: number | null;
  readonly scratchRefs: number | null;
  readonly poolSlots: number;
  readonly poolSlotWords: number | null;
  readonly poolSlotRefs: number | null;
}

/**
 * A `call(d, 'method')` in `fn` whose method no dyn object the task reaches has (its interface's
 * defineInterface leaves it out): it would fail at run time, so the build refuses it.
 */
export interface NoMethod {
  readonly fn: LoweredFunction;
  readonly method: string;
  readonly line: number;
  readonly column: number;
}

/** A dyn call whose frame fits neither the scratch nor a pool slot: it fails at run time. */
export interface Homeless {
  readonly target: DynTarget;
  readonly line: number;
  readonly column: number;
}

/**
 * Words and refs of two needs together.
 * - Either may be Infinity (an unbounded need stays unbounded).
 */
export function add(a: Need, b: Need): Need {
  return { w: a.w + b.w, r: a.r + b.r };
}

/**
 * The larger words and the larger refs of two needs.
 * - Either may be Infinity.
 */
export function max(a: Need, b: Need): Need {
  return { w: Math.max(a.w, b.w), r: Math.max(a.r, b.r) };
}

/** contract/fit.ts's rule, where a size left null is computed: every frame that may land there fits. */
function fits(n: Need, words: number | null, refs: number | null): boolean {
  return fitsIn(n.w, n.r, words ?? Infinity, refs ?? Infinity);
}

/**
 * Side-stack need of lowered functions; with dyn targets, also the scratch and pool-slot room the
 * calls take and the pool slots held at once. Without targets (the static report), a dyn call
 * counts what every lowered implementation of the interface awaits, and places nothing.
 */
export class TaskSizer {
  /** Largest frame placed in scratch, in a pool slot. */
  scratch: Need = NO_NEED;
  pool: Need = NO_NEED;
  /** Dyn call sites whose calls take a pool slot: slots this task may hold at once. */
  readonly poolSites = new Set<string>();
  /** A reached implementation is hand-written: what it awaits is not counted. */
  handWritten = false;
  readonly homeless: Homeless[] = [];
  readonly noMethod: NoMethod[] = [];
  /** A need is unbounded because a function reaches itself through its awaits. */
  recursion = false;
  /**
   * Functions that await in a loop while beside another future that pushes frames while polled
   * (see above): the side stack grows with every round, so a need is unbounded.
   */
  readonly loopBranches: LoweredFunction[] = [];
  private readonly memo = new Map<AsyncDecl, Need>();
  private readonly visiting = new Set<AsyncDecl>();
  private readonly totals = new Map<AsyncDecl, Need>();
  private readonly totalVisiting = new Set<AsyncDecl>();

  constructor(private readonly l: Lowering, private readonly targets: readonly DynTarget[] | null, private readonly budget: PlacementBudget | null) {}

  /** Side-stack words and refs a function's awaits push, beyond its own frame. */
  need(fn: LoweredFunction): Need {
    const known = this.memo.get(fn.decl);
    if (known !== undefined) return known;
    if (this.visiting.has(fn.decl)) {
      this.recursion = true;
      return UNBOUNDED;
    }
    this.visiting.add(fn.decl);
    // The futures the frame stores are live at every site, beside the site's own.
    let worst = NO_NEED;
    for (const site of fn.sites.length > 0 ? fn.sites : [{ items: [] as SiteItem[] }]) {
      const items = site.items.concat(fn.persistent);
      const beside = items.filter((it) => this.polled(it)).length > 1;
      let n = NO_NEED;
      for (const it of items) n = add(n, this.item(it, fn, beside && this.polled(it)));
      worst = max(worst, n);
    }
    this.visiting.delete(fn.decl);
    // A cut cycle yields Infinity, which every function on the way up inherits: memoizing is exact.
    this.memo.set(fn.decl, worst);
    return worst;
  }

  /**
   * Side-stack words and refs of every future a function opens over its life, counted once each:
   * what it may leave on the side stack beside another future's frames (see above). Unbounded
   * when a future that pushes is opened in a loop, or the function recurses.
   */
  total(fn: LoweredFunction): Need {
    const known = this.totals.get(fn.decl);
    if (known !== undefined) return known;
    if (this.totalVisiting.has(fn.decl)) {
      this.recursion = true;
      return UNBOUNDED;
    }
    this.totalVisiting.add(fn.decl);
    // A nested await's site repeats the items opened before it: each item counts once.
    const seen = new Set<SiteItem>();
    let sum = NO_NEED;
    for (const it of fn.sites.flatMap((site) => site.items).concat(fn.persistent)) {
      if (seen.has(it)) continue;
      seen.add(it);
      const n = this.item(it, fn, true);
      if (it.repeats === true && (n.w > 0 || n.r > 0)) {
        if (this.loopBranches.indexOf(fn) < 0) this.loopBranches.push(fn);
        sum = UNBOUNDED;
      }
      sum = add(sum, n);
    }
    this.totalVisiting.delete(fn.decl);
    this.totals.set(fn.decl, sum);
    return sum;
  }

  /** Side stack a task entry needs: its frame, its header word and its deepest await path. */
  entryNeed(fn: LoweredFunction): Need {
    return add({ w: fn.words + 1, r: fn.refs }, this.need(fn));
  }

  private item(it: SiteItem, fn: LoweredFunction, whole: boolean): Need {
    // What the item pushes when opened, then its callee's deepest await path, or (`whole`) all its awaits.
    const callee = (c: LoweredFunction): Need => (whole ? this.total(c) : this.need(c));
    switch (it.kind) {
      case 'prim': return { w: it.frame.words + 1, r: it.frame.refs };
      case 'embed': return callee(this.l.lowerFunction(it.callee));
      case 'push': {
        const fn = this.l.lowerFunction(it.callee);
        return add({ w: fn.words + 1, r: fn.refs }, callee(fn));
      }
      case 'dyn': {
        let n = NO_NEED;
        if (this.targets === null) {
          for (const impl of this.l.implementationsOf(it.method)) n = max(n, callee(impl));
          return n;
        }
        let matched = false;
        for (const t of this.dynTargets(it)) {
          matched = true;
          if (t.fn === null) this.handWritten = true;
          n = max(n, add(this.place(t, it), t.fn === null ? NO_NEED : callee(t.fn)));
        }
        // A task that reaches no dyn object at all may be handed one later (through a channel).
        if (!matched && it.iface === '' && this.targets.length > 0 && !this.noMethod.some((m) => m.fn === fn && m.line === it.line && m.column === it.column)) {
          this.noMethod.push({ fn, method: it.method, line: it.line, column: it.column });
        }
        return n;
      }
    }
  }

  /** The targets a dyn call may reach. A `call` names only the method (its interface is ''). */
  private dynTargets(it: SiteItem & { kind: 'dyn' }): DynTarget[] {
    return (this.targets ?? []).filter((t) => (it.iface === '' || t.iface === it.iface) && t.method === it.method);
  }

  /** Whether an item pushes frames while it is polled (a callee's or an implementation's awaits), not only when opened. */
  private polled(it: SiteItem): boolean {
    const pushes = (n: Need): boolean => n.w > 0 || n.r > 0;
    switch (it.kind) {
      case 'prim': return false;
      case 'embed':
      case 'push': return pushes(this.need(this.l.lowerFunction(it.callee)));
      case 'dyn':
        if (this.targets === null) return this.l.implementationsOf(it.method).some((impl) => pushes(this.need(impl)));
        return this.dynTargets(it).some((t) => t.fn !== null && pushes(this.need(t.fn)));
    }
  }

  /** What placing target t's frame takes on the side stack; scratch and pool room are noted. */
  private place(t: DynTarget, it: SiteItem & { kind: 'dyn' }): Need {
    const frame = { w: t.words, r: t.refs };
    if (t.strategy === 'SideStack') return { w: t.words + 1, r: t.refs };
    if (t.strategy !== 'ScratchOrPool') return NO_NEED;
    const b = this.budget as PlacementBudget;
    if (!it.escaping && fits(frame, b.scratchWords, b.scratchRefs)) {
      this.scratch = max(this.scratch, frame);
      return NO_NEED;
    }
    if (b.poolSlots > 0 && fits(frame, b.poolSlotWords, b.poolSlotRefs)) {
      this.pool = max(this.pool, frame);
      this.poolSites.add(it.line + ':' + it.column);
      return t.policy === 'wait' ? { w: PoolWait.words + 1, r: PoolWait.refs } : NO_NEED;
    }
    if (t.policy !== 'box' && !this.homeless.some((h) => h.target === t && h.line === it.line && h.column === it.column)) {
      this.homeless.push({ target: t, line: it.line, column: it.column });
    }
    return NO_NEED;
  }
}
