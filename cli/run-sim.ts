// `frugal run`: an example on the simulated board, with what each task did and the budget report.

import type { Executor } from '../executor/executor.ts';
import { startProgram } from '../compiler/program-sizes.ts';
import { formatReport, report } from '../executor/telemetry.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import type { Example } from '../examples/example.ts';
import type { Tracer } from './trace.ts';

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
export function runOnSim(example: Example, ms: number, tracer?: Tracer, script?: (sim: SimBoard) => void): SimRun {
  const sim = new SimBoard();
  const { ex } = startProgram(example, sim, () => new SimBoard(), { beforeSetup: tracer ? (e) => tracer.attach(e) : undefined });
  if (script) script(sim);
  else example.simulate(sim);
  sim.run(ex, ms);
  return { ex: ex, sim: sim };
}

/**
 * One line naming the tasks that faulted, for frugal run to end with and exit non-zero on, so that
 * a script notices; null when none did. The executor keeps the last few faults; the count is exact.
 */
export function faultSummary(ex: Executor): string | null {
  const n = ex.faultCount;
  if (n === 0) return null;
  const kept = ex.faults.map((f) => 'task ' + f.task + " ('" + f.name + "') in " + f.phase).join(', ');
  return (n === 1 ? '1 task fault: ' : n + ' task faults' + (n > ex.faults.length ? ', the last ' + ex.faults.length : '') + ': ') + kept +
    '; the faults: list above says why';
}

export function describeRun(example: Example, run: SimRun, ms: number): string {
  const { ex, sim } = run;
  const out: string[] = [];
  out.push('frugal: ' + example.name + ' (' + example.description + ') on the simulated board, ' + ms + ' ms of board time');
  out.push('');
  out.push('serial output:');
  const text = sim.output();
  const lines = text.length ? text.replace(/\n$/, '').split('\n') : ['(none)'];
  for (const l of lines) out.push('  ' + l);
  out.push('');
  out.push('LEDs:');
  for (const led of sim.board.leds) {
    const s = sim.ledSummary(led);
    out.push('  ' + led + ': ' + (s === null ? 'never written' : s.writes + ' writes, last ' + s.last));
  }
  if (ex.faults.length > 0) {
    out.push('');
    out.push('faults:');
    for (const f of ex.faults) out.push('  task ' + f.task + " ('" + f.name + "') " + f.phase + ': ' + f.message);
  }
  out.push('');
  out.push(formatReport(report(ex)));
  return out.join('\n');
}
