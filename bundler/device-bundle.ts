// The device build: one program for one board as one ES5 bundle. Setup runs at build time
// (snapshot.ts); the device gets the tasks' starting state as a generated module (device-image.ts),
// the task code lowered for the device (compiler/device-form.ts) and the parts of the device
// runtime (device/) that code reaches, bundled by device-passes.ts.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Lowering } from '../compiler/lowering.ts';
import type { BoardDescriptor } from '../boards/descriptors.ts';
import type { Example } from '../program/example.ts';
import { devicePasses } from './device-passes.ts';
import { deviceImage, type DeviceMap, type ImageObjects } from './device-image.ts';
import { dynPlan } from './dyn-layout.ts';
import { ARRAY, dataBlocks, estimateDeviceCost, TYPED_ARRAY, type DeviceCost } from './device-cost.ts';
import { takeSnapshot, type Snapshot } from './snapshot.ts';
import { declOf } from './image-builder.ts';
import { busyLoops, busyLoopWarning, loopPlace, reachableFunctions, type BusyLoop } from '../compiler/busy-loops.ts';
import type { AsyncDecl } from '../compiler/lowering.ts';
import { checkBoardApis } from './board-api-check.ts';
import { liveTimers } from './timer-count.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEVICE = path.join(ROOT, 'device');
const PROGRAM_FILE = path.join(DEVICE, 'program.ts');
const TASKS_FILE = path.join(DEVICE, 'tasks.ts');
const ENTRY = path.join(DEVICE, 'main.ts');
const SENSOR_KINDS_FILE = path.join(ROOT, 'tasks', 'sensor-kinds.ts');

export interface DeviceBuild {
  readonly code: string;
  readonly map: DeviceMap;
  readonly snapshot: Snapshot;
  /** Bytes each input file puts in the first pass's output (esbuild's metafile), for the size report. */
  readonly inputs: { readonly [file: string]: number };
  /** Blocks the program takes on the board once loaded, estimated. */
  readonly cost: DeviceCost;
  /** What the build warns of, one line each (compiler/busy-loops.ts: task loops that never give the other tasks a turn). */
  readonly warnings: readonly string[];
  /** The board API names the bundle reaches (boards/board-api.ts keys: NRF, Puck.accel, LED3, Storage...). */
  readonly boardApis: readonly string[];
}

/** The task loops that never await and that nothing leaves (compiler/busy-loops.ts), each with the tasks that may run it. */
function taskLoops(snapshot: Snapshot, device: Lowering): { loop: BusyLoop; tasks: number[] }[] {
  const found = new Map<AsyncDecl, BusyLoop[]>();
  const out: { loop: BusyLoop; tasks: number[] }[] = [];
  snapshot.spawns.forEach((sp, t) => {
    for (const d of reachableFunctions(device, declOf(device, sp.vtable))) {
      let loops = found.get(d);
      if (loops === undefined) {
        loops = busyLoops(device, d);
        found.set(d, loops);
        for (const loop of loops) out.push({ loop, tasks: [] });
      }
      for (const loop of loops) out.find((o) => o.loop === loop)!.tasks.push(t);
    }
  });
  return out;
}

/** Blocks of what the starting state holds besides W: reference slots, rebuilt objects, serial ports. */
function objectBlocks(o: ImageObjects, board: BoardDescriptor): number {
  return ARRAY + o.refSlots + o.typedArrays * TYPED_ARRAY + dataBlocks(o.typedBytes, board) + o.objects * ARRAY + o.keys +
    2 * (ARRAY + o.ports);
}

/**
 * Entries of the timer table: no more than the tasks can have pending at once (`live`), so a
 * program that never sleeps carries no timer table nor timer code; a capacity the config gives
 * is the most, and the executor's default (two a task) where `live` is not known (recursion).
 */
function timerEntries(example: Example, live: number): number {
  const given = example.config.timerCapacity;
  if (isFinite(live)) return given === undefined ? live : Math.min(given, live);
  return given ?? 2 * (example.config.maxTasks ?? 8);
}

/**
 * Builds the device bundle of an example (lowered for the host and loaded, with the lowering
 * whose program holds its files) for a board. Throws a build error naming file:line:column and
 * the fix when device code uses what a device build cannot carry.
 */
export async function buildDevice(example: Example, lowering: Lowering, board: BoardDescriptor): Promise<DeviceBuild> {
  const snapshot = takeSnapshot(example, board);
  const device = new Lowering(lowering.program, 'device');
  device.dynPlan = dynPlan(snapshot, device);
  const live = liveTimers(snapshot, device);
  const image = deviceImage(snapshot, device, TASKS_FILE, timerEntries(example, live.all), live.eachMost);
  const { code, inputs } = await devicePasses({
    entry: ENTRY, lowering: device, generated: { [PROGRAM_FILE]: image.program, [TASKS_FILE]: image.tasks, [SENSOR_KINDS_FILE]: image.sensorKinds }, name: example.name + '-' + board.id + '.js',
  });
  // A name of Espruino's API the board lacks would be a ReferenceError (or a missing method) on the board.
  const boardApis = checkBoardApis(code, board, lowering.program, example.name);
  const cost = estimateDeviceCost(code, board, image.map.words, objectBlocks(image.objects, board));
  const loops = taskLoops(snapshot, device);
  const warnings = loops.map((o) => busyLoopWarning(o.loop, o.tasks.map((t) => image.map.tasks[t])));
  const map = { ...image.map, loops: loops.map((o) => ({ at: loopPlace(o.loop), fn: o.loop.fn, head: o.loop.head, tasks: o.tasks })) };
  return { code, map, snapshot, inputs, cost, warnings, boardApis };
}
