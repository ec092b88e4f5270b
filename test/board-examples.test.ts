// The examples made for one board (program/example-names.ts BOARD_EXAMPLES), through frugal/testing
// as a board owner would test them: the Puck.js beacon with its own scripted inputs and with a
// test's, and the I2C sensor on a Pico with a model of its ADXL345, a missing one and a wrong one.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram } from '../testing.ts';
import { auditFiles } from '../compiler/allocation-audit.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BEACON = path.join(ROOT, 'examples', 'puck-beacon.ts');
const I2C = path.join(ROOT, 'examples', 'pico-i2c.ts');

test('puck-beacon: its scripted run advertises temperature, light, battery, presses and orientation; LEDs for presses and the central', async () => {
  const run = await runProgram(BEACON, { programInputs: true });
  assert.is(run.board, 'puckjs');
  assert.equal(run.faults, []);
  assert.is(run.serial, [
    'advertising: 21 C, light 35%, battery 87%', 'button: press 1', 'advertising: 21 C, light 35%, battery 87%', 'motion: face down',
    'button: press 2', 'advertising: 24 C, light 10%, battery 87%', 'central: connected', 'motion: face up', 'central: blue LED 64/255',
    'central: disconnected, reason 19', 'advertising: 24 C, light 10%, battery 87%', '',
  ].join('\n'));
  // Every change is advertised at once: 4 periodic, 2 presses, 2 turns.
  assert.is(run.advertising.length, 8);
  const first = run.advertising[0].packets[0];
  assert.equal(first.serviceData, { 1809: [21], '180f': [87] });
  assert.equal(first.manufacturerData, [89, 0, 1]);
  assert.is(first.name, undefined, 'showName: false');
  assert.equal(run.advertising[run.advertising.length - 1].packets[0].manufacturerData, [26, 2, 1]);
  assert.is(run.advertising[0].interval, 500);
  assert.equal(run.leds.LED1, { writes: 4, last: 't=3626 LED1=0' });
  assert.equal(run.leds.LED2, { writes: 2, last: 't=5800 LED2=0' });
  assert.equal(run.pwm.LED3, { writes: 1, duty: 64 / 255, freq: 0, atMs: 5300 });
  assert.equal(run.ble.services, [{ atMs: 0, characteristics: ['bcde/abcd w'], uart: true }]);
  assert.equal(run.report.events.map((e) => e.source + ' ' + e.seen + ' ' + e.dropped), ['Puck.accel 9 0', 'NRF.connection 2 0', 'NRF.write 1 0']);
  assert.match(run.text, 'advertising:\n  8 setAdvertising calls, every 500 ms');
  assert.match(run.text, 'events    task \'motion\' argument \'samples\' (Puck.accel): 0 of 4 queued');
});

test('puck-beacon: a test\'s own readings and central, instead of the program\'s', async () => {
  const run = await runProgram(BEACON, {
    ms: 2500,
    sensors: [{ atMs: 0, temperature: 30.2 }, { atMs: 0, battery: 40 }, { atMs: 0, light: 1 }, { atMs: 1000, accel: { x: 0, y: 0, z: -8192 } }],
    ble: [{ atMs: 100, connect: 'de:ad:be:ef:00:01 random' }, { atMs: 200, write: { service: 0xBCDE, characteristic: 0xABCD, data: [255] } }],
  });
  assert.is(run.serial, ['advertising: 30 C, light 100%, battery 40%', 'central: connected', 'central: blue LED 255/255', 'motion: face down',
    'advertising: 30 C, light 100%, battery 40%', ''].join('\n'));
  assert.equal(run.advertising[0].packets[0].serviceData, { 1809: [30], '180f': [40] });
  assert.equal(run.pwm.LED3.duty, 1);
  assert.equal(run.leds.LED2, { writes: 1, last: 't=100 LED2=1' });
});

test('puck-beacon: its task code allocates nothing (the advertising objects are made once in setup)', () => {
  assert.equal(auditFiles([BEACON]), []);
});

test('pico-i2c: the ADXL345 model is found, measured and read twice a second; LED1 while tilted', async () => {
  const run = await runProgram(I2C, { programInputs: true });
  assert.is(run.board, 'pico', "the example's own board by default");
  assert.equal(run.faults, []);
  assert.is(run.serial, ['ADXL345 found, measuring', 'accel mg: x=16 y=-12 z=998', 'accel mg: x=16 y=-12 z=998', 'accel mg: x=16 y=-12 z=998',
    'accel mg: x=706 y=-8 z=706', 'accel mg: x=706 y=-8 z=706', 'accel mg: x=-23 y=20 z=995', 'accel mg: x=-23 y=20 z=995', ''].join('\n'));
  assert.equal(run.ledLog.filter((l) => l.endsWith('=1')), ['t=1500 LED1=1', 't=2000 LED1=1']);
  // setup-free: ID (write the register, read it), measure on, then a register write and a 6-byte read per reading.
  assert.equal(run.i2c.slice(0, 5).map((t) => t.op + ' ' + t.bytes.join(',')), ['write 0', 'read 229', 'write 45,8', 'write 50', 'read 4,0,253,255,0,1']);
  assert.is(run.records.counts.i2c, 3 + 2 * 7);
  assert.match(run.text, 'I2C:\n  17 transactions');
});

test('pico-i2c: no device on the bus is a fault naming the I2C error; another chip is reported and the task ends', async () => {
  const none = await runProgram(I2C, { ms: 1000 });
  assert.is(none.faults.length, 1);
  assert.match(none.faults[0].message, 'I2C Write Error 33281');
  const other = await runProgram(I2C, { ms: 1000, i2c: [{ address: 0x53, registers: { 0: 0x33 } }] });
  assert.is(other.serial, 'no ADXL345 on I2C1: DEVID reads 51\n');
  assert.is(other.report.tasks[0].state, 'ended');
});

test('pico-i2c: the audit lists the bus setup and the two readFrom calls, each with its fix', () => {
  assert.equal(auditFiles([I2C]).map((s) => s.line + ' ' + s.kind), ['39 object-literal', '41 board-call', '52 board-call']);
});

test.run();
