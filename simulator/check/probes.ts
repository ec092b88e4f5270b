// The probes that check the model of Espruino against Espruino's Linux interpreter: one small ES5
// program per behaviour (probes/<name>.js), the prelude each side gives it, how the interpreter's
// console is read, and how the model's lines are held against the lines a fixture recorded.
// check-espruino.ts records the fixtures; test/simulator-fixtures.test.ts runs the probes on the model.
//
// A probe prints through out() ('| ' and its arguments) or print('|', ...), so that its lines
// stand apart from what the interpreter prints itself ("Uncaught ..." and the stack trace after
// it). A time is printed as '@' and ms since the probe started (T(), or Tof(getTime()-style
// seconds)); the two sides must agree on every line, times within the run's tolerance. busy(ms)
// holds the interpreter for ms of real time so that timers fall due together; in the model a
// callback takes no time, and busy() only counts.

import { existsSync, readFileSync } from 'node:fs';
import type { BoardDescriptor } from '../../boards/descriptors.ts';
import { createV8Engine } from '../v8-engine.ts';

export interface Probe {
  name: string;
  /** What the probe shows, for the fixture and docs/simulator.md. */
  checks: string;
  /** Pin levels driven from outside: on Linux through a stand-in for /sys/class/gpio. */
  gpio: boolean;
  /** How far a printed time may be from the model's, in ms, on a build that runs natively. */
  toleranceMs: number;
}

/**
 * How far a printed time may be from the model's on a build run under emulation (qemu-i386 for a
 * 32-bit build on a machine that runs no i386 code): its timers fire 10 to 20 ms late.
 */
export const EMULATED_TOLERANCE_MS = 25;

// Timers on the Linux build wake up to about a millisecond late (more on a loaded machine); a
// watched pin is polled every millisecond, so its event time is up to that much later.
export const PROBES: Probe[] = [
  { name: 'timer-order', checks: 'equal deadlines run in creation (id) order, an interval keeps its place; timer ids; arguments; string callbacks', gpio: false, toleranceMs: 5 },
  { name: 'timer-floor', checks: 'delays below 0.1 ms (0, negative, NaN, none) are 0.1 ms; an interval of 0 is one of 0.1 ms', gpio: false, toleranceMs: 5 },
  { name: 'change-interval', checks: 'changeInterval counts from the call and makes a timeout repeat; clearTimeout/clearInterval with no argument, undefined, unknown ids; error texts', gpio: false, toleranceMs: 5 },
  { name: 'uncaught', checks: 'the "Uncaught ..." text for each kind of thrown value, printed after the pass; the last exception of a pass wins; intervals and other listeners go on', gpio: false, toleranceMs: 5 },
  { name: 'serial', checks: 'input between two passes is one data chunk; listener order; read()/available() without a listener; a late listener; write/print/println bytes', gpio: false, toleranceMs: 5 },
  { name: 'watch', checks: 'setWatch edges both/rising/falling, repeat, debounce (time of the last edge), the event object and lastTime, clearWatch while debouncing, ids and error texts', gpio: true, toleranceMs: 5 },
  { name: 'pins', checks: 'digitalWrite/digitalRead of pins and arrays (first pin most significant), value conversion, Pin methods, pin modes', gpio: true, toleranceMs: 5 },
  { name: 'promise', checks: 'Promise reactions run after the pass\'s timers; rejection handling; unhandled rejections; then() without onFulfilled on a fulfilled promise', gpio: false, toleranceMs: 5 },
  { name: 'environment', checks: 'getTime() is seconds; process.memory() fields; no init event on loading; E.emit is queued', gpio: false, toleranceMs: 5 },
  { name: 'print', checks: 'print/console.log formatting of values', gpio: false, toleranceMs: 5 },
  { name: 'board-globals', checks: 'the board API globals the Linux build has (I2C1..3, SPI1..3, I2C, SPI, analogWrite, Storage) and lacks (NRF, Puck, Bangle, E.getBattery); a bad I2C bitrate', gpio: false, toleranceMs: 5 },
  { name: 'storage', checks: "require('Storage'): writes, sized files filled at offsets, errors, typed-array data, JSON, list order, getFree and getStats with trash, StorageFile lines", gpio: false, toleranceMs: 5 },
];

/** The probe's own source (without a prelude). */
export function probeSource(name: string): string {
  return readFileSync(new URL('./probes/' + name + '.js', import.meta.url), 'utf8');
}

const COMMON = `var __t0 = getTime();
function Tof(t) { return Math.round((t - __t0) * 10000) / 10; }
function T() { return Tof(getTime()); }
function out() { var s = '|'; for (var i = 0; i < arguments.length; i++) s += ' ' + String(arguments[i]); print(s); }
function busy(ms) { var end = getTime() + ms / 1000; for (var i = 0; i < 100000 && getTime() < end; i++); }
`;

/**
 * Before a probe on Espruino's Linux build: pins are driven by writing the value file the build
 * polls (a stand-in directory mounted over /sys/class), serial input is injected into the port's
 * input queue, and done() ends the run once what is printed has been written out.
 */
export const LINUX_PRELUDE = COMMON + `function drive(pin, v) { require('fs').writeFileSync('/sys/class/gpio/gpio' + (pin | 0) + '/value', v ? '1' : '0'); }
function feed(port, text) { port.inject(text); }
function done() { setTimeout(function () { quit(); }, 20); }
`;

/** Before a probe on the model: pins and serial input go through the host's own inputs. */
export const MODEL_PRELUDE = COMMON + `var __probeDone = false;
function drive(pin, v) { __host.edge(pin, __host.now(), v); }
function feed(port, text) { __host.serial(port, __host.now(), text); }
function done() { __probeDone = true; }
`;

/** The Linux build as a board: D0..D32, Serial1..Serial6, no LEDs, buttons or sensors. */
export const LINUX_BOARD: BoardDescriptor = {
  id: 'linux', name: "Espruino's Linux build", espruinoBoard: 'LINUX',
  chip: { part: 'LINUX', family: 'LINUX', ramKB: 0, flashKB: 256 },
  variables: 4096, bytesPerVariable: 27,
  leds: [], ledPins: [], buttons: [], buttonPins: [],
  pins: Array.from({ length: 33 }, (_, i) => 'D' + i), analogPins: [],
  serial: ['Serial1', 'Serial2', 'Serial3', 'Serial4', 'Serial5', 'Serial6'], sensors: [],
  // LINUX.py (RELEASE_2V29): chip i2c 3, spi 3; its Storage is a 256 KiB file (espruino.flash) of 1024-byte pages (gen/platform_config.h).
  apis: ['analogWrite', 'I2C', 'SPI', 'Storage', 'I2C1', 'I2C2', 'I2C3', 'SPI1', 'SPI2', 'SPI3'], storage: { bytes: 262144, pageBytes: 1024 }, link: '',
};

/**
 * The lines a probe printed on the interpreter's console: without the banner, the prompt (">" and
 * an erase-line sequence around every print) and carriage returns.
 */
export function consoleLines(raw: string): string[] {
  const text = raw.replace(/\r/g, '').replace(/\x1b\[J/g, '');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /espruino\.com\/Donate/.test(l));
  return lines.slice(start + 1).map((l) => l.replace(/^>+/, '')).filter((l) => l !== '');
}

/**
 * A stack trace follows an "Uncaught ..." line on Espruino (the place in the source, the line and
 * a caret); the model prints none. Trace lines are those after an Uncaught line up to the next
 * line of the probe's own or the next Uncaught.
 */
export function withoutTraces(lines: readonly string[]): string[] {
  const out: string[] = [];
  let inTrace = false;
  for (const l of lines) {
    if (l.startsWith('Uncaught ')) {
      inTrace = true;
      out.push(l);
    } else if (l.startsWith('|')) {
      inTrace = false;
      out.push(l);
    } else if (!inTrace) {
      out.push(l);
    }
  }
  return out;
}

/** Where the model's lines differ from the recorded ones (traces left out); empty when they agree. */
export function differences(recorded: readonly string[], model: readonly string[], toleranceMs: number): string[] {
  const want = withoutTraces(recorded);
  const diffs: string[] = [];
  const n = Math.max(want.length, model.length);
  for (let i = 0; i < n; i++) {
    const w = want[i];
    const m = model[i];
    if (w === undefined || m === undefined || !sameLine(w, m, toleranceMs)) {
      diffs.push('line ' + (i + 1) + ': recorded ' + JSON.stringify(w) + ', model ' + JSON.stringify(m));
    }
  }
  return diffs;
}

function sameLine(w: string, m: string, toleranceMs: number): boolean {
  const a = w.split(' ');
  const b = m.split(' ');
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (!/^@-?[\d.]+$/.test(a[i]) || !/^@-?[\d.]+$/.test(b[i])) return false;
    if (Math.abs(Number(a[i].slice(1)) - Number(b[i].slice(1))) > toleranceMs) return false;
  }
  return true;
}

/** A probe's lines on the model in V8, on the Linux build's board, run until it calls done(). */
export function runOnModel(name: string): string[] {
  const engine = createV8Engine(LINUX_BOARD);
  engine.load(MODEL_PRELUDE + probeSource(name), name + '.js');
  for (let ms = 1; ms <= PROBE_LIMIT_MS && engine.evaluate('__probeDone') !== true; ms++) engine.run(ms);
  return modelLines(engine.output());
}

/** The most board time a probe may take before it calls done(). */
export const PROBE_LIMIT_MS = 10000;

/** Board time an engine that does not look for done() runs a probe for: past every probe's end. */
export const PROBE_RUN_MS = 1000;

/** The model's printed text as lines, as consoleLines reads the interpreter's. */
export function modelLines(output: string): string[] {
  return output.split('\n').filter((l) => l !== '');
}

export interface FixtureRun {
  /** What the interpreter says it is. */
  version: string;
  gitCommit: string;
  bits: number;
  /** Variables and bytes per variable at the start (a 64-bit build's variables grow on demand). */
  variables: number;
  blocksize: number;
  command: string;
  /** Run under an emulator: its times are held to EMULATED_TOLERANCE_MS. */
  emulated: boolean;
  /** How far the model's times may be from this run's. */
  toleranceMs: number;
  recorded: string;
  /** The machine's load average (1 minute) when the run was recorded. */
  loadAverage: number;
  /** Runs it took to get this one: the earlier ones disagreed with the model (see disagreements). */
  attempts: number;
  /** Every run that disagreed with the model on the way, with the machine's load at the time. */
  disagreements: { loadAverage: number; differences: string[] }[];
  /** The console lines, traces included (the model's comparison leaves them out). */
  lines: string[];
}

export interface Fixture {
  behaviour: string;
  checks: string;
  probe: string;
  runs: FixtureRun[];
  /** Builds the probe could not run on, and why (a build without GPIO for a gpio probe). */
  notRun: { build: string; why: string }[];
}

export const FIXTURES = new URL('../fixtures/', import.meta.url);
export function fixturePath(name: string): string {
  return new URL(name + '.json', FIXTURES).pathname;
}

export function readFixture(name: string): Fixture | null {
  const file = fixturePath(name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Fixture : null;
}
