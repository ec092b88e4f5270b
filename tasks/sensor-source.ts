// A periodic sensor as an AsyncIterator: each next() sleeps until the source's next period and
// returns [reading, 0] ([0, 1] once a sample limit is reached). The source keeps its cadence in a
// typed array: a consumer that falls behind skips the periods it missed instead of getting a
// burst of stale readings. next() is an async method, lowered like task code, so the same source
// runs on the simulator and on a device: build it into a dyn object with dyn(implement(AsyncIterator, name, source), adapter).
//
// What can be read: an analog pin (any board, hal.analogRead), the board temperature
// (E.getTemperature, where the board lists it), and Puck.js's light and magnetometer. A kind the
// board does not list is refused when the source is made, naming the sensors the board has. The
// simulated board reads its deterministic analog wave and temperature (boards/sim).

import { now, sleepUntil, type AsyncIteratorSource } from './task-api.ts';
import { checkSize } from '../executor/config.ts';
import type { Executor } from '../executor/executor.ts';
import { fail, M_SENSOR_HAL, M_SENSOR_KIND, M_SENSOR_MISSING, M_SENSOR_NOT_ANALOG } from '../executor/messages.ts';
import type { BoardSensors, Hal } from '../boards/hal.ts';
import { SENSOR_KINDS } from './sensor-kinds.ts';

export const SENSOR_ANALOG = 0;
export const SENSOR_TEMPERATURE = 1;
export const SENSOR_LIGHT = 2;
export const SENSOR_MAG = 3;

/** The JS API behind each kind, as board descriptors name their sensors. */
export const SENSOR_APIS = ['analogRead', 'E.getTemperature', 'Puck.light', 'Puck.mag'];


// st slots
const PERIOD = 0;
const NEXT = 1;
const COUNT = 2;
const LIMIT = 3;
const LAST = 4;

/** Readings a source has taken so far. */
export function samplesOf(src: SensorSource): number {
  return src.st[COUNT];
}

export class SensorSource implements AsyncIteratorSource {
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

  /**
   * Only the kinds the build has (SENSOR_KINDS): a kind is checked only where a later one is there
   * too, so the last kind present is read without a check and the ones after it are not in the bundle.
   */
  read(): number {
    const k = this.kind;
    if ((SENSOR_KINDS & 1) !== 0 && ((SENSOR_KINDS & 14) === 0 || k === SENSOR_ANALOG)) return this.hal.analogRead(this.pin);
    if ((SENSOR_KINDS & 2) !== 0 && ((SENSOR_KINDS & 12) === 0 || k === SENSOR_TEMPERATURE)) return this.hal.temperature();
    if ((SENSOR_KINDS & 4) !== 0 && ((SENSOR_KINDS & 8) === 0 || k === SENSOR_LIGHT)) return (this.hal as unknown as BoardSensors).light();
    return (this.hal as unknown as BoardSensors).magnitude();
  }

  /** The next reading, at the source's next period; [0, 1] once the sample limit is reached. */
  async next(): Promise<[value: number, done: number]> {
    // this.st each time rather than in a local: the frame keeps one reference slot (self), not two.
    for (;;) {
      if (this.st[LIMIT] > 0 && this.st[COUNT] >= this.st[LIMIT]) return [0, 1];
      const due = this.st[NEXT];
      const t = now();
      if (t >= due) {
        const v = this.read();
        this.st[LAST] = v;
        this.st[COUNT]++;
        const p = this.st[PERIOD];
        // Skip the periods a slow consumer missed, keeping the phase.
        this.st[NEXT] = t >= due + p ? t - ((t - due) % p) + p : due + p;
        return [v, 0];
      }
      await sleepUntil(due);
    }
  }
}
