// The frugal command as a user runs it (node cli/frugal.js ...): wrong names and options are
// refused with the valid choices and a non-zero exit code; build, run --trace, size and
// flash --out (through espruino-tools) do what they say.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'acorn';
import { buildExample } from '../cli/build.ts';
import type { TraceEvent } from '../cli/trace.ts';
import { SILENT_UPLOAD_BYTES, checkPort } from '../cli/flash.ts';

const CLI = new URL('../cli/frugal.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'frugal-cli-test-'));

function frugal(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('unknown board, example or option: refused with the valid choices, exit code 1', () => {
  const board = frugal('build', 'blinky', '--board', 'arduino');
  assert.is(board.code, 1);
  assert.match(board.err, "option '--board <id>' argument 'arduino' is invalid. Allowed choices are pico, original, wifi, puckjs, pixljs, banglejs2, mdbt42q, esp32.");
  const example = frugal('build', 'blinkie', '--board', 'pico');
  assert.is(example.code, 1);
  assert.match(example.err, "value 'blinkie' is invalid for argument 'example'. Allowed choices are tour, blinky, button, uart-echo, sensor-stream, pipeline.");
  const option = frugal('run', 'blinky', '--speed', '2');
  assert.is(option.code, 1);
  assert.match(option.err, "unknown option '--speed'");
  assert.match(option.err, '--ms <n>');
  assert.match(option.err, '--trace <file>');
  const missing = frugal('build', 'blinky');
  assert.is(missing.code, 1);
  assert.match(missing.err, "required option '--board <id>' not specified");
  const badMs = frugal('run', 'blinky', '--ms', '-5');
  assert.is(badMs.code, 1);
});

test('boards lists every board; build writes the bundle and prints its bytes and budget', () => {
  const boards = frugal('boards');
  assert.is(boards.code, 0);
  for (const id of ['pico', 'original', 'wifi', 'puckjs', 'pixljs', 'banglejs2', 'mdbt42q', 'esp32', 'sim']) assert.match(boards.out, new RegExp('^' + id + ' ', 'm'));

  const out = join(dir, 'tour-pico.js');
  const b = frugal('build', 'tour', '--board', 'pico', '--out', out);
  assert.is(b.code, 0, b.err);
  const code = readFileSync(out, 'utf8');
  parse(code, { ecmaVersion: 5, sourceType: 'script' });
  assert.match(b.out, 'bundle   ' + Buffer.byteLength(code) + ' bytes, ES5, minified -> ' + out);
  assert.match(b.out, 'memory budget against 5100 variables x 13 bytes = 66300 bytes');
  assert.match(b.out, /total\s+\d+ bytes, \d+\.\d% of RAM/);

  const refused = frugal('build', 'tour', '--board', 'esp32');
  assert.is(refused.code, 1);
  assert.match(refused.err, "frugal: example 'tour' cannot run on ESP32 (esp32): board 'esp32' (ESP32) has no pin 'LED2'; it has LEDs LED1");
});

test('run --trace writes a Chrome trace: polls per task, sleeps as spans, on board time', () => {
  const file = join(dir, 'trace.json');
  const r = frugal('run', 'blinky', '--ms', '1000', '--trace', file);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, 'events written to ' + file);
  const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };
  const ev = trace.traceEvents;
  const names = ev.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args!.name);
  assert.equal(names, ['task 0 blink LED1', 'task 1 blink LED2']);
  // blinky over 1 s: LED1 polled at 0, 500, 1000 and LED2 at 0, 300, 600, 900 (see examples-sim).
  const polls = (tid: number) => ev.filter((e) => e.ph === 'X' && e.tid === tid);
  assert.equal(polls(0).map((e) => e.args!.boardMs), [0, 500, 1000]);
  assert.equal(polls(1).map((e) => e.args!.boardMs), [0, 300, 600, 900]);
  for (const e of [...polls(0), ...polls(1)]) assert.ok(e.dur! >= 1 && e.ts >= (e.args!.boardMs as number) * 1000);
  // Each sleep is a begin/end pair with one id, ending when it fired (or at the end of the run).
  const begins = ev.filter((e) => e.ph === 'b');
  const ends = ev.filter((e) => e.ph === 'e');
  assert.is(begins.length, 7);
  assert.equal(begins.map((e) => e.id).sort(), ends.map((e) => e.id).sort());
  const led2First = begins.find((e) => e.tid === 1)!;
  assert.is(led2First.args!.untilMs, 300);
  assert.is(ends.find((e) => e.id === led2First.id)!.ts, 300000);
  // Polls on one track never overlap.
  for (const tid of [0, 1]) {
    const p = polls(tid);
    for (let i = 1; i < p.length; i++) assert.ok(p[i].ts >= p[i - 1].ts + p[i - 1].dur!);
  }
});

test('size shows each task\'s budget against the run and warns where scratch was too small', () => {
  const r = frugal('size', 'pipeline', '--board', 'puckjs');
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /0 producer\s+5\/6\s+4\s+2\/2\s+1\s+0/);
  assert.match(r.out, /1 consumer\s+4\/6\s+4\s+9\/2\s+1\s+6/);
  assert.match(r.out, "warning: task 'consumer': scratch is 2 words, the run offered it a frame of 9 words, which went to the pool (6 times); scratchWords: 9 keeps it in scratch");
  assert.match(r.out, 'frugal: built pipeline for Puck.js');
  const quiet = frugal('size', 'blinky');
  assert.match(quiet.out, 'no warnings: every configured budget covered what the run needed');
});

// Runs the upload espruino-tools wrote with stand-ins for Storage and load(), and returns the
// files it would write on the board and what it would load.
function replayUpload(upload: string): { files: Record<string, string>; loaded: string[] } {
  const chunks: Record<string, { off: number; data: string }[]> = {};
  const loaded: string[] = [];
  const storage = {
    write(name: string, data: string, off: number) {
      (chunks[name] = chunks[name] || []).push({ off, data });
    },
  };
  new Function('require', 'load', upload)((m: string) => { assert.is(m, 'Storage'); return storage; }, (f: string) => loaded.push(f));
  const files: Record<string, string> = {};
  for (const [name, cs] of Object.entries(chunks)) {
    let text = '';
    for (const c of cs.sort((a, b) => a.off - b.off)) {
      assert.is(c.off, text.length, 'chunks follow each other');
      text += c.data;
    }
    files[name] = text;
  }
  return { files, loaded };
}

test('flash --out writes, through espruino-tools, the upload that stores the bundle in flash and loads it', async () => {
  const bundle = (await buildExample('blinky', 'puckjs')).code;
  const out = join(dir, 'upload.js');
  const r = frugal('flash', 'blinky', '--board', 'puckjs', '--out', out);
  assert.is(r.code, 0, r.err);
  const upload = readFileSync(out, 'latin1');
  assert.match(r.out, 'wrote the upload espruino-tools would send (' + Buffer.byteLength(upload, 'latin1') + ' bytes) to ' + out);
  assert.ok(upload.length > SILENT_UPLOAD_BYTES);
  const once = replayUpload(upload);
  assert.equal(Object.keys(once.files), ['frugal.js']);
  assert.is(once.files['frugal.js'], bundle);
  assert.equal(once.loaded, ['frugal.js']);

  const saved = frugal('flash', 'blinky', '--board', 'puckjs', '--out', out, '--save');
  assert.is(saved.code, 0, saved.err);
  assert.match(saved.out, 'storage file .bootcde (runs at every boot)');
  const boot = replayUpload(readFileSync(out, 'latin1'));
  assert.is(boot.files['.bootcde'], bundle);
  assert.equal(boot.loaded, ['.bootcde']);
});

test('flash without a usable port is refused, listing the ports there are', () => {
  const none = frugal('flash', 'blinky', '--board', 'puckjs');
  assert.is(none.code, 1);
  assert.match(none.err, 'flash needs --port <port> (a serial device, or a Bluetooth address) or --out <file.js>');
  const notJs = frugal('flash', 'blinky', '--board', 'puckjs', '--out', join(dir, 'upload.txt'));
  assert.is(notJs.code, 1);
  assert.match(notJs.err, 'espruino-tools writes the upload only to a .js file');
  assert.throws(() => checkPort('/dev/frugal-no-such-port', () => ['/dev/ttyACM0', '/dev/ttyUSB1']),
    /no port '\/dev\/frugal-no-such-port'; serial ports found: \/dev\/ttyACM0, \/dev\/ttyUSB1; for Bluetooth pass the board's address/);
  checkPort('c7:a1:00:12:34:56', () => { throw new Error('a Bluetooth address needs no port list'); });
  checkPort('tcp://192.168.1.50', () => { throw new Error('nor a network address'); });
  // Through the command, with espruino-tools' own --list (nothing attached here).
  const bad = frugal('flash', 'blinky', '--board', 'puckjs', '--port', '/dev/frugal-no-such-port');
  assert.is(bad.code, 1);
  assert.match(bad.err, "frugal: no port '/dev/frugal-no-such-port'; serial ports found:");
  assert.ok(!existsSync('/dev/frugal-no-such-port'));
});

test('clean up', () => {
  rmSync(dir, { recursive: true, force: true });
});

test.run();
