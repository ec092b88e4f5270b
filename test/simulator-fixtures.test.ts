// The model of Espruino (simulator/espruino-model/) against Espruino's own Linux interpreter:
// every probe of simulator/check/ run on the model must print what the fixture recorded on each
// build (simulator/fixtures/<probe>.json, written by simulator/check/check-espruino.ts), line for line, times
// within the run's stated tolerance, stack traces left out (the model prints none). V8 is the
// engine every simulated run uses; QuickJS must print exactly what V8 prints, and Duktape too
// (simulator-fixtures.duktape.ts, npm run test:engines).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  LINUX_BOARD, MODEL_PRELUDE, PROBES, PROBE_RUN_MS, differences, modelLines, probeSource, readFixture, runOnModel,
} from '../simulator/check/probes.ts';
import { runQuickJS } from './engines/quickjs.ts';

for (const probe of PROBES) {
  test(probe.name + ': the model prints what Espruino printed (' + probe.checks + ')', () => {
    const fixture = readFixture(probe.name);
    assert.ok(fixture, 'no fixture for ' + probe.name + ': run simulator/check/check-espruino.ts on an Espruino Linux build');
    assert.ok(fixture!.runs.length > 0, 'the fixture holds no run');
    const lines = runOnModel(probe.name);
    for (const run of fixture!.runs) {
      const diffs = differences(run.lines, lines, run.toleranceMs);
      assert.equal(diffs, [], 'Espruino ' + run.version + ', ' + run.bits + '-bit, ' + run.variables + ' variables (' + run.command + ')');
    }
  });

  test(probe.name + ': QuickJS prints what V8 prints', async () => {
    const q = await runQuickJS({ code: MODEL_PRELUDE + probeSource(probe.name), board: LINUX_BOARD, runMs: PROBE_RUN_MS });
    assert.equal(modelLines(q.output), runOnModel(probe.name));
  });
}

test('a fixture was recorded on a 64-bit build and on the two 32-bit geometries, or says why not', () => {
  for (const probe of PROBES) {
    const f = readFixture(probe.name)!;
    const builds = f.runs.map((r) => r.bits + '/' + r.variables).concat(f.notRun.map((n) => n.build));
    assert.is(builds.length, 3, probe.name + ': ' + builds.join(', '));
    assert.ok(f.runs.some((r) => r.bits === 64 && !r.emulated), probe.name + ' ran natively on a 64-bit build');
  }
});

test.run();
