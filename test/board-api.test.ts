// The board's API in task code (issue 20): a first Puck.js program calling Puck.accel() and
// NRF.setAdvertising() runs on frugal run and runProgram with its advertising visible; the same
// program is refused for a board without them, naming the place and the boards that have them;
// the model of Espruino gives each board what its descriptor lists and records what a program
// does with it (advertising packets as the nRF SDK encodes them, PWM, I2C, SPI, Storage); the audit
// lists the board calls that allocate.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram } from '../testing.ts';
import { buildExample } from '../bundler/build-example.ts';
import { boardApiUses } from '../bundler/board-api-check.ts';
import { boardHas, boardsWith } from '../boards/board-api.ts';
import { BOARDS } from '../boards/descriptors.ts';
import { createV8Engine, type V8Engine } from '../simulator/v8-engine.ts';
import { decodeAdvertising, readBoardRecords } from '../program/board-io.ts';
import { auditFiles } from '../compiler/allocation-audit.ts';
import { refusal } from './support/refusal.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIRST = path.join(ROOT, 'test', 'board-corpus', 'accel-advertise.ts');

test('a task calling Puck.accel() and NRF.setAdvertising() runs on a Puck.js: no fault, its advertising in the result and in frugal run\'s text', async () => {
  const run = await runProgram(FIRST, { programInputs: true });
  assert.equal(run.faults, []);
  assert.equal(run.uncaught, []);
  assert.is(run.report.tasks[0].state, 'live');
  // t=0, 1000, 2000: face up (z > 0) and x = 512 (0x02 in its high byte), then face down and x = -512 (0xfe) at 2000.
  assert.equal(run.advertising.map((a) => a.atMs), [0, 1000, 2000]);
  assert.equal(run.advertising.map((a) => a.packets[0].manufacturerData), [[1, 2], [1, 2], [0, 254]]);
  const p = run.advertising[0].packets[0];
  assert.is(p.manufacturer, 0x0590);
  assert.is(p.name, 'Puck.js 3456');
  // Flags, manufacturer data, the name: as Nordic's adv_data_encode lays them out.
  assert.equal(p.bytes, [2, 1, 6, 5, 0xFF, 0x90, 0x05, 1, 2, 13, 9, ...Array.from('Puck.js 3456', (c) => c.charCodeAt(0))]);
  assert.match(run.text, 'advertising:\n  3 setAdvertising calls, every 375 ms');
  assert.match(run.text, 'last  t=2000: name "Puck.js 3456", manufacturer 0x0590 [00 fe]');
});

test('the same program for a Pico is refused by build and run, naming the calls, where they are and the boards that have them', async () => {
  const build = await refusal(buildExample(FIRST, 'pico'));
  const run = await refusal(runProgram(FIRST, { board: 'pico' }));
  assert.is(run, build);
  assert.match(build, "example 'accel-advertise' cannot run on Espruino Pico (pico): its task code reaches 2 names of Espruino's API that Espruino Pico does not have:");
  assert.match(build, 'Puck.accel (test/board-corpus/accel-advertise.ts:9:15) is on Puck.js (puckjs)');
  assert.match(build, 'NRF (test/board-corpus/accel-advertise.ts:10:5) is on Puck.js (puckjs), Pixl.js (pixljs), Bangle.js 2 (banglejs2), MDBT42Q Module (mdbt42q), ESP32 (esp32)');
  assert.match(build, 'fix: build for a board that has them');
});

test('the board API check reads what the bundle reaches: globals, members, require(\'Storage\'), pins; not what a scope declares', () => {
  assert.equal(boardApiUses('(function(){var a=Puck.accel();NRF.setAdvertising({});analogWrite(LED3,.5);require("Storage").read("x");Puck.on("x",0)})();'),
    ['Puck.accel', 'NRF', 'analogWrite', 'LED3', 'Storage', 'Puck']);
  assert.equal(boardApiUses('(function(NRF){var Puck=1;NRF.x();Puck.accel()})(0);'), []);
  assert.ok(boardHas(BOARDS.find((b) => b.id === 'puckjs')!, 'LED3'));
  assert.not.ok(boardHas(BOARDS.find((b) => b.id === 'pico')!, 'LED3'));
  assert.equal(boardsWith('Puck.accel').map((b) => b.id), ['puckjs']);
  assert.equal(boardsWith('I2C1').length, 8, 'every real board has I2C1');
});

test('frugal audit lists the board calls that make a new object and the literals built for a board call, each with its fix', () => {
  const sites = auditFiles([FIRST]);
  assert.equal(sites.map((s) => s.line + ':' + s.kind), ['9:board-call', '10:object-literal', '10:object-literal', '10:array-literal']);
  assert.match(sites[0].fix!, "boardEvents(ex, hal, 'Puck.accel', n)");
  assert.match(sites[1].fix!, 'make it once in setup');
});

function engine(board: string, code: string, setup?: (e: V8Engine) => void): V8Engine {
  const e = createV8Engine(board);
  if (setup) setup(e);
  e.load(code);
  return e;
}

test('model: each board has exactly the API its descriptor lists', () => {
  for (const b of BOARDS) {
    const e = createV8Engine(b);
    const has = (expr: string): boolean => e.evaluate('typeof ' + expr + " !== 'undefined'") as boolean;
    assert.is(has('NRF'), boardHas(b, 'NRF'), b.id + ' NRF');
    assert.is(has('Puck') && has('Puck.accel'), boardHas(b, 'Puck.accel'), b.id + ' Puck.accel');
    assert.is(has('Bangle'), boardHas(b, 'Bangle'), b.id + ' Bangle');
    assert.is(has('E.getBattery'), boardHas(b, 'E.getBattery'), b.id + ' E.getBattery');
    assert.is(has('I2C1') && has('SPI1') && has('analogWrite'), true, b.id + ' I2C1, SPI1, analogWrite');
    assert.is(has('I2C3'), boardHas(b, 'I2C3'), b.id + ' I2C3');
    assert.is(e.evaluate("typeof require('Storage').write") as string, 'function', b.id + ' Storage');
  }
});

test('model: advertising packets as the nRF SDK encodes them; a packet past 31 bytes is refused; the name is shortened to fit', () => {
  const e = engine('puckjs', `
    NRF.setAdvertising({ 0x1809: [21], 0x180F: new Uint8Array([87]) }, { showName: false, manufacturer: 0x0590, manufacturerData: 'ab', interval: 1000 });
    NRF.setAdvertising({ 0x180D: undefined }, { discoverable: false });
    var long = NRF.getAdvertisingData({ 0x1809: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }, { manufacturer: false });
    print(long.length, long[18], long[19], long[30]);
    try { NRF.setAdvertising({}, { manufacturerData: '01234567890123456789012345' }); } catch (err) { print(err.message); }
    try { NRF.setAdvertising(5); } catch (err) { print(err.message); }
  `);
  const r = readBoardRecords(e.records());
  assert.equal(r.advertising[0].packets[0].bytes, [2, 1, 6, 5, 0xFF, 0x90, 0x05, 97, 98, 4, 0x16, 0x09, 0x18, 21, 4, 0x16, 0x0F, 0x18, 87]);
  assert.is(r.advertising[0].interval, 1000);
  assert.equal(r.advertising[1].packets[0].services, ['180d']);
  assert.is(r.advertising[1].packets[0].bytes[2], 5, 'limited discoverable');
  // 3 (flags) + 15 (service data) leave 11 bytes for a name of 12: the shortened name (0x08) 'Puck.js 345'.
  assert.equal(e.output().split('\n').slice(0, 3), ['31 12 8 53', 'Got BLE error 0xc DATA_SIZE', 'Expecting Object, Array or undefined, got number']);
  const short = decodeAdvertising([2, 1, 6, 3, 8, 80, 117]);
  assert.is(short.name, 'Pu');
});

test('model: a central connects, writes a characteristic (onWrite gets the bytes) and disconnects; notifications are recorded while connected', () => {
  const e = engine('puckjs', `
    NRF.on('connect', function (a) { print('connect ' + a); NRF.updateServices({ 0xBCDE: { 0xABCD: { value: [7], notify: true } } }); });
    NRF.on('disconnect', function (r) { print('disconnect ' + r); });
    NRF.setServices({ 0xBCDE: { 0xABCD: { value: [0], writable: true, notify: true, onWrite: function (w) { print('write ' + w.data.length + ' ' + w.data[0] + ' ' + new Uint8Array(w.data)[1]); } } } });
  `, (x) => {
    x.input('write', 50, { service: 0xBCDE, characteristic: 0xABCD, data: [1] });
    x.input('connect', 100, { address: 'aa:bb:cc:dd:ee:ff public' });
    x.input('write', 200, { service: 'bcde', characteristic: 'abcd', data: [9, 8] });
    x.input('disconnect', 300, { reason: 19 });
  });
  e.run(400);
  assert.is(e.output(), 'connect aa:bb:cc:dd:ee:ff public\nwrite 2 9 8\ndisconnect 19\n');
  const r = readBoardRecords(e.records());
  assert.equal(r.ble.map((b) => b.event + ' ' + b.atMs + (b.accepted === false ? ' not delivered' : '')), ['write 50 not delivered', 'connect 100', 'write 200', 'disconnect 300']);
  assert.equal(r.notifications, [{ atMs: 100, service: 'bcde', characteristic: 'abcd', bytes: [7] }]);
});

test('model: Puck.js sensors take scripted readings; accelOn streams events at its rate; a rate the firmware lacks is refused', () => {
  const e = engine('puckjs', `
    var n = 0;
    Puck.on('accel', function (a) { n++; if (n === 1 || n === 12) print('accel', a.acc.x, a.acc.z, a.gyro.x); });
    Puck.accelOn(12.5);
    try { Puck.accelOn(13); } catch (err) { print(err.message); }
    setTimeout(function () { print(Puck.light(), E.getBattery(), Puck.getBatteryPercentage(), NRF.getBattery(), Puck.capSense(), JSON.stringify(Puck.mag())); Puck.accelOff(); }, 1000);
  `, (x) => {
    x.input('accel', 0, { x: 10, y: 0, z: 8192, gx: 3 });
    x.input('light', 0, { value: 0.75 });
    x.input('battery', 500, { value: 40 });
    x.input('capSense', 500, { value: 12345 });
    x.input('mag', 500, { x: 1, y: 2, z: 3 });
  });
  e.run(2000);
  assert.equal(e.output().split('\n'), [
    'Invalid sample rate 13 - must be 1660, 833, 416, 208, 104, 52, 26, 12.5, 1.6 Hz',
    'accel 10 8192 3', 'accel 10 8192 3',
    '0.75 40 40 2.44 12345 {"x":1,"y":2,"z":3}', '',
  ]);
});

test('model: analogWrite is recorded per pin; I2C devices answer by register; a missing one is an error; SPI sends back what is scripted', () => {
  const e = engine('pico', `
    analogWrite(B3, 0.25, { freq: 1000 }); analogWrite(B3, 0.5);
    I2C1.setup({ scl: B6, sda: B7 });
    I2C1.writeTo(0x53, 0x2D, 0x08);
    I2C1.writeTo(0x53, 0x32);
    print(JSON.stringify(Array.prototype.slice.call(I2C1.readFrom(0x53, 3))));
    I2C1.writeTo(0x53, 0x2D); print(I2C1.readFrom(0x53, 1)[0]);
    try { I2C1.writeTo(0x20, 1); } catch (err) { print(err.message); }
    SPI1.setup({ sck: A5, mosi: A7, miso: A6 });
    print(SPI1.send(0x9F), JSON.stringify(Array.prototype.slice.call(SPI1.send([1, 2, 3]))));
  `, (x) => {
    x.i2cDevice('I2C1', 0x53, { 0x32: 4, 0x33: 0, 0x34: 250 });
    x.input('spi', 0, { bus: 'SPI1', bytes: [0xEF, 0x40] });
  });
  assert.equal(e.output().split('\n'), ['[4,0,250]', '8', 'I2C Write Error 33281', '239 [64,255,255]', '']);
  const r = readBoardRecords(e.records());
  assert.equal(r.pwm, { B3: { writes: 2, duty: 0.5, freq: 0, atMs: 0 } });
  assert.equal(r.i2c.map((t) => t.op + ' ' + t.address.toString(16) + ' ' + t.bytes.join(',') + (t.ack ? '' : ' nack')),
    ['write 53 45,8', 'write 53 50', 'read 53 4,0,250', 'write 53 45', 'read 53 8', 'write 20 1 nack']);
  assert.equal(r.spi.map((t) => t.sent.join(',') + '>' + t.received.join(',')), ['159>239', '1,2,3>64,255,255']);
});

test('model: Storage writes, offsets into erased bytes, errors, StorageFile lines, list and getFree as Espruino keeps them', () => {
  const e = engine('puckjs', `
    var s = require('Storage');
    function q(t) { var o = ''; for (var i = 0; t !== undefined && i < t.length; i++) o += t.charCodeAt(i) === 255 ? '~' : t.charAt(i); return o; }
    print(s.write('a', 'hello'), s.read('a'), s.getFree());
    print(s.write('b', 'xx', 0, 8), q(s.read('b')), s.write('b', 'yy', 2), q(s.read('b', 0, 5)));
    try { s.write('b', 'zz', 2); } catch (err) { print(err.message); }
    try { s.write('b', 'too long!', 4); } catch (err) { print(err.message); }
    try { s.write('c', 'x', 4); } catch (err) { print(err.message); }
    s.write('b', new Uint8Array([65, 66]), 6);
    var f = s.open('log', 'a'); f.write('one\\n'); f.write('two\\n');
    var g = s.open('log', 'r'); print(JSON.stringify(g.readLine()), JSON.stringify(g.readLine()), JSON.stringify(g.readLine()));
    print(JSON.stringify(s.list()), JSON.stringify(s.list(undefined, { sf: true })), JSON.stringify(s.list(/^a/)));
    s.erase('a'); print(s.read('a'), JSON.stringify(s.readJSON('cfg')));
  `, (x) => x.storageFile('cfg', '{"rate":5}'));
  assert.equal(e.output().split('\n'), [
    // 40960 bytes (10 pages of 4096) less 'cfg' (32 + 12) and 'a' (32 + 8).
    'true hello 40876',
    'true xx~~~~~~ true xxyy~',
    'File already written with different data', 'Too much data for file size', 'Unable to find or create file',
    '"one\\n" "two\\n" undefined',
    '["cfg","a","b","log\\u0001"] ["log"] ["a"]',
    'undefined {"rate":5}', '',
  ]);
  const r = readBoardRecords(e.records());
  assert.is(r.files.b, 'xxyy\xFF\xFFAB');
  assert.equal(Object.keys(r.files), ['cfg', 'b', 'log\u0001']);
});

test('model: Bangle.js 2 streams accel events to a listener, mag and HRM once powered, steps as scripted', () => {
  const e = engine('banglejs2', `
    var seen = {};
    function count(k) { return function (v) { seen[k] = (seen[k] || 0) + 1; if (seen[k] === 1) print(k, JSON.stringify(v)); }; }
    Bangle.on('accel', count('accel')); Bangle.on('mag', count('mag')); Bangle.on('HRM', count('HRM')); Bangle.on('step', count('step'));
    Bangle.setHRMPower(1, 'test');
    setTimeout(function () { print(JSON.stringify(seen), Bangle.getStepCount()); }, 1500);
  `, (x) => {
    x.input('accel', 0, { x: 0, y: 0, z: -1 });
    x.input('hrm', 0, { bpm: 72, confidence: 90 });
    x.input('steps', 500, { value: 12 });
  });
  e.run(1500);
  assert.equal(e.output().split('\n'), [
    'accel {"x":0,"y":0,"z":-1,"diff":0,"mag":1}', 'step 12', 'HRM {"bpm":72,"confidence":90}', '{"accel":18,"step":1,"HRM":1} 12', '',
  ]);
});

test.run();
