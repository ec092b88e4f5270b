// A device program's entry: the generated starting state (tasks.ts writes it when it loads), the
// memory made reachable as the global `frugal`, the run loop gets its one interval, and the tasks
// setup spawned at build time (queued in spawn order) run at once, board time 0 being now. Top-level
// code, not a function: it runs once.

import { INTERVAL, T0, W } from './program.ts';
import { run } from './scheduler.ts';
import { IDLE_MS } from './layout.ts';
import './tasks.ts';

declare function setInterval(fn: () => void, ms: number): number;
declare function getTime(): number;
declare const global: { frugal: Float64Array };

// The memory, where the host can read it: the simulator and `frugal run --espruino` read the budget
// report out of it through the build's name map, and on a board `frugal` in the REPL shows it.
global.frugal = W;
// No argument for the interval's calls: run() tells them from a callback's by its absence.
W[INTERVAL] = setInterval(run, IDLE_MS);
W[T0] = getTime();
run(0);
