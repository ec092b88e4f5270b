// The user's test of my-app.ts in plain JavaScript, run by plain `node --test` (no TypeScript loader):
// test/package-install.test.ts installs it beside my-app.ts in a project with frugal installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProgram } from 'frugal/testing';
import { Executor } from 'frugal';

const app = new URL('./my-app.ts', import.meta.url);

test('each press of BTN1 is counted and printed', async () => {
  const run = await runProgram(app, { ms: 1000, edges: [{ pin: 'BTN1', atMs: 100, value: 1 }, { pin: 'BTN1', atMs: 150, value: 0 }] });
  assert.equal(run.serial, 'presses: 1\n');
  assert.equal(run.leds.LED1.writes, 5);
  assert.deepEqual(run.faults, []);
});

test("the package entry's classes are the ones the program runs on", async () => {
  const run = await runProgram(app, { programInputs: true });
  assert.equal(run.report.tasks.length, 3);
  assert.equal(typeof Executor, 'function');
});
