// What frugal tells about itself and the boards (--version, boards, boards <id>), and its output
// cut short by a reader that stops early.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOARDS } from '../boards/descriptors.ts';
import { frugal } from './support/frugal-cli.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'cli', 'frugal.js');

/** The bin script itself, as a shell runs it. */
function bin(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('--version and -V print the package version', async () => {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  // The bin script itself once; -V through the command line in this process.
  for (const r of [bin('--version'), await frugal('-V')]) {
    assert.is(r.code, 0, r.err);
    assert.is(r.out, version + '\n');
  }
});

test('boards <id>: RAM, LEDs and buttons with their pins, pins, analog pins, serial ports with their port numbers, sensors', async () => {
  const r = await frugal('boards', 'puckjs');
  assert.is(r.code, 0, r.err);
  assert.is(r.out, [
    'puckjs: Puck.js (Espruino PUCKJS, http://www.espruino.com/PuckJS)',
    '  RAM      2630 variables x 13 bytes = 34190 bytes for JavaScript; chip NRF52832, 64 KB RAM, 512 KB flash',
    '  LEDs     LED1 (D5), LED2 (D4), LED3 (D3)',
    '  buttons  BTN1 (D0)',
    '  pins     ' + Array.from({ length: 32 }, (_, i) => 'D' + i).join(', ') + ' (32)',
    '  analog   D2, D3, D4, D5, D28, D29, D30, D31',
    '  serial   Bluetooth, Serial1 (hal port 0, 9600 baud)',
    '  sensors  E.getTemperature, Puck.mag, Puck.light, Puck.accel, Puck.getTemperature, Puck.capSense',
    '  API      analogWrite, I2C, SPI, Storage, I2C1, SPI1, NRF, E.getBattery, Puck.accelOn, Puck.accelOff, Puck.magOn, Puck.magOff, Puck.magTemp, ' +
      'Puck.getBatteryPercentage (docs/board-api.md)',
    '  Storage  40960 bytes in pages of 4096',
  ].join('\n') + '\n');
  // A board without a UART for programs prints on Bluetooth; one LED without a plain pin says so by giving none.
  const bangle = await frugal('boards', 'banglejs2');
  assert.match(bangle.out, '  serial   Bluetooth (hal port 0, 9600 baud)');
  assert.match(bangle.out, '  LEDs     LED1, LED2');
  assert.match((await frugal('boards', 'esp32')).out, 'Serial1 (hal port 0, 115200 baud)');
  for (const b of BOARDS) if (b.id !== 'sim') assert.is((await frugal('boards', b.id)).code, 0, b.id);
});

test('boards lists every board and says how to see one; an unknown id is refused with the choices', async () => {
  const list = await frugal('boards');
  assert.is(list.code, 0, list.err);
  assert.match(list.out, /^puckjs +Puck\.js +2630 vars x 13 bytes {2}\(frugal run's default\)$/m);
  assert.match(list.out, '\nfrugal boards <id> lists its pins, LEDs, buttons, sensors, serial ports, API, Storage and RAM\n');
  const bad = await frugal('boards', 'arduino');
  assert.is(bad.code, 1);
  assert.match(bad.err, "value 'arduino' is invalid for argument 'id'. Allowed choices are pico, original, wifi, puckjs, pixljs, banglejs2, mdbt42q, esp32.");
});

test('a reader that stops early (| head): no stack trace, the command finishes its --trace file and exits as it would', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'frugal-epipe-'));
  try {
    const [trace, err, code] = ['trace.json', 'err.txt', 'code.txt'].map((f) => path.join(dir, f));
    // `true` has exited long before frugal prints: every write of frugal's meets a closed pipe.
    spawnSync('sh', ['-c', '{ "$0" "$1" run blinky --ms 20000 --trace "$2" 2>"$3"; echo $? >"$4"; } | true', process.execPath, CLI, trace, err, code],
      { encoding: 'utf8', timeout: 120000 });
    assert.is(readFileSync(err, 'utf8'), '');
    assert.is(readFileSync(code, 'utf8'), '0\n');
    assert.ok((JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: unknown[] }).traceEvents.length > 0, 'the trace was written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
