// `frugal build`: one example for one real board as a single ES5 bundle for Espruino.
//
//  1. The example's setup runs in Node against the board's full descriptor (CheckHal): an unknown
//     pin, a missing serial port or sensor stops the build here, naming what the board has.
//  2. A device entry is generated: the executor with the example's config, the Espruino HAL with
//     the pin and serial objects setup asked for, the example's setup, the driver loop.
//  3. esbuild bundles it through frugalPlugin (compiler/esbuild-plugin.ts): every .ts file with
//     async functions or runtime.ts calls is lowered to poll state machines, then each file is
//     transpiled to ES5. esbuild keeps module order, so a module's code runs after everything it
//     imports; output is one minified IIFE.
//  4. Checks: the bundle parses as ES5 (acorn) and passes the Espruino profile check.
//  5. The memory budget: the executor's footprint plus an estimate of the program's own variables,
//     against the board's variables x bytes per variable. A budget over the board's RAM is refused.

import { build as esbuild, type Metafile } from 'esbuild';
import { parse } from 'acorn';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBundle } from '../compiler/espruino-profile.ts';
import { frugalPlugin } from '../compiler/esbuild-plugin.ts';
import type { Lowering } from '../compiler/lower.ts';
import { Executor } from '../executor/executor.ts';
import { footprint, type Footprint } from '../executor/telemetry.ts';
import { findBoard, type BoardDescriptor } from '../boards/descriptors.ts';
import { CheckHal } from '../boards/espruino/check-hal.ts';
import { deviceDescriptor, serialBaud, serialPortNames } from '../boards/espruino/device-board.ts';
import type { Example } from '../examples/example.ts';
import { loadExample } from './load-example.ts';
import { estimateProgram, type ProgramEstimate } from './budget.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface BuildOptions {
  /** Where to write the bundle; nothing is written when omitted. */
  out?: string;
}

export interface Budget {
  /** board.variables x board.bytesPerVariable */
  ramBytes: number;
  executor: Footprint;
  program: ProgramEstimate;
  /** executor.bytes + program.bytes */
  totalBytes: number;
}

export interface BuildResult {
  example: Example;
  board: BoardDescriptor;
  code: string;
  bytes: number;
  /** Pin globals and serial objects the entry hands to the HAL. */
  pins: string[];
  ports: string[];
  /** Pins setup watches, and serial ports it listens to. */
  watched: string[];
  listens: number[];
  budget: Budget;
  out: string | null;
  /** esbuild's account of the bundle: bytes per input file. */
  metafile: Metafile;
}

/** The example on the board, checked: runs setup against CheckHal and returns what it asked for. */
export function checkOnBoard(example: Example, board: BoardDescriptor): { ex: Executor; hal: CheckHal } {
  const ex = new Executor(example.config);
  const hal = new CheckHal(board);
  try {
    example.setup(ex, hal);
  } catch (e) {
    throw new Error("example '" + example.name + "' cannot run on " + board.name + ' (' + board.id + '): ' + (e instanceof Error ? e.message : String(e)));
  }
  return { ex, hal };
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function globalName(kind: string, name: string, board: BoardDescriptor): string {
  if (!IDENT.test(name)) throw new Error("board '" + board.id + "': " + kind + " '" + name + "' is not an Espruino global the bundle can name");
  return name;
}

/** The device entry: ES5 plus the imports esbuild resolves. */
export function deviceEntry(modFile: string, exportName: string, board: BoardDescriptor, pins: string[], ports: string[]): string {
  const imp = (what: string, file: string): string => 'import { ' + what + ' } from ' + JSON.stringify(file) + ';';
  return [
    imp('Executor', join(ROOT, 'executor/executor.ts')),
    imp('EspruinoHal', join(ROOT, 'boards/espruino/hal.ts')),
    imp('startDriver', join(ROOT, 'boards/espruino/driver.ts')),
    imp(exportName + ' as example', modFile),
    'var hal = new EspruinoHal(' + JSON.stringify(deviceDescriptor(board)) + ', ' + JSON.stringify(pins) + ', [' +
      pins.map((p) => globalName('pin', p, board)).join(', ') + '], [' + ports.map((p) => globalName('serial port', p, board)).join(', ') +
      '], ' + serialBaud(board) + ');',
    'var ex = new Executor(example.config);',
    'example.setup(ex, hal);',
    'startDriver(ex, hal);',
    '',
  ].join('\n');
}

/**
 * Bundles an entry (source text resolved from the project root) to one minified ES5 IIFE, lowering
 * every async function on the way. `lowering` must hold the example's module: the entry is stdin,
 * so the plugin cannot make its program from the entry points.
 */
export async function bundle(entry: string, lowering: Lowering): Promise<{ code: string; metafile: Metafile }> {
  const r = await esbuild({
    stdin: { contents: entry, loader: 'js', resolveDir: ROOT, sourcefile: 'device-entry.js' },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es5',
    platform: 'neutral',
    minify: true,
    legalComments: 'none',
    // Espruino's REPL takes bytes 0-255 and espruino-tools replaces anything else with '?'.
    charset: 'ascii',
    logLevel: 'silent',
    metafile: true,
    plugins: [frugalPlugin({ lowering, device: true })],
  });
  return { code: r.outputFiles[0].text, metafile: r.metafile };
}

/** Parses the bundle as ES5 (acorn); throws naming the place. */
export function parseES5(code: string, fileName: string): void {
  try {
    parse(code, { ecmaVersion: 5, sourceType: 'script' });
  } catch (e) {
    throw new Error(fileName + ': not ES5: ' + (e instanceof Error ? e.message : String(e)));
  }
}

/** Throws when the budget does not fit the board's RAM, naming both and what to lower. */
export function refuseOverBudget(exampleName: string, board: BoardDescriptor, budget: Budget): void {
  if (budget.totalBytes <= budget.ramBytes) return;
  throw new Error("example '" + exampleName + "' does not fit " + board.name + ' (' + board.id + '): its budget is ' + budget.totalBytes +
    ' bytes (executor ' + budget.executor.bytes + ' + program ~' + budget.program.bytes + '), the board has ' + budget.ramBytes + ' (' +
    board.variables + ' variables x ' + board.bytesPerVariable + ' bytes), short by ' + (budget.totalBytes - budget.ramBytes) +
    ' bytes; lower the example\'s config (maxTasks, sideStackWords, scratchWords, poolSlots, maxFrames) or build for a board with more RAM');
}

/**
 * Builds an example (a name, or the path of a .ts file exporting an Example) for a board. Nothing
 * is written unless every step passed; the file appears whole or not at all.
 */
export async function buildExample(exampleName: string, boardId: string, opts?: BuildOptions): Promise<BuildResult> {
  const o = opts || {};
  const board = findBoard(boardId);
  if (board.id === 'sim') {
    throw new Error("board 'sim' is the simulated board: run it with frugal run " + exampleName + '; build for a real board (frugal boards lists them)');
  }
  const { example, file, exportName, lowering } = await loadExample(exampleName);
  const { ex, hal } = checkOnBoard(example, board);
  // Port 0 and any port setup opened: a port first used at run time beyond these is refused on
  // the device with a message naming the ports it has.
  const all = serialPortNames(board);
  let highest = 0;
  for (const p of hal.serialUsed) if (p > highest) highest = p;
  const ports = all.slice(0, highest + 1);
  const entry = deviceEntry(file, exportName, board, hal.used, ports);
  const { code, metafile } = await bundle(entry, lowering);
  const name = example.name + '-' + board.id + '.js';
  parseES5(code, name);
  checkBundle(code, name);

  const exFoot = footprint(ex);
  const program = estimateProgram(code, board, ex, hal, hal.used, ports);
  const budget: Budget = {
    ramBytes: board.variables * board.bytesPerVariable,
    executor: exFoot,
    program,
    totalBytes: exFoot.bytes + program.bytes,
  };
  refuseOverBudget(example.name, board, budget);
  let out: string | null = null;
  if (o.out) {
    out = resolve(o.out);
    mkdirSync(dirname(out), { recursive: true });
    // Written beside the target and renamed: an interrupted write never leaves half a bundle.
    const tmp = join(dirname(out), '.' + basename(out) + '.' + process.pid + '.tmp');
    writeFileSync(tmp, code);
    renameSync(tmp, out);
  }
  return {
    example, board, code, bytes: Buffer.byteLength(code), pins: hal.used, ports, watched: hal.watched, listens: hal.listening, budget, out, metafile,
  };
}
