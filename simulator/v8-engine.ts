// A device bundle run in V8 on the model of Espruino (simulator/espruino-model/), over virtual time: what
// `frugal run` and `frugal/testing` run a program's device build on. One engine is one fresh
// node:vm context holding the model for one board and the bundles loaded into it.
//
// API (every time is board time in ms since the engine was made; it starts at 0):
//
// createV8Engine(board, options?) -> V8Engine
//   - board: a boards/descriptors.ts descriptor or its id; only the globals it lists exist.
//   - options.logCapacity: pin writes kept for pinLog()/ledLog() (default 4096; the counts of
//     pinWrites() cover the whole run).
//   - options.onCallbackDone(nowMs): called after every callback the model runs (timer, watch,
//     serial data, Promise reaction, emit), with the board time; it may read state with evaluate()
//     and must not call load(), edge(), serial() or run().
//   - options.wallTimeoutMs: a load() or run() taking longer in wall time throws (a bundle that
//     never returns to the event loop); default: no limit.
//   - options.callbackLimitMs: one callback (or the load's top level) that runs this long in wall
//     time without returning to the event loop is stopped, between callbackLimitMs and
//     callbackLimitMs + SLICE_MS after it began: load() or run() throws a CallbackTimeout naming
//     the board time it was stopped at, and the engine runs nothing more (its event loop stopped
//     mid-callback). run() then goes in slices of SLICE_MS of wall time, each one vm call with
//     that timeout; what runs, and when in board time, is the same. Default: no limit.
//     Under callbackLimitMs, run() is bounded per callback only: wallTimeoutMs then applies to load() and evaluate().
// engine.load(code, filename?)
//   - code: ES5 source; evaluated at now(), as Espruino evaluates an uploaded program. An
//     exception escaping its top level is printed as "Uncaught ..." (see errors()) and whatever the
//     code set up before it stays, as on a board.
// engine.edge(pin, atMs, value)
//   - pin: a pin, LED or button name the board has; atMs >= 0 (earlier than now() means now);
//     value 0 or 1. Watches see the level change at atMs (none if the level does not change).
// engine.serial(port, atMs, text)
//   - port: a serial port the board lists ('Serial1', 'Bluetooth', ...); atMs as for edge. The
//     text arrives at atMs as one 'data' chunk (joined with other text arriving at the same time).
// engine.run(untilMs)
//   - untilMs >= now(); not from inside a callback. Runs every callback due up to untilMs, then
//     now() is untilMs.
// engine.now() -> the board time in ms.
// engine.output() -> everything printed: print/console.log and what the board's serial ports sent.
// engine.pinLog() / engine.ledLog() -> the last logCapacity digitalWrites (ledLog: those to LEDs)
//   as 't=<ms> <pin>=<level>', an LED's write naming the LED.
// engine.pinWrites() -> { pin or LED name: digitalWrites over the whole run }.
// engine.errors() -> the "Uncaught ..." texts printed so far, in order.
// engine.evaluate(expr) -> the value of an ES5 expression evaluated in the context (to read a
//   program's state; an object is the context's own, read-only by convention).
// engine.input(name, atMs, data), engine.i2cDevice(bus, address, registers), engine.storageFile(name, text)
//   - the board's own hardware, scripted (program/board-io.ts says what each name takes); a device
//     and a file are there from the start: give them before load().
// engine.records() -> what the program did with the board's outputs, as JSON (program/board-io.ts
//   readBoardRecords decodes it).
//
// A billion ms of board time is millions of callbacks, so nothing crosses from the context to Node
// per event (but onCallbackDone when given) and the model allocates nothing per event: its timers
// are pooled records in a binary heap, pin writes go into typed arrays, output is kept as strings
// joined only when asked for.

import vm from 'node:vm';
import type { BoardDescriptor } from '../boards/descriptors.ts';
import { boardOf, espruinoModelSource, modelPrelude } from './model-source.ts';

export interface V8EngineOptions {
  logCapacity?: number;
  onCallbackDone?: (nowMs: number) => void;
  wallTimeoutMs?: number;
  callbackLimitMs?: number;
}

/** Wall time of one slice of a run under callbackLimitMs: one vm call (and its watchdog thread, about 0.3 ms) per slice. */
export const SLICE_MS = 50;

/** A callback ran callbackLimitMs of wall time without returning: the engine stopped it at board time atMs. */
export class CallbackTimeout extends Error {
  constructor(readonly atMs: number, readonly limitMs: number) {
    super('a callback ran ' + limitMs + ' ms of wall time without returning to the event loop (board time ' + atMs + ' ms)');
  }
}

// The timeout's error is made in the context's realm: not instanceof this realm's Error.
function isVmTimeout(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

export interface V8Engine {
  readonly board: BoardDescriptor;
  load(code: string, filename?: string): void;
  edge(pin: string, atMs: number, value: number): void;
  serial(port: string, atMs: number, text: string): void;
  run(untilMs: number): void;
  now(): number;
  output(): string;
  pinLog(): string[];
  ledLog(): string[];
  pinWrites(): Record<string, number>;
  errors(): string[];
  evaluate(expr: string): unknown;
  input(name: string, atMs: number, data: unknown): void;
  i2cDevice(bus: string, address: number, registers: { [register: number]: number }): void;
  storageFile(name: string, text: string): void;
  records(): string;
}

/** The model's __host object, as seen from Node. */
interface ModelHost {
  run(ms: number): void;
  runSlice(endMs: number, sliceMs: number): boolean;
  now(): number;
  edge(pin: string, atMs: number, value: number): void;
  serial(port: string, atMs: number, text: string): void;
  uncaught(e: unknown): void;
  output(): string;
  log(): string;
  uncaughtTexts(): string[];
  pinWrites(): Record<string, number>;
  input(name: string, atMs: number, data: unknown): void;
  i2cDevice(bus: string, address: number, registers: { [register: number]: number }): void;
  storageFile(name: string, text: string): void;
  records(): string;
}

let modelScript: vm.Script | undefined;

// A context made without contextifying a host object has an ordinary global object: the bundle's
// global lookups (getTime, changeInterval...) then cost what they cost in Node itself, not an
// interceptor call each. Node releases before 20.18 lack the option.
function newContext(): vm.Context {
  const constants = (vm as unknown as { constants?: { DONT_CONTEXTIFY?: symbol } }).constants;
  const dont = constants && constants.DONT_CONTEXTIFY;
  return dont ? vm.createContext(dont as unknown as vm.Context) : vm.createContext({});
}

export function createV8Engine(board: BoardDescriptor | string, options: V8EngineOptions = {}): V8Engine {
  const desc = boardOf(board);
  const timeout = options.wallTimeoutMs;
  const runOpts: vm.RunningScriptOptions = timeout !== undefined ? { timeout } : {};
  const ctx = newContext();
  if (options.onCallbackDone) {
    const done = options.onCallbackDone;
    vm.runInContext('var __hostHooks = {};', ctx);
    (ctx as { __hostHooks: { done: (ms: number) => void } }).__hostHooks.done = done;
  }
  vm.runInContext(modelPrelude(desc, { logCapacity: options.logCapacity }), ctx);
  if (!modelScript) modelScript = new vm.Script(espruinoModelSource(), { filename: 'espruino-model' });
  modelScript.runInContext(ctx);
  const host = (ctx as { __host: ModelHost }).__host;
  const runScript = new vm.Script('__host.run(__frugalRunMs)', { filename: 'run' });
  const limit = options.callbackLimitMs;
  const sliceScript = new vm.Script('__host.runSlice(__frugalRunEnd, ' + SLICE_MS + ')', { filename: 'run' });
  const sliceOpts: vm.RunningScriptOptions = limit !== undefined ? { timeout: limit + SLICE_MS } : {};
  let stopped: CallbackTimeout | null = null;
  const leds = new Set(desc.leds);

  function logLines(): string[] {
    const text = host.log();
    return text === '' ? [] : text.split('\n');
  }

  return {
    board: desc,
    load(code: string, filename = 'bundle.js'): void {
      if (stopped !== null) throw stopped;
      try {
        new vm.Script(code, { filename }).runInContext(ctx, limit !== undefined ? { timeout: limit } : runOpts);
      } catch (e) {
        if (limit !== undefined && isVmTimeout(e)) {
          stopped = new CallbackTimeout(host.now(), limit);
          throw stopped;
        }
        host.uncaught(e);
      }
    },
    edge(pin: string, atMs: number, value: number): void {
      host.edge(pin, atMs, value);
    },
    serial(port: string, atMs: number, text: string): void {
      host.serial(port, atMs, text);
    },
    run(untilMs: number): void {
      const from = host.now();
      if (!(untilMs >= from)) throw new Error('V8Engine.run(' + untilMs + '): the board is already at ' + from + ' ms');
      if (stopped !== null) throw stopped;
      if (limit !== undefined) {
        (ctx as { __frugalRunEnd: number }).__frugalRunEnd = untilMs;
        for (;;) {
          let done: boolean;
          try {
            done = sliceScript.runInContext(ctx, sliceOpts) as boolean;
          } catch (e) {
            if (!isVmTimeout(e)) throw e;
            stopped = new CallbackTimeout(host.now(), limit);
            throw stopped;
          }
          if (done) return;
        }
      }
      if (timeout === undefined) {
        host.run(untilMs - from);
        return;
      }
      (ctx as { __frugalRunMs: number }).__frugalRunMs = untilMs - from;
      runScript.runInContext(ctx, runOpts);
    },
    now: () => host.now(),
    output: () => host.output(),
    pinLog: logLines,
    ledLog(): string[] {
      return logLines().filter((l) => leds.has(l.slice(l.indexOf(' ') + 1, l.lastIndexOf('='))));
    },
    pinWrites(): Record<string, number> {
      return { ...host.pinWrites() };
    },
    errors: () => Array.from(host.uncaughtTexts()),
    evaluate: (expr: string): unknown => vm.runInContext(expr, ctx, runOpts),
    // Data crosses into the context as JSON: an object of Node's would not be the context's own.
    input(name: string, atMs: number, data: unknown): void {
      host.input(name, atMs, vm.runInContext('(' + JSON.stringify(data ?? {}) + ')', ctx));
    },
    i2cDevice(bus: string, address: number, registers: { [register: number]: number }): void {
      host.i2cDevice(bus, address, vm.runInContext('(' + JSON.stringify(registers) + ')', ctx));
    },
    storageFile: (name: string, text: string) => host.storageFile(name, text),
    records: () => host.records(),
  };
}
