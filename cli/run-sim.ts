// `frugal run`: an example on the simulated board, with what each task did and the budget report.

import { Executor } from '../executor/executor.ts';
import { formatReport, report } from '../executor/telemetry.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import type { Example } from '../examples/example.ts';
import type { Tracer } from './trace.ts';

export interface SimRun {
  ex: Executor;
  sim: SimBoard;
}

/** Runs the example for ms of board time; a tracer, when given, sees every poll from the start. */
export function runOnSim(example: Example, ms: number, tracer?: Tracer): SimRun {
  const ex = new Executor(example.config);
  const sim = new SimBoard();
  if (tracer) tracer.attach(ex);
  example.setup(ex, sim);
  example.simulate(sim);
  sim.run(ex, ms);
  return { ex: ex, sim: sim };
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
