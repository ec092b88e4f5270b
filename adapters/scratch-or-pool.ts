// ScratchOrPool, the default on devices: the calling task's scratch when the frame fits and the
// scratch is free, else a slot of the bounded pool; when the pool is full, the policy decides:
// 'error' (say which budget and by how much), 'wait' (park the task until a slot frees, FIFO), or
// 'box' (heap, only where the user opted in). Escaping futures skip the scratch.

import type { Vtable } from '../executor/abi.ts';
import { checkKeys, checkOptions, describe, type PoolFullPolicy } from '../executor/config.ts';
import type { Executor } from '../executor/executor.ts';
import type { FrugalError } from '../executor/errors.ts';
import { fail, M_POLICY_INVALID, M_POOL_EXHAUSTED, M_POOL_FITS_NOWHERE, taskArg, type Arg } from '../executor/messages.ts';
import { A_ALLOCS, A_POOL, A_SCRATCH, A_WAITS } from '../contract/adapter-counters.ts';
import { callArgs, setUpAdapter, type Adapter } from './adapter.ts';
import type { Impl } from './interface.ts';
import { waitForPool } from './pool-wait.ts';

export class ScratchOrPool implements Adapter {
  strategy!: string;
  label!: string;
  stats!: Uint32Array;
  registered!: Executor | null;
  /** Overrides the executor's poolFullPolicy for calls through this adapter. */
  readonly policy: PoolFullPolicy | null;

  constructor(opts?: { label?: string; policy?: PoolFullPolicy }) {
    const o = checkOptions('ScratchOrPool', opts) as { label?: string; policy?: PoolFullPolicy };
    checkKeys('ScratchOrPool', o, ['label', 'policy']);
    setUpAdapter(this, 'ScratchOrPool', o.label, 'scratch or pool');
    if (o.policy !== undefined && o.policy !== 'error' && o.policy !== 'wait' && o.policy !== 'box') {
      throw fail(M_POLICY_INVALID, [describe(o.policy)]);
    }
    this.policy = o.policy || null;
  }

  bind(): void {}

  place(ex: Executor, vt: Vtable, impl: Impl, escaping: boolean): number {
    const s = this.stats;
    let h = escaping ? 0 : ex.inScratch(vt);
    if (h !== 0) {
      s[A_SCRATCH]++;
      return h;
    }
    h = ex.inPool(vt);
    if (h !== 0) {
      s[A_POOL]++;
      return h;
    }
    const policy = this.policy || ex.config.poolFullPolicy;
    if (policy === 'box') {
      h = ex.inBox(vt);
      s[A_ALLOCS]++;
      return h;
    }
    const p = ex.pool;
    const fits = p.fits(vt.words, vt.refs);
    if (policy === 'wait' && fits) {
      h = waitForPool(ex, vt, this);
      s[A_WAITS]++;
      return h;
    }
    throw poolRefused(ex, vt, impl, escaping, fits);
  }
}

/** The error for a call the pool cannot take: no slot fits the frame, or every slot is busy. */
function poolRefused(ex: Executor, vt: Vtable, impl: Impl, escaping: boolean, fits: boolean): FrugalError {
  const p = ex.pool;
  const args = callArgs(impl, vt).concat(scratchArgs(ex, escaping));
  if (!fits) return fail(M_POOL_FITS_NOWHERE, args.concat([p.slots, p.slotWords, p.slotRefs]));
  return fail(M_POOL_EXHAUSTED, args.concat([p.slots, p.slotWords]));
}

// The caller's scratch as the pool messages take it: task (-1 when none), escaping, words, refs, busy.
// error path: only poolRefused calls it
function scratchArgs(ex: Executor, escaping: boolean): Arg[] {
  const t = ex.cur;
  const ts = ex.tasks;
  return t < 0 ? [taskArg(ex, -1), escaping ? 1 : 0, 0, 0, 0] :
    [taskArg(ex, t), escaping ? 1 : 0, ts.scratchWords[t], ts.scratchRefs[t], ts.scratchUser[t] !== 0 ? 1 : 0];
}
