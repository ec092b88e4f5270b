// A device bundle run in V8 (this process) over the few Espruino globals a bundle without sensors
// uses, so that test/support/alloc-meter.ts can count what the device runtime and the
// device-lowered code allocate: the globals themselves allocate nothing per call (time is a
// number, the interval is one captured function, digitalWrite only counts).

export interface DeviceInV8 {
  /** Advances board time to the run loop's next wake-up and runs it, `runs` times. */
  step(runs: number): void;
  /** digitalWrite calls so far: the programs write a pin once per round of their loop. */
  writes(): number;
  /** Lines printed (console.log): a fault line, or a program's own output. */
  printed(): readonly string[];
}

/** Loads an ES5 device bundle (its own IIFE) with `pins` (pins and ports the image names) as plain objects. */
export function loadInV8(code: string, pins: readonly string[]): DeviceInV8 {
  const st = new Float64Array(3); // [board time ms, interval ms, digitalWrite calls]
  const lines: string[] = [];
  let loop: (() => void) | null = null;
  const names = ['getTime', 'setInterval', 'changeInterval', 'digitalWrite', 'console', 'E'].concat(pins);
  const values: unknown[] = [
    function (): number { return st[0] / 1000; },
    function (fn: () => void, ms: number): number { loop = fn; st[1] = ms; return 1; },
    function (_id: number, ms: number): void { st[1] = ms; },
    function (): void { st[2]++; },
    { log: function (text: string): void { lines.push(text); } },
    {},
  ];
  for (let i = 0; i < pins.length; i++) values.push({ pin: pins[i] });
  new Function(names.join(', '), code)(...values);
  if (loop === null) throw new Error('the bundle set no interval: not a device bundle');
  const run: () => void = loop;
  return {
    step(runs: number): void {
      for (let i = 0; i < runs; i++) {
        st[0] += st[1] < 1 ? 1 : st[1];
        run();
      }
    },
    writes: () => st[2],
    printed: () => lines,
  };
}
