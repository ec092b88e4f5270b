// Device bundles are ES5 for Espruino; these tests run small ones on a real small engine (QuickJS
// in WebAssembly) on the model of Espruino (simulator/espruino-model/) in virtual time.
// engines.duktape.ts runs the same programs on Duktape's `duk` (npm run test:engines).

import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runQuickJS, QuickJSRunError, type QuickJSMemoryFigures } from './engines/quickjs.ts'
import {
  BLINK_DRIVER, BLINK_ECHO, BLINK_LOG, BLINK_OUTPUT, SEMANTICS, SEMANTICS_DRIVER, SEMANTICS_OUTPUT, TOP_LEVEL_THROW,
} from './engines/model-programs.ts'

// Steady state: a 10 ms interval that allocates only short-lived things each tick (a closure
// for a timeout, a Promise, strings), so nothing should accumulate.
const STEADY = `
var buf = new Uint8Array(16);
var n = 0;
var last = 0;
setInterval(function () {
  n = (n + 1) & 1023;
  buf[n & 15] = n & 255;
  digitalWrite(LED1, n & 1);
  setTimeout(function () { last = buf[n & 15]; }, 3);
  Promise.resolve(n).then(function (v) { last = v; });
  if ((n & 255) === 0) console.log('tick ' + n + ' ' + process.memory().usage);
}, 10);
`

// The same loop, but it keeps a record of every tick: a leak the checkpoints must catch.
const LEAKING = `
var history = [];
setInterval(function () {
  history.push({ t: getTime(), v: analogRead(D1) });
}, 10);
`

const CHECKPOINTS = [
  // after the steady-state sample's first process.memory() print (2560 ms), so one-time lazy
  // allocations of the engine are behind the warm checkpoint
  { atMs: 3000, label: 'warm' },
  { atMs: 60000, label: 'end' },
]

function show(cps: QuickJSMemoryFigures[]): string {
  return cps.map((c) => `${c.label}@${c.atMs}ms: obj_count=${c.objCount} memory_used_size=${c.memoryUsedSize}`).join('; ')
}

test('blink + serial echo on QuickJS', async () => {
  const r = await runQuickJS({ code: BLINK_ECHO, driver: BLINK_DRIVER, runMs: 3000 })
  assert.is(r.output, BLINK_OUTPUT)
  assert.is(r.log, BLINK_LOG)
  assert.is(r.errors, 0)
  assert.is(r.endMs, 3000)
})

test('the model keeps Espruino\'s semantics on QuickJS', async () => {
  const q = await runQuickJS({ code: SEMANTICS, driver: SEMANTICS_DRIVER, runMs: 1000 })
  assert.is(q.output, SEMANTICS_OUTPUT)
  assert.is(q.errors, 1)
})

test('a top-level throw in the bundle stops the run on QuickJS', async () => {
  try {
    await runQuickJS({ code: TOP_LEVEL_THROW, runMs: 100 })
    assert.unreachable('should have thrown')
  } catch (e) {
    assert.instance(e, QuickJSRunError)
    assert.match((e as Error).message, /bundle\.js threw: ReferenceError/)
    assert.is((e as QuickJSRunError).partial.output, 'before\n')
  }
})

test('steady state keeps QuickJS memory flat', async () => {
  const r = await runQuickJS({ code: STEADY, memoryLimitBytes: 2 * 1024 * 1024, checkpoints: CHECKPOINTS })
  console.log(`  steady:  ${show(r.checkpoints)}`)
  const [warm, end] = r.checkpoints
  assert.is(r.errors, 0)
  assert.is(end.objCount, warm.objCount)
  assert.is(end.memoryUsedSize, warm.memoryUsedSize)
  assert.is(r.log.split('\n').length, 6000)
  assert.match(r.output, /^tick 256 \d+\n/)
})

test('a leaking bundle shows as growth on QuickJS', async () => {
  const r = await runQuickJS({ code: LEAKING, memoryLimitBytes: 8 * 1024 * 1024, checkpoints: CHECKPOINTS })
  console.log(`  leaking: ${show(r.checkpoints)}`)
  const [warm, end] = r.checkpoints
  // One object per 10 ms tick between the checkpoints.
  // one object per 10 ms tick between the checkpoints
  assert.ok(end.objCount - warm.objCount >= (60000 - 3000) / 10, `obj_count grew by ${end.objCount - warm.objCount}`)
  assert.ok(end.memoryUsedSize > warm.memoryUsedSize)
})

test('the byte limit stops a bundle that outgrows it', async () => {
  try {
    await runQuickJS({ code: LEAKING, memoryLimitBytes: 256 * 1024, runMs: 60000 })
    assert.unreachable('should have run out of memory')
  } catch (e) {
    assert.instance(e, QuickJSRunError)
    assert.match((e as Error).message, /memory limit exceeded|out of memory/)
  }
})

test.run()
