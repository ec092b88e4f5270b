// The examples by name, for the CLI and the tests.

import type { Example } from './example.ts';
import { blinky } from './blinky.ts';
import { button } from './button.ts';
import { tour } from './tour.ts';
import { uartEcho } from './uart-echo.ts';

export const EXAMPLES: Example[] = [tour, blinky, button, uartEcho];

export const DEFAULT_EXAMPLE = 'tour';

export function findExample(name: string): Example {
  for (let i = 0; i < EXAMPLES.length; i++) if (EXAMPLES[i].name === name) return EXAMPLES[i];
  const names: string[] = [];
  for (let i = 0; i < EXAMPLES.length; i++) names.push(EXAMPLES[i].name);
  throw new Error("unknown example '" + name + "'; valid examples: " + names.join(', '));
}
