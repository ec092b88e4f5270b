// The examples by name, built through the async/await lowering and loaded, for the tests and the
// bench. Their task code is async functions, which only run on the executor once lowered, so an
// example module imported as it is (tsx) cannot run: everything that runs one goes through here
// or program/load-program.ts.

import type { Example } from './example.ts';
import { loadExample } from './load-program.ts';
import { EXAMPLE_NAMES } from './example-names.ts';

export { DEFAULT_EXAMPLE, EXAMPLE_NAMES, exampleNames } from './example-names.ts';

/** Every example, lowered, in EXAMPLE_NAMES order. */
export const EXAMPLES: Example[] = [];
for (const name of EXAMPLE_NAMES) EXAMPLES.push((await loadExample(name, true)).example);

export function findExample(name: string): Example {
  for (let i = 0; i < EXAMPLES.length; i++) if (EXAMPLES[i].name === name) return EXAMPLES[i];
  throw new Error("unknown example '" + name + "'; valid examples: " + EXAMPLE_NAMES.join(', '));
}
