// An example's sizes: for each task, the side stack, scratch and pool slot its code needs, from the
// lowering and the adapters of the dyn objects it reaches (compiler/program-sizes.ts, the sizes the
// build gives every task whose program leaves them out), next to the sizes the task got and to
// what a simulated run used; a warning wherever a given size is below the need or the run's use.
// `frugal size` prints it (cli/size-command.ts).

import { VTABLES } from '../executor/abi.ts';
import type { ExecutorConfig } from '../executor/config.ts';
import type { Executor } from '../executor/executor.ts';
import { startProgram } from '../compiler/program-sizes.ts';
import { SimBoard } from '../boards/sim/sim-board.ts';
import { frameIndex } from '../executor/frame-handle.ts';
import { report, type BudgetReport } from '../executor/telemetry.ts';
import { sizeReportForFiles, type SizeReport as StaticReport } from '../compiler/size-report.ts';
import type { Example } from './example.ts';
import { exampleLowering, type LoadedExample } from './load-program.ts';

export interface TaskSizes {
  id: number;
  name: string;
  /** The lowered async function the task was spawned from (its vtable's name). */
  entry: string;
  /** Side stack its code needs with the adapters its dyn objects have: null when the entry is not lowered or recurses. */
  stackNeed: number | null;
  stackRefsNeed: number | null;
  /** Largest frame its dyn calls place in scratch, in a pool slot; null when the entry is not lowered. */
  scratchNeed: number | null;
  scratchRefsNeed: number | null;
  poolWordsNeed: number | null;
  poolRefsNeed: number | null;
  /** A dyn call reaches a hand-written implementation: what that awaits is not in stackNeed. */
  handWritten: boolean;
  /** Configured for this task (its spawn's sizes: given, or computed by the build). */
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

export function sizeExample(loaded: LoadedExample, ms: number): SizeReport {
  const example = loaded.example;
  const sim = new SimBoard();
  // A size given below the need is reported below instead of refused: this is where to see why.
  const program = startProgram(example, sim, () => new SimBoard(), { refuse: false });
  const ex = program.ex;
  // The entries are read right after setup: a task that faults during the run loses its frames.
  const entries: string[] = [];
  for (let t = 0; t < ex.tasks.capacity; t++) entries.push(ex.tasks.root[t] === 0 ? '?' : entryName(ex, t));
  example.simulate(sim);
  sim.run(ex, ms);
  const rep = report(ex);
  const stat = sizeReportForFiles(loaded.taskFiles.map((f) => f.fileName), undefined, exampleLowering(loaded));

  const tasks: TaskSizes[] = rep.tasks.map((t) => {
    const n = program.tasks.find((x) => x.task === t.id);
    return {
      id: t.id, name: t.name, entry: entries[t.id],
      stackNeed: n?.stack?.w ?? null, stackRefsNeed: n?.stack?.r ?? null,
      scratchNeed: n ? n.scratch.w : null, scratchRefsNeed: n ? n.scratch.r : null,
      poolWordsNeed: n ? n.pool.w : null, poolRefsNeed: n ? n.pool.r : null, handWritten: n ? n.handWritten : false,
      stackWords: ex.tasks.stackWords[t.id], stackRefs: ex.tasks.stackRefs[t.id],
      scratchWords: ex.tasks.scratchWords[t.id], scratchRefs: ex.tasks.scratchRefs[t.id],
    };
  });

  const warnings: string[] = [];
  for (const p of program.problems) warnings.push('static: ' + p);
  for (const t of rep.tasks) {
    const sized = tasks.find((x) => x.id === t.id);
    // A call offered to a scratch that is smaller on purpose goes to the pool, which the need covers.
    const poolCovers = sized !== undefined && sized.poolWordsNeed !== null && sized.poolWordsNeed >= t.scratch.need;
    if (t.scratch.need > t.scratch.words && !poolCovers) {
      warnings.push("run: task '" + t.name + "': scratch is " + t.scratch.words + ' words, the run offered it a frame of ' + t.scratch.need +
        ' words, which went ' + (t.poolFallbacks > 0 ? 'to the pool (' + t.poolFallbacks + ' times)' : 'elsewhere') +
        '; scratchWords: ' + t.scratch.need + ' keeps it in scratch');
    }
    // A task whose static need fits cannot overflow, however full the run left it.
    const staticFits = sized !== undefined && sized.stackNeed !== null && !sized.handWritten && sized.stackNeed <= sized.stackWords;
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
  return { example, ms, config: ex.config, report: rep, static: stat, tasks, warnings };
}
