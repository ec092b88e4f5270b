// The two futures the property runner's worlds are made of, on the poll ABI: Prog interprets a
// task's commands, Observe wraps every leaf future a command opens and records its state, so that
// the runner (property-run.ts) can tell a future polled after it completed or after its drop. They
// reach the world being run through runningWorld(): a vtable is made once, at module load.

import { defineFuture, PENDING, READY } from '../../executor/abi.ts';
import type { Ctx } from './property-run.ts';

export const INJECTED_POLL = 'injected fault in poll';
export const INJECTED_DROP = 'injected fault in drop';

let CTX: Ctx | null = null;

/** The world being run, or null. */
export function runningWorld(): Ctx | null {
  return CTX;
}

export function setRunningWorld(c: Ctx | null): void {
  CTX = c;
}

function ctx(): Ctx {
  if (CTX === null) throw new Error('property runner: no world is running');
  return CTX;
}

// words [pc, child, instance, drop armed, pending 0..3]: pending slots hold futures opened for a
// command that is not yet assembled, so a throw half-way leaves nothing unowned.
export const W_PC = 0, W_CHILD = 1, W_INST = 2, W_ARMED = 3, W_P = 4;

export const Prog = defineFuture({
  name: 'prog',
  words: 8,
  refs: 0,
  init: function (ex, f, w, b) {
    w[b + W_INST] = ex.an[0];
  },
  poll: function (ex, f, w, b) {
    const c = ctx();
    const inst = c.insts[w[b + W_INST]];
    inst.polls++;
    c.polls++;
    if (inst.state !== 'live') c.violate('task #' + inst.id + ' polled while ' + inst.state);
    if (ex.cur !== inst.slot) c.violate('task #' + inst.id + ' polled with ex.cur = ' + ex.cur + ', its slot is ' + inst.slot);
    for (;;) {
      const h = w[b + W_CHILD];
      if (h !== 0) {
        if (ex.poll(h) === PENDING) return PENDING;
        w[b + W_CHILD] = 0;
        c.dropChecked(h);
      }
      const pc = w[b + W_PC];
      if (pc >= inst.cmds.length) {
        inst.state = 'ready';
        c.readies++;
        ex.rn[0] = inst.id;
        return READY;
      }
      w[b + W_PC] = pc + 1;
      c.exec(w, b, inst, inst.cmds[pc]);
    }
  },
  drop: function (ex, f, w, b) {
    const c = ctx();
    const inst = c.insts[w[b + W_INST]];
    if (inst.state === 'dropped') c.violate('task #' + inst.id + ' entry dropped twice');
    inst.state = 'dropped';
    for (let i = 3; i >= 0; i--) {
      const h = w[b + W_P + i];
      if (h !== 0) { w[b + W_P + i] = 0; c.dropChecked(h); }
    }
    const h = w[b + W_CHILD];
    if (h !== 0) { w[b + W_CHILD] = 0; c.dropChecked(h); }
    if (w[b + W_ARMED] === 1) throw new Error(INJECTED_DROP);
  },
});

// words [child, leaf record]
export const Observe = defineFuture({
  name: 'observe',
  words: 2,
  refs: 0,
  init: function (ex, f, w, b) {
    w[b] = ex.an[0];
    w[b + 1] = ex.an[1];
  },
  poll: function (ex, f, w, b) {
    const c = ctx();
    const rec = c.leaves[w[b + 1]];
    if (rec.state === 'ready' || rec.state === 'dropped') c.violate('leaf ' + rec.id + ' (' + rec.leaf.k + ') polled after it was ' + rec.state);
    if (!ex.isLive(w[b])) c.violate('leaf ' + rec.id + ' (' + rec.leaf.k + '): its child handle is dead while the parent is polled');
    const r = ex.poll(w[b]);
    rec.state = r === READY ? 'ready' : 'pending';
    return r;
  },
  drop: function (ex, f, w, b) {
    const c = ctx();
    const rec = c.leaves[w[b + 1]];
    if (rec.state === 'dropped') c.violate('leaf ' + rec.id + ' dropped twice');
    rec.state = 'dropped';
    c.dropChecked(w[b]);
  },
});

