// The probes of simulator/check/ on Duktape's `duk` (npm run test:engines): the model must print
// there what it prints in V8, which simulator-fixtures.test.ts holds to Espruino's own output.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LINUX_BOARD, MODEL_PRELUDE, PROBES, PROBE_RUN_MS, modelLines, probeSource, runOnModel } from '../simulator/check/probes.ts';
import { runDuktape } from './engines/duktape.ts';

for (const probe of PROBES) {
  test(probe.name + ': Duktape prints what V8 prints', () => {
    const d = runDuktape({ code: MODEL_PRELUDE + probeSource(probe.name), board: LINUX_BOARD, runMs: PROBE_RUN_MS });
    assert.is(d.exitCode, 0, d.stderr);
    assert.ok(d.report, 'duk reached the report');
    assert.equal(modelLines(d.report!.output), runOnModel(probe.name));
  });
}

test.run();
