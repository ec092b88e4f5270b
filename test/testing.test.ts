// frugal/testing (testing.ts): a program run from a test with scripted inputs, results as plain
// data; and a program written against the package entry ('frugal', by self-reference here) through
// every command, and through a user's node:test file, without installing anything.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram } from '../testing.ts';
import { buildExample } from '../bundler/build-example.ts';
import { auditExample } from '../cli/audit-command.ts';
import { loadExample } from '../program/load-program.ts';
import { describeRun } from '../program/describe-run.ts';
import { simulateProgram } from '../program/simulate-program.ts';
import { refusal } from './support/refusal.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUTTON = path.join(ROOT, 'examples', 'button.ts');
const APP = path.join(ROOT, 'test', 'package-app', 'my-app.ts');

test('scripted edges replace the program\'s own inputs; LEDs, serial, faults and the report come back as data', async () => {
  const run = await runProgram(BUTTON, { ms: 1000, edges: [{ pin: 'BTN1', atMs: 100, value: 1 }, { pin: 'BTN1', atMs: 300, value: 0 }] });
  assert.is(run.name, 'button');
  assert.is(run.ms, 1000);
  assert.is(run.serial, 'button: press 1\n');
  // The press is seen once BTN1's 25 ms debounce has passed, as Espruino's setWatch reports it.
  assert.equal(run.leds, { LED1: { writes: 1, last: 't=125 LED1=1' } });
  assert.equal(run.ledLog, ['t=125 LED1=1']);
  assert.equal(run.faults, []);
  assert.is(run.faultCount, 0);
  assert.is(run.report.tasks[0].name, 'button BTN1');
  assert.is(run.report.tasks.length, 1);
  assert.is(run.board, 'puckjs');
  // Plain data: it survives a JSON round trip unchanged.
  assert.equal(JSON.parse(JSON.stringify(run)), run);
});

test('scripted serial input, on a program given by file URL', async () => {
  const run = await runProgram(new URL('../examples/uart-echo.ts', import.meta.url), { serial: [{ port: 0, atMs: 10, text: 'hi\n' }, { port: 0, atMs: 20, text: 'there\n' }] });
  assert.is(run.ms, 1000, "the program's runMs");
  assert.is(run.serial, 'echo: hi\necho: there\n');
});

test("with programInputs, the program's own inputs come first: the run frugal run prints", async () => {
  const run = await runProgram(BUTTON, { programInputs: true });
  assert.is(run.text, describeRun(await simulateProgram(BUTTON, { programInputs: true })));
  const extra = await runProgram(BUTTON, { programInputs: true, edges: [{ pin: 'BTN1', atMs: 2000, value: 1 }] });
  assert.is(extra.serial, run.serial + 'button: press 4\n');
});

test('bad options are refused naming what is wrong', async () => {
  assert.match(await refusal(runProgram(BUTTON, { ms: 0 })), 'ms must be a number of ms > 0, got 0');
  assert.match(await refusal(runProgram(BUTTON, { ms: 2e9 })), 'at most 1000000000 ms');
  assert.match(await refusal(runProgram(BUTTON, { edges: [{ pin: 'BTN9', atMs: 0, value: 1 }] })), "an edge at 0 ms names pin 'BTN9', which Puck.js (puckjs) does not have; use one of its buttons (BTN1)");
  assert.match(await refusal(runProgram(path.join(ROOT, 'nothing.ts'))), 'does not exist');
});

test("a program importing from 'frugal' runs, builds for a board and passes the audit", async () => {
  const run = await runProgram(APP, { ms: 1000, edges: [{ pin: 'BTN1', atMs: 100, value: 1 }] });
  assert.is(run.serial, 'presses: 1\n');
  assert.is(run.leds.LED1.writes, 5);
  const built = await buildExample(APP, 'puckjs');
  assert.equal(built.example.name, 'my-app');
  assert.equal(built.map.tasks, ['blink', 'count', 'print']);
  assert.equal(auditExample(await loadExample(APP)).sites, []);
});

test("the user's own test of it, with node's test runner", () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', path.join('test', 'package-app', 'my-app.node-test.ts')], { cwd: ROOT, encoding: 'utf8' });
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^# pass 3$/m);
});

test.run();
