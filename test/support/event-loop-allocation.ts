// The model's event loop measured in a process of its own (test/simulator-engine.test.ts starts
// it): V8 shares the model's compiled functions between the engines of one process, and a run
// earlier in a long test process can leave one of them deoptimized for the rest of it, boxing a
// number per event that the model itself does not allocate. Prints { bytes, gcs } as JSON.

import { createV8Engine } from '../../simulator/v8-engine.ts';
import { measureAllocation, WINDOW_NOISE_BYTES } from './alloc-meter.ts';

// An LED toggled every 500 ms and a loop that moves its own interval with changeInterval (to 200
// ms on average), as a device bundle's run loop does; no getTime(), whose fractional seconds V8
// boxes when it does not inline the call (the bundle's cost, not the event loop's).
export const SYNTHETIC = `var n = 0;
(function () {
  var on = 0;
  setInterval(function () { on = on ? 0 : 1; digitalWrite(LED1, on); n++; }, 500);
  var k = 0;
  var id = setInterval(function () { n++; changeInterval(id, (++k % 3 + 1) * 100); }, 100);
})();`;

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const e = createV8Engine('puckjs');
  e.load(SYNTHETIC);
  let until = 0;
  // 10,000 events: 7 per 1,000 ms of board time.
  const m = await measureAllocation(() => { until += 1430000; e.run(until); }, {
    warmStep: () => { until += 1430000; e.run(until); }, windows: 3, bound: WINDOW_NOISE_BYTES, rounds: 3,
  });
  console.log(JSON.stringify({ bytes: m.bytes, gcs: m.gcs }));
}
