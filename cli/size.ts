// `frugal size`: each task's configured budget next to what a simulated run of the example used,
// with a warning wherever the configuration is below what the run needed. (Static frame sizes
// from the compiler join this report once the async/await lowering computes them.)

import type { ExecutorConfig } from '../executor/config.ts';
import { report, type BudgetReport } from '../executor/telemetry.ts';
import type { Example } from '../examples/example.ts';
import { runOnSim } from './run-sim.ts';
import type { BuildResult } from './build.ts';
import { describeBuild } from './describe-build.ts';

export interface SizeReport {
  example: Example;
  ms: number;
  config: ExecutorConfig;
  report: BudgetReport;
  warnings: string[];
}

export function sizeExample(example: Example, ms: number): SizeReport {
  const run = runOnSim(example, ms);
  const rep = report(run.ex);
  const warnings: string[] = [];
  for (const t of rep.tasks) {
    if (t.scratch.need > t.scratch.words) {
      warnings.push("task '" + t.name + "': scratch is " + t.scratch.words + ' words, the run offered it a frame of ' + t.scratch.need +
        ' words, which went ' + (t.poolFallbacks > 0 ? 'to the pool (' + t.poolFallbacks + ' times)' : 'elsewhere') +
        '; scratchWords: ' + t.scratch.need + ' keeps it in scratch');
    }
    if (t.sideStack.high >= t.sideStack.words) {
      warnings.push("task '" + t.name + "': side stack full at its high-water mark (" + t.sideStack.high + ' of ' + t.sideStack.words +
        ' words); one more nested future overflows it');
    }
  }
  for (const f of run.ex.faults) {
    warnings.push("task '" + f.name + "' stopped in " + f.phase + ': ' + f.message);
  }
  if (rep.pool.exhausted > 0) {
    warnings.push('the pool ran out ' + rep.pool.exhausted + ' times (' + rep.pool.slots + ' slots of ' + rep.pool.slotWords + ' words); raise poolSlots');
  }
  if (rep.timers.refused > 0) warnings.push('the timer heap refused ' + rep.timers.refused + ' deadlines; raise timerCapacity');
  return { example, ms, config: run.ex.config, report: rep, warnings };
}

function pad(s: string | number, n: number): string {
  return String(s).padStart(n);
}

export function describeSize(s: SizeReport, build?: BuildResult): string {
  const r = s.report;
  const c = s.config;
  const lines: string[] = [];
  lines.push('frugal: size of ' + s.example.name + ' (budget as configured; use from ' + s.ms + ' ms on the simulated board)');
  lines.push('');
  lines.push('task'.padEnd(18) + pad('side stack words', 17) + pad('refs', 6) + pad('scratch words', 15) + pad('refs', 6) +
    pad('pool fallbacks', 16));
  lines.push(''.padEnd(18) + pad('used/size', 17) + pad('size', 6) + pad('need/size', 15) + pad('size', 6));
  for (const t of r.tasks) {
    lines.push((t.id + ' ' + t.name).padEnd(18) + pad(t.sideStack.high + '/' + t.sideStack.words, 17) +
      pad(c.sideStackRefs, 6) + pad(t.scratch.need + '/' + t.scratch.words, 15) + pad(c.scratchRefs, 6) + pad(t.poolFallbacks, 16));
  }
  lines.push('');
  lines.push('pool       ' + r.pool.slots + ' slots x ' + r.pool.slotWords + ' words, high-water ' + r.pool.highWater + ', policy ' + r.pool.policy);
  lines.push('frames     ' + r.frames.capacity + ', high-water ' + r.frames.highWater);
  lines.push('timers     ' + r.timers.capacity + ', high-water ' + r.timers.highWater);
  lines.push('run queue  ' + r.runQueue.capacity + ', high-water ' + r.runQueue.highWater);
  lines.push('footprint  ' + r.footprint.bytes + ' bytes (' + r.footprint.typedBytes + ' in typed arrays + ' + r.footprint.refSlots + ' reference slots)');
  lines.push('');
  if (s.warnings.length === 0) lines.push('no warnings: every configured budget covered what the run needed');
  else for (const w of s.warnings) lines.push('warning: ' + w);
  if (build) {
    lines.push('');
    lines.push(describeBuild(build));
  }
  return lines.join('\n');
}
