// Runs a corpus file two ways and returns both traces: lowered (built through frugal's lowering,
// on the executor and the simulated board) and native (the same source, real Promises, a virtual
// clock). A trace line is "<ms> <task>: <message>"; lines are compared after a stable sort by time
// and task, since tasks ready at the same instant may take turns in a different order.

import type { Executor } from '../../executor/executor.ts';
import type { ExecutorOptions } from '../../executor/config.ts';
import type { SimBoard } from '../../boards/sim/sim-board.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importLowered } from '../../compiler/node-build.ts';
import { devicePasses } from '../../bundler/device-passes.ts';
import { Lowering } from '../../compiler/lowering.ts';
import { createProgram } from '../../compiler/ts-program.ts';
import {
  Cancelled, NativeChannel, NativeDyn, NativeSignal, NativeWorld, currentTask, nativeTaskPool, setWorld, type NativeTask,
} from '../../tasks/native-runtime.ts';
import type { Env, TaskRef } from './env.ts';
import { runLoweredScenario, sortedTrace, type TraceLine } from './lowered-env.ts';

export interface CorpusModule {
  setup(env: Env): void;
}

function message(e: unknown): string {
  return e !== null && typeof e === 'object' && typeof (e as Error).message === 'string' ? (e as Error).message : String(e);
}

type Event = { t: number; run: () => void };

export interface LoweredRun { lines: string[]; ex: Executor; sim: SimBoard }

export async function runLowered(entry: string, ms: number, lowering?: Lowering, options?: ExecutorOptions): Promise<LoweredRun> {
  const mod = await importLowered<CorpusModule>(entry, lowering);
  return runLoweredScenario(mod.setup, ms, options);
}

export async function runNative(entry: string, ms: number): Promise<string[]> {
  const mod = (await import(entry)) as CorpusModule;
  const world = new NativeWorld();
  setWorld(world);
  const lines: TraceLine[] = [];
  let seq = 0;
  const events: Event[] = [];
  const add = (task: string, msg: string): void => { lines.push({ t: world.now, task: task, msg: msg, seq: seq++ }); };
  const live = new Set<NativeTask>();
  const env: Env = {
    trace: (msg) => { const t = currentTask(); add(t !== undefined ? t.name : '-', msg); },
    numberChannel: (n) => new NativeChannel(n) as never,
    refChannel: (n) => new NativeChannel(n) as never,
    signal: () => new NativeSignal() as never,
    spawn: (name, fn, args) => {
      const task = world.spawn(name, fn as unknown as (...a: unknown[]) => PromiseLike<unknown>, args, (tk, _v, err) => {
        live.delete(tk);
        if (err === undefined) add(tk.name, 'done');
        else if (!(err instanceof Cancelled)) add(tk.name, 'fault: ' + message(err));
      });
      live.add(task);
      return task as unknown as TaskRef;
    },
    cancelAt: (t, task) => events.push({ t: t, run: () => {
      const tk = task as unknown as NativeTask;
      if (!live.has(tk)) return;
      live.delete(tk);
      add(tk.name, 'cancel');
      world.cancel(tk);
    } }),
    setSignalAt: (t, sig, v) => events.push({ t: t, run: () => {
      const s = sig as unknown as NativeSignal;
      s.isSet = true;
      s.value = v;
      s.waiters.wakeAll();
    } }),
    iterator: (_name, self) => new NativeDyn(self) as never,
    taskPool: (name, fn, slots) => nativeTaskPool(name, fn as never, slots) as never,
  };
  // A pool's task that returns is traced as the executor's onExit traces it.
  world.onExit = (tk) => add(tk.name, 'done');
  try {
    mod.setup(env);
    events.sort((a, b) => a.t - b.t);
    for (const ev of events) {
      await world.run(ev.t - world.now);
      ev.run();
    }
    await world.run(ms - world.now);
  } finally {
    setWorld(null);
  }
  return sortedTrace(lines);
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * device-main.ts lowered (host form) and bundled with the executor by the device build's passes
 * (bundler/device-passes.ts: ES5, the Espruino profile check), for an engine to run, and the lines
 * it must print: each scenario's name, then its native trace. `lowering` must hold device-main.ts.
 */
export async function deviceCorpus(lowering?: Lowering): Promise<{ code: string; expected: string[] }> {
  const entry = path.join(HERE, 'device-main.ts');
  const { code } = await devicePasses({ entry, lowering: lowering ?? new Lowering(createProgram([entry])), generated: {}, name: 'device-main.js' });
  const expected: string[] = [];
  for (const name of ['basics', 'cleanup', 'channels', 'dyn', 'pools']) {
    expected.push('== ' + name);
    expected.push(...(await runNative(path.join(HERE, name + '.ts'), 1000)));
  }
  return { code, expected };
}
