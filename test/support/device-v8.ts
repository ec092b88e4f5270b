// A device bundle run in V8 (this process) over the few Espruino globals a bundle without sensors
// uses, so that test/support/alloc-meter.ts can count what the device runtime and the
// device-lowered code allocate: the globals themselves allocate nothing per call (the interval is
// one captured function, digitalWrite only counts). Board time moves a whole second per run, so
// that getTime() returns a small integer: a fractional one is a heap number V8 boxes on every call
// it does not inline, 16 bytes a run that are the stand-in's and not the bundle's. A test of the
// run loop's pace gives digitalWrite a duration instead (V8Clock).

export interface DeviceInV8 {
  /** Advances board time by a second (past any deadline the programs set) and runs the loop, `runs` times. */
  step(runs: number): void;
  /** digitalWrite calls so far: the programs write a pin once per round of their loop. */
  writes(): number;
  /** Lines printed (console.log): a fault line, or a program's own output. */
  printed(): readonly string[];
  /** getTime() calls so far. */
  clockReads(): number;
  /** digitalWrite calls so far that wrote 0. */
  lows(): number;
  /** Sets the clock (board ms), as a reboot or E.setTime moves it. */
  setClock(ms: number): void;
}

export interface V8Clock {
  /** Board ms each digitalWrite takes: the clock moves while code runs, as a board's does (0: it stands still). */
  msPerWrite?: number;
  /** Board ms a step advances the clock before its run (1000 unless given). */
  msPerStep?: number;
}

/** Loads an ES5 device bundle (its own IIFE) with `pins` (pins and ports the image names) as plain objects. */
export function loadInV8(code: string, pins: readonly string[], clock: V8Clock = {}): DeviceInV8 {
  const st = new Float64Array(4); // [board time ms, digitalWrite calls, getTime calls, writes of 0]
  const perWrite = clock.msPerWrite ?? 0;
  const perStep = clock.msPerStep ?? 1000;
  const lines: string[] = [];
  let loop: (() => void) | null = null;
  // `global` its own object: the bundle puts its memory there and deletes the class it made W with (bundler/builtin-roots.ts).
  const names = ['getTime', 'setInterval', 'changeInterval', 'digitalWrite', 'console', 'E', 'global'].concat(pins);
  const values: unknown[] = [
    function (): number { st[2]++; return st[0] / 1000; },
    // Espruino passes the interval's extra argument to each call (the run loop reads it).
    function (fn: (arg: unknown) => void, _ms: number, arg: unknown): number { loop = function (): void { fn(arg); }; return 1; },
    function (): void {},
    function (_pin: unknown, v: unknown): void { st[1]++; st[0] += perWrite; if (!v) st[3]++; },
    { log: function (text: string): void { lines.push(text); } },
    {},
    {},
  ];
  // Pins as numbers, as Espruino's are once written into W.
  for (let i = 0; i < pins.length; i++) values.push(i + 1);
  new Function(names.join(', '), code)(...values);
  if (loop === null) throw new Error('the bundle set no interval: not a device bundle');
  const run: () => void = loop;
  return {
    step(runs: number): void {
      for (let i = 0; i < runs; i++) {
        st[0] += perStep;
        run();
      }
    },
    writes: () => st[1],
    clockReads: () => st[2],
    lows: () => st[3],
    setClock: (ms: number): void => { st[0] = ms; },
    printed: () => lines,
  };
}
