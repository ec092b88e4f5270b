// `frugal build`: one example for one real board as one ES5 bundle (bundler/device-bundle.ts),
// written whole or not at all, with the name map that `frugal decode` reads beside it.

import { basename } from 'node:path';
import { buildDevice, type DeviceBuild } from './device-bundle.ts';
import type { DeviceCost } from './device-cost.ts';
import type { DeviceMap } from './device-image.ts';
import { findBoard, type BoardDescriptor } from '../boards/descriptors.ts';
import type { Example } from '../examples/example.ts';
import { loadExample } from '../examples/load-example.ts';
import { checkOut, writeOut, type OutTarget } from '../cli/out-file.ts';

export interface BuildOptions {
  /** Where to write the bundle; nothing is written when omitted. */
  out?: string;
}

export interface BuildResult {
  example: Example;
  board: BoardDescriptor;
  code: string;
  bytes: number;
  map: DeviceMap;
  cost: DeviceCost;
  /** Pin globals and serial objects the bundle names. */
  pins: string[];
  ports: string[];
  /** Pins setup watches, and serial ports it listens to. */
  watched: string[];
  listens: number[];
  /** Bytes of each input file in the bundle. */
  inputs: { readonly [file: string]: number };
  out: string | null;
  /** The name map written beside the bundle (for frugal decode). */
  mapOut: string | null;
  build: DeviceBuild;
}

/** Throws when the estimate does not fit the board, naming both and what to do. */
export function refuseOverBudget(exampleName: string, board: BoardDescriptor, cost: DeviceCost): void {
  if (cost.blocks <= board.variables) return;
  throw new Error("example '" + exampleName + "' does not fit " + board.name + ' (' + board.id + '): it needs about ' + cost.blocks +
    ' of the board\'s ' + board.variables + ' variables once loaded (' + cost.functions + ' functions, ' + cost.memoryWords +
    ' words of memory), short by ' + (cost.blocks - board.variables) + '; spawn fewer tasks, lower the example\'s budgets, or build for a board with more RAM');
}

/** The map file beside a bundle: x.js -> x.frugal.json. */
export function mapFileFor(out: string): string {
  return out.replace(/\.js$/, '') + '.frugal.json';
}

/**
 * Builds an example (a name, or the path of a .ts file exporting an Example) for a board. Nothing
 * is written unless every step passed.
 */
export async function buildExample(exampleName: string, boardId: string, opts?: BuildOptions): Promise<BuildResult> {
  const o = opts || {};
  const board = findBoard(boardId);
  if (board.id === 'sim') {
    throw new Error("board 'sim' is the simulated board: run it with frugal run " + exampleName + '; build for a real board (frugal boards lists them)');
  }
  const target: OutTarget | null = o.out ?
    { option: '--out', path: o.out, what: 'bundle', suggest: basename(exampleName, '.ts') + '-' + board.id + '.js', makeDirs: true } : null;
  // Before the seconds the build takes.
  if (target) checkOut(target);
  const { example, lowering } = await loadExample(exampleName);
  const build = await buildDevice(example, lowering, board);
  refuseOverBudget(example.name, board, build.cost);
  const hal = build.snapshot.hal;
  let out: string | null = null;
  let mapOut: string | null = null;
  if (target) {
    mapOut = writeOut({ ...target, path: mapFileFor(target.path), what: 'name map' }, JSON.stringify(build.map, null, 1) + '\n');
    out = writeOut(target, build.code);
  }
  return {
    example, board, code: build.code, bytes: Buffer.byteLength(build.code), map: build.map, cost: build.cost, pins: build.map.pins.slice(),
    ports: build.map.ports.slice(), watched: hal.watched.slice(), listens: hal.listening.slice(), inputs: build.inputs, out, mapOut, build,
  };
}
