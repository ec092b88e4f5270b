// `npm test` must pass on a fresh machine after `npm ci` alone, where Debian's `duk` is missing: no
// file of its suite may run Duktape. The Duktape runs are the engines suite, `npm run
// test:engines`, which CI runs after installing duktape. CI has `duk`, so without this test a
// Duktape run added to npm test would pass there and fail for every new user.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { suiteFiles, type SuiteFile } from './support/suites.ts';

const ROOT = new URL('..', import.meta.url).pathname;

// Importing the runner, or spawning the binary the runner would.
function runsDuktape(f: SuiteFile): boolean {
  return /engines\/duktape\.ts'|process\.env\.DUK\b|spawnSync\(['"]duk['"]/.test(readFileSync(f.file, 'utf8'));
}

test('no file of npm test runs Duktape; every file of npm run test:engines does', async () => {
  const plain = await suiteFiles('test');
  assert.ok(plain.length > 20, 'npm test found its files');
  assert.equal(plain.filter(runsDuktape).map((f) => f.name), []);
  const engines = await suiteFiles('engines');
  assert.ok(engines.length > 0, 'npm run test:engines has files');
  assert.equal(engines.filter((f) => !runsDuktape(f)).map((f) => f.name), []);
  // Each file in one suite only.
  assert.equal(engines.filter((e) => plain.some((p) => p.file === e.file)).map((f) => f.name), []);
});

test('package.json runs each suite; CI installs duktape, then runs npm test and npm run test:engines', () => {
  const scripts = (JSON.parse(readFileSync(ROOT + 'package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.match(scripts.test, /test\/run\.ts$/);
  assert.match(scripts['test:engines'], /test\/run\.ts --engines$/);
  const ci = readFileSync(ROOT + '.ci/run', 'utf8').split('\n').filter((l) => !/^\s*(#|$)/.test(l));
  const at = (re: RegExp): number => ci.findIndex((l) => re.test(l));
  assert.ok(at(/apt-get install .*duktape/) >= 0, 'CI installs duktape');
  assert.ok(at(/^npm ci\b/) > at(/apt-get install .*duktape/), 'then the npm packages');
  assert.ok(at(/^npm test$/) > at(/^npm ci\b/), 'then npm test');
  assert.ok(at(/^npm run test:engines$/) > at(/^npm test$/), 'then npm run test:engines');
  assert.match(scripts['test:package'], /test\/run\.ts --package$/);
  assert.ok(at(/^npm run test:package$/) > at(/^npm test$/), 'and npm run test:package');
});

// It downloads the package's dependencies from the registry and takes minutes: not in npm test.
test('the package install runs in its own suite, npm run test:package', async () => {
  const plain = await suiteFiles('test');
  const pkg = await suiteFiles('package');
  assert.equal(pkg.map((f) => f.name), ['package-install.test.ts']);
  assert.equal(plain.filter((p) => pkg.some((f) => f.file === p.file)).map((f) => f.name), []);
});

test.run();
