// The examples by name, without loading them: the CLI checks names before it loads the lowering.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** In the order `frugal` lists them. Each is examples/<name>.ts (from the package's root), exporting one Example. */
export const EXAMPLE_NAMES: readonly string[] = ['tour', 'blinky', 'button', 'uart-echo', 'sensor-stream', 'pipeline'];

export const DEFAULT_EXAMPLE = 'tour';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export function exampleNames(): string[] {
  return EXAMPLE_NAMES.slice();
}

export function isExampleName(name: string): boolean {
  return EXAMPLE_NAMES.indexOf(name) >= 0;
}

/** The module of a named example. */
export function exampleFile(name: string): string {
  if (!isExampleName(name)) throw new Error("unknown example '" + name + "'; valid examples: " + EXAMPLE_NAMES.join(', '));
  return path.join(HERE, '..', 'examples', name + '.ts');
}
