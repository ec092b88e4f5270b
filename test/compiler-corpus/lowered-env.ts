// The lowered side of the corpus Env: the executor, the simulated board and the adapters. ES5 and
// free of Node APIs, so the same scenario runs in Node (the differential test) and from a device
// bundle in Duktape (the engine test).

import { Executor } from '../../executor/executor.ts';
import { numberChannel, refChannel } from '../../primitives/channel.ts';
import { Signal } from '../../primitives/signal.ts';
import type { ExecutorOptions } from '../../executor/config.ts';
import { SimBoard } from '../../boards/sim/sim-board.ts';
import { AsyncIterator, implement } from '../../adapters/interface.ts';
import type { Adapter } from '../../adapters/adapter.ts';
import { ScratchOrPool } from '../../adapters/scratch-or-pool.ts';
import { SideStack } from '../../adapters/side-stack.ts';
import { Inline } from '../../adapters/inline.ts';
import { Recycling } from '../../adapters/recycling.ts';
import { MaxSpace } from '../../adapters/max-space.ts';
import { CallerCachedBox } from '../../adapters/caller-cached-box.ts';
import { Boxing } from '../../adapters/boxing.ts';
import { spawnTask, taskPool } from '../../tasks/lowered.ts';
import { dyn } from '../../adapters/dyn.ts';
import type { AdapterName, Env, TaskRef } from './env.ts';

export const EXECUTOR_OPTIONS: ExecutorOptions = {
  maxTasks: 8, sideStackWords: 512, sideStackRefs: 64, scratchWords: 32, scratchRefs: 4,
  poolSlots: 4, poolSlotWords: 32, poolSlotRefs: 4, maxFrames: 256, timerCapacity: 32,
};

export interface TraceLine { t: number; task: string; msg: string; seq: number }

/** Stable order: time, then task name, then the order the task traced in. */
export function sortedTrace(lines: TraceLine[]): string[] {
  const copy = lines.slice();
  copy.sort(function (a, b) {
    return a.t - b.t || (a.task < b.task ? -1 : a.task > b.task ? 1 : 0) || a.seq - b.seq;
  });
  const out: string[] = [];
  for (let i = 0; i < copy.length; i++) out.push(copy[i].t + ' ' + copy[i].task + ': ' + copy[i].msg);
  return out;
}

function adapterOf(name: AdapterName): Adapter {
  switch (name) {
    case 'ScratchOrPool': return new ScratchOrPool();
    case 'SideStack': return new SideStack();
    case 'Inline': return new Inline();
    case 'Recycling': return new Recycling();
    case 'MaxSpace': return new MaxSpace(32, 4);
    case 'CallerCachedBox': return new CallerCachedBox();
    default: return new Boxing();
  }
}

export interface LoweredRun { lines: string[]; ex: Executor; sim: SimBoard }

interface Event { t: number; run: () => void }

export function runLoweredScenario(setup: (env: Env) => void, ms: number, options?: ExecutorOptions): LoweredRun {
  const ex = new Executor(options || EXECUTOR_OPTIONS);
  const sim = new SimBoard();
  const lines: TraceLine[] = [];
  const events: Event[] = [];
  let seq = 0;
  const add = function (task: string, msg: string): void {
    lines.push({ t: ex.now, task: task, msg: msg, seq: seq++ });
  };
  ex.onExit = function (x, t) { add(x.tasks.name[t], 'done'); };
  ex.onFault = function (x, f) { add(f.name, 'fault: ' + f.message); };
  const env: Env = {
    trace: function (msg) { add(ex.cur >= 0 ? ex.tasks.name[ex.cur] : '-', msg); },
    numberChannel: function (n) { return numberChannel(ex, n) as never; },
    refChannel: function (n) { return refChannel(ex, n) as never; },
    signal: function () { return new Signal(ex) as never; },
    spawn: function (name, fn, args) { return spawnTask(ex, fn, args, { name: name }) as unknown as TaskRef; },
    cancelAt: function (t, task) {
      events.push({ t: t, run: function () {
        const h = task as unknown as number;
        if (!ex.isRunning(h)) return;
        add(ex.tasks.name[ex.taskOf(h)], 'cancel');
        ex.cancel(h);
      } });
    },
    setSignalAt: function (t, sig, v) {
      events.push({ t: t, run: function () { (sig as unknown as Signal).set(ex, v); } });
    },
    iterator: function (name, self, adapter) { return dyn(implement(AsyncIterator, name, self), adapterOf(adapter)) as never; },
    taskPool: function (name, fn, slots) { return taskPool(ex, fn, slots, { name: name }) as never; },
  };
  setup(env);
  events.sort(function (a, b) { return a.t - b.t; });
  for (let i = 0; i < events.length; i++) {
    sim.run(ex, events[i].t - sim.now());
    events[i].run();
  }
  sim.run(ex, ms - sim.now());
  return { lines: sortedTrace(lines), ex: ex, sim: sim };
}
