// Twins: every example, and the sensor-average program of issue 21, next to the same program written
// by hand as an Espruino user writes it (bench/twins/<name>.js: Promises, setTimeout, setWatch,
// Serial1.on, strings). A pair must print the same and write the same LEDs at the same board times
// on the model of Espruino (checked before anything is measured); on an Espruino interpreter the
// bench then measures both side by side: the blocks each holds at warm-up with its code in Storage
// (as a board holds it), the CPU each uses per minute of board time with its code in RAM, and its
// bytes. Method: bench/README.md ("Twins").

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExample, type BuildResult } from '../bundler/build-example.ts';
import { runOnEspruino, type EspruinoRun } from '../bundler/espruino-run.ts';
import { LINUX_SENSOR_GLOBALS, boardGlobals } from '../bundler/host-globals.ts';
import { interpreterCommand } from '../bundler/example-on-espruino.ts';
import { scriptedInputs, type ScriptedInput } from '../boards/sim/input-recorder.ts';
import { serialPortNames } from '../boards/espruino/serial-ports.ts';
import { runDevice } from '../program/device-run.ts';
import { applyBoardScript, type BoardScript } from '../program/board-io.ts';
import { createV8Engine } from '../simulator/v8-engine.ts';
import type { BoardDescriptor } from '../boards/descriptors.ts';
import { isPinName } from '../boards/board-api.ts';
import { boardApiUses } from '../bundler/board-api-check.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface TwinPair {
  /** The example's name, or the path of the program (from the repository's root). */
  readonly name: string;
  readonly program: string;
  /** Board time the model check runs (long enough for the sensors' decimals to move). */
  readonly modelMs: number;
  /** The board the pair is built for and measured as: the example's own, else a Puck.js. */
  readonly board: string;
}

/** Every example and the sensor-average program, each with bench/twins/<name>.js. */
export const PAIRS: readonly TwinPair[] = [
  { name: 'blinky', program: 'blinky', modelMs: 3000, board: 'puckjs' },
  { name: 'button', program: 'button', modelMs: 2500, board: 'puckjs' },
  { name: 'uart-echo', program: 'uart-echo', modelMs: 1000, board: 'puckjs' },
  { name: 'sensor-stream', program: 'sensor-stream', modelMs: 20000, board: 'puckjs' },
  { name: 'pipeline', program: 'pipeline', modelMs: 20000, board: 'puckjs' },
  { name: 'tour', program: 'tour', modelMs: 2500, board: 'puckjs' },
  { name: 'sensor-average', program: path.join(HERE, 'programs', 'sensor-average.ts'), modelMs: 10000, board: 'puckjs' },
  { name: 'pico-i2c', program: 'pico-i2c', modelMs: 3000, board: 'pico' },
  { name: 'puck-beacon', program: 'puck-beacon', modelMs: 6000, board: 'puckjs' },
  { name: 'adapter-strategies', program: 'adapter-strategies', modelMs: 1000, board: 'puckjs' },
];

export function twinSource(name: string): string {
  return readFileSync(path.join(HERE, 'twins', name + '.js'), 'utf8');
}

export interface ModelRun {
  output: string;
  leds: string[];
  errors: string[];
}

/** The board hardware (I2C devices, sensor readings...) the example's simulated run scripts. */
function hardwareOf(inputs: readonly ScriptedInput[]): BoardScript | undefined {
  for (const i of inputs) if (i.kind === 'board') return i.script;
  return undefined;
}

/** What the twin does on the model of the board, with the example's scripted inputs. */
export function twinOnModel(code: string, board: BoardDescriptor, inputs: readonly ScriptedInput[], ms: number): ModelRun {
  const engine = createV8Engine(board);
  const ports = serialPortNames(engine.board);
  const hardware = hardwareOf(inputs);
  if (hardware !== undefined) applyBoardScript(engine, hardware);
  engine.load(code, 'twin.js');
  for (const i of inputs) {
    if (i.kind === 'edge') engine.edge(i.pin, i.atMs, i.value);
    else if (i.kind === 'serial') engine.serial(ports[i.port], i.atMs, i.text);
  }
  engine.run(ms);
  return { output: engine.output(), leds: engine.ledLog(), errors: engine.errors() };
}

export interface ModelCheck {
  pair: TwinPair;
  build: BuildResult;
  twin: string;
  frugal: ModelRun;
  hand: ModelRun;
  /** Empty when both printed and wrote the same; else what differs. */
  differences: string[];
}

/** Builds the frugal program and runs both on the model: they must do the same. */
export async function checkPair(pair: TwinPair): Promise<ModelCheck> {
  const build = await buildExample(pair.program, pair.board);
  const inputs = scriptedInputs(build.example);
  const run = runDevice(build, pair.modelMs, {
    hardware: hardwareOf(inputs),
    edges: inputs.flatMap((i) => (i.kind === 'edge' ? [{ pin: i.pin, atMs: i.atMs, value: i.value }] : [])),
    serial: inputs.flatMap((i) => (i.kind === 'serial' ? [{ port: i.port, atMs: i.atMs, text: i.text }] : [])),
  });
  const frugal: ModelRun = { output: run.output, leds: run.ledLog, errors: run.uncaught.concat(run.faults.map((f) => f.name + ': ' + f.message)) };
  const twin = twinSource(pair.name);
  const hand = twinOnModel(twin, build.board, inputs, pair.modelMs);
  const differences: string[] = [];
  if (frugal.output !== hand.output) differences.push('output: frugal ' + JSON.stringify(frugal.output.slice(0, 200)) + ', twin ' + JSON.stringify(hand.output.slice(0, 200)));
  if (frugal.leds.join('\n') !== hand.leds.join('\n')) differences.push('LEDs: frugal ' + frugal.leds.slice(0, 6).join(' ') + ', twin ' + hand.leds.slice(0, 6).join(' '));
  if (frugal.errors.length > 0) differences.push('frugal errors: ' + frugal.errors.join('; '));
  if (hand.errors.length > 0) differences.push('twin errors: ' + hand.errors.join('; '));
  return { pair, build, twin, frugal, hand, differences };
}

export interface Side {
  bytes: number;
  /** Blocks held at warm-up, code in Storage. */
  blocks: number;
  /** Blocks right after loading and at the end of the Storage run. */
  loadBlocks: number;
  endBlocks: number;
  /** CPU seconds per minute of board time, code in RAM, the idle interpreter's taken off; and as measured. */
  cpu: number;
  cpuRaw: number;
}

export interface TwinResult {
  name: string;
  frugal: Side;
  twin: Side;
  /** frugal / twin. */
  blocksRatio: number;
  cpuRatio: number;
  /** frugal build's estimate of its blocks, and its distance from the measured warm-up blocks. */
  estimate: number;
  estimateError: number;
}

export interface TwinOptions {
  /** Interpreter for the blocks (code in Storage): a board's geometry, e.g. "qemu-i386-static espruino-puck". */
  blocks: string;
  /** Interpreter for the CPU runs (code in RAM, which needs room for the source text too). */
  cpu: string;
  /** Board time of a CPU run, ms (60000: a minute). */
  cpuMs: number;
  /** Board time to warm-up in the blocks run, ms (the end is twice as late). */
  warmMs: number;
  log: (s: string) => void;
}

/** Pin globals a twin names: the Linux build has D pins only, so the run names each after one. */
function pinsOf(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/\b(LED\d|BTN\d?|[A-H]\d{1,2})\b/g)) found.add(m[1]);
  return Array.from(found).sort();
}

/** What the Linux build lacks and the pair's board has: its sensors, Bluetooth, the scripted I2C devices. */
function globalsFor(chk: ModelCheck): string {
  const i2c = hardwareOf(scriptedInputs(chk.build.example))?.i2c;
  return LINUX_SENSOR_GLOBALS + boardGlobals(chk.build.board, i2c);
}

/** The example's serial lines, again every `every` ms over `ms`: a CPU run gets the same work each period. */
function repeatedSerial(inputs: readonly ScriptedInput[], every: number, ms: number): [number, string][] {
  const once = inputs.flatMap((i): [number, string][] => (i.kind === 'serial' && i.port === 0 ? [[i.atMs, i.text]] : []));
  const out: [number, string][] = [];
  if (once.length === 0) return out;
  for (let at = 0; at + every <= ms; at += every) for (const [t, text] of once) out.push([at + t, text]);
  return out;
}

function perMinute(r: EspruinoRun): number {
  const cpu = r.cpu!;
  return ((cpu.end - cpu.load) * 60) / cpu.seconds;
}

function fail(what: string, r: EspruinoRun): never {
  throw new Error(what + ' on Espruino: ' + (r.errors.join('; ') || 'no measurement') + '\n' + r.raw.slice(-600));
}

/** Runs the jobs, at most `limit` at a time, and returns their results in order. */
async function limited<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}

/**
 * Blocks runs at once: one. Code evaluated from Storage (a file on the Linux build) keeps an emulated
 * interpreter busy; two side by side on a busy machine fell so far behind the clock that the
 * harness's end measurement never came (pipeline).
 */
const STORAGE_RUNS_AT_ONCE = 1;

/**
 * Measures every checked pair on the interpreters: first the blocks of each side with the code in
 * Storage (a few runs at a time), then the CPU of every side at once with the code in RAM (they are
 * mostly idle, waiting for their timers: side by side, the minute of board time passes once), with
 * an empty program's run for the idle interpreter's own CPU, which every CPU figure has taken off.
 */
export async function measureTwins(checks: readonly ModelCheck[], o: TwinOptions): Promise<{ results: TwinResult[]; idle: number }> {
  const b = interpreterCommand(o.blocks);
  const c = interpreterCommand(o.cpu);
  interface Job { what: string; code: string; pins: string[]; ports: string[]; once: [number, string][]; repeated: [number, string][]; globals: string }
  const jobs: Job[] = [];
  for (const chk of checks) {
    const inputs = scriptedInputs(chk.build.example);
    const once = inputs.flatMap((i): [number, string][] => (i.kind === 'serial' && i.port === 0 && i.atMs < 2 * o.warmMs ? [[i.atMs, i.text]] : []));
    const repeated = repeatedSerial(inputs, chk.build.example.runMs ?? 1000, o.cpuMs);
    const globals = globalsFor(chk);
    // Pins task code names itself (analogWrite(LED3, ...)) need a stand-in too, as frugal run --espruino gives them.
    const pins = chk.build.pins.concat(boardApiUses(chk.build.code).filter((k) => isPinName(k) && chk.build.pins.indexOf(k) < 0));
    jobs.push({ what: 'frugal ' + chk.pair.name, code: chk.build.code, pins, ports: chk.build.ports, once, repeated, globals });
    jobs.push({ what: 'twin ' + chk.pair.name, code: chk.twin, pins: pinsOf(chk.twin), ports: /\bSerial1\b/.test(chk.twin) ? ['Serial1'] : [], once, repeated, globals });
  }
  const stored = await limited(jobs.map((j) => async () => {
    const r = await runOnEspruino(j.code, { interpreter: b.interpreter, prefix: b.prefix, pins: j.pins, ports: j.ports, warmMs: o.warmMs, input: j.once, globals: j.globals });
    if (r.errors.length > 0 || isNaN(r.warm)) fail(j.what + ' (code in Storage)', r);
    o.log('  twins / ' + j.what + ': ' + r.warm + ' blocks');
    return r;
  }), STORAGE_RUNS_AT_ONCE);
  const ramRun = (j: Job | null): Promise<EspruinoRun> => runOnEspruino(j === null ? '' : j.code, {
    interpreter: c.interpreter, prefix: c.prefix, pins: j === null ? [] : j.pins, ports: j === null ? [] : j.ports, warmMs: o.cpuMs / 2,
    input: j === null ? [] : j.repeated, globals: j === null ? LINUX_SENSOR_GLOBALS : j.globals, from: 'ram', cpu: true,
  });
  o.log('  twins: CPU of every program at once, ' + o.cpuMs / 1000 + ' s of board time');
  const [idle, ...ram] = await Promise.all([ramRun(null), ...jobs.map(ramRun)]);
  if (idle.cpu === undefined || isNaN(idle.cpu.end)) fail('the empty program', idle);
  ram.forEach((r, i) => { if (r.errors.length > 0 || r.cpu === undefined || isNaN(r.cpu.end)) fail(jobs[i].what + ' (code in RAM)', r); });
  const idlePerMinute = perMinute(idle);
  const side = (i: number): Side => {
    const raw = perMinute(ram[i]);
    return {
      bytes: Buffer.byteLength(jobs[i].code), blocks: stored[i].warm, loadBlocks: stored[i].load, endBlocks: stored[i].end, cpuRaw: raw,
      cpu: Math.max(0, raw - idlePerMinute),
    };
  };
  const results = checks.map((chk, k): TwinResult => {
    const frugal = side(2 * k);
    const twin = side(2 * k + 1);
    return {
      name: chk.pair.name, frugal, twin, blocksRatio: frugal.blocks / twin.blocks, cpuRatio: twin.cpu > 0 ? frugal.cpu / twin.cpu : NaN,
      estimate: chk.build.cost.blocks, estimateError: (chk.build.cost.blocks - frugal.blocks) / frugal.blocks,
    };
  });
  return { results, idle: idlePerMinute };
}

function fmt(x: number, digits: number): string {
  return isFinite(x) ? x.toFixed(digits) : '-';
}

/** The twin table, as the README quotes it. */
export function twinTable(results: readonly TwinResult[]): string {
  const head = ['program', 'frugal blocks', 'twin blocks', 'blocks ratio', 'frugal CPU s/min', 'twin CPU s/min', 'CPU ratio', 'frugal bytes', 'twin bytes', 'estimate'];
  const rows = results.map((r) => [r.name, String(r.frugal.blocks), String(r.twin.blocks), fmt(r.blocksRatio, 2) + 'x', fmt(r.frugal.cpu, 3), fmt(r.twin.cpu, 3),
    fmt(r.cpuRatio, 2) + 'x', String(r.frugal.bytes), String(r.twin.bytes), r.estimate + ' (' + (r.estimateError >= 0 ? '+' : '') + fmt(r.estimateError * 100, 0) + '%)']);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => '| ' + cells.map((cell, i) => (i === 0 ? cell.padEnd(w[i]) : cell.padStart(w[i]))).join(' | ') + ' |';
  return [line(head), '|' + w.map((n, i) => (i === 0 ? '-'.repeat(n + 2) : '-'.repeat(n + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n');
}
