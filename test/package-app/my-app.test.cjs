// The same test from a CommonJS project (a package.json without "type": "module"): Node 20.19 and
// later load frugal's ES modules through require().

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { runProgram } = require('frugal/testing');

test('each press of BTN1 is counted and printed', async () => {
  const run = await runProgram(path.join(__dirname, 'my-app.ts'), { ms: 1000, edges: [{ pin: 'BTN1', atMs: 100, value: 1 }] });
  assert.equal(run.serial, 'presses: 1\n');
});
