// A program run on the host executor over the host lowering, on the host's simulated board: the
// reference model the device's runs are compared against (random programs, the device corpus, the
// examples' tests) and the bench's host path. No user path runs it: frugal run and frugal/testing
// run the device bundle on the model of Espruino (program/simulate-program.ts).

import type { Executor } from '../executor/executor.ts';
import { startProgram } from '../compiler/program-sizes.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import type { Example } from './example.ts';

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
