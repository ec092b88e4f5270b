// Running a device bundle on an Espruino interpreter the user has (Espruino's own Linux build,
// e.g. a 32-bit build with a Puck.js's 2,630 variables of 13 bytes): the measurement behind every
// block count frugal states. As on a board flashed by `frugal flash`, the bundle is stored in
// Storage chunk by chunk in a first run and evaluated from there in a second, so its function
// bodies stay in flash; the second run prints the blocks in use before loading, after loading, at
// warm-up and at the end, and the program's own output.
//
// The Linux build has D pins but no LEDs or buttons, and no UART: the run names each pin the
// bundle uses after a D pin, gives the program Espruino's loopback serial port LoopbackA as its
// serial port (what it writes goes to the console; scripted input is written to the other end,
// LoopbackB, and arrives as the port's data events). Pin edges cannot be scripted on it.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface EspruinoRunOptions {
  /** Path of the interpreter (an executable; a 32-bit one may need `qemu-i386` in front: see `prefix`). */
  interpreter: string;
  /** Words put before the interpreter (e.g. ['qemu-i386'] on a machine that runs 32-bit code only under emulation). */
  prefix?: string[];
  /** Pin globals the bundle names (LED1, BTN1...). */
  pins: readonly string[];
  /** Serial globals the bundle names (Serial1...). */
  ports: readonly string[];
  /** Board time at warm-up, in ms after the load; the end is twice as late. */
  warmMs: number;
  /** Serial lines to feed to port 0: [ms after load, text]. */
  input?: readonly (readonly [number, string])[];
  /** Extra globals the board has and the interpreter lacks (Puck.light...), as ES5 source. */
  globals?: string;
  /**
   * 'storage' (the default): the bundle is stored in Storage and evaluated from there, as a board
   * runs it: its code stays in flash and the blocks are a board's. 'ram': evaluated from a string in
   * RAM, for timing: the Linux build emulates flash with file reads, so code run from its Storage is
   * many times slower than from a board's memory-mapped flash, while code in RAM runs at a board's pace.
   */
  from?: 'storage' | 'ram';
  /**
   * Read the interpreter's CPU time (Linux: /proc/<pid>/stat, user + system) at each measurement,
   * for `cpu` in the result; the process is ended from here after the last one.
   */
  cpu?: boolean;
}

/** CPU seconds the interpreter process had used at each measurement, and the board time (s) it printed with it. */
export interface EspruinoCpu {
  readonly load: number;
  readonly warm: number;
  readonly end: number;
  /** Board seconds between the load and the end measurements. */
  readonly seconds: number;
}

export interface EspruinoRun {
  /** What the program printed (its serial port 0 and console). */
  output: string;
  /** Blocks in use before loading (the interpreter and this harness), and what the program took after loading, at warm-up and at the end. */
  baseline: number;
  load: number;
  warm: number;
  end: number;
  /** The interpreter's variable count and block size. */
  total: number;
  blockSize: number;
  /** Board seconds from the load measurement to the end one. */
  seconds: number;
  /** Interpreter errors (Uncaught, out of memory) seen in the output. */
  errors: string[];
  /** The interpreter's whole console output. */
  raw: string;
  /** With `cpu`: the CPU the interpreter used, read at the measurements. */
  cpu?: EspruinoCpu;
}

const MARK = 'frugal:mem ';
/**
 * Wall time a run may take beyond its board time: an emulated 32-bit build evaluating code from
 * Storage (a file on Linux) on a busy machine falls well behind the clock, and a run ended early
 * has no end measurement.
 */
const RUN_SLACK_MS = 240000;
const CHUNK = 512;
const OUTPUT_BUFFER = 2048;

/** CPU seconds (user + system) process `pid` has used so far, from /proc (Linux); NaN where it cannot be read. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync('/proc/' + pid + '/stat', 'latin1');
    // The fields after the command name (which may hold spaces) start after its closing parenthesis.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS = 100;

/**
 * Runs the interpreter on `script`; with `cpu`, reads its CPU time at each measurement line it
 * prints (into `cpu`, by label) and ends it after the 'end' one.
 */
function run(cmd: string[], script: string, cwd: string, timeoutMs: number, cpu?: { [label: string]: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    // Standard input stays open and silent: at end of input a 32-bit build fills its REPL line
    // with 0xFF bytes until it runs out of memory.
    const child = spawn(cmd[0], cmd.slice(1).concat([script]), { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let seen = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (cpu === undefined) return;
      for (let at = out.indexOf(MARK, seen); at >= 0; at = out.indexOf(MARK, seen)) {
        const eol = out.indexOf('\n', at);
        if (eol < 0) break;
        const label = out.slice(at + MARK.length, eol).split(' ')[0];
        cpu[label] = cpuSeconds(child.pid);
        seen = eol;
        if (label === 'end') child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => { out += d.toString('latin1'); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error("cannot start the Espruino interpreter '" + cmd.join(' ') + "': " + e.message + '; pass --espruino the path of an Espruino Linux build'));
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** The first run: the bundle stored as frugal.js in the interpreter's Storage (a file in `cwd`). */
function storeScript(code: string): string {
  const parts: string[] = ['var S = require("Storage");'];
  for (let at = 0; at < code.length; at += CHUNK) {
    parts.push('S.write("frugal.js", ' + JSON.stringify(code.slice(at, at + CHUNK)) + ', ' + at + ', ' + code.length + ');');
  }
  parts.push('print("' + MARK + 'stored " + S.read("frugal.js").length);', 'quit();');
  return parts.join('\n');
}

/**
 * The second run: the board's globals, then the bundle evaluated from Storage at the root scope
 * between measurements. The harness's own objects (one interval, a few numbers, the load
 * measurement's function) exist at every measurement alike, so that the differences are the
 * program's; warm-up and end are the interval's first and second firing after the load.
 */
function measureScript(o: EspruinoRunOptions, code: string): string {
  const lines: string[] = [];
  o.pins.forEach((p, i) => lines.push('if (typeof ' + p + ' === "undefined") ' + p + ' = D' + (i + 1) + ';'));
  // What the program writes collects in a buffer made before the baseline, printed after each
  // measurement: through the loopback pair every write would be an event in the interpreter's
  // input queue (a program printing digit by digit fills it: FIFO_FULL), and straight to the
  // console every write waits for it, so the program would run behind its own clock.
  lines.push('var frugal$b = new Uint8Array(' + OUTPUT_BUFFER + '), frugal$n = 0;');
  // Naming the class made Espruino keep it in the root scope (7 blocks): a program that makes a
  // Uint8Array pays that on a board, so it must not find it already there.
  lines.push('delete global.Uint8Array;');
  // Byte by byte: no string or view made, so flushing leaves nothing behind to count.
  lines.push('function frugal$flush() { for (var i = 0; i < frugal$n; i++) USB.write(frugal$b[i]); frugal$n = 0; }');
  // One console write before the baseline: the first one allocates what the console keeps.
  lines.push('USB.write(10);');
  lines.push('LoopbackA.write = function (d) { if (typeof d === "number") d = String.fromCharCode(d); for (var i = 0; i < d.length; i++) { ' +
    'if (frugal$n === ' + OUTPUT_BUFFER + ') frugal$flush(); frugal$b[frugal$n++] = d.charCodeAt(i); } };');
  if (o.globals) lines.push(o.globals);
  // Scripted input is scheduled once the program is loaded and measured: its timers and text count
  // neither in the baseline nor in the program, and are gone by warm-up when it arrives before then.
  const input = (o.input ?? []).map(([ms, text]) => 'setTimeout(function () { LoopbackB.write(' + JSON.stringify(text) + '); }, ' + ms + ');').join(' ');
  const mem = (label: string, less = ''): string => 'frugal$m = process.memory(); frugal$flush(); print("' + MARK + label + ' " + (frugal$m.usage' + less +
    ') + " " + frugal$m.total + " " + frugal$m.blocksize + " " + getTime()); frugal$m = 0;';
  // The bundle is evaluated the way a board evaluates it: `load()` and `.bootcde` run a file's
  // text at the root scope from the idle loop, as a timer whose callback is a string does. An
  // eval inside a callback would add the callback's scope to every closure the bundle makes, 3
  // blocks a function that a board never has. Its code runs first, then the load measurement:
  // two timeouts due at once run in the order they were set, and the interval that takes the
  // other measurements waits meanwhile. The load timer is still alive while it measures: its own
  // blocks (frugal$o) are taken out.
  const source = o.from === 'ram' ? JSON.stringify(code) : 'require("Storage").read("frugal.js")';
  lines.push('var frugal$m = 0, frugal$k = 0, frugal$i = 0, frugal$o = 0;');
  lines.push('function frugal$l() { ' + mem('load', ' - frugal$o') + ' ' + input + ' changeInterval(frugal$i, ' + o.warmMs + '); }');
  // Every other measurement from the same interval's callback: while the top level runs, this
  // script's text is in RAM, and a one-off callback would be freed between measurements.
  lines.push('frugal$i = setInterval(function () { if (++frugal$k === 1) { changeInterval(frugal$i, 1e9); ' + mem('baseline') +
    ' setTimeout(' + source + ', 0); frugal$o = process.memory().usage; setTimeout("frugal$l()", 0); frugal$o = process.memory().usage - frugal$o; }' +
    ' else if (frugal$k === 2) { ' + mem('warm') + ' } else { ' + mem('end') + (o.cpu ? '' : ' quit();') + ' } }, 1);');
  return lines.join('\n');
}

/** The bundle with its serial ports named after the interpreter's loopback port, the one it can script. */
function onLoopback(code: string, ports: readonly string[]): string {
  let out = code;
  for (const p of ports) out = out.split(p).join('LoopbackA');
  return out;
}

export async function runOnEspruino(code: string, o: EspruinoRunOptions): Promise<EspruinoRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frugal-espruino-'));
  const cmd = (o.prefix ?? []).concat([o.interpreter]);
  try {
    const fs = await import('node:fs');
    const device = onLoopback(code, o.ports);
    if (o.from !== 'ram') {
      fs.writeFileSync(path.join(dir, 'store.js'), storeScript(device));
      const stored = await run(cmd, 'store.js', dir, 60000);
      if (stored.indexOf(MARK + 'stored') < 0) {
        throw new Error('the Espruino interpreter did not store the bundle: ' + stored.slice(-500));
      }
    }
    fs.writeFileSync(path.join(dir, 'measure.js'), measureScript(o, device));
    const cpu: { [label: string]: number } | undefined = o.cpu ? {} : undefined;
    const raw = await run(cmd, 'measure.js', dir, 2 * o.warmMs + RUN_SLACK_MS, cpu);
    const r = parseRun(raw);
    if (cpu !== undefined) r.cpu = { load: cpu.load, warm: cpu.warm, end: cpu.end, seconds: r.seconds };
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads the measurements and the program's output out of the interpreter's console. */
export function parseRun(raw: string): EspruinoRun {
  // The REPL redraws its prompt (">" and an erase-line sequence) around every print.
  const text = raw.replace(/\r/g, '').replace(/>?\x1b\[J/g, '');
  const mem: { [label: string]: number[] } = {};
  const out: string[] = [];
  const errors: string[] = [];
  let banner = true;
  for (const line of text.split('\n')) {
    if (banner) {
      if (/donations:|Donate/.test(line)) banner = false;
      continue;
    }
    const m = line.indexOf(MARK);
    if (m >= 0) {
      const [label, usage, total, size, time] = line.slice(m + MARK.length).split(' ');
      mem[label] = [Number(usage), Number(total), Number(size), Number(time)];
      if (m > 0) out.push(line.slice(0, m));
      continue;
    }
    if (/Uncaught|Out of Memory|MEMORY|ERROR:|Execution Interrupted/i.test(line)) errors.push(line.trim());
    if (line === '>' || line === '' && out.length === 0 || /^http:\/\/espruino\.com/.test(line)) continue;
    out.push(line);
  }
  const need = ['baseline', 'load', 'warm', 'end'];
  for (const k of need) {
    if (mem[k] === undefined) errors.push('no ' + k + ' measurement (the program stopped the interpreter or ran out of memory)');
  }
  const at = (k: string): number => (mem[k] ? mem[k][0] - mem.baseline[0] : NaN);
  return {
    output: out.join('\n').replace(/\n+$/, '\n'),
    baseline: mem.baseline ? mem.baseline[0] : NaN,
    load: mem.baseline ? at('load') : NaN,
    warm: mem.baseline ? at('warm') : NaN,
    end: mem.baseline ? at('end') : NaN,
    total: mem.baseline ? mem.baseline[1] : NaN,
    blockSize: mem.baseline ? mem.baseline[2] : NaN,
    seconds: mem.load && mem.end ? mem.end[3] - mem.load[3] : NaN,
    errors,
    raw,
  };
}
