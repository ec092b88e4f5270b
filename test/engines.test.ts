// Device bundles are ES5 for Espruino; these tests run small ones on two real small engines
// (Duktape's `duk`, QuickJS in WebAssembly) through the Espruino shim in virtual time.

import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runDuktape } from './engines/duktape.ts'
import { runQuickJS, QuickJSRunError, type QuickJSMemoryFigures } from './engines/quickjs.ts'

// Blinks LED1 every 500 ms and echoes complete Serial1 lines, then stops the blinking at 2.2 s.
const BLINK_ECHO = `
var on = 0;
var line = '';
var blink = setInterval(function () { on = !on; digitalWrite(LED1, on); }, 500);
Serial1.setup(9600);
Serial1.on('data', function (d) {
  line += d;
  var i = line.indexOf('\\n');
  while (i >= 0) {
    var l = line.slice(0, i);
    line = line.slice(i + 1);
    Serial1.write('echo:' + l + '\\r\\n');
    console.log('got ' + l + ' at ' + getTime());
    i = line.indexOf('\\n');
  }
});
setTimeout(function () { clearInterval(blink); digitalWrite(LED1, 0); console.log('done'); }, 2200);
`

// Bytes arrive split across 'data' events, as they do from a UART.
const BLINK_DRIVER = `__host.uart(700, 'hel'); __host.uart(750, 'lo\\nwor'); __host.uart(1600, 'ld\\n');`

const BLINK_OUTPUT = 'echo:hello\r\ngot hello at 0.75\necho:world\r\ngot world at 1.6\ndone\n'
const BLINK_LOG = ['t=500 LED1=1', 't=1000 LED1=0', 't=1500 LED1=1', 't=2000 LED1=0', 't=2200 LED1=0'].join('\n')

// Shim semantics that both engines must agree on: ordering of equal deadlines, changeInterval,
// debounced watches, Espruino's clearTimeout rules, an exception escaping a callback, Promises.
const SEMANTICS = `
var id = setInterval(function () { console.log('iv ' + getTime()); if (getTime() >= 0.3) changeInterval(id, 250); }, 100);
setTimeout(function () { console.log('a'); }, 50);
setTimeout(function (x, y) { console.log('b ' + x + y); }, 50, 1, 2);
setTimeout(function () { clearInterval(id); clearInterval(id); }, 900);
setTimeout(function () { throw new Error('boom'); }, 60);
try { clearTimeout(undefined); } catch (e) { console.log('caught ' + e.message); }
setWatch(function (e) { console.log('btn ' + e.state + ' ' + e.time + ' ' + e.lastTime); }, BTN1, { edge: 'rising', repeat: true, debounce: 20 });
setWatch(function (e) { console.log('once ' + e.state + ' ' + e.time); }, D3, { edge: 'both' });
Promise.resolve(7).then(function (v) { console.log('then ' + v + ' ' + getTime()); });
`
const SEMANTICS_DRIVER = `
__host.edge(BTN1, 200, 1); __host.edge(BTN1, 205, 0); __host.edge(BTN1, 210, 1);
__host.edge(BTN1, 400, 0); __host.edge(BTN1, 500, 1);
__host.edge(D3, 120, 1); __host.edge(D3, 130, 0);
`
// lastTime is the previous level change the watch saw, reported or not: the falling edge that
// settled at 0.42 s precedes the rising one reported at 0.52 s.
const SEMANTICS_OUTPUT = [
  'caught clearTimeout(undefined) not allowed. Use clearTimeout() instead.',
  'then 7 0',
  'a',
  'b 12',
  'Uncaught Error: boom',
  'iv 0.1',
  'once true 0.12',
  'iv 0.2',
  'btn true 0.23 undefined',
  'iv 0.3',
  'btn true 0.52 0.42',
  'iv 0.55',
  'iv 0.8',
  '',
].join('\n')

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

test('blink + serial echo on Duktape', () => {
  const r = runDuktape({ code: BLINK_ECHO, driver: BLINK_DRIVER + '__host.run(3000);' })
  assert.is(r.stderr, '')
  assert.is(r.exitCode, 0)
  assert.ok(r.report, 'the driver should reach the report')
  assert.is(r.report!.output, BLINK_OUTPUT)
  assert.is(r.report!.log, BLINK_LOG)
  assert.is(r.report!.nowMs, 3000)
  // console.log is echoed live through duk's print; Serial1 text is not.
  assert.is(r.stdout, 'got hello at 0.75\ngot world at 1.6\ndone\n')
})

test('blink + serial echo on QuickJS', async () => {
  const r = await runQuickJS({ code: BLINK_ECHO, driver: BLINK_DRIVER, runMs: 3000 })
  assert.is(r.output, BLINK_OUTPUT)
  assert.is(r.log, BLINK_LOG)
  assert.is(r.errors, 0)
  assert.is(r.endMs, 3000)
})

test('the shim behaves the same on both engines', async () => {
  const q = await runQuickJS({ code: SEMANTICS, driver: SEMANTICS_DRIVER, runMs: 1000 })
  const d = runDuktape({ code: SEMANTICS, driver: SEMANTICS_DRIVER + '__host.run(1000);' })
  assert.is(d.exitCode, 0, d.stderr)
  assert.is(q.output, SEMANTICS_OUTPUT)
  assert.is(d.report!.output, SEMANTICS_OUTPUT)
  assert.is(q.errors, 1)
  assert.is(d.report!.errors, 1)
})

test('a top-level throw in the bundle stops the run on both engines', async () => {
  const bad = 'console.log("before"); undefinedFunction();'
  const d = runDuktape({ code: bad, runMs: 100 })
  assert.is(d.exitCode, 1)
  assert.is(d.report, null)
  assert.match(d.stderr, /ReferenceError/)
  try {
    await runQuickJS({ code: bad, runMs: 100 })
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
