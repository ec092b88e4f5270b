// `frugal size`: what program/size-program.ts finds (each task's static need next to its configured
// sizes and to what a simulated run used), printed, with the build's figures for a real board.

import path from 'node:path';
import type { BuildResult } from '../bundler/build-example.ts';
import type { SizeReport } from '../program/size-program.ts';
import { describeBuild } from './describe-build.ts';
import { taskColumn } from '../program/device-report.ts';

function pad(s: string | number, n: number): string {
  return String(s).padStart(n);
}

function need(n: number | null, unbounded: string): string {
  return n === null ? unbounded : String(n);
}

export function describeSize(s: SizeReport, build?: BuildResult): string {
  const r = s.run === null ? null : s.run.report;
  const lines: string[] = [];
  const cwd = process.cwd();
  lines.push('frugal: size of ' + s.example.name + ' (static sizes from the lowering; budget as configured; use from ' + s.ms +
    ' ms of its bundle on the model of the board, read from the device memory)');
  lines.push('');
  lines.push('async functions: frame (words w, refs r); as a task entry, the side stack its deepest await path needs when any lowered');
  lines.push('implementation of an interface may answer its dyn calls (the tasks below count only those their dyn objects have)');
  lines.push(pad('async function', 0).padEnd(26) + pad('frame', 10) + pad('side stack', 14) + '  where');
  for (const f of s.static.functions) {
    const stack = f.stackWords === null ? 'unbounded' : f.stackWords + 'w ' + f.stackRefs + 'r';
    lines.push(f.name.padEnd(26) + pad(f.words + 'w ' + f.refs + 'r', 10) + pad(stack, 14) + '  ' + path.relative(cwd, f.file) + ':' + f.line +
      (f.recursive ? ' (recursive)' : ''));
  }
  const sites = s.static.functions.flatMap((f) => f.dynSites.map((d) => ({ f, d })));
  if (sites.length > 0) {
    lines.push('');
    lines.push('dyn call sites: recommended scratch = the largest lowered implementation of the interface');
    for (const { f, d } of sites) {
      lines.push('  ' + path.relative(cwd, d.file) + ':' + d.line + ':' + d.column + '  ' + (d.iface === '' ? '' : d.iface + '.') + d.method + '() in ' + f.name + ': ' +
        (d.escaping ? 'escaping (pool), ' : '') +
        (d.implementations.length > 0 ? 'scratch ' + d.scratchWords + 'w ' + d.scratchRefs + 'r (' + d.implementations.join(', ') + ')'
          : 'no lowered implementation in the program (a hand-written future: the run below measures it)'));
    }
  }
  lines.push('');
  lines.push('tasks: need (from the lowering and the adapters of the dyn objects each task reaches; + = plus what a hand-written');
  lines.push('implementation awaits) / high-water on the device (- where the device keeps none: only SideStack dyn calls use a side stack');
  lines.push('there) / size the task got (given, or computed when the config leaves it out)');
  const name = taskColumn(s.tasks);
  lines.push('task'.padEnd(name) + 'entry'.padEnd(14) + pad('stack words', 13) + pad('stack refs', 12) + pad('scratch words', 15) + pad('scratch refs', 14) +
    pad('pool slot', 11) + pad('pool fallbacks', 16));
  lines.push(''.padEnd(name + 14) + pad('need/hi/size', 13) + pad('need/size', 12) + pad('need/hi/size', 15) + pad('need/size', 14) + pad('need', 11));
  for (const t of s.tasks) {
    const tr = r === null ? null : r.tasks.find((x) => x.id === t.id) ?? null;
    const plus = t.handWritten ? '+' : '';
    lines.push((t.id + ' ' + t.name).padEnd(name) + t.entry.padEnd(14) +
      pad(need(t.stackNeed, '?') + plus + '/' + (tr === null || tr.sideStack === null ? '-' : tr.sideStack.high) + '/' + t.stackWords, 13) +
      pad(need(t.stackRefsNeed, '?') + plus + '/' + t.stackRefs, 12) +
      pad(need(t.scratchNeed, '?') + '/' + (tr === null || tr.scratch === null ? '-' : tr.scratch.high) + '/' + t.scratchWords, 15) +
      pad(need(t.scratchRefsNeed, '?') + '/' + t.scratchRefs, 14) +
      pad(t.poolWordsNeed === null ? '?' : t.poolWordsNeed + 'w ' + t.poolRefsNeed + 'r', 11) + pad(tr === null ? '-' : tr.poolFallbacks, 16));
  }
  lines.push('');
  lines.push('pool       ' + s.config.poolSlots + ' slots x ' + s.config.poolSlotWords + ' words ' + s.config.poolSlotRefs + ' refs, high-water ' +
    (r === null || r.pool === null ? '-' : r.pool.highWater) + ', policy ' + s.config.poolFullPolicy);
  if (r !== null) {
    lines.push('timers     ' + r.timers.capacity + ' entries, high-water ' + r.timers.highWater);
    lines.push('memory     ' + r.memory.words + ' words of device memory (' + r.memory.bytes + ' bytes)');
  }
  lines.push('');
  if (s.warnings.length === 0) lines.push('no warnings: every size covers the need and what the run used');
  else for (const w of s.warnings) lines.push('warning: ' + w);
  if (build) {
    lines.push('');
    lines.push(describeBuild(build));
  }
  return lines.join('\n');
}
