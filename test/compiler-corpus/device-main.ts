// Entry of a device bundle that runs the lowered corpus on the simulated board and prints each
// scenario's trace: the engine test runs it in Duktape and compares with the native traces.

import { runLoweredScenario } from './lowered-env.ts';
import { setup as basics } from './basics.ts';
import { setup as cleanup } from './cleanup.ts';
import { setup as channels } from './channels.ts';
import { setup as dyn } from './dyn.ts';
import { setup as pools } from './pools.ts';
import type { Env } from './env.ts';

declare const print: (s: string) => void;

const SCENARIOS: { name: string; setup: (env: Env) => void }[] = [
  { name: 'basics', setup: basics },
  { name: 'cleanup', setup: cleanup },
  { name: 'channels', setup: channels },
  { name: 'dyn', setup: dyn },
  { name: 'pools', setup: pools },
];

// In a function: esbuild moves the `var`s of top-level loops below the loop, which Espruino,
// without hoisting, would run as undefined.
function main(): void {
  for (let i = 0; i < SCENARIOS.length; i++) {
    const lines = runLoweredScenario(SCENARIOS[i].setup, 1000).lines;
    print('== ' + SCENARIOS[i].name);
    for (let j = 0; j < lines.length; j++) print(lines[j]);
  }
}

main();
