// What `frugal run` prints of a device bundle's simulated run (program/device-run.ts): what the
// program printed and wrote to its LEDs, its faults and the budget report read out of its memory,
// and the line a faulted run ends with.

import { formatDeviceReport } from './device-report.ts';
import type { DeviceRun } from './device-run.ts';
import { describeBoardRecords } from './board-io.ts';

/**
 * One line naming the tasks that faulted and the errors that escaped every task, for frugal run to
 * end with and exit non-zero on, so that a script notices; null when there were none.
 */
export function faultSummary(run: DeviceRun): string | null {
  const parts: string[] = [];
  const n = run.faults.length;
  if (n > 0) {
    parts.push((n === 1 ? '1 task fault: ' : n + ' task faults: ') + run.faults.map((f) => 'task ' + f.task + " ('" + f.name + "') in " + f.phase).join(', '));
  }
  if (run.uncaught.length > 0) parts.push(run.uncaught.length + ' uncaught error' + (run.uncaught.length === 1 ? '' : 's') + ' outside any task');
  return parts.length === 0 ? null : parts.join('; ') + '; the faults: list above says why';
}

export function describeRun(run: DeviceRun): string {
  const { build, ms } = run;
  const out: string[] = [];
  const about = build.example.description ? ' (' + build.example.description + ')' : '';
  out.push('frugal: ' + build.example.name + about + ' on ' + build.board.name + ' (' + build.board.id + ', simulated: the bundle frugal build writes, ' +
    build.bytes + ' bytes, on a model of Espruino), ' + ms + ' ms of board time');
  out.push('');
  out.push('serial output:');
  const lines = run.output.length ? run.output.replace(/\n$/, '').split('\n') : ['(none)'];
  for (const l of lines) out.push('  ' + l);
  out.push('');
  out.push('LEDs:');
  for (const led of build.board.leds) {
    const s = run.leds[led];
    const pwm = run.records.pwm[led];
    out.push('  ' + led + ': ' + (s === undefined ? (pwm !== undefined ? 'driven by analogWrite only (PWM below)' : 'never written') : s.writes + ' writes, last ' + s.last));
  }
  // The board's own hardware: advertising, BLE, PWM, I2C, SPI, Storage (nothing when the program used none).
  out.push(...describeBoardRecords(run.records));
  if (run.faults.length > 0 || run.uncaught.length > 0) {
    out.push('');
    out.push('faults:');
    for (const f of run.faults) out.push('  task ' + f.task + " ('" + f.name + "') " + f.phase + ': ' + f.message);
    for (const u of run.uncaught) out.push('  outside any task: ' + u);
  }
  out.push('');
  out.push(formatDeviceReport(run.report));
  return out.join('\n');
}
