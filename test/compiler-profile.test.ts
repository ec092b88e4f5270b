import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { devicePasses } from '../bundler/device-passes.ts';
import { Lowering } from '../compiler/lowering.ts';
import { createProgram } from '../compiler/ts-program.ts';
import { deviceCorpus } from './compiler-corpus/harness.ts';
import { runQuickJS } from './engines/quickjs.ts';

// Every corpus file, lowered and bundled with the executor by the device build's own passes
// (bundler/device-passes.ts, which fail unless the result parses as ES5 and passes the Espruino
// profile check), must stay inside what the Espruino interpreter accepts; and the lowered corpus,
// run by QuickJS from such a bundle (and by Duktape in compiler-profile.duktape.ts), must print the
// traces the native run produces.

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIR = path.join(HERE, 'compiler-corpus');
const FILES = ['basics', 'cleanup', 'channels', 'dyn', 'pools', 'alloc', 'device-main'].map((n) => path.join(DIR, n + '.ts'));
const lowering = new Lowering(createProgram(FILES));

// A device bundle's entry is a program, not a module with exports (the passes wrap it in a
// function): each file is bundled under an entry that uses every one of its exports.
function entryUsing(file: string): string {
  const names = Array.from(readFileSync(file, 'utf8').matchAll(/^export (?:async function|function|class) (\w+)/gm), (m) => m[1]);
  return 'import { ' + names.join(', ') + " } from './" + path.basename(file) + "';\ndeclare const print: (s: string) => void;\n" +
    names.map((n) => 'print(typeof ' + n + ');').join('\n') + '\n';
}

for (const file of FILES) {
  test('Espruino profile: ' + path.basename(file) + ' lowered and bundled to ES5 by the device passes', async () => {
    const entry = file.endsWith('device-main.ts') ? file : path.join(DIR, 'profile-entry-' + path.basename(file));
    const generated = entry === file ? {} : { [entry]: entryUsing(file) };
    const { code, inputs } = await devicePasses({ entry, lowering, generated, name: path.basename(file) });
    assert.ok(Object.keys(inputs).some((f) => path.resolve(f) === file), 'the file is in its bundle');
    assert.ok(code.length > 0);
  });
}

test('the lowered corpus run by QuickJS from the device bundle prints the native traces', async () => {
  const { code, expected } = await deviceCorpus(lowering);
  const q = await runQuickJS({ code, runMs: 0 });
  assert.is(q.errors, 0);
  assert.equal(q.output.trimEnd().split('\n'), expected);
});

test.run();
