// The program's test: frugal/testing runs it as the board runs it (its Puck.js bundle on a model of
// the board's Espruino), with the inputs each test scripts, and returns what happened as plain data.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProgram, type ScriptedEdge } from 'frugal/testing';

const app = new URL('../src/app.ts', import.meta.url);

// BTN1 held down for 50 ms.
function press(atMs: number): ScriptedEdge[] {
  return [{ pin: 'BTN1', atMs: atMs, value: 1 }, { pin: 'BTN1', atMs: atMs + 50, value: 0 }];
}

test('each press of BTN1 is counted and printed', async () => {
  const run = await runProgram(app, { ms: 2000, edges: [...press(100), ...press(700), ...press(1300)] });
  assert.equal(run.serial, 'presses: 1\npresses: 2\npresses: 3\n');
  assert.deepEqual(run.faults, []);
});

test('LED1 blinks every 250 ms, pressed or not', async () => {
  const run = await runProgram(app, { ms: 1000 });
  assert.equal(run.leds.LED1.writes, 5);
  assert.deepEqual(run.ledLog.slice(0, 3), ['t=0 LED1=1', 't=250 LED1=0', 't=500 LED1=1']);
});
