// Dyn calls in a device program's memory image: where each adapter's frames live (scratch per task,
// side stacks, the pool), sized for the device frames of the implementations that can land there,
// and the plan the device lowering specializes dyn call sites with.

import type { AsyncDecl, DynPlan, Lowering } from '../compiler/lowering.ts';
import type { LoweredVtable } from '../tasks/lowered.ts';
import { reachableDyns } from '../compiler/reachable-dyns.ts';
import { declOf, type DynMethod, type ImageBuilder } from './image-builder.ts';
import type { Snapshot } from './snapshot.ts';
import { K_SCRATCH_OR_POOL, K_SIDE_STACK } from '../device/layout.ts';

/**
 * Scratch, side stacks and the pool, for the dyn objects the tasks reach. The budgets are the
 * configured ones, in host words (a call goes where it goes in the simulator); the memory behind
 * them is sized for the device frames of the implementations that can land there.
 */
export function layoutDyn(b: ImageBuilder, snap: Snapshot, n: number): void {
  const L = b.layout;
  const ex = snap.ex;
  const { kinds, policies } = b.layoutAdapters(ex, n);
  L.ADAPTERS = kinds;
  L.POLICIES = policies;
  const placed = (kind: string): DynMethod[] => {
    const out: DynMethod[] = [];
    for (const d of b.dyns) if (d.adapter.strategy === kind) out.push(...d.methods);
    return out;
  };
  const largest = (ms: DynMethod[], words: number, refs: number): [number, number] => {
    let w = 0;
    let r = 0;
    for (const m of ms) {
      if (m.hostWords > words || m.hostRefs > refs) continue;
      if (m.fn.words > w) w = m.fn.words;
      if (m.fn.refs > r) r = m.fn.refs;
    }
    return [w, r];
  };
  const sop = placed('ScratchOrPool');
  const columns = (names: string[]): void => {
    for (const c of names) b.alloc(c, n);
  };
  if ((kinds & K_SCRATCH_OR_POOL) !== 0) {
    columns(['SCR_BASE', 'SCR_RBASE', 'SCR_WORDS', 'SCR_REFS', 'SCR_BUSY', 'SCR_HITS', 'SCR_HIGH', 'T_FALLBACKS']);
    L.SCR_ONE_BASE = -1;
    L.SCR_ONE_RBASE = -1;
    for (let t = 0; t < n; t++) {
      const words = ex.tasks.scratchWords[t];
      const refs = ex.tasks.scratchRefs[t];
      const [dw, dr] = largest(sop, words, refs);
      const base = b.alloc(null, dw);
      const rbase = b.allocRefs(dr);
      b.setWords(L.SCR_BASE + t, [base]);
      b.setWords(L.SCR_RBASE + t, [rbase]);
      // The one task's scratch is a number the call sites write in (compiler/device-call-site.ts).
      if (n === 1) {
        L.SCR_ONE_BASE = base;
        L.SCR_ONE_RBASE = rbase;
      }
      b.setWords(L.SCR_WORDS + t, [words]);
      b.setWords(L.SCR_REFS + t, [refs]);
    }
    // One budget for every task is a number the call sites' fit test folds with (compiler/device-call-site.ts).
    const same = ex.tasks.scratchWords.slice(0, n).every((x, t) => x === ex.tasks.scratchWords[0] && ex.tasks.scratchRefs[t] === ex.tasks.scratchRefs[0]);
    L.SCR_SAME_WORDS = same ? ex.tasks.scratchWords[0] : -1;
    L.SCR_SAME_REFS = same ? ex.tasks.scratchRefs[0] : -1;
  }
  if ((kinds & K_SIDE_STACK) !== 0) {
    columns(['STACK_BASE', 'STACK_RBASE', 'STACK_WORDS', 'STACK_REFS', 'STACK_TOP', 'STACK_RTOP', 'STACK_HIGH']);
    for (let t = 0; t < n; t++) {
      const words = ex.tasks.stackWords[t];
      const refs = ex.tasks.stackRefs[t];
      const base = b.alloc(null, words);
      const rbase = b.allocRefs(refs);
      L.STACK_ONE_END = n === 1 ? base + words : -1;
      L.STACK_ONE_REND = n === 1 ? rbase + refs : -1;
      b.setWords(L.STACK_BASE + t, [base]);
      b.setWords(L.STACK_RBASE + t, [rbase]);
      b.setWords(L.STACK_WORDS + t, [words]);
      b.setWords(L.STACK_REFS + t, [refs]);
      b.setWords(L.STACK_TOP + t, [base]);
      b.setWords(L.STACK_RTOP + t, [rbase]);
    }
  }
  const c = ex.config;
  const slots = (kinds & K_SCRATCH_OR_POOL) !== 0 ? c.poolSlots : 0;
  if ((kinds & K_SCRATCH_OR_POOL) === 0) {
    for (const k of ['POOL_SLOTS', 'POOL_SLOT_WORDS', 'POOL_SLOT_REFS', 'POOL_SLOT_DW', 'POOL_SLOT_DR', 'POOL_W', 'POOL_R', 'POOL_FREE', 'POOL_NFREE',
      'POOL_HIGH', 'POOL_EXHAUSTED', 'POOL_WAITERS']) L[k] = 0;
    fillUnused(L);
    return;
  }
  const [sw, sr] = largest(sop, c.poolSlotWords, c.poolSlotRefs);
  L.POOL_SLOTS = slots;
  L.POOL_SLOT_WORDS = c.poolSlotWords;
  L.POOL_SLOT_REFS = c.poolSlotRefs;
  L.POOL_SLOT_DW = sw;
  L.POOL_SLOT_DR = sr;
  b.alloc('POOL_W', slots * sw);
  L.POOL_R = b.allocRefs(slots * sr);
  b.alloc('POOL_FREE', slots);
  for (let i = 0; i < slots; i++) b.setWords(L.POOL_FREE + i, [slots - 1 - i]);
  b.alloc('POOL_NFREE', 1);
  b.setWords(L.POOL_NFREE, [slots]);
  for (const p of ['POOL_HIGH', 'POOL_EXHAUSTED']) b.alloc(p, 1);
  b.alloc('POOL_WAITERS', 3);
  if (slots > 0) b.sets.push(L.POOL_WAITERS);
  fillUnused(L);
}

/** The memory map names a program's runtime does not use: 0, so that every build exports the same names. */
function fillUnused(L: { [name: string]: number }): void {
  for (const k of ['SCR_ONE_BASE', 'SCR_ONE_RBASE', 'STACK_ONE_END', 'STACK_ONE_REND']) {
    if (L[k] === undefined) L[k] = -1;
  }
  for (const k of ['SCR_BASE', 'SCR_RBASE', 'SCR_WORDS', 'SCR_REFS', 'SCR_SAME_WORDS', 'SCR_SAME_REFS', 'SCR_BUSY', 'SCR_HITS', 'SCR_HIGH', 'T_FALLBACKS', 'STACK_BASE', 'STACK_RBASE',
    'STACK_WORDS', 'STACK_REFS', 'STACK_TOP', 'STACK_RTOP', 'STACK_HIGH']) {
    if (L[k] === undefined) L[k] = 0;
  }
}

/**
 * The program's dyn objects per interface method, found from the tasks' arguments before any task
 * code is lowered: the device lowering specializes the call sites with it (Lowering.dynPlan).
 */
export function dynPlan(snap: Snapshot, lowering: Lowering): Map<string, DynPlan> {
  const plans = new Map<string, { impls: AsyncDecl[]; hostWords: number; hostRefs: number; strategies: string[]; index: number; adapters: object[] }>();
  for (const v of reachableDyns(snap.spawns.flatMap((s) => s.refs))) {
    const adapter = v.adapter;
    if (adapter === null) continue;
    v.impl.methods.forEach((vt, m) => {
      const lvt = vt as LoweredVtable;
      if (typeof lvt.source !== 'string') return;
      const key = v.impl.iface.name + '.' + v.impl.iface.methods[m];
      const p = plans.get(key) ?? { impls: [], hostWords: 0, hostRefs: 0, strategies: [], index: m, adapters: [] };
      const decl = declOf(lowering, lvt);
      if (p.impls.indexOf(decl) < 0) p.impls.push(decl);
      p.hostWords = Math.max(p.hostWords, vt.words);
      p.hostRefs = Math.max(p.hostRefs, vt.refs);
      if (p.strategies.indexOf(adapter.strategy) < 0) p.strategies.push(adapter.strategy);
      if (p.adapters.indexOf(adapter) < 0) p.adapters.push(adapter);
      plans.set(key, p);
    });
  }
  const out = new Map<string, DynPlan>();
  plans.forEach(({ adapters, ...p }, k) => out.set(k, { ...p, adapter: adapters.length === 1 ? adapters[0] : null }));
  return out;
}

/**
 * The smallest device frame, in words and in references, among the methods of the dyn objects
 * that use `adapter`: a box its cache holds was made for one of them (device/device-dyn.ts
 * dynOpen), so a call site whose callee's frame is no larger needs no size check
 * (compiler/device-call-site.ts; Espruino 2v29 spends about 30,000 instructions on each `length`
 * of a box). 0 where a method's frame is not a lowered function's.
 * - Every task code is lowered (the frames are known).
 */
export function boxFloor(snap: Snapshot, lowering: Lowering, adapter: object): { words: number; refs: number } {
  let words = Infinity;
  let refs = Infinity;
  for (const v of reachableDyns(snap.spawns.flatMap((s) => s.refs))) {
    if (v.adapter !== adapter) continue;
    for (const vt of v.impl.methods) {
      const lvt = vt as LoweredVtable;
      const fn = typeof lvt.source === 'string' ? lowering.lowerFunction(declOf(lowering, lvt)) : { words: 0, refs: 0 };
      words = Math.min(words, fn.words);
      refs = Math.min(refs, fn.refs);
    }
  }
  return words === Infinity ? { words: 0, refs: 0 } : { words, refs };
}
