// What every command checks of a program before it runs or builds it (program/load-program.ts,
// compiler/source-text.ts, compiler/node-build.ts): each file the program imports type-checks, not
// only the entry; each source is UTF-8; the Example may leave out what means nothing to it; and the
// lowered program shares one copy of frugal with the code loading it.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstNonUtf8, readSourceText } from '../compiler/source-text.ts';
import { twoCopies } from '../compiler/node-build.ts';
import { DEFAULT_RUN_MS, completeExample } from '../program/example.ts';
import { runProgram } from '../testing.ts';
import { ProgramDir } from './support/device-program.ts';
import { frugal } from './support/frugal-cli.ts';

const dir = new ProgramDir('program-checks');


function write(name: string, text: string | Buffer): string {
  const file = path.join(dir.dir, name);
  writeFileSync(file, text);
  return file;
}

// A program in the shape docs/programs.md gives, importing a helper; it gives no description,
// simulate or runMs.
const PROGRAM = `import { sleep } from '../../tasks/task-api.ts';
import { spawnTask } from '../../tasks/lowered.ts';
import type { Hal } from '../../boards/hal.ts';
import type { Example } from '../../index.ts';
import { period } from './HELPER';

export async function blink(hal: Hal, led: number): Promise<void> {
  for (let on = 1; ; on ^= 1) {
    hal.digitalWrite(led, on);
    await sleep(period());
  }
}

export const app: Example = {
  name: 'minimal',
  config: { maxTasks: 1, timerCapacity: 1 },
  setup(ex, hal) { spawnTask(ex, blink, [hal, hal.pin('LED1')], { name: 'blink' }); },
};
`;

function program(name: string, helper: string, helperText: string | Buffer): string {
  write(helper, helperText);
  return write(name, PROGRAM.replace('HELPER', helper));
}

test('a program may leave out description, simulate and runMs: it runs for ' + DEFAULT_RUN_MS + ' ms with no inputs', async () => {
  const file = program('minimal.ts', 'period-ok.ts', 'export function period(): number { return 250; }\n');
  const r = await frugal('run', file);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /^frugal: minimal on Puck\.js .*, 1000 ms of board time$/m);
  assert.match(r.out, 'LED1: 5 writes, last t=1000 LED1=1');
  const run = await runProgram(file, { programInputs: true });
  assert.is(run.ms, DEFAULT_RUN_MS);
  assert.is(run.leds.LED1.writes, 5);
});

test('a field of the wrong type is refused naming it', async () => {
  const setup = (): void => undefined;
  assert.throws(() => completeExample({ name: 'x', config: {}, setup, runMs: '100' as unknown as number }),
    (e: Error) => e.message === "example 'x': runMs must be a number, got string; fix it or leave it out");
  assert.equal(completeExample({ name: 'x', config: {}, setup }).description, '');
});

test('a type error in an imported file, and an old name imported from the package, stop run and build with file:line', async () => {
  const file = program('typed.ts', 'period-bad.ts', "import { dynOf } from '../../index.ts';\nexport const old = dynOf;\n" +
    "export function period(): number { return 'soon'; }\n");
  for (const args of [['run', file], ['build', file, '--board', 'pico']]) {
    const r = await frugal(...args);
    assert.is(r.code, 1, args[0]);
    assert.is(r.out, '', args[0] + ' ran nothing');
    const rel = path.relative(process.cwd(), path.join(dir.dir, 'period-bad.ts'));
    assert.is(r.err, "frugal: example '" + file + "' does not compile (type errors):\n" +
      '  ' + rel + ":1:10: '\"../../index.ts\"' has no exported member named 'dynOf'. Did you mean 'dyn'?\n" +
      '  ' + rel + ":3:36: Type 'string' is not assignable to type 'number'.\n" +
      'fix: correct the source (npx tsc --noEmit shows the same errors)\n', args[0]);
  }
});

test('a source that is not UTF-8 is refused naming the file, the byte offset and the line', async () => {
  const helper = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from('\nexport function period(): number { return 250; }\n')]);
  const file = program('latin1.ts', 'period-latin1.ts', helper);
  const message = path.relative(process.cwd(), path.join(dir.dir, 'period-latin1.ts')) + ': not valid UTF-8 at byte 6 (line 1, byte 0xe9); fix: save the file as UTF-8';
  const r = await frugal('build', file, '--board', 'pico');
  assert.is(r.code, 1);
  assert.is(r.err, 'frugal: ' + message + '\n');
  try {
    await runProgram(file);
    assert.unreachable('refused');
  } catch (e) {
    assert.is((e as Error).message, message);
  }
});

test('UTF-8: the first byte of a sequence that is not well formed', async () => {
  const at = (...bytes: number[]): number => firstNonUtf8(Uint8Array.from(bytes));
  assert.is(at(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80), -1, 'a, e acute, euro, an emoji');
  assert.is(at(0x61, 0xe9, 0x62), 1, 'a Latin-1 byte');
  assert.is(at(0xc0, 0x80), 0, 'an overlong NUL');
  assert.is(at(0xe0, 0x80, 0x80), 0, 'an overlong three-byte form');
  assert.is(at(0xed, 0xa0, 0x80), 0, 'a surrogate');
  assert.is(at(0xf4, 0x90, 0x80, 0x80), 0, 'above U+10FFFF');
  assert.is(at(0x61, 0x62, 0xe2, 0x82), 2, 'a sequence cut short at the end');
  assert.is(at(0x80), 0, 'a lone continuation byte');
  const bom = write('bom.ts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('export const x = 1;\n')]));
  assert.is(readSourceText(bom), 'export const x = 1;\n', 'a byte order mark is dropped, as TypeScript does');
});

test('a lowered module that got another copy of frugal is refused naming the fix', async () => {
  assert.is(twoCopies({}), 'frugal is loaded twice: the program imports ' + fileURLToPath(new URL('../executor/executor.ts', import.meta.url)) +
    ', the code loading it another copy; fix: install one frugal (npm ls frugal lists them)');
});

test('remove the programs', async () => {
  dir.remove();
});

test.run();
