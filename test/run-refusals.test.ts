// What the build refuses, frugal run and frugal/testing refuse, with the build's message, before
// anything runs: a program a test passes is a program the board takes. Each program here once ran
// on the host's simulated board and was refused (or, worse, accepted and misbehaving) on a device.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildExample } from '../bundler/build-example.ts';
import { runProgram } from '../testing.ts';
import { ProgramDir } from './support/device-program.ts';
import { frugal } from './support/frugal-cli.ts';
import { refusal } from './support/refusal.ts';

const dir = new ProgramDir('refusals');

const HEADER = [
  "import { call, fromPromise, sleep, type Dyn } from '../../tasks/task-api.ts';",
  "import { spawnTask } from '../../tasks/lowered.ts';",
  "import { defineInterface, implement } from '../../adapters/interface.ts';",
  "import { dyn } from '../../adapters/dyn.ts';",
  "import { ScratchOrPool } from '../../adapters/scratch-or-pool.ts';",
  "import type { Executor } from '../../executor/executor.ts';",
  "import type { Hal } from '../../boards/hal.ts';",
  "import type { Example } from '../../program/example.ts';",
  '',
].join('\n');

function example(setup: string): string {
  return "export const program: Example = {\n  name: 'refused', description: 'a program the build refuses', config: {}, runMs: 100, simulate: function () {},\n" +
    '  setup: function (ex: Executor, hal: Hal) { ' + setup + ' },\n};\n';
}

const PROGRAMS: { [name: string]: { source: string; message: RegExp } } = {
  promise: {
    source: HEADER + 'export async function waits(hal: Hal): Promise<void> {\n  await fromPromise(Promise.resolve(1));\n  hal.serialPrint(0, "done\\n");\n}\n' +
      example("spawnTask(ex, waits, [hal], { name: 'waits' });"),
    message: /promise\.ts:\d+:\d+: fromPromise in a device build: device bundles carry no Promise; fix: wait for the event with a frugal primitive/,
  },
  executor: {
    source: HEADER + 'export async function holds(hal: Hal, e: Executor): Promise<void> {\n  await sleep(10);\n  hal.serialPrint(0, e === null ? "a" : "b");\n}\n' +
      example("spawnTask(ex, holds, [hal, ex], { name: 'holds' });"),
    message: /task 'holds' argument 'e' holds the executor; device code reaches the executor only through frugal's primitives/,
  },
  method: {
    source: HEADER + "export const Dial = defineInterface('Dial', ['turn']);\n" +
      'export interface DialSource {\n  turn(by: number): Promise<number>;\n  reset(): Promise<void>;\n}\n' +
      'export class Knob implements DialSource {\n  readonly st = new Float64Array(1);\n  async turn(by: number): Promise<number> {\n    this.st[0] += by;\n    return this.st[0];\n  }\n' +
      '  async reset(): Promise<void> {\n    this.st[0] = 0;\n  }\n}\n' +
      'export async function turns(hal: Hal, d: Dyn<DialSource>): Promise<void> {\n  await call(d, "turn", 2);\n  await call(d, "reset");\n  hal.serialPrint(0, "reset\\n");\n}\n' +
      example("spawnTask(ex, turns, [hal, dyn(implement(Dial, 'knob', new Knob()), new ScratchOrPool())], { name: 'turns' });"),
    message: /method\.ts:\d+:\d+: call\(d, 'reset'\) in task 'turns' \(turns, .*method\.ts:\d+\): no dyn object this task reaches has a method 'reset' \(their interfaces: Dial \(turn\)\); fix: add 'reset' to the method list its interface's defineInterface gives/,
  },
};

for (const [name, { source, message }] of Object.entries(PROGRAMS)) {
  test(name + ': frugal build, frugal run and runProgram refuse it with the same message, and nothing runs', async () => {
    const { file } = await dir.load(name, source);
    const built = await refusal(buildExample(file, 'puckjs'));
    assert.match(built, message);
    const tested = await refusal(runProgram(file));
    assert.is(tested, built, 'runProgram says what the build says');
    const out = join(dir.dir, name + '.js');
    const run = await frugal('run', file);
    assert.is(run.code, 1);
    assert.is(run.out, '', 'nothing ran');
    assert.is(run.err, 'frugal: ' + built + '\n');
    const build = await frugal('build', file, '--board', 'puckjs', '--out', out);
    assert.is(build.code, 1);
    assert.is(build.err, 'frugal: ' + built + '\n');
    assert.not.ok(existsSync(out), 'no bundle written');
  });
}

test.after(() => dir.remove());

test.run();
