// The bench's twins (bench/twins/<name>.js, every example and the sensor-average program written
// by hand as an Espruino user writes them) print the same and write the same LEDs at the same
// board times as their frugal programs on the model of Espruino, so that the bench compares two
// programs that do the same work.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EXAMPLE_NAMES, exampleNames } from '../program/example-names.ts';
import { loadExample } from '../program/load-program.ts';
import { PAIRS, checkPair } from '../bench/twins.ts';

test('every example has a twin', () => {
  for (const name of exampleNames()) {
    assert.ok(PAIRS.some((p) => p.name === name), name + ' has a twin in bench/twins/');
  }
});

test('each twin does what its frugal program does on the model', async () => {
  // The general examples in one program, type-checked once (the builds below find them loaded).
  for (const name of EXAMPLE_NAMES) await loadExample(name, true);
  for (const pair of PAIRS) {
    const c = await checkPair(pair);
    assert.equal(c.differences, [], pair.name);
    assert.ok(c.frugal.output.length > 0 || c.frugal.leds.length > 0, pair.name + ' does something to compare');
  }
});

test.run();
