// The examples by name, for the CLI and the tests.

import type { Example } from './example.ts';
import { blinky } from './blinky.ts';
import { button } from './button.ts';
import { pipeline } from './pipeline.ts';
import { sensorStream } from './sensor-stream.ts';
import { tour } from './tour.ts';
import { uartEcho } from './uart-echo.ts';

export const EXAMPLES: Example[] = [tour, blinky, button, uartEcho, sensorStream, pipeline];

export const DEFAULT_EXAMPLE = 'tour';

/** The names findExample accepts, in EXAMPLES order. */
export function exampleNames(): string[] {
  const names: string[] = [];
  for (let i = 0; i < EXAMPLES.length; i++) names.push(EXAMPLES[i].name);
  return names;
}

export function findExample(name: string): Example {
  for (let i = 0; i < EXAMPLES.length; i++) if (EXAMPLES[i].name === name) return EXAMPLES[i];
  throw new Error("unknown example '" + name + "'; valid examples: " + exampleNames().join(', '));
}
