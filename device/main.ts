// A device program's entry: the generated starting state (tasks.ts writes it when it loads), the
// memory made reachable as the global `frugal`, the run loop gets its one interval, and the tasks
// setup spawned at build time (queued in spawn order) run at once, board time 0 being now (the
// first run starts the clock). Top-level code, not a function: it runs once.

import { INTERVAL, W } from './program.ts';
import { run } from './scheduler.ts';
import { IDLE_MS } from './layout.ts';
import './tasks.ts';

declare function setInterval(fn: (fromInterval?: number) => void, ms: number, arg: number): number;
declare const E: { on?: (event: string, fn: (fromInterval?: number) => void) => void };
declare const global: { frugal: Float64Array };

// The memory, where the host can read it: the simulator and `frugal run --espruino` read the budget
// report out of it through the build's name map, and on a board `frugal` in the REPL shows it.
global.frugal = W;
// The 1 Espruino passes to every call of the interval tells run() who called it.
W[INTERVAL] = setInterval(run, IDLE_MS, 1);
// A board that boots from a saved RAM image (save()) restarts getTime(): run() called with no
// argument, as here and by E's 'init', counts board time on from where it was.
if (typeof E.on === 'function') E.on('init', run);
run();
