// Dyn calls on the device: a task calls a method through an interface without knowing the
// implementation or its frame size, and the adapter chosen at setup decides where the frame lives.
// The adapters are the host's (adapters/), with the same counters; a bundle compiles in only the
// kinds its dyn objects use (ADAPTERS is a constant bit set, and every test of it folds away).
// Record and descriptor shapes: device/layout.ts.
//
// A dyn object is the index d of [self (its index in R), adapter, then per interface method its
// implementation's future (an index for dynPoll), its frame's words and refs here, and its words
// and refs in the host build] in W. Whether a frame fits a scratch or a pool slot is decided by its
// host size against the configured budgets, so a device places every call where the simulator
// does; the scratch and slots themselves are sized at build time for the device frames. An adapter
// is the index a of [kind, pool-full policy, held frame words, held frame refs, held frame busy,
// counters in contract/adapter-counters.ts's order, caches (index in R), caches' busy flags (index in W)].
// A call keeps a record in its caller's frame at c: words [where, base, ref base, owner, frame
// words, dyn object, method, waiter link x4, saved numbers...], references [box words, box refs, saved
// references...]. Waiting records link into W: a caller frame in a heap box cannot use the pool's
// wait policy (the link would point into the box).

import {
  ADAPTERS, CUR, POLICIES, POOL_EXHAUSTED, POOL_FREE, POOL_HIGH, POOL_NFREE, POOL_R, POOL_SLOTS, POOL_SLOT_DR, POOL_SLOT_DW,
  POOL_SLOT_REFS, POOL_SLOT_WORDS, POOL_W, POOL_WAITERS, R, RN, SCR_BASE, SCR_BUSY, SCR_HIGH, SCR_HITS, SCR_RBASE, SCR_REFS, SCR_WORDS,
  STACK_BASE, STACK_HIGH, STACK_ONE_END, STACK_ONE_REND, STACK_RBASE, STACK_REFS, STACK_RTOP, STACK_TOP, STACK_WORDS, T_FALLBACKS, W,
} from './program.ts';
import { dynDrop, dynPoll } from './tasks.ts';
import { fail } from './fault.ts';
import { park, unpark } from './waiters.ts';
import { col, wake } from './ready-queue.ts';
import { fitsIn } from '../contract/fit.ts';
import { POLICY_BOX, POLICY_WAIT } from '../contract/pool-policy.ts';
import { STACK_REF_SHIFT } from '../contract/side-stack-header.ts';
import { M_DEVICE_FITS_NOWHERE, M_DEVICE_HELD_BUSY, M_DEVICE_POOL_EXHAUSTED, M_DEVICE_STACK_OVERFLOW } from '../contract/fault-codes.ts';
import {
  A_ALLOCS, A_CALLS, A_HIGH_WORDS, A_POOL, A_REFUSED, A_REUSES, A_SCRATCH, A_STACK, A_WAITS, ADAPTER_STATS,
} from '../contract/adapter-counters.ts';
import {
  AD_CACHE_BUSY, AD_CACHES, AD_COUNTERS, AD_HELD_BUSY, AD_HELD_R, AD_HELD_W, AD_KIND, AD_LABEL, AD_POLICY, AT_BOX, AT_HELD, AT_NONE,
  AT_PARKED, AT_POOL, AT_SCRATCH, AT_STACK, DYN_ADAPTER, DYN_METHOD_WORDS, DYN_METHODS, DYN_SELF, K_BOXES, K_BOXING,
  K_CALLER_CACHED, K_HELD, K_RECYCLING, K_SCRATCH_OR_POOL, K_SIDE_STACK, REC_BASE, REC_DYN, REC_LINK, REC_METHOD, REC_OWNER, REC_RBASE,
  REC_SIZE, REC_WHERE, RECORD_REFS, RECORD_WORDS,
} from './layout.ts';

/** Fresh heap arrays for a frame, in the record's reference slots: the only allocating placement. */
// allocates: the Boxing adapter's and the pool's 'box' policy's frames, allocating by design
function box(r: unknown[], rc: number, words: number, refs: number): void {
  r[rc] = new Float64Array(words);
  var br: unknown[] = [];
  for (var i = 0; i < refs; i++) br.push(undefined);
  r[rc + 1] = br;
}

/**
 * Places the frame of dyn object d's method m for a call from the current task, fills the record
 * at w[c] / r[rc], and writes the callee's starting frame: zeroed, self, and the arguments waiting
 * in the registers (numbers at W[RN..], references at R[1..]). `nums`/`nrefs`: how many arguments;
 * `esc` 1: the future is stored or passed on, so it must not take the caller's scratch, which the
 * next call would reuse under it.
 * Contract: the record is not in use (its where word is 0).
 */
export function dynOpen(w: Float64Array, c: number, r: unknown[], rc: number, d: number, m: number, esc: number, nums: number, nrefs: number): void {
  var a = W[d + DYN_ADAPTER];
  var mw = d + DYN_METHODS + DYN_METHOD_WORDS * m;
  var words = W[mw + 3];
  var refs = W[mw + 4];
  var kind = W[a + AD_KIND];
  var t = W[CUR];
  var fits = POOL_SLOTS > 0 && fitsIn(words, refs, POOL_SLOT_WORDS, POOL_SLOT_REFS);
  W[a + (AD_COUNTERS + A_CALLS)]++;
  if (words > W[a + (AD_COUNTERS + A_HIGH_WORDS)]) W[a + (AD_COUNTERS + A_HIGH_WORDS)] = words;
  w[c + REC_SIZE] = W[mw + 1];
  w[c + REC_DYN] = d;
  w[c + REC_METHOD] = mw;
  if (ADAPTERS & K_SCRATCH_OR_POOL && kind === K_SCRATCH_OR_POOL) {
    if (esc === 0 && W[SCR_BUSY + t] === 0 && fitsIn(words, refs, W[SCR_WORDS + t], W[SCR_REFS + t])) {
      W[SCR_BUSY + t] = 1;
      W[SCR_HITS + t]++;
      if (words > W[SCR_HIGH + t]) W[SCR_HIGH + t] = words;
      W[a + (AD_COUNTERS + A_SCRATCH)]++;
      place(w, c, AT_SCRATCH, W[SCR_BASE + t], W[SCR_RBASE + t], t);
    } else if (fits && W[POOL_NFREE] > 0) {
      takeSlot(w, c, a, W[POOL_FREE + --W[POOL_NFREE]]);
    } else {
      if (fits) W[POOL_EXHAUSTED]++;
      if (POLICIES & (1 << POLICY_BOX) && W[a + AD_POLICY] === POLICY_BOX) {
        box(r, rc, W[mw + 1], W[mw + 2]);
        W[a + (AD_COUNTERS + A_ALLOCS)]++;
        place(w, c, AT_BOX, 0, 0, -1);
      } else if (POLICIES & (1 << POLICY_WAIT) && W[a + AD_POLICY] === POLICY_WAIT && fits) {
        W[a + (AD_COUNTERS + A_WAITS)]++;
        place(w, c, AT_PARKED, 0, 0, -1);
        for (var i = 0; i < nums; i++) w[c + RECORD_WORDS + i] = W[RN + i];
        for (var j = 0; j < nrefs; j++) r[rc + RECORD_REFS + j] = R[1 + j];
        // The record's words held an earlier future of the caller's (the lowering packs futures
        // that never live at once into the same words): a stale link would read as parked elsewhere.
        // It parks at its first poll, as the host's pool.wait does (dynReady): a slot freed before
        // that (another child of the same join completing) is taken then, not handed over with a wake.
        w[c + REC_LINK] = 0;
        return;
      } else {
        W[a + (AD_COUNTERS + A_REFUSED)]++;
        fail(fits ? M_DEVICE_POOL_EXHAUSTED : M_DEVICE_FITS_NOWHERE, [W[a + (AD_COUNTERS + ADAPTER_STATS + AD_LABEL)], t, words]);
      }
    }
  } else if (ADAPTERS & K_SIDE_STACK && kind === K_SIDE_STACK) {
    // The side stack holds device frames: its bounds are checked in device words.
    var dw = W[mw + 1];
    var dr = W[mw + 2];
    var top = W[STACK_TOP + t];
    var rtop = W[STACK_RTOP + t];
    if (!stackFits(t, top, rtop, dw, dr)) {
      W[a + (AD_COUNTERS + A_REFUSED)]++;
      fail(M_DEVICE_STACK_OVERFLOW, [W[a + (AD_COUNTERS + ADAPTER_STATS + AD_LABEL)], t, dw]);
    }
    pushStack(t, top, rtop, dw, dr);
    stackHigh(t, top + dw + 1);
    W[a + (AD_COUNTERS + A_STACK)]++;
    place(w, c, AT_STACK, top, rtop, t);
  } else if (ADAPTERS & K_HELD && kind === K_HELD) {
    if (W[a + AD_HELD_BUSY] === 1) {
      W[a + (AD_COUNTERS + A_REFUSED)]++;
      fail(M_DEVICE_HELD_BUSY, [W[a + (AD_COUNTERS + ADAPTER_STATS + AD_LABEL)], t, words]);
    }
    W[a + AD_HELD_BUSY] = 1;
    W[a + (AD_COUNTERS + A_REUSES)]++;
    place(w, c, AT_HELD, W[a + AD_HELD_W], W[a + AD_HELD_R], a);
  } else if (ADAPTERS & (K_RECYCLING | K_CALLER_CACHED) && (kind === K_RECYCLING || kind === K_CALLER_CACHED)) {
    // One cached box per adapter (Recycling) or per calling task (CallerCachedBox), reused when
    // free and large enough; a call overlapping the one holding it gets a one-off box.
    var i2 = kind === K_CALLER_CACHED ? t : 0;
    var k = W[a + (AD_COUNTERS + ADAPTER_STATS + AD_CACHES)] + 2 * i2;
    var busy = W[a + (AD_COUNTERS + ADAPTER_STATS + AD_CACHE_BUSY)] + i2;
    if (W[busy] === 1) {
      box(r, rc, W[mw + 1], W[mw + 2]);
      W[a + (AD_COUNTERS + A_ALLOCS)]++;
      place(w, c, AT_BOX, 0, 0, -1);
    } else {
      var bw = R[k] as Float64Array | undefined;
      if (bw === undefined || bw.length < W[mw + 1] || (R[k + 1] as unknown[]).length < W[mw + 2]) {
        box(R, k, W[mw + 1], W[mw + 2]);
        W[a + (AD_COUNTERS + A_ALLOCS)]++;
      } else {
        W[a + (AD_COUNTERS + A_REUSES)]++;
      }
      W[busy] = 1;
      r[rc] = R[k];
      r[rc + 1] = R[k + 1];
      place(w, c, AT_BOX, 0, 0, busy);
    }
  } else if (ADAPTERS & K_BOXING) {
    box(r, rc, W[mw + 1], W[mw + 2]);
    W[a + (AD_COUNTERS + A_ALLOCS)]++;
    place(w, c, AT_BOX, 0, 0, -1);
  }
  start(w, c, r, rc, d, W[mw + 1], W[mw + 2], nums, nrefs, 0);
}

// The side stack's three steps, shared by dynOpen and the call sites that place a frame there
// themselves (compiler/device-call-site.ts), which push only once the callee suspends.

/** Whether a frame of dw words and dr references fits on task t's side stack above top / rtop (with its header word). */
export function stackFits(t: number, top: number, rtop: number, dw: number, dr: number): boolean {
  // Constants on the right, so that the build folds them together.
  if (STACK_ONE_END >= 0) return top <= STACK_ONE_END - dw - 1 && rtop <= STACK_ONE_REND - dr;
  return top + dw + 1 <= W[STACK_BASE + col(t)] + W[STACK_WORDS + col(t)] && rtop + dr <= W[STACK_RBASE + col(t)] + W[STACK_REFS + col(t)];
}

/** Pushes the frame at top / rtop: a header word after it holds its size, negated once it is freed out of order. */
export function pushStack(t: number, top: number, rtop: number, dw: number, dr: number): void {
  W[top + dw] = dw + 1 + dr * STACK_REF_SHIFT;
  W[STACK_TOP + col(t)] = top + dw + 1;
  W[STACK_RTOP + col(t)] = rtop + dr;
}

/** Task t's side stack high-water mark, for a frame that ends (header included) at `end`. */
export function stackHigh(t: number, end: number): void {
  if (end - W[STACK_BASE + col(t)] > W[STACK_HIGH + col(t)]) W[STACK_HIGH + col(t)] = end - W[STACK_BASE + col(t)];
}

function place(w: Float64Array, c: number, where: number, base: number, rbase: number, owner: number): void {
  w[c + REC_WHERE] = where;
  w[c + REC_BASE] = base;
  w[c + REC_RBASE] = rbase;
  w[c + REC_OWNER] = owner;
}

function takeSlot(w: Float64Array, c: number, a: number, s: number): void {
  slotTaken(a);
  place(w, c, AT_POOL, POOL_W + s * POOL_SLOT_DW, POOL_R + s * POOL_SLOT_DR, s);
}

/** Counts a slot a call of adapter a took: the pool's high-water mark, the task's fallbacks, the adapter's pool calls. */
function slotTaken(a: number): void {
  var used = POOL_SLOTS - W[POOL_NFREE];
  if (used > W[POOL_HIGH]) W[POOL_HIGH] = used;
  W[T_FALLBACKS + W[CUR]]++;
  W[a + (AD_COUNTERS + A_POOL)]++;
}

/**
 * A free pool slot for a call of adapter a that its call site places itself
 * (compiler/device-call-site.ts), counted as dynOpen counts one; -1 when none is free (the call then
 * takes dynOpen, which counts the exhaustion and applies the adapter's policy).
 */
export function poolTake(a: number): number {
  if (W[POOL_NFREE] === 0) return -1;
  var s = W[POOL_FREE + --W[POOL_NFREE]];
  slotTaken(a);
  return s;
}

/**
 * Takes the free slot a call site's start form ran in, once the call is pending: the last free
 * one (compiler/device-call-site.ts; the start form opens no frame, so nothing took a slot since).
 * A call that completes at its first poll never holds its slot, and is not in the high-water mark.
 */
export function poolHold(): void {
  var used = POOL_SLOTS - --W[POOL_NFREE];
  if (used > W[POOL_HIGH]) W[POOL_HIGH] = used;
}

/**
 * The slot a call's start form ran in counted as poolHold counts it, with nothing taken: the
 * callee suspended and is polled again at the site at once (compiler/device-call-site.ts
 * ownResume); the slot held its frame, and where that poll completes it is free again.
 * - The slot is the last free one (the start form's), and nothing took a slot since.
 */
export function poolNote(): number {
  // An expression, for the test it is written into, and short there: with one slot the mark is 1.
  return POOL_SLOTS === 1 ? (W[POOL_HIGH] = 1) : W[POOL_HIGH] < POOL_SLOTS - W[POOL_NFREE] + 1 ? (W[POOL_HIGH] = POOL_SLOTS - W[POOL_NFREE] + 1) : 0;
}

/** The callee's starting frame: zeroed, self, and the arguments (from the registers, or saved in the record). */
function start(w: Float64Array, c: number, r: unknown[], rc: number, d: number, words: number, refs: number, nums: number, nrefs: number, saved: number): void {
  var fw = W;
  var fr = R;
  var b = w[c + REC_BASE];
  var rb = w[c + REC_RBASE];
  if ((ADAPTERS & K_BOXES || POLICIES & (1 << POLICY_BOX)) && w[c + REC_WHERE] === AT_BOX) {
    fw = r[rc] as Float64Array;
    fr = r[rc + 1] as unknown[];
    b = 0;
    rb = 0;
  }
  for (var i = 0; i < words; i++) fw[b + i] = 0;
  for (var j = 0; j < refs; j++) fr[rb + j] = undefined;
  fr[rb] = R[W[d + DYN_SELF]];
  for (var n = 0; n < nums; n++) fw[b + 1 + n] = saved === 1 ? w[c + RECORD_WORDS + n] : W[RN + n];
  for (var m = 0; m < nrefs; m++) fr[rb + 1 + m] = saved === 1 ? r[rc + RECORD_REFS + m] : R[1 + m];
}

/**
 * Polls the callee of the record at w[c]; a parked call first takes the slot handed to it, or
 * parks again. 1 once the callee completed (its result in the registers), else 0.
 */
export function dynReady(w: Float64Array, c: number, r: unknown[], rc: number, nums: number, nrefs: number): number {
  // The method's word is read where it is used: with one implementation, dynPoll does not read it.
  if (ADAPTERS & K_SCRATCH_OR_POOL && POLICIES & (1 << POLICY_WAIT) && w[c + REC_WHERE] === AT_PARKED) {
    var s = w[c + REC_OWNER];
    if (s < 0) {
      // A slot is free only while nobody waits (a freed slot goes to the longest waiter).
      if (W[POOL_NFREE] === 0) {
        park(POOL_WAITERS, c + REC_LINK);
        return 0;
      }
      s = W[POOL_FREE + --W[POOL_NFREE]];
    }
    takeSlot(w, c, W[w[c + REC_DYN] + DYN_ADAPTER], s);
    var mw = w[c + REC_METHOD];
    start(w, c, r, rc, w[c + REC_DYN], W[mw + 1], W[mw + 2], nums, nrefs, 1);
  }
  if (ADAPTERS & K_BOXES || POLICIES & (1 << POLICY_BOX)) {
    if (w[c + REC_WHERE] === AT_BOX) return dynPoll(W[w[c + REC_METHOD]], r[rc] as Float64Array, 0, r[rc + 1] as unknown[], 0);
  }
  return dynPoll(W[w[c + REC_METHOD]], W, w[c + REC_BASE], R, w[c + REC_RBASE]);
}

/** Gives back the memory of a finished or dropped call's frame; the record is free afterwards. */
export function dynDone(w: Float64Array, c: number, r: unknown[], rc: number): void {
  var where = w[c + REC_WHERE];
  var owner = w[c + REC_OWNER];
  w[c + REC_WHERE] = AT_NONE;
  if (ADAPTERS & K_SCRATCH_OR_POOL && where === AT_SCRATCH) W[SCR_BUSY + owner] = 0;
  else if (ADAPTERS & K_SCRATCH_OR_POOL && where === AT_POOL) giveSlot(owner);
  else if (ADAPTERS & K_SCRATCH_OR_POOL && POLICIES & (1 << POLICY_WAIT) && where === AT_PARKED) {
    unpark(c + REC_LINK);
    // A slot handed to this call but never used goes to the next in line.
    if (owner >= 0) giveSlot(owner);
  } else if (ADAPTERS & K_SIDE_STACK && where === AT_STACK) popStack(owner, w[c + REC_BASE], w[c + REC_RBASE], w[c + REC_SIZE]);
  else if (ADAPTERS & K_HELD && where === AT_HELD) W[owner + AD_HELD_BUSY] = 0;
  else if ((ADAPTERS & K_BOXES || POLICIES & (1 << POLICY_BOX)) && where === AT_BOX) {
    if (owner >= 0) W[owner] = 0;
    r[rc] = undefined;
    r[rc + 1] = undefined;
  }
}

/** Drops a call still pending: the callee's drop (its children, finally blocks), then its memory. */
export function dynCancel(w: Float64Array, c: number, r: unknown[], rc: number): void {
  var where = w[c + REC_WHERE];
  var f = W[w[c + REC_METHOD]];
  if (where === AT_NONE) {
    w[c + REC_WHERE] = AT_NONE;
    return;
  }
  if ((ADAPTERS & K_BOXES || POLICIES & (1 << POLICY_BOX)) && where === AT_BOX) dynDrop(f, r[rc] as Float64Array, 0, r[rc + 1] as unknown[], 0);
  else if (where !== AT_PARKED) dynDrop(f, W, w[c + REC_BASE], R, w[c + REC_RBASE]);
  dynDone(w, c, r, rc);
}

/**
 * A slot comes back: straight to the longest-waiting call (it stays reserved for that call even
 * if its task polls something else first, and a later caller cannot take it first), else free.
 */
export function giveSlot(s: number): void {
  if (!(POLICIES & (1 << POLICY_WAIT)) || W[POOL_WAITERS] === 0) {
    W[POOL_FREE + W[POOL_NFREE]++] = s;
    return;
  }
  var o = W[POOL_WAITERS];
  var t = W[o + 3];
  unpark(o);
  W[o - REC_LINK + REC_OWNER] = s;
  wake(t);
}

// Frames leave the side stack in any order; one freed below the top is marked dead in its header
// and popped once everything above it is gone.
function popStack(t: number, base: number, rbase: number, words: number): void {
  if (base + words + 1 !== W[STACK_TOP + t]) {
    W[base + words] = -W[base + words];
    return;
  }
  var top = base;
  var rtop = rbase;
  while (top > W[STACK_BASE + t] && W[top - 1] < 0) {
    var h = -W[top - 1];
    var size = (h % STACK_REF_SHIFT) - 1;
    top -= size + 1;
    rtop -= (h - size - 1) / STACK_REF_SHIFT;
  }
  W[STACK_TOP + t] = top;
  W[STACK_RTOP + t] = rtop;
}
