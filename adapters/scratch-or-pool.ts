// ScratchOrPool, the default on devices: the calling task's scratch when the frame fits and the
// scratch is free, else a slot of the bounded pool; when the pool is full, the policy decides:
// 'error' (say which budget and by how much), 'wait' (park the task until a slot frees, FIFO), or
// 'box' (heap, only where the user opted in). Escaping futures skip the scratch.

import type { Vtable } from '../executor/abi.ts';
import { checkKeys, checkOptions, describe, type PoolFullPolicy } from '../executor/config.ts';
import { frugalError } from '../executor/errors.ts';
import type { Executor } from '../executor/executor.ts';
import { A_ALLOCS, A_POOL, A_SCRATCH, A_WAITS } from '../executor/telemetry.ts';
import { describeCall, newStats, type Adapter } from './adapter.ts';
import type { Impl } from './interface.ts';
import { waitForPool } from './pool-wait.ts';

export class ScratchOrPool implements Adapter {
  readonly strategy: string;
  readonly label: string;
  readonly stats: Uint32Array;
  registered: Executor | null;
  /** Overrides the executor's poolFullPolicy for calls through this adapter. */
  readonly policy: PoolFullPolicy | null;

  constructor(opts?: { label?: string; policy?: PoolFullPolicy }) {
    const o = checkOptions('ScratchOrPool', opts) as { label?: string; policy?: PoolFullPolicy };
    checkKeys('ScratchOrPool', o, ['label', 'policy']);
    this.strategy = 'ScratchOrPool';
    this.label = o.label || 'scratch or pool';
    this.stats = newStats();
    this.registered = null;
    if (o.policy !== undefined && o.policy !== 'error' && o.policy !== 'wait' && o.policy !== 'box') {
      throw frugalError('config', 'policy', 0, "ScratchOrPool: policy must be 'error', 'wait' or 'box', got " + describe(o.policy));
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
    const t = ex.cur;
    const scratch = t < 0 ? 'no calling task' : escaping ? 'skipped (the future escapes)' :
      "task '" + ex.tasks.name[t] + "' scratch is " + ex.tasks.scratchWords[t] + ' words' + (ex.tasks.scratchUser[t] !== 0 ? ' and busy' : '');
    if (!fits) {
      throw frugalError('budget', 'pool', vt.words - p.slotWords, 'ScratchOrPool: ' + describeCall(impl, vt) + ' fits nowhere: ' + scratch +
        ', a pool slot is ' + p.slotWords + ' words and ' + p.slotRefs + ' refs; raise scratchWords (or the spawn option scratch) or poolSlotWords to ' +
        vt.words + ' (and the refs to ' + vt.refs + ')');
    }
    throw frugalError('budget', 'pool', 1, 'ScratchOrPool: ' + describeCall(impl, vt) + ': ' + scratch + ', and the pool is exhausted (all ' +
      p.slots + ' slots of ' + p.slotWords + ' words in use); raise poolSlots, or set poolFullPolicy to \'wait\' to park the caller until a slot frees');
  }
}
