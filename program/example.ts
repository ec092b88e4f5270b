// What an example is: its executor budget, the tasks it starts on a board, and, for the simulated
// board, the inputs a person would have given it (button presses, serial lines).

import type { ExecutorOptions } from '../executor/config.ts';
import type { Executor } from '../executor/executor.ts';
import type { Hal } from '../boards/hal.ts';
import type { SimBoard } from '../boards/sim/sim-board.ts';

export interface Example {
  name: string;
  description: string;
  config: ExecutorOptions;
  /** Creates the example's channels and sources and spawns its tasks. Runs once, at start. */
  setup(ex: Executor, hal: Hal): void;
  /** Scripts the simulated board's inputs. */
  simulate(sim: SimBoard): void;
  /** Board time a simulated run covers by default, in ms. */
  runMs: number;
  /**
   * The board the program is made for (a board id: 'puckjs', 'pico'...): frugal run, frugal size
   * and runProgram run its bundle there unless told another board. Left out: a Puck.js.
   */
  board?: string;
}
