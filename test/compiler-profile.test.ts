import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLowered } from '../compiler/node-build.ts';
import { checkBundle } from '../bundler/espruino-profile.ts';
import { Lowering } from '../compiler/lowering.ts';
import { createProgram } from '../compiler/ts-program.ts';
import { deviceCorpus } from './compiler-corpus/harness.ts';
import { runQuickJS } from './engines/quickjs.ts';

// Every corpus file, lowered and bundled to ES5 with the executor, must stay inside what the
// Espruino interpreter accepts; and the lowered corpus, run by QuickJS from such a bundle (and by
// Duktape in compiler-profile.duktape.ts), must print the traces the native run produces.

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

test('the lowered corpus run by QuickJS from the device bundle prints the native traces', async () => {
  const { code, expected } = await deviceCorpus(lowering);
  const q = await runQuickJS({ code, runMs: 0 });
  assert.is(q.errors, 0);
  assert.equal(q.output.trimEnd().split('\n'), expected);
});

test.run();
