// A program's device bundle run on the model of Espruino (simulator/), over virtual time: what
// `frugal run`, `frugal/testing`'s runProgram, `frugal size` and the examples' tests run. The bundle
// is the one `frugal build` writes for the board, byte for byte; the run scripts the inputs (pin
// edges, serial text) and reads everything it reports from the device: what it printed, the pins it
// wrote, its fault lines (decoded with the build's name map) and its memory (the budget report).

import type { BuildResult } from '../bundler/build-example.ts';
import { serialPortNames } from '../boards/espruino/serial-ports.ts';
import { decodeLine } from '../executor/messages.ts';
import { M_TASK_STOPPED } from '../contract/fault-codes.ts';
import { TASK_FAULTED } from '../contract/task-states.ts';
import { CallbackTimeout, createV8Engine } from '../simulator/v8-engine.ts';
import type { DeviceMap } from '../bundler/device-image.ts';
import { deviceReport, type DeviceReport } from './device-report.ts';
import { DeviceTracer, type TraceFile } from './device-trace.ts';
import { applyBoardScript, readBoardRecords, type BoardRecords, type BoardScript } from './board-io.ts';
import { inFunctionScope } from '../bundler/top-level.ts';

/** A pin's level set to `value` (0 or 1) at board time `atMs`; a button press is two edges. */
export interface ScriptedEdge {
  pin: string;
  atMs: number;
  value: number;
}

/** Text arriving on a serial port (0 = the board's first UART, as the HAL numbers them) from board time `atMs`. */
export interface ScriptedSerial {
  port: number;
  atMs: number;
  text: string;
}

export interface DeviceFault {
  task: number;
  name: string;
  /** 'poll' when the task threw, 'drop' when dropping its futures after that threw. */
  phase: string;
  /** The error, decoded from the device's numbers with the build's name map. */
  message: string;
}

export interface LedRecord {
  writes: number;
  /** The last one, as 't=<ms> <LED>=<level>'. */
  last: string;
}

export interface DeviceRun {
  readonly build: BuildResult;
  readonly ms: number;
  /** What the program printed, fault lines aside. */
  readonly output: string;
  readonly faults: DeviceFault[];
  /** Errors that escaped every task (the interpreter's "Uncaught ..."), as Espruino prints them. */
  readonly uncaught: string[];
  /** The last LED writes, oldest first, as 't=<ms> <LED>=<level>'. */
  readonly ledLog: string[];
  readonly leds: { [led: string]: LedRecord };
  readonly report: DeviceReport;
  readonly trace: TraceFile | null;
  /** What the program did with the board's hardware: advertising, PWM, I2C, SPI, Storage (program/board-io.ts). */
  readonly records: BoardRecords;
}

export interface DeviceRunOptions {
  edges?: readonly ScriptedEdge[];
  serial?: readonly ScriptedSerial[];
  /** Make a Chrome trace of the run (read from the memory after every callback). */
  trace?: boolean;
  /**
   * Wall time one callback of the bundle may run, in ms (BUSY_LIMIT_MS when left out): a task whose
   * poll runs that long without returning (a loop that never awaits) is stopped there, reported as
   * a fault naming it and the loops the build found, and the run ends at that board time.
   */
  busyLimitMs?: number;
  /** The board's own hardware: sensor readings, BLE centrals, I2C devices, SPI replies, files in Storage. */
  hardware?: BoardScript;
}

/**
 * How long one callback of a simulated bundle may run in wall time before the task in it is taken
 * for stuck: 2 s. The model runs a bundle hundreds of times faster than Espruino does, so a poll
 * that takes 2 s here would hold a board for many minutes; ordinary callbacks take microseconds.
 */
export const BUSY_LIMIT_MS = 2000;

/** The fault of task t, stopped in a poll that ran limitMs of wall time: which loops of its code never await, as the build found them. */
export function busyMessage(map: DeviceMap, t: number, limitMs: number): string {
  const loops = (map.loops ?? []).filter((l) => l.tasks.indexOf(t) >= 0);
  const where = loops.length === 0 ? 'a loop or a call in its code that does not return (the build found no loop it can name)' :
    (loops.length === 1 ? 'a loop that never awaits: ' : 'one of the loops that never await: ') +
    loops.map((l) => l.at + ' (`' + l.head + '` in ' + l.fn + ')').join(', ');
  return 'its poll ran ' + limitMs + ' ms of real time without returning to the event loop (the bound for one callback of a simulated run): ' +
    where + '; on a board it would hold every other task and the board\'s own events for ever (docs/device.md); fix: await in the loop (sleep, yieldNow, a receive), or give it a way out';
}

const STOPPED = new RegExp('^frugal!E' + M_TASK_STOPPED + ',(\\d+),(\\d+) (.*)$');

/** A device bundle loaded on the model of its board, run in steps: what runDevice does at once, and the soak in chunks. */
export interface DeviceSession {
  readonly build: BuildResult;
  /** The bundle's memory (its global `frugal`), live: every read sees the board's words now. */
  readonly memory: Float64Array;
  /** Schedules a pin edge (a button press is two); throws naming the pin when the board lacks it. */
  edge(e: ScriptedEdge): void;
  /** Schedules text arriving on serial port e.port (the HAL's number); throws when the board lacks it. */
  serial(e: ScriptedSerial): void;
  /** Runs every callback due up to board time untilMs. */
  run(untilMs: number): void;
  now(): number;
  /** What the run did so far. */
  finish(): DeviceRun;
}

/**
 * Loads a build's bundle on the model of its board, at board time 0.
 * - `build` is what buildExample returned for the board; nothing of the host's setup runs here.
 */
export function startDevice(build: BuildResult, opts: { trace?: boolean; busyLimitMs?: number; hardware?: BoardScript } = {}): DeviceSession {
  const map = build.map;
  const b = build.board;
  const ports = serialPortNames(b);
  let tracer: DeviceTracer | null = null;
  const limit = opts.busyLimitMs ?? BUSY_LIMIT_MS;
  const engine = createV8Engine(b, {
    onCallbackDone: opts.trace === true ? (now) => { if (tracer !== null) tracer.sample(now); } : undefined,
    callbackLimitMs: limit,
  });
  // A task stuck in its poll: the engine stopped it; the run ends there, the task faulted.
  let stuck: DeviceFault | null = null;
  let stuckAt = -1;
  const stop = (e: unknown, memory: Float64Array | undefined): void => {
    if (!(e instanceof CallbackTimeout)) throw e;
    const t = memory === undefined ? -1 : memory[map.layout.CUR];
    stuckAt = e.atMs;
    if (t >= 0) {
      memory![map.layout.T_STATE + t] = TASK_FAULTED;
      memory![map.layout.FAULTS]++;
    }
    stuck = { task: t, name: t >= 0 ? map.tasks[t] : '(none)', phase: 'poll', message: busyMessage(map, t, limit) };
  };
  // Files and I2C devices are there before the program loads; timed inputs wait for their time.
  if (opts.hardware !== undefined) applyBoardScript(engine, opts.hardware);
  let loaded: Float64Array | undefined;
  try {
    engine.load(inFunctionScope(build.code), build.example.name + '-' + b.id + '.js');
  } catch (e) {
    // Stopped in the first run, at load: the memory is there all the same.
    loaded = engine.evaluate('frugal') as Float64Array | undefined;
    stop(e, loaded);
  }
  // The context's own Float64Array: instanceof the host's would be false, isView is not.
  const memory = loaded ?? engine.evaluate('frugal') as Float64Array | undefined;
  if (!ArrayBuffer.isView(memory) || memory.length !== map.words) {
    throw new Error("the bundle of '" + build.example.name + "' did not load on the model of " + b.name + ': ' +
      (engine.errors().join('; ') || 'its memory is not there'));
  }
  if (opts.trace === true) {
    tracer = new DeviceTracer('frugal run ' + build.example.name + ' on ' + b.name + ' (board time)', map, memory);
    tracer.sample(0);
  }
  return {
    build, memory,
    edge(e: ScriptedEdge): void {
      if (b.buttons.indexOf(e.pin) < 0 && b.leds.indexOf(e.pin) < 0 && b.pins.indexOf(e.pin) < 0) {
        throw new Error('an edge at ' + e.atMs + " ms names pin '" + e.pin + "', which " + b.name + ' (' + b.id + ') does not have; use one of its buttons (' +
          (b.buttons.join(', ') || 'none') + ') or pins (' + b.pins.slice(0, 8).join(', ') + (b.pins.length > 8 ? ', ...' : '') + ')');
      }
      engine.edge(e.pin, e.atMs, e.value);
    },
    serial(e: ScriptedSerial): void {
      const port = ports[e.port];
      if (port === undefined) {
        throw new Error('serial input at ' + e.atMs + ' ms for port ' + e.port + ': ' + b.name + ' has ' +
          (ports.length === 0 ? 'no serial port' : 'ports 0..' + (ports.length - 1) + ' (' + ports.join(', ') + ')'));
      }
      engine.serial(port, e.atMs, e.text);
    },
    run(untilMs: number): void {
      if (stuck !== null) return;
      try {
        engine.run(untilMs);
      } catch (e) {
        stop(e, memory);
      }
    },
    now: () => stuck !== null ? stuckAt : engine.now(),
    finish(): DeviceRun {
      const ms = stuck !== null ? stuckAt : engine.now();
      const names = { tasks: map.tasks.slice(), futures: map.futures.slice(), strings: map.strings.slice() };
      const faults: DeviceFault[] = [];
      const kept: string[] = [];
      for (const line of engine.output().split('\n')) {
        const m = STOPPED.exec(line);
        if (m === null) {
          kept.push(line);
          continue;
        }
        const t = Number(m[1]);
        faults.push({ task: t, name: map.tasks[t], phase: m[2] === '1' ? 'drop' : 'poll', message: decodeLine(m[3], names) });
      }
      if (stuck !== null) faults.push(stuck);
      const leds: { [led: string]: LedRecord } = {};
      const ledLog = engine.ledLog();
      const writes = engine.pinWrites();
      for (const led of b.leds) {
        const n = writes[led] ?? 0;
        if (n === 0) continue;
        let last = '';
        for (let i = ledLog.length - 1; i >= 0 && last === ''; i--) if (ledLog[i].indexOf(' ' + led + '=') >= 0) last = ledLog[i];
        leds[led] = { writes: n, last };
      }
      return {
        build, ms, output: kept.join('\n'), faults, uncaught: Array.from(engine.errors(), (e) => decodeLine(e, names)), ledLog, leds,
        report: deviceReport(map, memory), trace: tracer === null ? null : tracer.finish(ms), records: readBoardRecords(engine.records()),
      };
    },
  };
}

/**
 * Runs a build's bundle for ms of board time on the model of its board, with the inputs given.
 * - `build` is what buildExample returned for the board.
 * - Every edge names a pin the board has; every serial port number is one the board has.
 */
export function runDevice(build: BuildResult, ms: number, opts: DeviceRunOptions = {}): DeviceRun {
  const session = startDevice(build, { trace: opts.trace, busyLimitMs: opts.busyLimitMs, hardware: opts.hardware });
  for (const e of opts.edges ?? []) session.edge(e);
  for (const s of opts.serial ?? []) session.serial(s);
  session.run(ms);
  return session.finish();
}
