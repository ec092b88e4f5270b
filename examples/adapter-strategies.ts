// One dyn call site, every adapter: a task reads five temperatures from an AsyncIterator whose
// implementation it does not know, through the strategy named on the command line, and prints the
// adapter's counters. Run: npx tsx examples/adapter-strategies.ts ScratchOrPool
// (or Inline, MaxSpace, Recycling, CallerCachedBox, SideStack, Boxing; no name runs them all).

import { copyArgs, defineFuture, PENDING, READY } from '../executor/abi.ts';
import { Executor } from '../executor/executor.ts';
import { sleep } from '../primitives/sleep.ts';
import { formatReport, report } from '../executor/telemetry.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import type { Hal } from '../boards/hal.ts';
import type { Adapter } from '../adapters/adapter.ts';
import { Boxing } from '../adapters/boxing.ts';
import { CallerCachedBox } from '../adapters/caller-cached-box.ts';
import { dyn, next, type Dyn } from '../adapters/dyn.ts';
import { Inline } from '../adapters/inline.ts';
import { AsyncIterator, implement } from '../adapters/interface.ts';
import { MaxSpace } from '../adapters/max-space.ts';
import { Recycling } from '../adapters/recycling.ts';
import { ScratchOrPool } from '../adapters/scratch-or-pool.ts';
import { SideStack } from '../adapters/side-stack.ts';
import { printNumber } from './button.ts';

// The implementation: every 100 ms, the board's temperature. words [state, child], refs [hal]
const ThermometerNext = defineFuture({
  name: 'thermometer.next',
  words: 2,
  refs: 1,
  init: copyArgs(0, 1),
  poll: function (ex, f, w, b, r, rb) {
    if (w[b] === 0) {
      w[b + 1] = sleep(ex, 100);
      w[b] = 1;
    }
    if (ex.awaitAt(w, b + 1) === PENDING) return PENDING;
    ex.rn[0] = (r[rb] as Hal).temperature();
    ex.rn[1] = 0;
    return READY;
  },
  drop: function (ex, f, w, b) {
    if (w[b + 1] !== 0) ex.drop(w[b + 1]);
  },
});

// The caller: five readings through the interface. words [state, child, count], refs [dyn, hal]
const Reader = defineFuture({
  name: 'reader',
  words: 3,
  refs: 2,
  init: copyArgs(0, 2),
  poll: function (ex, f, w, b, r, rb) {
    const hal = r[rb + 1] as Hal;
    for (;;) {
      if (w[b + 1] !== 0) {
        if (ex.awaitAt(w, b + 1) === PENDING) return PENDING;
        hal.serialPrint(0, ' ');
        printNumber(hal, ex.rn[0]);
        if (++w[b + 2] === 5) return READY;
      }
      w[b + 1] = next(ex, r[rb] as Dyn);
    }
  },
  drop: function (ex, f, w, b) {
    if (w[b + 1] !== 0) ex.drop(w[b + 1]);
  },
});

export const STRATEGIES: { [name: string]: () => Adapter } = {
  ScratchOrPool: () => new ScratchOrPool(),
  SideStack: () => new SideStack(),
  Inline: () => new Inline(),
  MaxSpace: () => new MaxSpace(4, 1),
  Recycling: () => new Recycling(),
  CallerCachedBox: () => new CallerCachedBox(),
  Boxing: () => new Boxing(),
};

export function runStrategy(name: string): string {
  const make = STRATEGIES[name];
  if (!make) throw new Error("unknown adapter '" + name + "'; valid: " + Object.keys(STRATEGIES).join(', '));
  const ex = new Executor({ maxTasks: 1, sideStackWords: 16, scratchWords: 4, poolSlots: 1, poolSlotWords: 4 });
  const sim = new SimBoard();
  const thermometer = dyn(implement(AsyncIterator, 'thermometer', sim, { next: ThermometerNext }), make());
  ex.ar[0] = thermometer;
  ex.ar[1] = sim;
  ex.spawn(Reader, { name: 'reader' });
  sim.run(ex, 1000);
  const adapterLine = formatReport(report(ex)).split('\n').filter((l) => l.indexOf('adapter ') === 0)[0];
  return name + ': read' + sim.output() + '\n  ' + adapterLine;
}

if (process.argv[1] && process.argv[1].indexOf('adapter-strategies') >= 0) {
  const names = process.argv[2] ? [process.argv[2]] : Object.keys(STRATEGIES);
  for (const n of names) console.log(runStrategy(n));
}
