// A periodic sensor as an AsyncIterator: each next() sleeps until the source's next period and
// returns one reading in ex.rn[0] (ex.rn[1] = 1 once a sample limit is reached, else 0). The
// source keeps its cadence in a typed array: a consumer that falls behind skips the periods it
// missed instead of getting a burst of stale readings.
//
// What can be read: an analog pin (any board, hal.analogRead), the board temperature
// (E.getTemperature, where the board lists it), and Puck.js's light and magnetometer. A kind the
// board does not list is refused when the source is made, naming the sensors the board has. The
// simulated board reads its deterministic analog wave and temperature (boards/sim).

import { copyArgs, defineFuture, PENDING, READY, VTABLES } from '../executor/abi.ts';
import { checkSize } from '../executor/config.ts';
import type { Executor } from '../executor/executor.ts';
import { fail, M_SENSOR_HAL, M_SENSOR_KIND, M_SENSOR_MISSING, M_SENSOR_NOT_ANALOG, M_TIMERS_FULL, taskArg } from '../executor/messages.ts';
import { AsyncIterator, implement, type Impl } from '../adapters/interface.ts';
import type { Hal } from './hal.ts';

export const SENSOR_ANALOG = 0;
export const SENSOR_TEMPERATURE = 1;
export const SENSOR_LIGHT = 2;
export const SENSOR_MAG = 3;

/** The JS API behind each kind, as board descriptors name their sensors. */
export const SENSOR_APIS = ['analogRead', 'E.getTemperature', 'Puck.light', 'Puck.mag'];

/** Board sensors beyond the Hal interface; EspruinoHal has them (read only where the board lists them). */
export interface BoardSensors {
  light(): number;
  magnitude(): number;
}

// st slots
const PERIOD = 0;
const NEXT = 1;
const COUNT = 2;
const LIMIT = 3;
const LAST = 4;

export class SensorSource {
  readonly hal: Hal;
  readonly kind: number;
  /** Analog pin number (SENSOR_ANALOG), else -1. */
  readonly pin: number;
  /** period ms, next sample time, samples taken, sample limit (0 = endless), last reading */
  readonly st: Float64Array;

  /**
   * A source sampling every periodMs from now; `pinName` names the analog pin (SENSOR_ANALOG
   * only, else ''); `limit` ends the iterator after that many readings (0 = never).
   */
  constructor(ex: Executor, hal: Hal, kind: number, pinName: string, periodMs: number, limit: number) {
    if (kind !== (kind | 0) || kind < 0 || kind >= SENSOR_APIS.length) {
      throw fail(M_SENSOR_KIND, [kind]);
    }
    const b = hal.board;
    if (kind === SENSOR_ANALOG) {
      if (b.analogPins.indexOf(pinName) < 0) {
        throw fail(M_SENSOR_NOT_ANALOG, [b.id, pinName, b.analogPins.join(', ')]);
      }
      this.pin = hal.pin(pinName);
    } else {
      if (b.sensors.indexOf(SENSOR_APIS[kind]) < 0) {
        throw fail(M_SENSOR_MISSING, [b.id, SENSOR_APIS[kind], b.sensors.join(', ')]);
      }
      if (kind >= SENSOR_LIGHT && typeof (hal as unknown as BoardSensors).light !== 'function') {
        throw fail(M_SENSOR_HAL, [SENSOR_APIS[kind]]);
      }
      this.pin = -1;
    }
    this.hal = hal;
    this.kind = kind;
    this.st = new Float64Array(5);
    this.st[PERIOD] = checkSize('sensor', 'periodMs', periodMs, 1, 86400000);
    this.st[NEXT] = ex.now + periodMs;
    this.st[LIMIT] = checkSize('sensor', 'limit', limit, 0, 1e15);
  }

  read(): number {
    const k = this.kind;
    if (k === SENSOR_ANALOG) return this.hal.analogRead(this.pin);
    if (k === SENSOR_TEMPERATURE) return this.hal.temperature();
    if (k === SENSOR_LIGHT) return (this.hal as unknown as BoardSensors).light();
    return (this.hal as unknown as BoardSensors).magnitude();
  }

  get samples(): number { return this.st[COUNT]; }
  get last(): number { return this.st[LAST]; }
}

// frame: words [timer handle, deadline it was set for], refs [source]
export const SensorNext = defineFuture({
  name: 'sensor.next',
  words: 2,
  refs: 1,
  init: copyArgs(0, 1),
  poll: function (ex, f, w, b, r, rb) {
    const st = (r[rb] as SensorSource).st;
    if (st[LIMIT] > 0 && st[COUNT] >= st[LIMIT]) {
      if (w[b] !== 0) { ex.timers.remove(w[b]); w[b] = 0; }
      ex.rn[0] = 0;
      ex.rn[1] = 1;
      return READY;
    }
    const due = st[NEXT];
    if (ex.now >= due) {
      if (w[b] !== 0) { ex.timers.remove(w[b]); w[b] = 0; }
      const v = (r[rb] as SensorSource).read();
      st[LAST] = v;
      st[COUNT]++;
      const p = st[PERIOD];
      // Skip the periods a slow consumer missed, keeping the phase.
      st[NEXT] = ex.now >= due + p ? ex.now - ((ex.now - due) % p) + p : due + p;
      ex.rn[0] = v;
      ex.rn[1] = 0;
      return READY;
    }
    if (w[b] !== 0 && w[b + 1] !== due) {
      ex.timers.remove(w[b]);
      w[b] = 0;
    }
    if (w[b] === 0) {
      const th = ex.timers.add(due, ex.cur);
      if (th === 0) {
        throw fail(M_TIMERS_FULL, [VTABLES[ex.frames.vt[f]], taskArg(ex, ex.cur), ex.timers.capacity]);
      }
      w[b] = th;
      w[b + 1] = due;
    }
    return PENDING;
  },
  drop: function (ex, f, w, b) {
    if (w[b] !== 0) ex.timers.remove(w[b]);
  },
});

/** The source as an AsyncIterator implementation, for a dyn call: dyn(sensorIterator(...), new ScratchOrPool()). */
export function sensorIterator(name: string, src: SensorSource): Impl {
  return implement(AsyncIterator, name, src, { next: SensorNext });
}

/** Opens next() on the current task's side stack, for a caller that knows the source statically. */
export function nextReading(ex: Executor, src: SensorSource): number {
  ex.ar[0] = src;
  return ex.push(SensorNext);
}
