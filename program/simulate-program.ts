// A program as `frugal run` and `frugal/testing` run it: built for a board exactly as `frugal build`
// builds it, and the bundle run on the model of that board's Espruino over virtual time, with the
// inputs the program scripts or the caller gives (program/device-run.ts). The board time a run may
// cover is bounded so that a run ends in seconds.

import { buildExample } from '../bundler/build-example.ts';
import { scriptedInputs } from '../boards/sim/input-recorder.ts';
import type { Example } from './example.ts';
import { runDevice, type DeviceRun, type ScriptedEdge, type ScriptedSerial } from './device-run.ts';
import { loadExample } from './load-program.ts';
import { boardIds } from '../boards/descriptors.ts';
import { joinScripts, type BoardScript } from './board-io.ts';

/**
 * The most board time one simulated run covers, in ms (about 11.6 days). Measured here: the
 * busiest example, pipeline (40 polls per board second), takes 18 s of real time for it, blinky
 * 1.2 s; ten times as much would keep pipeline busy for minutes with nothing printed until the end.
 */
export const MAX_RUN_MS = 1e9;

/** Why a run of ms is refused, naming the limit; null when the simulator finishes it. `what` names ms. */
export function tooLong(what: string, ms: number): string | null {
  if (ms <= MAX_RUN_MS) return null;
  return what + ' ' + ms + ' is more board time than one simulated run covers (at most ' + MAX_RUN_MS + ' ms, about 11.6 days)';
}

/** The board time to simulate: ms when given, else the example's own runMs, which must be within the limit. */
export function runMsOf(example: Example, ms?: number): number {
  if (ms !== undefined) return ms;
  const r = example.runMs;
  if (!(r > 0)) throw new Error("example '" + example.name + "': runMs must be a number of ms > 0, got " + r + '; fix the example or pass --ms');
  const long = tooLong("example '" + example.name + "': runMs", r);
  if (long !== null) throw new Error(long + '; lower its runMs to ' + MAX_RUN_MS + ' or less, or pass --ms');
  return r;
}

/** The board a run simulates when none is named: the board every example is measured on first. */
export const DEFAULT_BOARD = 'puckjs';

export interface SimulateOptions {
  /** A board id of boards/descriptors.ts; DEFAULT_BOARD when left out. */
  board?: string;
  /** Board time to simulate, in ms; the program's runMs when left out. */
  ms?: number;
  /** Give the inputs the program's own simulate() scripts (before edges and serial). */
  programInputs: boolean;
  edges?: readonly ScriptedEdge[];
  serial?: readonly ScriptedSerial[];
  /** The board's own hardware (after the program's own simulate() script when programInputs). */
  hardware?: BoardScript;
  trace?: boolean;
}

/** The board a program runs on when none is named: the one its Example names, else DEFAULT_BOARD. */
export async function boardOf(nameOrPath: string): Promise<string> {
  const { example } = await loadExample(nameOrPath);
  const b = example.board;
  if (b === undefined) return DEFAULT_BOARD;
  const ids = boardIds().filter((id) => id !== 'sim');
  if (typeof b !== 'string' || ids.indexOf(b) < 0) {
    throw new Error("example '" + example.name + "': board " + JSON.stringify(b) + ' is not a board frugal builds for; give one of ' + ids.join(', ') + ', or leave it out for ' + DEFAULT_BOARD);
  }
  return b;
}

/**
 * Builds a program (a name of examples/ or the path of a .ts file exporting one Example) for a
 * board and runs its bundle on the model of that board. Throws what `frugal build` throws for the
 * same program and board, before anything runs.
 */
export async function simulateProgram(nameOrPath: string, opts: SimulateOptions): Promise<DeviceRun> {
  const build = await buildExample(nameOrPath, opts.board ?? await boardOf(nameOrPath));
  const ms = runMsOf(build.example, opts.ms);
  const edges: ScriptedEdge[] = [];
  const serial: ScriptedSerial[] = [];
  let board: BoardScript = {};
  if (opts.programInputs) {
    for (const i of scriptedInputs(build.example)) {
      if (i.kind === 'edge') edges.push({ pin: i.pin, atMs: i.atMs, value: i.value });
      else if (i.kind === 'serial') serial.push({ port: i.port, atMs: i.atMs, text: i.text });
      else board = joinScripts(board, i.script);
    }
  }
  return runDevice(build, ms, {
    edges: edges.concat(opts.edges ?? []), serial: serial.concat(opts.serial ?? []), trace: opts.trace, hardware: joinScripts(board, opts.hardware ?? {}),
  });
}
