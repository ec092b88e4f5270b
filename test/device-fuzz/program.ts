// The setup of the device-form random programs: a shape (tasks, channels, dyn objects and their
// adapters, budgets) and the data (the tasks' operations, the dyn implementations' behaviour, the
// pin edges and serial lines the board gets) make one Example. The shape decides the device code;
// the data only fills Env.code (test/device-fuzz/interp.ts).

import { spawnTask } from '../../tasks/lowered.ts';
import { numberChannel } from '../../primitives/channel.ts';
import { Signal as HostSignal } from '../../primitives/signal.ts';
import { PinEdges as BoardPinEdges } from '../../boards/pin-edge.ts';
import { SerialLines as BoardSerialLines } from '../../boards/serial-lines.ts';
import { dyn } from '../../adapters/dyn.ts';
import { AsyncIterator, implement } from '../../adapters/interface.ts';
import { ScratchOrPool } from '../../adapters/scratch-or-pool.ts';
import { SideStack } from '../../adapters/side-stack.ts';
import { Inline } from '../../adapters/inline.ts';
import { MaxSpace } from '../../adapters/max-space.ts';
import { Recycling } from '../../adapters/recycling.ts';
import { CallerCachedBox } from '../../adapters/caller-cached-box.ts';
import { Boxing } from '../../adapters/boxing.ts';
import type { Adapter } from '../../adapters/adapter.ts';
import type { ExecutorOptions, PoolFullPolicy } from '../../executor/config.ts';
import type { Executor } from '../../executor/executor.ts';
import type { Hal } from '../../boards/hal.ts';
import type { SimBoard } from '../../boards/sim/sim-board.ts';
import type { Example } from '../../program/example.ts';
import type { AsyncIteratorSource, Dyn, NumberChannel, PinEdges, SerialLines, Signal } from '../../tasks/task-api.ts';
import { BigSteps, Calc, Env, IMPL_BASE, IMPL_WORDS, interp, interpInner, LoopSteps, Steps, TASK_WORDS } from './interp.ts';

export type AdapterKind = 'ScratchOrPool' | 'SideStack' | 'Inline' | 'MaxSpace' | 'Recycling' | 'CallerCachedBox' | 'Boxing';

export interface DynShape {
  impl: 'steps' | 'big' | 'loop';
  adapter: AdapterKind;
  /** ScratchOrPool's own policy; null: the executor's. */
  policy?: PoolFullPolicy | null;
  /** The adapter of the dyn object before it, not one of its own (`adapter` and `policy` must match that one's). */
  shared?: boolean;
}

export interface Shape {
  name: string;
  /** Per task, its entry: 0 interp, 1 interpInner (tasks of two entry functions dispatch on the task number). */
  entries: number[];
  /** Channel capacities. */
  channels: number[];
  dyns: DynShape[];
  /** The budgets given; what it leaves out is computed from the lowering. */
  config: ExecutorOptions;
  runMs: number;
}

export { CODE_WORDS, IMPL_BASE, IMPL_WORDS, MAX_DYNS, MAX_TASKS, TASK_OPS, TASK_WORDS } from './interp.ts';

/** What the board gets from outside: BTN1's level changes, lines on serial port 0. */
export interface Inputs {
  edges: { at: number; value: number }[];
  lines: { at: number; text: string }[];
}

function adapterOf(d: DynShape, i: number): Adapter {
  const label = 'dyn ' + i;
  switch (d.adapter) {
    case 'ScratchOrPool': return d.policy ? new ScratchOrPool({ label, policy: d.policy }) : new ScratchOrPool({ label });
    case 'SideStack': return new SideStack(label);
    case 'Inline': return new Inline(label);
    case 'MaxSpace': return new MaxSpace(32, 8, label);
    case 'Recycling': return new Recycling(label);
    case 'CallerCachedBox': return new CallerCachedBox(label);
    case 'Boxing': return new Boxing(label);
  }
}

/**
 * The program of one shape and one data set. `code` is used as it is (the tasks write their loop
 * counters into it): give each run its own copy.
 */
export function makeExample(shape: Shape, code: Float64Array, inputs: Inputs): Example {
  return {
    name: 'fuzz-' + shape.name,
    description: 'a random program of shape ' + shape.name,
    config: shape.config,
    runMs: shape.runMs,
    setup: function (ex: Executor, hal: Hal) {
      const chans: NumberChannel[] = [];
      for (let i = 0; i < shape.channels.length; i++) chans.push(numberChannel(ex, shape.channels[i]) as unknown as NumberChannel);
      const sigs = [new HostSignal(ex) as unknown as Signal, new HostSignal(ex) as unknown as Signal];
      const edges = new BoardPinEdges(ex, hal, hal.pin('BTN1'), 0) as unknown as PinEdges;
      const lines = new BoardSerialLines(ex, hal, 0, 16) as unknown as SerialLines;
      const dyns: Dyn<AsyncIteratorSource>[] = [];
      const adapters: Adapter[] = [];
      shape.dyns.forEach((d, i) => {
        const at = IMPL_BASE + IMPL_WORDS * i;
        const impl = d.impl === 'big' ? new BigSteps(code, at) : d.impl === 'loop' ? new LoopSteps(code, at) : new Steps(code, at);
        adapters.push(d.shared === true ? adapters[i - 1] : adapterOf(d, i));
        dyns.push(dyn(implement(AsyncIterator, d.impl + ' ' + i, impl), adapters[i]) as unknown as Dyn<AsyncIteratorSource>);
      });
      const env = new Env(code, chans, sigs, dyns, edges, lines, new Calc());
      shape.entries.forEach((e, t) => {
        spawnTask(ex, e === 1 ? interpInner : interp, [hal, env, t, t * TASK_WORDS], { name: 'task ' + t });
      });
    },
    simulate: function (sim: SimBoard) {
      for (const e of inputs.edges) sim.edge('BTN1', e.at, e.value);
      for (const l of inputs.lines) sim.serialInput(0, l.at, l.text);
    },
  };
}
