// What an example is: its executor budget, the tasks it starts on a board, and, for the simulated
// board, the inputs a person would have given it (button presses, serial lines).

import type { ExecutorOptions } from '../executor/config.ts';
import type { Executor } from '../executor/executor.ts';
import type { Hal } from '../boards/hal.ts';
import type { SimBoard } from '../boards/sim/sim-board.ts';

/** An example as frugal's tools use it: a program module's export with what it left out filled in (completeExample). */
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

/** What a program module exports, the `Example` of 'frugal': a description, inputs and a run length only where they mean something. */
export type ProgramExample = Omit<Example, 'description' | 'simulate' | 'runMs'> & Partial<Pick<Example, 'description' | 'simulate' | 'runMs'>>;

/** Board time a simulated run of a program that gives no runMs covers, in ms. */
export const DEFAULT_RUN_MS = 1000;

const OPTIONAL: { [field in 'description' | 'simulate' | 'runMs']: string } = { description: 'string', simulate: 'function', runMs: 'number' };

/**
 * The example a program exports, its left-out fields filled in: no description, no scripted inputs,
 * DEFAULT_RUN_MS. Throws naming a field of the wrong type.
 */
export function completeExample(p: ProgramExample): Example {
  // An index loop: tsconfig.device.json reaches this file (the simulated board records an example's
  // inputs), and ES5's library has no iterators.
  const fields = Object.keys(OPTIONAL) as (keyof typeof OPTIONAL)[];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (p[f] !== undefined && typeof p[f] !== OPTIONAL[f]) {
      throw new Error("example '" + p.name + "': " + f + ' must be a ' + OPTIONAL[f] + ', got ' + typeof p[f] + '; fix it or leave it out');
    }
  }
  // The export itself stays as it is (it may be frozen); the tools get an object inheriting from it,
  // so that its own methods and fields, and what they keep on `this`, are all there.
  const e = Object.create(p) as Example;
  if (p.description === undefined) e.description = '';
  if (p.simulate === undefined) e.simulate = noInputs;
  if (p.runMs === undefined) e.runMs = DEFAULT_RUN_MS;
  return e;
}

function noInputs(): void {}
