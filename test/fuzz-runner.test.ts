// `npm run fuzz` (test/fuzz/run.ts) as a user runs it: FUZZ_ONLY picks properties by part of their
// name, and one that picks none is refused with the names there are instead of running nothing
// and reporting a pass.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { ALL_PROPERTIES } from './support/property-suite.ts';

const RUNNER = new URL('./fuzz/run.ts', import.meta.url).pathname;

function fuzz(env: Record<string, string>): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', RUNNER], { encoding: 'utf8', timeout: 60000, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('FUZZ_ONLY runs the properties whose name contains it', () => {
  const r = fuzz({ FUZZ_ONLY: 'timer', FUZZ_RUNS: '5', FUZZ_SEED: '1' });
  assert.is(r.code, 0, r.err);
  assert.equal(r.out.split('\n').filter((l) => /^ {2}ok/.test(l)).map((l) => l.replace(/:.*/, '')), ['  ok    timer heap']);
  assert.match(r.out, 'fuzz: passed');
});

test('a FUZZ_ONLY that names no property is refused, listing the names', () => {
  const r = fuzz({ FUZZ_ONLY: 'timers heap', FUZZ_RUNS: '5' });
  assert.is(r.code, 1);
  assert.match(r.err, 'FUZZ_ONLY="timers heap" is in no property\'s name; pass part of one of: ' +
    ALL_PROPERTIES.map((p) => JSON.stringify(p.name)).join(', '));
  assert.not.match(r.out, 'passed');
});

test.run();
