// The user's test of my-app.ts in TypeScript, with node's test runner under tsx: test/testing.test.ts
// runs it in the checkout (`node --import tsx --test`), where 'frugal/testing' is testing.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProgram, type ScriptedEdge } from 'frugal/testing';

const app = new URL('./my-app.ts', import.meta.url);

// BTN1 held down for 50 ms.
function press(atMs: number): ScriptedEdge[] {
  return [{ pin: 'BTN1', atMs: atMs, value: 1 }, { pin: 'BTN1', atMs: atMs + 50, value: 0 }];
}

test('each press of BTN1 is counted and printed', async () => {
  const run = await runProgram(app, { ms: 2000, edges: [...press(100), ...press(700), ...press(1300)] });
  assert.equal(run.serial, 'presses: 1\npresses: 2\npresses: 3\n');
  assert.deepEqual(run.faults, []);
  assert.deepEqual(run.report.tasks.map((t) => t.state), ['live', 'live', 'live']);
});

test('LED1 blinks every 250 ms, pressed or not', async () => {
  const run = await runProgram(app, { ms: 1000 });
  assert.equal(run.leds.LED1.writes, 5);
  assert.deepEqual(run.ledLog.slice(0, 3), ['t=0 LED1=1', 't=250 LED1=0', 't=500 LED1=1']);
  assert.equal(run.serial, '');
});

test("the program's own inputs give what frugal run prints", async () => {
  const run = await runProgram(app, { programInputs: true });
  assert.equal(run.serial, 'presses: 1\npresses: 2\n');
  assert.match(run.text, /^frugal: my-app /);
});
