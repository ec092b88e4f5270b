// The examples by name, without loading them: the CLI checks names before it loads the lowering.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** In the order `frugal` lists them. Each is examples/<name>.ts (from the package's root), exporting one Example. */
export const EXAMPLE_NAMES: readonly string[] = ['tour', 'blinky', 'button', 'uart-echo', 'sensor-stream', 'pipeline', 'adapter-strategies'];

export const DEFAULT_EXAMPLE = 'tour';

/**
 * Examples made for one board's own hardware (a Puck.js beacon, an I2C sensor on a Pico), whose
 * Example names that board: named like the others, run and sized there unless --board says
 * otherwise. The tests that build every example for several boards leave them out; each has its
 * own (test/board-examples.test.ts).
 */
export const BOARD_EXAMPLES: readonly string[] = ['puck-beacon', 'pico-i2c'];

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Every named example: the general ones, then those made for one board. */
export function exampleNames(): string[] {
  return EXAMPLE_NAMES.concat(BOARD_EXAMPLES);
}

export function isExampleName(name: string): boolean {
  return EXAMPLE_NAMES.indexOf(name) >= 0 || BOARD_EXAMPLES.indexOf(name) >= 0;
}

/** The module of a named example. */
export function exampleFile(name: string): string {
  if (!isExampleName(name)) throw new Error("unknown example '" + name + "'; valid examples: " + exampleNames().join(', '));
  return path.join(HERE, '..', 'examples', name + '.ts');
}
