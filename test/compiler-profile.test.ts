import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLowered } from '../compiler/build.ts';
import { checkBundle } from '../compiler/espruino-profile.ts';
import { Lowering } from '../compiler/lowering.ts';
import { createProgram } from '../compiler/program.ts';
import { runNative } from './compiler-corpus/harness.ts';

// Every corpus file, lowered and bundled to ES5 with the executor, must stay inside what the
// Espruino interpreter accepts; and the lowered corpus, run by Duktape from such a bundle, must
// print the traces the native run produces.

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIR = path.join(HERE, 'compiler-corpus');
const FILES = ['basics', 'cleanup', 'channels', 'dyn', 'alloc', 'device-main'].map((n) => path.join(DIR, n + '.ts'));
const lowering = new Lowering(createProgram(FILES));

for (const file of FILES) {
  test('Espruino profile: ' + path.basename(file) + ' lowered and bundled to ES5', async () => {
    const { code, files } = await buildLowered(file, { target: 'device', lowering: lowering, globalName: 'corpus' });
    assert.ok(files.length > 0, 'the lowering ran');
    checkBundle(code, path.basename(file) + ' (bundle)');
  });
}

test('the lowered corpus run by Duktape from the device bundle prints the native traces', async () => {
  const { code } = await buildLowered(path.join(DIR, 'device-main.ts'), { target: 'device', lowering: lowering });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'frugal-duk-')), 'corpus.js');
  writeFileSync(file, code);
  const r = spawnSync(process.env.DUK ?? 'duk', [file], { encoding: 'utf8', timeout: 60000 });
  assert.is(r.error, undefined, "Duktape's `duk` must be installed (apt-get install -y duktape)");
  assert.is(r.status, 0, r.stderr);
  const expected: string[] = [];
  for (const name of ['basics', 'cleanup', 'channels', 'dyn']) {
    expected.push('== ' + name);
    expected.push(...(await runNative(path.join(DIR, name + '.ts'), 1000)));
  }
  assert.equal(r.stdout.trimEnd().split('\n'), expected);
});

test.run();
