// An example's sizes: for each task, the side stack, scratch and pool slot its code needs, from the
// lowering and the adapters of the dyn objects it reaches (compiler/program-sizes.ts, the sizes the
// build gives every task whose program leaves them out), next to the sizes the task got and to
// what the program's device bundle used on the model of its board; a warning wherever a given size is
// below the need or the run's use.
// `frugal size` prints it (cli/size-command.ts).

import { VTABLES } from '../executor/abi.ts';
import type { ExecutorConfig } from '../executor/config.ts';
import type { Executor } from '../executor/executor.ts';
import { startProgram } from '../compiler/program-sizes.ts';
import { CheckHal } from '../boards/espruino/check-hal.ts';
import { findBoard } from '../boards/descriptors.ts';
import { frameIndex } from '../executor/frame-handle.ts';
import { sizeReportForFiles, type SizeReport as StaticReport } from '../compiler/size-report.ts';
import type { Example } from './example.ts';
import { exampleLowering, type LoadedExample } from './load-program.ts';
import type { DeviceRun } from './device-run.ts';
import { simulateProgram } from './simulate-program.ts';

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
  /** The run of the program's device bundle the use columns come from; null when the build refused the program (warnings say why). */
  run: DeviceRun | null;
  static: StaticReport;
  tasks: TaskSizes[];
  warnings: string[];
}

/** The entry future of task slot t: its task's, or for an idle slot of a task pool the pool's; '?' for a slot no task took. */
function entryName(ex: Executor, t: number): string {
  const h = ex.tasks.root[t];
  if (h !== 0) return VTABLES[ex.frames.vt[frameIndex(h)]].name;
  return ex.tasks.pool[t] !== 0 ? ex.taskPools[ex.tasks.pool[t] - 1].entry.name : '?';
}

/**
 * The sizes of a loaded program for `board`: the needs from the lowering, the sizes each task got,
 * and what the program's bundle used on the model of the board in ms of board time.
 */
export async function sizeExample(loaded: LoadedExample, ms: number, board: string): Promise<SizeReport> {
  const example = loaded.example;
  // Setup on the host tells the sizes each task got; a size given below the need is reported below
  // instead of refused: this is where to see why. It runs on the board's own API (a Puck.js
  // program calls Puck.accel in its setup), as the build's does (bundler/snapshot.ts).
  const target = findBoard(board);
  const program = startProgram(example, new CheckHal(target), () => new CheckHal(target), { refuse: false });
  const ex = program.ex;
  const entries: string[] = [];
  for (let t = 0; t < ex.tasks.capacity; t++) entries.push(entryName(ex, t));
  const warnings: string[] = [];
  let run: DeviceRun | null = null;
  try {
    run = await simulateProgram(loaded.file, { board, ms, programInputs: true });
  } catch (e) {
    warnings.push('run: not run, the build refuses it: ' + (e instanceof Error ? e.message : String(e)));
  }
  const rep = run === null ? null : run.report;
  const stat = sizeReportForFiles(loaded.taskFiles.map((f) => f.fileName), undefined, exampleLowering(loaded));

  const tasks: TaskSizes[] = [];
  for (let id = 0; id < ex.tasks.capacity; id++) {
    if (entries[id] === '?') continue;
    const n = program.tasks.find((x) => x.task === id);
    tasks.push({
      id, name: ex.tasks.name[id], entry: entries[id],
      stackNeed: n?.stack?.w ?? null, stackRefsNeed: n?.stack?.r ?? null,
      scratchNeed: n ? n.scratch.w : null, scratchRefsNeed: n ? n.scratch.r : null,
      poolWordsNeed: n ? n.pool.w : null, poolRefsNeed: n ? n.pool.r : null, handWritten: n ? n.handWritten : false,
      stackWords: ex.tasks.stackWords[id], stackRefs: ex.tasks.stackRefs[id],
      scratchWords: ex.tasks.scratchWords[id], scratchRefs: ex.tasks.scratchRefs[id],
    });
  }

  for (const p of program.problems) warnings.unshift('static: ' + p);
  if (run === null || rep === null) return { example, ms, config: ex.config, run, static: stat, tasks, warnings };
  for (const t of rep.tasks) {
    const sized = tasks.find((x) => x.id === t.id);
    if (t.sideStack !== null && t.sideStack.high >= t.sideStack.words && !(sized !== undefined && sized.stackNeed !== null && !sized.handWritten && sized.stackNeed <= sized.stackWords)) {
      warnings.push("run: task '" + t.name + "': side stack full at its high-water mark (" + t.sideStack.high + ' of ' + t.sideStack.words +
        ' words); one more nested future overflows it');
    }
  }
  for (const f of run.faults) warnings.push("run: task '" + f.name + "' stopped in " + f.phase + ': ' + f.message);
  if (rep.pool !== null && rep.pool.exhausted > 0) {
    warnings.push('run: the pool ran out ' + rep.pool.exhausted + ' times (' + rep.pool.slots + ' slots of ' + rep.pool.slotWords + ' words); raise poolSlots');
  }
  return { example, ms, config: ex.config, run, static: stat, tasks, warnings };
}
