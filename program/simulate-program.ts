// An example run on the simulated board for some board time: what frugal run, frugal/testing and
// the tests do with it. The board time a run may cover is bounded so that a run ends in minutes.

import type { Executor } from '../executor/executor.ts';
import { startProgram } from '../compiler/program-sizes.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import type { Example } from './example.ts';

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

export interface SimRun {
  ex: Executor;
  sim: SimBoard;
}

/**
 * Runs the example for ms of board time; a tracer, when given, sees every poll from the start.
 * `script` scripts the board's inputs instead of the example's simulate (a test's own, frugal/testing).
 */
export function runOnSim(example: Example, ms: number, tracer?: { attach(ex: Executor): void }, script?: (sim: SimBoard) => void): SimRun {
  const sim = new SimBoard();
  const { ex } = startProgram(example, sim, () => new SimBoard(), { beforeSetup: tracer ? (e) => tracer.attach(e) : undefined });
  if (script) script(sim);
  else example.simulate(sim);
  sim.run(ex, ms);
  return { ex: ex, sim: sim };
}
