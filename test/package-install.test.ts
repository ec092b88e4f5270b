// A user's first steps, on a fresh machine: frugal packed (npm pack, which compiles it) and installed
// from the tarball into a new project, whose program (test/package-app/my-app.ts) imports everything
// from 'frugal', is type-checked with the tsconfig docs/programs.md gives, run, built for a board,
// sized and audited with npx frugal, and tested with plain `node --test` through 'frugal/testing',
// from an ES module project and from a CommonJS one; then `npx frugal new app` makes a project whose
// `npm install && npm test` pass. Each install stays within 50 MB of node_modules (espruino-tools,
// which only flashing needs, is not installed: flash says how to install it).
// `npm install` downloads the dependencies from the registry: this is `npm run test:package`.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APP_FILES = path.join(ROOT, 'test', 'package-app');
const MINUTE = 60000;
/** The most an installing project's node_modules may take (issue 24), in KiB as du -sk counts. */
const MAX_NODE_MODULES_KB = 50 * 1024;

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

function install(cwd: string, args: string[]): void {
  ok(cwd, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...args], 10 * MINUTE);
}

/** node_modules of a project, in KiB, as `du -sk` measures it. */
function nodeModulesKB(project: string): number {
  const kb = Number(ok(project, 'du', ['-sk', 'node_modules'], MINUTE).split(/\s/)[0]);
  assert.ok(kb > 0, 'du measured ' + project);
  return kb;
}

const tmp = mkdtempSync(path.join(tmpdir(), 'frugal-package-'));
let tarball = '';

test('npm pack ships the compiled package, its declarations, the changelog and the templates, and no sources of its own, tests or benchmarks', () => {
  const packed = JSON.parse(ok(ROOT, 'npm', ['pack', '--json', '--pack-destination', tmp], 3 * MINUTE)) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(tmp, packed[0].filename);
  const shipped = packed[0].files.map((f) => f.path);
  for (const f of ['dist/index.js', 'dist/testing.js', 'dist/cli/commands.js', 'types/index.d.ts', 'types/testing.d.ts', 'cli/frugal.js',
    'dist/tasks/task-api.ts', 'dist/device/main.ts', 'dist/tsconfig.json', 'dist/templates/new-project/src/app.ts',
    'dist/templates/new-project/gitignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'docs/programs.md', 'package.json']) {
    assert.ok(shipped.includes(f), 'the tarball has ' + f);
  }
  assert.equal(shipped.filter((f) => /^(test|bench|pack)\//.test(f) || /^[^/]+\.ts$/.test(f) || /^cli\/.*\.ts$/.test(f)), [],
    'no tests, benchmarks, package build or uncompiled entries');
  assert.equal(shipped.filter((f) => /^types\/.*\.ts$/.test(f) && !/\.d\.ts$/.test(f)), [], 'types/ holds declarations only');
  assert.not.ok(existsSync(path.join(ROOT, 'dist')) || existsSync(path.join(ROOT, 'types')), 'npm pack leaves the checkout as it was');
});

test('installed into an ES module project: type-checked, run, built, sized, audited, and tested under plain node --test', () => {
  assert.ok(tarball, 'packed');
  const app = path.join(tmp, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'my-app', private: true, type: 'module' }, null, 2) + '\n');
  copyFileSync(path.join(APP_FILES, 'tsconfig.user.json'), path.join(app, 'tsconfig.json'));
  copyFileSync(path.join(APP_FILES, 'my-app.ts'), path.join(app, 'my-app.ts'));
  copyFileSync(path.join(APP_FILES, 'my-app.test.mjs'), path.join(app, 'my-app.test.mjs'));
  install(app, [tarball]);

  const kb = nodeModulesKB(app);
  assert.ok(kb <= MAX_NODE_MODULES_KB, 'node_modules takes ' + kb + ' KiB, at most ' + MAX_NODE_MODULES_KB);
  assert.not.ok(existsSync(path.join(app, 'node_modules', 'espruino')), 'espruino-tools is not installed to simulate and build');

  ok(app, 'npx', ['tsc', '--noEmit'], 2 * MINUTE);
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  assert.is(ok(app, 'npx', ['frugal', '--version'], MINUTE).trim(), version);

  const run = ok(app, 'npx', ['frugal', 'run', './my-app.ts'], 2 * MINUTE);
  assert.match(run, 'frugal: my-app (LED1 blinks; presses of BTN1 are counted over a channel) on Puck.js (puckjs, simulated: ');
  assert.match(run, ' 1000 ms of board time');
  assert.match(run, 'serial output:\n  presses: 1\n  presses: 2\n\nLEDs:\n  LED1: 5 writes, last t=1000 LED1=1\n');
  assert.match(run, /totals {4}polls \d+, ended 0, faults 0/);

  const build = ok(app, 'npx', ['frugal', 'build', './my-app.ts', '--board', 'puckjs', '--out', 'out/my-app.js'], 2 * MINUTE);
  assert.match(build, 'frugal: built my-app for Puck.js (puckjs, Espruino PUCKJS)');
  assert.match(build, 'tasks    3: blink, count, print');

  const size = ok(app, 'npx', ['frugal', 'size', './my-app.ts'], 2 * MINUTE);
  assert.match(size, /^blink +5w 1r +9w 1r +my-app\.ts:10$/m);
  assert.match(size, 'no warnings');

  assert.is(ok(app, 'npx', ['frugal', 'audit', './my-app.ts'], 2 * MINUTE).trim(), 'no allocation in task code');
  assert.match(ok(app, 'npx', ['frugal', 'boards', 'puckjs'], MINUTE), 'LEDs     LED1 (D5), LED2 (D4), LED3 (D3)');

  const flash = sh(app, 'npx', ['frugal', 'flash', './my-app.ts', '--board', 'puckjs', '--out', 'upload.js'], 2 * MINUTE);
  assert.is(flash.status, 1);
  assert.is(flash.stderr, 'frugal: frugal flash uploads through espruino-tools (the espruino package), which is not installed; ' +
    'fix: npm install --save-dev espruino@^0.1.67\n');
  assert.not.ok(existsSync(path.join(app, 'upload.js')), 'flash wrote nothing');

  const tested = ok(app, 'node', ['--test', 'my-app.test.mjs'], 2 * MINUTE);
  assert.match(tested, /^# pass 2$/m);
  assert.match(tested, /^# fail 0$/m);
});

test('installed into a CommonJS project: a test that requires frugal/testing passes under plain node --test', () => {
  const app = path.join(tmp, 'commonjs');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'commonjs-app', private: true }, null, 2) + '\n');
  copyFileSync(path.join(APP_FILES, 'my-app.ts'), path.join(app, 'my-app.ts'));
  copyFileSync(path.join(APP_FILES, 'my-app.test.cjs'), path.join(app, 'my-app.test.cjs'));
  install(app, [tarball]);
  const tested = ok(app, 'node', ['--test', 'my-app.test.cjs'], 2 * MINUTE);
  assert.match(tested, /^# pass 1$/m);
});

test('npx frugal new app in a project with frugal installed; in app, npm install && npm test pass', () => {
  const project = path.join(tmp, 'commonjs');
  const made = ok(project, 'npx', ['frugal', 'new', 'app'], MINUTE);
  assert.match(made, 'frugal: created app (app): package.json, tsconfig.json, src/app.ts, test/app.test.ts, .gitignore, README.md');
  assert.match(made, '  frugal  file:../../' + path.basename(tarball));
  assert.match(made, 'next: cd app && npm install && npm test');
  const app = path.join(project, 'app');
  install(app, []);
  const kb = nodeModulesKB(app);
  assert.ok(kb <= MAX_NODE_MODULES_KB, "the new project's node_modules takes " + kb + ' KiB, at most ' + MAX_NODE_MODULES_KB);
  const tested = ok(app, 'npm', ['test'], 5 * MINUTE);
  assert.match(tested, /^# pass 2$/m);
  assert.match(tested, /^# fail 0$/m);
  assert.match(ok(app, 'npm', ['start'], 2 * MINUTE), 'frugal: app (LED1 blinks; presses of BTN1 are counted and printed) on Puck.js');
});

test('the installs leave nothing behind', () => {
  rmSync(tmp, { recursive: true, force: true });
  assert.not.ok(existsSync(tmp));
});

test.run();
