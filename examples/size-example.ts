// An example's sizes: for each task, the side stack and scratch its code needs by the lowering's
// static sizes (compiler/size-report.ts: frame words per async function, the worst await path of
// the task entry, the largest known implementation at each dyn call site), next to the configured
// sizes and to what a simulated run used; a warning wherever a configured size is below either
// need. `frugal size` prints it (cli/size-command.ts).

import { VTABLES } from '../executor/abi.ts';
import type { ExecutorConfig } from '../executor/config.ts';
import { Executor } from '../executor/executor.ts';
import { frameIndex } from '../executor/frame-handle.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { report, type BudgetReport } from '../executor/telemetry.ts';
import { sizeReportForFiles, type ConfiguredSizes, type FunctionReport, type SizeReport as StaticReport } from '../compiler/size-report.ts';
import type { Example } from './example.ts';
import { exampleLowering, type LoadedExample } from './load-example.ts';

export interface TaskSizes {
  id: number;
  name: string;
  /** The lowered async function the task was spawned from (its vtable's name). */
  entry: string;
  /** Static: null when the entry is not a lowered function or recurses. */
  stackNeed: number | null;
  stackRefsNeed: number | null;
  /** Largest recommended scratch over the dyn sites the entry reaches (awaited at once), or null when it makes none. */
  scratchNeed: number | null;
  /** A dyn site it reaches has no lowered implementation: only the run can tell that frame. */
  scratchUnknown: boolean;
  scratchRefsNeed: number | null;
  /** Configured for this task (spawn options or the executor's defaults). */
  stackWords: number;
  stackRefs: number;
  scratchWords: number;
  scratchRefs: number;
}

export interface SizeReport {
  example: Example;
  ms: number;
  config: ExecutorConfig;
  report: BudgetReport;
  static: StaticReport;
  tasks: TaskSizes[];
  warnings: string[];
}

function entryName(ex: Executor, t: number): string {
  const h = ex.tasks.root[t];
  return VTABLES[ex.frames.vt[frameIndex(h)]].name;
}

function reachable(root: FunctionReport, fns: readonly FunctionReport[]): FunctionReport[] {
  const out: FunctionReport[] = [];
  const visit = (f: FunctionReport): void => {
    if (out.indexOf(f) >= 0) return;
    out.push(f);
    for (const c of f.callees) {
      const cf = fns.find((x) => x.name === c);
      if (cf !== undefined) visit(cf);
    }
  };
  visit(root);
  return out;
}

export function sizeExample(loaded: LoadedExample, ms: number): SizeReport {
  const example = loaded.example;
  // The entries are read right after setup: a task that faults during the run loses its frames.
  const ex = new Executor(example.config);
  const sim = new SimBoard();
  example.setup(ex, sim);
  const entries: string[] = [];
  for (let t = 0; t < ex.tasks.capacity; t++) entries.push(ex.tasks.root[t] === 0 ? '?' : entryName(ex, t));
  example.simulate(sim);
  sim.run(ex, ms);
  const rep = report(ex);
  const c = ex.config;

  const configured: ConfiguredSizes = {
    sideStackWords: c.sideStackWords, sideStackRefs: c.sideStackRefs, scratchWords: c.scratchWords, scratchRefs: c.scratchRefs, tasks: [],
  };
  const taskRows: { id: number; name: string; entry: string }[] = [];
  for (const t of rep.tasks) {
    const entry = entries[t.id];
    taskRows.push({ id: t.id, name: t.name, entry });
    configured.tasks!.push({
      entry, sideStack: ex.tasks.stackWords[t.id], sideStackRefs: ex.tasks.stackRefs[t.id],
      scratch: ex.tasks.scratchWords[t.id], scratchRefs: ex.tasks.scratchRefs[t.id],
    });
  }
  const stat = sizeReportForFiles(loaded.taskFiles.map((f) => f.fileName), configured, exampleLowering(loaded));

  const tasks: TaskSizes[] = taskRows.map((row) => {
    const fn = stat.functions.find((f) => f.name === row.entry);
    let scratchNeed: number | null = null;
    let scratchRefsNeed: number | null = null;
    let scratchUnknown = false;
    if (fn !== undefined) {
      for (const f of reachable(fn, stat.functions)) {
        for (const d of f.dynSites) {
          if (d.escaping) continue;
          if (d.implementations.length === 0) scratchUnknown = true;
          scratchNeed = Math.max(scratchNeed ?? 0, d.scratchWords);
          scratchRefsNeed = Math.max(scratchRefsNeed ?? 0, d.scratchRefs);
        }
      }
    }
    return {
      id: row.id, name: row.name, entry: row.entry,
      stackNeed: fn === undefined ? null : fn.stackWords, stackRefsNeed: fn === undefined ? null : fn.stackRefs,
      scratchNeed, scratchRefsNeed, scratchUnknown,
      stackWords: ex.tasks.stackWords[row.id], stackRefs: ex.tasks.stackRefs[row.id],
      scratchWords: ex.tasks.scratchWords[row.id], scratchRefs: ex.tasks.scratchRefs[row.id],
    };
  });

  const warnings: string[] = [];
  // One task entry spawned several times gives the same static warning once.
  for (const w of stat.warnings) if (warnings.indexOf('static: ' + w) < 0) warnings.push('static: ' + w);
  for (const t of rep.tasks) {
    if (t.scratch.need > t.scratch.words) {
      warnings.push("run: task '" + t.name + "': scratch is " + t.scratch.words + ' words, the run offered it a frame of ' + t.scratch.need +
        ' words, which went ' + (t.poolFallbacks > 0 ? 'to the pool (' + t.poolFallbacks + ' times)' : 'elsewhere') +
        '; scratchWords: ' + t.scratch.need + ' keeps it in scratch');
    }
    const sized = tasks.find((x) => x.id === t.id);
    // A task whose static need fits cannot overflow, however full the run left it.
    const staticFits = sized !== undefined && sized.stackNeed !== null && sized.stackNeed <= sized.stackWords;
    if (t.sideStack.high >= t.sideStack.words && !staticFits) {
      warnings.push("run: task '" + t.name + "': side stack full at its high-water mark (" + t.sideStack.high + ' of ' + t.sideStack.words +
        ' words); one more nested future overflows it');
    }
  }
  for (const f of ex.faults) warnings.push("run: task '" + f.name + "' stopped in " + f.phase + ': ' + f.message);
  if (rep.pool.exhausted > 0) {
    warnings.push('run: the pool ran out ' + rep.pool.exhausted + ' times (' + rep.pool.slots + ' slots of ' + rep.pool.slotWords + ' words); raise poolSlots');
  }
  if (rep.timers.refused > 0) warnings.push('run: the timer heap refused ' + rep.timers.refused + ' deadlines; raise timerCapacity');
  return { example, ms, config: c, report: rep, static: stat, tasks, warnings };
}
