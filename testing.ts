// `frugal/testing`: a program run on the simulated board from a test (uvu, node:test, anything),
// with the pin edges and serial input the test scripts, returned as plain data to assert on. It is
// `frugal run`'s run (program/simulate-program.ts). The program is loaded by path, through
// the lowering, as the CLI loads it: its task code only runs on the executor once lowered, so the
// module a test imports itself (tsx, native async functions) cannot be the one that runs.

import { fileURLToPath } from 'node:url';
import { loadExample } from './program/load-program.ts';
import { describeRun } from './program/describe-run.ts';
import { runMsOf, runOnSim, tooLong } from './program/simulate-program.ts';
import { report, type BudgetReport } from './executor/telemetry.ts';
import type { SimBoard } from './boards/sim/sim-board.ts';

export type { BudgetReport } from './executor/telemetry.ts';

/** A pin's level set to `value` (0 or 1) at board time `atMs`; a button press is two edges. */
export interface ScriptedEdge {
  pin: string;
  atMs: number;
  value: number;
}

/** Text arriving on a serial port (0 = Serial1) from board time `atMs`, one byte per 0.1 ms. */
export interface ScriptedSerial {
  port: number;
  atMs: number;
  text: string;
}

export interface RunOptions {
  /** Board time to simulate, in ms; the program's runMs when omitted. */
  ms?: number;
  edges?: ScriptedEdge[];
  serial?: ScriptedSerial[];
  /** Also give the inputs the program's own simulate() scripts (before these). Default false: only these. */
  programInputs?: boolean;
}

export interface LedRecord {
  /** Writes over the whole run. */
  writes: number;
  /** The last one, as 't=<ms> <LED>=<level>'. */
  last: string;
}

export interface TaskFault {
  task: number;
  name: string;
  /** 'poll' when the task threw, 'drop' when releasing it threw. */
  phase: string;
  message: string;
}

export interface ProgramRun {
  /** The program's name and the board time simulated. */
  name: string;
  ms: number;
  /** Everything the program wrote to serial ports. */
  serial: string;
  /** Each LED of the simulated board that was written. */
  leds: { [led: string]: LedRecord };
  /** The last LED writes, oldest first, as 't=<ms> <LED>=<level>'. */
  ledLog: string[];
  /** The last faults the executor kept (it keeps 8); faultCount counts them all. */
  faults: TaskFault[];
  faultCount: number;
  /** The budget report: each task's polls and high-water marks, the pool, frames, timers. */
  report: BudgetReport;
  /** What `frugal run` prints for the same run. */
  text: string;
}

function scriptInputs(sim: SimBoard, edges: readonly ScriptedEdge[], serial: readonly ScriptedSerial[]): void {
  for (const e of edges) sim.edge(e.pin, e.atMs, e.value);
  for (const s of serial) sim.serialInput(s.port, s.atMs, s.text);
}

/**
 * Runs a program (the path or file URL of a .ts module exporting one Example) on the simulated
 * board. A relative path is taken from the working directory; a test passes
 * `new URL('./my-app.ts', import.meta.url)` to name a file beside it. The module is lowered once
 * per process: runs share its module-level state, each gets a new executor and board.
 */
export async function runProgram(program: string | URL, opts?: RunOptions): Promise<ProgramRun> {
  const o = opts ?? {};
  const { example } = await loadExample(program instanceof URL ? fileURLToPath(program) : program);
  if (o.ms !== undefined && !(o.ms > 0)) throw new Error('runProgram: ms must be a number of ms > 0, got ' + o.ms);
  const ms = runMsOf(example, o.ms);
  const long = tooLong('runProgram: ms', ms);
  if (long !== null) throw new Error(long);
  const run = runOnSim(example, ms, undefined, (sim) => {
    if (o.programInputs === true) example.simulate(sim);
    scriptInputs(sim, o.edges ?? [], o.serial ?? []);
  });
  const leds: { [led: string]: LedRecord } = {};
  for (const led of run.sim.board.leds) {
    const s = run.sim.ledSummary(led);
    if (s !== null) leds[led] = s;
  }
  return {
    name: example.name,
    ms: ms,
    serial: run.sim.output(),
    leds: leds,
    ledLog: run.sim.ledLines(),
    faults: run.ex.faults.map((f) => ({ task: f.task, name: f.name, phase: f.phase, message: f.message })),
    faultCount: run.ex.faultCount,
    report: report(run.ex),
    text: describeRun(example, run, ms),
  };
}
