// `frugal flash`: builds the example for the board, then hands the bundle to espruino-tools' own
// command line (the `espruino` npm package), as a person would run it:
//
//   espruino --board BOARD.json --storage <file>:- [-p PORT -b BAUD | -n -o OUT.js] bundle.js
//
// --storage writes the bundle into a file in the board's Storage (flash) and then load()s it, so
// the code runs from flash and its text never takes RAM (the build's budget counts on that).
// Without --save the file is `frugal.js`, loaded once; with --save it is `.bootcde`, which
// Espruino runs at every boot. --board passes the board's JSON so the tools need not ask the board
// (or the internet) what it is. With --out, espruino-tools writes exactly what it would send to a
// file instead (-n -o), and no board is needed.
//
// espruino-tools 0.1.67 never reports completion of an upload of 512 bytes or less (the code still
// runs; measured with espruino-tools 0.1.67 against a Puck.js). The upload is known before it is sent (the -n -o pass runs first),
// so for such an upload frugal stops waiting once the tools fall quiet, and says so; every upload
// also has an overall time limit.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { BoardDescriptor } from '../boards/descriptors.ts';
import { findBoard } from '../boards/descriptors.ts';
import { serialBaud } from '../boards/espruino/serial-ports.ts';
import { buildExample, type BuildResult } from '../bundler/build-example.ts';
import { checkOut, writeOut, type OutTarget } from './out-file.ts';
import { flashFailure, isBluetoothPort } from './flash-failure.ts';

/** The firmware frugal's upload path needs: Storage (1v96) and everything ESPRUINO.md measured on 2v29 is older than 2v00. */
export const MIN_FIRMWARE = '2v00';
/** The size at and below which espruino-tools 0.1.67 never reports that an upload completed. */
export const SILENT_UPLOAD_BYTES = 512;
const QUIET_MS = 3000;

/**
 * espruino-tools' command line. The `espruino` package is an optional peer dependency: it brings the
 * native Bluetooth, USB and serial modules that only flashing needs, so a project installs it to flash.
 */
export function espruinoCli(): string {
  const req = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = req.resolve('espruino/package.json');
  } catch {
    const { peerDependencies } = req('frugal/package.json') as { peerDependencies: { espruino: string } };
    throw new Error('frugal flash uploads through espruino-tools (the espruino package), which is not installed; fix: npm install --save-dev espruino@' +
      peerDependencies.espruino);
  }
  return join(dirname(pkg), 'bin', 'espruino-cli.js');
}

export interface FlashOptions {
  board: string;
  /** Serial device (/dev/ttyACM0, COM3), Bluetooth address (aa:bb:cc:dd:ee:ff) or tcp://host. */
  port?: string;
  /** Write what would be sent to this .js file instead of sending it (espruino -n -o). */
  out?: string;
  /** Store as .bootcde, run at every boot. */
  save?: boolean;
  baud?: number;
  /** Overall limit for a real upload, ms; default 60 s plus the transfer time at the baud rate. */
  timeoutMs?: number;
}

export interface FlashResult {
  build: BuildResult;
  storageFile: string;
  /** What espruino-tools sends (its -n -o output). */
  upload: string;
  uploadBytes: number;
  out: string | null;
  /** True once a board confirmed the upload; false for --out. */
  sent: boolean;
  /** True when the upload was small enough that the tools could not confirm it (see SILENT_UPLOAD_BYTES). */
  unconfirmed: boolean;
  /** What espruino-tools printed. */
  log: string;
}

/** The board JSON espruino-tools reads with --board, from frugal's descriptor. */
export function boardJson(b: BoardDescriptor): object {
  return {
    BOARD: b.espruinoBoard,
    info: { name: b.name, link: b.link, variables: b.variables, binary_version: MIN_FIRMWARE, builtin_modules: [] },
    chip: { part: b.chip.part, family: b.chip.family, ram: b.chip.ramKB, flash: b.chip.flashKB },
  };
}

/** Ports espruino-tools can see (its --list), without Bluetooth scanning. */
export function listPorts(): string[] {
  const r = spawnSync(process.execPath, [espruinoCli(), '--list', '--no-ble'], { encoding: 'utf8', timeout: 20000 });
  const ports: string[] = [];
  let inList = false;
  for (const line of (r.stdout || '').split('\n')) {
    if (line.trim() === 'PORTS:') { inList = true; continue; }
    const m = /^\s+(\S+)\s+\(/.exec(line);
    if (inList && m) ports.push(m[1]);
  }
  return ports;
}

/** Throws, listing the ports there are, unless `port` names something espruino-tools can open. */
export function checkPort(port: string, list: () => string[] = listPorts): void {
  if (isBluetoothPort(port) || /^tcp:\/\/\S+$/.test(port) || /^COM\d+$/i.test(port)) return;
  if (port.indexOf('/') >= 0 && existsSync(port)) return;
  const found = list();
  throw new Error("no port '" + port + "'; serial ports found: " + (found.length ? found.join(', ') : '(none)') +
    '; for Bluetooth pass the board\'s address (aa:bb:cc:dd:ee:ff, shown by npx espruino --list), for a network board tcp://host');
}

interface CliRun { code: number | null; log: string; timedOut: boolean; quietStop: boolean }

function runCli(args: string[], timeoutMs: number, stopWhenQuiet: boolean): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [espruinoCli(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    let quiet: NodeJS.Timeout | null = null;
    let timedOut = false;
    let quietStop = false;
    const hardLimit = setTimeout(() => { timedOut = true; child.kill(); }, timeoutMs);
    const heard = (chunk: Buffer): void => {
      log += chunk.toString();
      if (!stopWhenQuiet || log.indexOf('Connected') < 0) return;
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(() => { quietStop = true; child.kill(); }, QUIET_MS);
    };
    child.stdout.on('data', heard);
    child.stderr.on('data', heard);
    child.on('close', (code) => {
      clearTimeout(hardLimit);
      if (quiet) clearTimeout(quiet);
      done({ code, log, timedOut, quietStop });
    });
  });
}

export async function flashExample(exampleName: string, opts: FlashOptions): Promise<FlashResult> {
  const board = findBoard(opts.board);
  if (board.id === 'sim') {
    throw new Error("board 'sim' is the host's test board, there is nothing to flash: flash a real board (frugal boards lists them); frugal run " +
      exampleName + ' simulates one');
  }
  if (!opts.port && !opts.out) {
    throw new Error('flash needs --port <port> (a serial device, or a Bluetooth address) or --out <file.js> to write the upload without a board');
  }
  if (opts.out && !/\.js$/i.test(opts.out)) {
    throw new Error("--out '" + opts.out + "': espruino-tools writes the upload only to a .js file (its -o); name it e.g. " + exampleName + '-' + board.id + '.js');
  }
  const target: OutTarget | null = opts.out ?
    { option: '--out', path: opts.out, what: 'upload', suggest: basename(exampleName, '.ts') + '-' + board.id + '.js', makeDirs: true } : null;
  if (target) checkOut(target);
  if (opts.port) checkPort(opts.port);
  const build = await buildExample(exampleName, board.id);
  const storageFile = opts.save ? '.bootcde' : 'frugal.js';
  const dir = mkdtempSync(join(tmpdir(), 'frugal-flash-'));
  try {
    const bundlePath = join(dir, build.example.name + '-' + board.id + '.js');
    const jsonPath = join(dir, board.espruinoBoard + '.json');
    writeFileSync(bundlePath, build.code);
    writeFileSync(jsonPath, JSON.stringify(boardJson(board)));
    const common = ['--board', jsonPath, '--storage', storageFile + ':-'];

    // The tools write into the temporary directory; --out gets the file only once it is complete.
    const prepared = join(dir, 'upload.js');
    const dry = await runCli([...common, '--no-ble', '-n', '-o', prepared, bundlePath], 60000, false);
    if (dry.code !== 0 || !existsSync(prepared)) throw new Error('preparing the upload: ' + flashFailure(dry.log, undefined, dry.code, listPorts));
    const bytes = readFileSync(prepared);
    const upload = bytes.toString('latin1');
    const out = target ? writeOut(target, bytes) : null;
    const result: FlashResult = {
      build, storageFile, upload, uploadBytes: bytes.length, out,
      sent: false, unconfirmed: false, log: dry.log,
    };
    if (!opts.port) return result;

    const baud = opts.baud || serialBaud(board);
    const transferMs = (result.uploadBytes * 10 * 1000) / baud;
    const small = result.uploadBytes <= SILENT_UPLOAD_BYTES;
    const args = [...common, '-p', opts.port, '-b', String(baud)];
    if (!isBluetoothPort(opts.port)) args.push('--no-ble');
    const run = await runCli([...args, bundlePath], opts.timeoutMs || 60000 + 2 * transferMs, small);
    result.log = run.log;
    if (run.quietStop) {
      result.unconfirmed = true;
      result.sent = true;
      return result;
    }
    if (run.timedOut) {
      throw new Error('espruino-tools did not finish uploading to ' + opts.port + ' within ' + Math.round((opts.timeoutMs || 60000 + 2 * transferMs) / 1000) +
        ' s; fix: check that the board responds (npx espruino -p ' + opts.port + ' opens a terminal on it)');
    }
    if (run.log.indexOf('Upload Complete') < 0) throw new Error(flashFailure(run.log, opts.port, run.code, listPorts));
    result.sent = true;
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeFlash(r: FlashResult, port: string | undefined): string {
  const b = r.build.board;
  const lines: string[] = [];
  lines.push('frugal: ' + r.build.example.name + ' for ' + b.name + ': bundle ' + r.build.bytes + ' bytes, about ' + r.build.cost.blocks +
    ' of ' + b.variables + ' variables once loaded');
  lines.push('  storage file ' + r.storageFile + (r.storageFile === '.bootcde' ? ' (runs at every boot)' : ' (loaded now; the board boots as before)'));
  if (r.out) lines.push('  wrote the upload espruino-tools would send (' + r.uploadBytes + ' bytes) to ' + r.out);
  if (r.sent) {
    lines.push('  uploaded ' + r.uploadBytes + ' bytes to ' + port + (r.unconfirmed ?
      ' (espruino-tools does not confirm uploads of ' + SILENT_UPLOAD_BYTES + ' bytes or less; frugal stopped waiting once it fell quiet)' : ''));
  }
  return lines.join('\n');
}
