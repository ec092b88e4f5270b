// The device's run loop. Espruino has no loop of its own to hand over, only callbacks, so the
// driver owns one interval and moves it to the next timer deadline after every run
// (changeInterval), instead of creating a timeout per sleep: the timer record, the callback and
// the state here are made once, at start, and steady state allocates nothing.
//
// Pin and serial callbacks run the executor straight away (EspruinoHal calls driver.run), so an
// edge or a line is handled in the same callback that delivered it; the interval only serves
// sleeps, and tasks still ready after a bounded number of passes (one that yields in a loop),
// which get the next run after a short delay so that the board's own events are not starved.

import type { Executor, Fault } from '../../executor/executor.ts';
import type { EspruinoHal } from './hal.ts';

declare function setInterval(fn: () => void, ms: number): number;
declare function changeInterval(id: number, ms: number): void;
declare const E: { on?: (event: string, fn: () => void) => void };
declare const console: { log(text: string): void };

/** Passes per run before the driver lets the board's event queue in. */
export const MAX_PASSES = 16;
/** Delay for a run that is due now: Espruino's interval floor. */
export const MIN_DELAY_MS = 0.1;
/** Interval period while no timer is pending: nothing to do until a pin or serial event. */
export const IDLE_MS = 3600000;

// st slots
const RUNNING = 0;
const AGAIN = 1;
const INTERVAL = 2;
const RUNS = 3;

export class Driver {
  readonly ex: Executor;
  readonly hal: EspruinoHal;
  /** [running, again, interval id, runs] */
  readonly st: Float64Array;
  /** The one callback: runs the executor and reschedules. Made once. */
  readonly run: () => void;

  constructor(ex: Executor, hal: EspruinoHal) {
    const self = this;
    this.ex = ex;
    this.hal = hal;
    this.st = new Float64Array(4);
    this.run = function (): void { self.step(); };
  }

  /** Polls every ready task (bounded), then moves the interval to the next deadline. */
  step(): void {
    const st = this.st;
    const ex = this.ex;
    // A callback that arrives while tasks are being polled (a task's own write triggering a
    // watch) is folded into the current run instead of nesting inside it.
    if (st[RUNNING] === 1) {
      st[AGAIN] = 1;
      return;
    }
    st[RUNNING] = 1;
    st[RUNS]++;
    let passes = 0;
    try {
      do {
        st[AGAIN] = 0;
        ex.advanceTo(this.hal.now());
        while (ex.runQueue.length > 0 && passes < MAX_PASSES) {
          ex.runPass();
          passes++;
          ex.advanceTo(this.hal.now());
        }
      } while (st[AGAIN] === 1 && passes < MAX_PASSES);
    } finally {
      st[RUNNING] = 0;
    }
    this.schedule();
  }

  private schedule(): void {
    const ex = this.ex;
    let delay = IDLE_MS;
    if (ex.runQueue.length > 0) {
      delay = MIN_DELAY_MS;
    } else {
      const next = ex.nextDeadline();
      if (next >= 0) delay = next - this.hal.now();
    }
    if (delay < MIN_DELAY_MS) delay = MIN_DELAY_MS;
    changeInterval(this.st[INTERVAL], delay);
  }

  get runs(): number { return this.st[RUNS]; }
}

function reportFault(ex: Executor, f: Fault): void {
  console.log('frugal: task ' + f.task + " ('" + f.name + "') stopped in " + f.phase + ': ' + f.message);
}

/**
 * Starts the executor on the board: runs the tasks the example spawned, then keeps running them
 * from the interval and the HAL's callbacks. Faults are printed to the console (a device has no
 * other place to show them), unless the program set ex.onFault itself.
 */
export function startDriver(ex: Executor, hal: EspruinoHal): Driver {
  const d = new Driver(ex, hal);
  if (ex.onFault === null) ex.onFault = reportFault;
  hal.run = d.run;
  d.st[INTERVAL] = setInterval(d.run, IDLE_MS);
  // A board that boots from a saved RAM image (save()) restarts getTime(); keep board time
  // where it was so that pending deadlines stay in the future by the same amounts.
  if (typeof E.on === 'function') {
    E.on('init', function (): void {
      hal.rebase(ex.now);
      d.run();
    });
  }
  d.run();
  return d;
}
