// `npm run fuzz`: the property suite with many more runs than `npm test` gives it.
//   FUZZ_RUNS=20000     runs per property (default 20,000)
//   FUZZ_SEED=123       replay a seed (default: a random one, printed first)
//   FUZZ_ONLY=dyn       only the properties whose name contains this (at least one must)
//   FUZZ_DEVICE_RUNS=100000  random programs on the device form, in all (test/device-fuzz.test.ts;
//                       split over the shapes; 0: none). Each runs as a device bundle on the model
//                       of Espruino and on the host executor.
//   FUZZ_DEVICE_SHAPES=placed,boxed  which shapes (test/device-fuzz/shapes.ts; the known-different
//                       ones by name too)
// Exits 1 on the first property that fails, after printing its seed, path and shrunk counterexample.

import fc from 'fast-check';
import { ALL_PROPERTIES } from '../support/property-suite.ts';
import { prepareShape, shapeProperty } from '../support/device-fuzz.ts';
import { KNOWN_DIFFERENT, SHAPES } from '../device-fuzz/shapes.ts';

const runs = Number(process.env.FUZZ_RUNS || 20000);
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : (Math.random() * 0x7fffffff) | 0;
const only = process.env.FUZZ_ONLY || '';
const deviceRuns = Number(process.env.FUZZ_DEVICE_RUNS ?? 100000);
if (!Number.isInteger(deviceRuns) || deviceRuns < 0) throw new Error('FUZZ_DEVICE_RUNS must be a whole number >= 0, got ' + process.env.FUZZ_DEVICE_RUNS);
const shapeNames = process.env.FUZZ_DEVICE_SHAPES ? process.env.FUZZ_DEVICE_SHAPES.split(',') : SHAPES.map((s) => s.name);
const shapes = shapeNames.map((n) => {
  const s = SHAPES.concat(KNOWN_DIFFERENT).find((x) => x.name === n);
  if (s === undefined) throw new Error('FUZZ_DEVICE_SHAPES: no shape ' + JSON.stringify(n) + '; shapes: ' + SHAPES.concat(KNOWN_DIFFERENT).map((x) => x.name).join(', '));
  return s;
});
if (!Number.isInteger(runs) || runs < 1) throw new Error('FUZZ_RUNS must be a whole number >= 1, got ' + process.env.FUZZ_RUNS);
if (!Number.isInteger(seed)) throw new Error('FUZZ_SEED must be an integer, got ' + process.env.FUZZ_SEED);
const picked = ALL_PROPERTIES.filter((p) => p.name.indexOf(only) >= 0);
// Running nothing would end in "fuzz: passed".
if (picked.length === 0) {
  throw new Error('FUZZ_ONLY=' + JSON.stringify(only) + " is in no property's name; pass part of one of: " +
    ALL_PROPERTIES.map((p) => JSON.stringify(p.name)).join(', '));
}

console.log('fuzz: seed ' + seed + ', ' + runs + ' runs per property' +
  ' (replay with FUZZ_SEED=' + seed + ')');
let failed = 0;
const t0 = Date.now();

/** Checks one property with the run's seed and prints its line; a failure also its seed, path and shrunk input. */
function check<T>(label: string, property: fc.IProperty<T> | fc.IAsyncProperty<T>, numRuns: number, inputName: string): boolean {
  const t = Date.now();
  const r = fc.check(property as fc.IProperty<T>, { numRuns: numRuns, seed: seed });
  const ms = Date.now() - t;
  if (!r.failed) {
    console.log('  ok    ' + label + ': ' + r.numRuns + ' runs in ' + (ms / 1000).toFixed(1) + ' s');
    return true;
  }
  console.log('  FAIL  ' + label + ' after ' + r.numRuns + ' runs (' + r.numShrinks + ' shrinks), seed ' + r.seed + ', path "' + r.counterexamplePath + '"');
  console.log('  ' + inputName + ': ' + JSON.stringify(r.counterexample));
  console.log('  ' + String(r.errorInstance instanceof Error ? r.errorInstance.message : r.errorInstance).split('\n').join('\n  '));
  return false;
}

for (const p of picked) {
  if (!check(p.name, p.property(), runs, 'counterexample')) {
    failed++;
    break;
  }
}
// The device form after the host's properties, and only when FUZZ_ONLY picks nothing narrower.
if (!failed && deviceRuns > 0 && only === '') {
  for (const shape of shapes) {
    const prep = await prepareShape(shape);
    if (!check('device programs of shape ' + shape.name, shapeProperty(prep), Math.ceil(deviceRuns / shapes.length), 'shrunk program')) {
      failed++;
      break;
    }
  }
}
console.log('fuzz: ' + (failed ? 'FAILED' : 'passed') + ' in ' + ((Date.now() - t0) / 1000).toFixed(1) + ' s, seed ' + seed);
if (failed) process.exitCode = 1;
