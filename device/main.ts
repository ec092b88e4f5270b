// A device program's entry: the generated starting state (tasks.ts writes it when it loads), the
// memory made reachable as the global `frugal`, then board time 0 is now, the run loop gets its one interval, and the tasks setup spawned at build
// time (queued in spawn order) run at once. Top-level code, not a function: it runs once.

import { INTERVAL, NOW, T0, W } from './program.ts';
import { run } from './scheduler.ts';
import { IDLE_MS } from './layout.ts';
import './tasks.ts';

declare function getTime(): number;
declare function setInterval(fn: (fromInterval?: number) => void, ms: number, arg: number): number;
declare const E: { on?: (event: string, fn: () => void) => void };
declare const global: { frugal: Float64Array };

// The memory, where the host can read it: the simulator and `frugal run --espruino` read the budget
// report out of it through the build's name map, and on a board `frugal` in the REPL shows it.
global.frugal = W;
W[T0] = getTime();
// The 1 Espruino passes to every call of the interval tells run() who called it.
W[INTERVAL] = setInterval(run, IDLE_MS, 1);
// A board that boots from a saved RAM image (save()) restarts getTime(); keep board time where
// it was so that pending deadlines stay in the future by the same amounts.
if (typeof E.on === 'function') {
  E.on('init', function (): void {
    W[T0] = getTime() - W[NOW] / 1000;
    run();
  });
}
run();
