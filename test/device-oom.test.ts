// A program whose memory does not fit a Puck.js: `frugal build --board puckjs` refuses it, with
// both figures, before writing anything. (What Espruino itself does with such a bundle, built
// past the refusal, is in docs/device.md: it was run once on a Puck.js-sized interpreter.)

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCommand } from '../cli/build-command.ts';
import { importLines } from './support/device-program.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Four tasks, each holding a 1,500-word Float64Array: about 4,000 blocks, where a Puck.js has 2,630. */
const BIG = [
  ...importLines([
    ['{ sleep }', 'tasks/task-api.ts'],
    ['{ spawnTask }', 'tasks/lowered.ts'],
    ['type { Executor }', 'executor/executor.ts'],
    ['type { Hal }', 'boards/hal.ts'],
    ['type { Example }', 'program/example.ts'],
  ]),
  'export class Big { readonly st: Float64Array; constructor() { this.st = new Float64Array(1500); } }',
  'export async function keeper(big: Big): Promise<void> { for (let i = 0; ; i++) { await sleep(100); big.st[i % 1500] = i; } }',
  'export const big: Example = {',
  "  name: 'big', description: 'more memory than a Puck.js has',",
  '  config: { maxTasks: 4, sideStackWords: 16, sideStackRefs: 2, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: 4 },',
  "  setup: function (ex: Executor) { for (let t = 0; t < 4; t++) spawnTask(ex, keeper, [new Big()], { name: 'keeper ' + t }); },",
  '  simulate: function () {},',
  '  runMs: 1000,',
  '};',
  '',
].join('\n');

test('frugal build --board puckjs refuses a program over the board RAM before writing the bundle', async () => {
  const dir = mkdtempSync(path.join(HERE, '.tmp-device-oom-'));
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'frugal-oom-'));
  try {
    const file = path.join(dir, 'big.ts');
    writeFileSync(file, BIG);
    const out = path.join(outDir, 'big-puckjs.js');
    let message = '';
    try {
      await buildCommand(file, 'puckjs', out);
    } catch (e) {
      message = (e as Error).message;
    }
    assert.match(message, /^example 'big' does not fit Puck\.js \(puckjs\): it needs about (\d+) of the board's 2630 variables once loaded/);
    const needs = Number(/needs about (\d+)/.exec(message)![1]);
    assert.ok(needs > 2630, 'the estimate ' + needs + ' exceeds the board');
    assert.match(message, 'short by ' + (needs - 2630));
    assert.not.ok(existsSync(out), 'no bundle written');
    assert.not.ok(existsSync(out.replace(/\.js$/, '.frugal.json')), 'no name map written');
    // The same program fits a board with more RAM.
    const pico = (await buildCommand(file, 'pico')).build;
    assert.ok(pico.cost.blocks <= pico.board.variables, pico.cost.blocks + ' of ' + pico.board.variables);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
});

test.run();
