// The lowered corpus of compiler-profile.test.ts on Duktape's `duk` (Debian's duktape package; npm
// run test:engines): run from the device bundle, it must print the traces the native run produces.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deviceCorpus } from './compiler-corpus/harness.ts';
import { runDuktape } from './engines/duktape.ts';

test('the lowered corpus run by Duktape from the device bundle prints the native traces', async () => {
  const { code, expected } = await deviceCorpus();
  const d = runDuktape({ code, runMs: 0, timeoutMs: 60000 });
  assert.is(d.exitCode, 0, d.stderr);
  assert.is(d.report!.errors, 0);
  assert.equal(d.report!.output.trimEnd().split('\n'), expected);
});

test.run();
