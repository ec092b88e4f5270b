// An example (a name, or the path of a .ts file exporting an Example) built for one real board:
// loaded through the lowering, bundled (device-bundle.ts), and refused when the estimate does not
// fit the board's RAM. Writing the bundle is the command's (cli/build-command.ts).

import { buildDevice, type DeviceBuild } from './device-bundle.ts';
import type { DeviceCost } from './device-cost.ts';
import type { DeviceMap } from './device-image.ts';
import { findBoard, type BoardDescriptor } from '../boards/descriptors.ts';
import type { Example } from '../program/example.ts';
import { loadExample } from '../program/load-program.ts';

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
  build: DeviceBuild;
}

/** Throws when the estimate does not fit the board, naming both and what to do. */
export function refuseOverBudget(exampleName: string, board: BoardDescriptor, cost: DeviceCost): void {
  if (cost.blocks <= board.variables) return;
  throw new Error("example '" + exampleName + "' does not fit " + board.name + ' (' + board.id + '): it needs about ' + cost.blocks +
    ' of the board\'s ' + board.variables + ' variables once loaded (' + cost.functions + ' functions, ' + cost.memoryWords +
    ' words of memory), short by ' + (cost.blocks - board.variables) + '; spawn fewer tasks, lower the example\'s budgets, or build for a board with more RAM');
}

/** The board a build is for; the simulated board is refused, naming what to run instead. */
export function deviceBoard(exampleName: string, boardId: string): BoardDescriptor {
  const board = findBoard(boardId);
  if (board.id === 'sim') {
    throw new Error("board 'sim' is the host's test board, not an Espruino board: build for a real board (frugal boards lists them); frugal run " + exampleName + ' simulates one');
  }
  return board;
}

/** Builds an example for a board; throws naming the problem and the fix when it cannot be built or does not fit. */
export async function buildExample(exampleName: string, boardId: string): Promise<BuildResult> {
  const board = deviceBoard(exampleName, boardId);
  const { example, lowering } = await loadExample(exampleName);
  const build = await buildDevice(example, lowering, board);
  refuseOverBudget(example.name, board, build.cost);
  const hal = build.snapshot.hal;
  return {
    example, board, code: build.code, bytes: Buffer.byteLength(build.code), map: build.map, cost: build.cost, pins: build.map.pins.slice(),
    ports: build.map.ports.slice(), watched: hal.watched.slice(), listens: hal.listening.slice(), inputs: build.inputs, build,
  };
}
