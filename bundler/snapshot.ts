// A program's setup, run at build time: in Node, against the real host executor and a HAL that
// checks every pin, port and sensor against the board's full descriptor. What setup leaves behind
// (the tasks it spawned with their arguments, the channels, signals, pin and serial sources and
// objects those arguments reach) is the device program's starting state: the device gets that
// state, not the setup code, the config validation or the board descriptor.

import type { Executor } from '../executor/executor.ts';
import type { TaskPool } from '../executor/task-pool.ts';
import { taskIndex } from '../contract/task-handle.ts';
import { startProgram } from '../compiler/program-sizes.ts';
import type { Vtable } from '../executor/abi.ts';
import type { SpawnOptions } from '../executor/spawn-options.ts';
import type { LoweredVtable } from '../tasks/lowered.ts';
import type { BoardDescriptor } from '../boards/descriptors.ts';
import { CheckHal } from '../boards/espruino/check-hal.ts';
import type { Example } from '../program/example.ts';

export interface SpawnRecord {
  /** The task's index in the host's task table: its index on the device too. */
  readonly task: number;
  /** The task's name, as the budget report and fault messages give it. */
  readonly name: string;
  readonly vtable: LoweredVtable;
  /** Numeric arguments in the order of the function's numeric parameters. */
  readonly numbers: readonly number[];
  /** Reference arguments in order (a method's `self` first). */
  readonly refs: readonly unknown[];
}

export interface Snapshot {
  readonly example: Example;
  readonly board: BoardDescriptor;
  readonly ex: Executor;
  readonly hal: CheckHal;
  readonly spawns: readonly SpawnRecord[];
  /** The task pools setup declared (taskPool), in order: their slots follow in the task table. */
  readonly pools: readonly TaskPool[];
}

/**
 * Runs the example's setup for a board and records every spawn. Throws naming the example and the
 * board when setup refuses the board (an unknown pin, a missing sensor) or spawns something the
 * device build cannot take (a hand-written future instead of a lowered async function).
 */
export function takeSnapshot(example: Example, board: BoardDescriptor): Snapshot {
  const hal = new CheckHal(board);
  const spawns: SpawnRecord[] = [];
  let restore = (): void => {};
  // Every spawn of setup is recorded, once sized (startProgram wraps this one).
  const record = (e: Executor): void => {
    const original = e.spawn;
    restore = () => { e.spawn = original; };
    e.spawn = function (entry: Vtable, opts?: SpawnOptions): number {
      const vt = entry as LoweredVtable;
      const handle = original.call(e, entry, opts);
      if (typeof vt.source !== 'string') {
        throw new Error("task '" + entry.name + "' is a hand-written future; a device build runs lowered async functions only: write it as an async function");
      }
      const numbers: number[] = [];
      const refs: unknown[] = [];
      let n = 0;
      let k = 0;
      if (vt.method === 1) refs.push(e.ar[k++]);
      for (let i = 0; i < vt.params.length; i++) {
        if (vt.params.charAt(i) === 'n') numbers.push(e.an[n++]);
        else refs.push(e.ar[k++]);
      }
      spawns.push({ task: taskIndex(handle), name: (opts && opts.name) || entry.name, vtable: vt, numbers, refs });
      return handle;
    };
  };
  let ex: Executor;
  try {
    ex = startProgram(example, hal, () => new CheckHal(board), { beforeSetup: record }).ex;
  } catch (e) {
    throw new Error("example '" + example.name + "' cannot run on " + board.name + ' (' + board.id + '): ' + (e instanceof Error ? e.message : String(e)));
  } finally {
    restore();
  }
  for (const p of ex.taskPools) {
    if (typeof (p.entry as LoweredVtable).source !== 'string') {
      throw new Error("task pool '" + p.name + "' starts a hand-written future; a device build runs lowered async functions only: write it as an async function");
    }
  }
  return { example, board, ex, hal, spawns, pools: ex.taskPools };
}
