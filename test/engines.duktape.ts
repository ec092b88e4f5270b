// The model's programs of engines.test.ts on Duktape's `duk` (Debian's duktape package; npm run
// test:engines): Duktape must print what QuickJS prints.

import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runDuktape } from './engines/duktape.ts'
import {
  BLINK_DRIVER, BLINK_ECHO, BLINK_LOG, BLINK_OUTPUT, SEMANTICS, SEMANTICS_DRIVER, SEMANTICS_OUTPUT, TOP_LEVEL_THROW,
} from './engines/model-programs.ts'

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

test('the model keeps Espruino\'s semantics on Duktape', () => {
  const d = runDuktape({ code: SEMANTICS, driver: SEMANTICS_DRIVER + '__host.run(1000);' })
  assert.is(d.exitCode, 0, d.stderr)
  assert.is(d.report!.output, SEMANTICS_OUTPUT)
  assert.is(d.report!.errors, 1)
})

test('a top-level throw in the bundle stops the run on Duktape', () => {
  const d = runDuktape({ code: TOP_LEVEL_THROW, runMs: 100 })
  assert.is(d.exitCode, 1)
  assert.is(d.report, null)
  assert.match(d.stderr, /ReferenceError/)
})

test.run()
