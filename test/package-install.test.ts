// A user's first program, on a fresh machine: frugal packed (npm pack) and installed from the
// tarball into a new project, whose program (test/package-app/my-app.ts) imports everything from
// 'frugal', is type-checked with the tsconfig docs/programs.md gives, run, built for a board, sized
// and audited with npx frugal, and tested with node's test runner through 'frugal/testing'.
// `npm install` downloads the dependencies from the registry: this is `npm run test:package`.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APP_FILES = path.join(ROOT, 'test', 'package-app');
const MINUTE = 60000;

// npm run sets npm_* variables (the package being run, its prefix) that a nested npm would take
// as its own: each command runs as if typed in a new shell in the user's project.
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  return env;
}

function sh(cwd: string, cmd: string, args: string[], timeoutMs: number): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd: cwd, env: userEnv(), encoding: 'utf8', timeout: timeoutMs });
  if (r.error !== undefined) throw new Error(cmd + ' ' + args.join(' ') + ': ' + r.error.message);
  return r;
}

/** Runs the command and returns its stdout; fails the test with its output when it exits non-zero. */
function ok(cwd: string, cmd: string, args: string[], timeoutMs: number): string {
  const r = sh(cwd, cmd, args, timeoutMs);
  assert.is(r.status, 0, cmd + ' ' + args.join(' ') + ' exited ' + r.status + ':\n' + r.stdout + r.stderr);
  return r.stdout;
}

test('npm pack, npm install into a new project, then type-check, run, build, size, audit and test its program', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'frugal-package-'));
  try {
    const packed = JSON.parse(ok(ROOT, 'npm', ['pack', '--json', '--pack-destination', tmp], 2 * MINUTE)) as { filename: string; files: { path: string }[] }[];
    const shipped = packed[0].files.map((f) => f.path);
    for (const f of ['index.ts', 'testing.ts', 'cli/frugal.js', 'README.md', 'docs/programs.md', 'tsconfig.json', 'package.json']) {
      assert.ok(shipped.includes(f), 'the tarball has ' + f);
    }
    assert.equal(shipped.filter((f) => /^(test|bench)\//.test(f)), [], 'no tests or benchmarks in the tarball');

    const app = path.join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'my-app', private: true, type: 'module' }, null, 2) + '\n');
    copyFileSync(path.join(APP_FILES, 'tsconfig.user.json'), path.join(app, 'tsconfig.json'));
    copyFileSync(path.join(APP_FILES, 'my-app.ts'), path.join(app, 'my-app.ts'));
    copyFileSync(path.join(APP_FILES, 'my-app.node-test.ts'), path.join(app, 'my-app.test.ts'));
    ok(app, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(tmp, packed[0].filename)], 10 * MINUTE);

    ok(app, 'npx', ['tsc', '--noEmit'], 2 * MINUTE);

    const run = ok(app, 'npx', ['frugal', 'run', './my-app.ts'], 2 * MINUTE);
    assert.match(run, 'frugal: my-app (LED1 blinks; presses of BTN1 are counted over a channel) on the simulated board, 1000 ms of board time');
    assert.match(run, 'serial output:\n  presses: 1\n  presses: 2\n\nLEDs:\n  LED1: 5 writes, last t=1000 LED1=1\n');
    assert.match(run, /totals {4}polls \d+, wakes \d+, spawned 3, ended 0, faults 0/);

    const build = ok(app, 'npx', ['frugal', 'build', './my-app.ts', '--board', 'puckjs', '--out', 'out/my-app.js'], 2 * MINUTE);
    assert.match(build, 'frugal: built my-app for Puck.js (puckjs, Espruino PUCKJS)');
    assert.match(build, 'tasks    3: blink, count, print');

    const size = ok(app, 'npx', ['frugal', 'size', './my-app.ts'], 2 * MINUTE);
    assert.match(size, /^blink +5w 1r +9w 1r +my-app\.ts:10$/m);
    assert.match(size, 'no warnings');

    assert.is(ok(app, 'npx', ['frugal', 'audit', './my-app.ts'], 2 * MINUTE).trim(), 'no allocation in task code');

    const tested = ok(app, 'node', ['--import', 'tsx', '--test', 'my-app.test.ts'], 2 * MINUTE);
    assert.match(tested, /^# pass 3$/m);
    assert.match(tested, /^# fail 0$/m);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test.run();
