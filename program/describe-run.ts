// What `frugal run` prints of a run on the simulated board (program/simulate-program.ts): what
// each task did and the budget report, and the line a faulted run ends with.

import type { Executor } from '../executor/executor.ts';
import { formatReport, report } from '../executor/telemetry.ts';
import type { Example } from './example.ts';
import type { SimRun } from './simulate-program.ts';

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
  out.push('frugal: ' + example.name + (example.description ? ' (' + example.description + ')' : '') + ' on the simulated board, ' + ms + ' ms of board time');
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
