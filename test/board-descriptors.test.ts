// Board descriptors: shape checks over every board, plus spot checks of values read from
// Espruino's boards/*.py files (see the comments in boards/descriptors.ts for the commits).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BOARDS, SIM_BOARD, boardIds, findBoard, jsVarBytesFor } from '../boards/descriptors.ts';

const EXPECTED_IDS = ['pico', 'original', 'wifi', 'puckjs', 'pixljs', 'banglejs2', 'mdbt42q', 'esp32', 'sim'];

test('BOARDS holds every expected board, sim last', () => {
  assert.equal(boardIds(), EXPECTED_IDS);
  assert.is(BOARDS[BOARDS.length - 1], SIM_BOARD);
});

test('ids are unique and lower-case', () => {
  const seen: { [id: string]: boolean } = {};
  for (const b of BOARDS) {
    assert.not.ok(seen[b.id], 'duplicate id ' + b.id);
    seen[b.id] = true;
    assert.is(b.id, b.id.toLowerCase());
  }
});

test('every board has at least one LED and more than 1000 variables', () => {
  for (const b of BOARDS) {
    assert.ok(b.leds.length >= 1, b.id + ' has no LED');
    assert.ok(b.variables > 1000, b.id + ' variables ' + b.variables);
  }
});

test('parallel arrays line up', () => {
  for (const b of BOARDS) {
    assert.is(b.ledPins.length, b.leds.length, b.id + ' ledPins');
    assert.is(b.buttonPins.length, b.buttons.length, b.id + ' buttonPins');
  }
});

test('analog pins are pins of the board', () => {
  // LED/button pins are not checked: on most boards they are on-board parts, not connector pins.
  for (const b of BOARDS) {
    for (const p of b.analogPins) assert.ok(b.pins.indexOf(p) >= 0, b.id + ': analog ' + p + ' not in pins');
  }
});

test('pin names are unique per board', () => {
  for (const b of BOARDS) {
    const seen: { [p: string]: boolean } = {};
    for (const p of b.pins) {
      assert.not.ok(seen[p], b.id + ' repeats ' + p);
      seen[p] = true;
    }
  }
});

test('bytesPerVariable matches the JSVAR_CACHE_SIZE ladder for every real board', () => {
  for (const b of BOARDS) {
    if (b === SIM_BOARD) continue;
    assert.is(b.bytesPerVariable, jsVarBytesFor(b.variables), b.id);
  }
  assert.is(jsVarBytesFor(1023), 12);
  assert.is(jsVarBytesFor(2047), 12);
  assert.is(jsVarBytesFor(2048), 13);
  assert.is(jsVarBytesFor(8191), 13);
  assert.is(jsVarBytesFor(8192), 14);
  assert.is(jsVarBytesFor(16383), 14);
  assert.is(jsVarBytesFor(16384), 16);
});

test('findBoard returns the descriptor, case-insensitively', () => {
  assert.is(findBoard('pico'), BOARDS[0]);
  assert.is(findBoard('PuckJS').espruinoBoard, 'PUCKJS');
  assert.is(findBoard('sim'), SIM_BOARD);
});

test('findBoard error lists the valid ids', () => {
  let message = '';
  try {
    findBoard('arduino');
  } catch (e) {
    message = (e as Error).message;
  }
  assert.ok(message.indexOf('arduino') >= 0, message);
  for (const id of EXPECTED_IDS) assert.ok(message.indexOf(id) >= 0, 'missing ' + id + ' in: ' + message);
});

// Values read from the board files.
test('spot check: Espruino Pico (PICO_R1_3.py)', () => {
  const b = findBoard('pico');
  assert.is(b.espruinoBoard, 'PICO_R1_3');
  assert.is(b.variables, 5100);
  assert.is(b.bytesPerVariable, 13);
  assert.equal(b.chip, { part: 'STM32F401CDU6', family: 'STM32F4', ramKB: 96, flashKB: 384 });
  assert.equal(b.ledPins, ['B2', 'B12']);
  assert.equal(b.buttonPins, ['C13']);
  assert.is(b.link, 'https://espruino.com/Pico');
});

test('spot check: Original (ESPRUINOBOARD.py)', () => {
  const b = findBoard('original');
  assert.is(b.variables, 2756);
  assert.equal(b.leds, ['LED1', 'LED2', 'LED3']);
  assert.equal(b.ledPins, ['A13', 'A14', 'A15']);
  assert.equal(b.buttonPins, ['B12']);
  assert.is(b.chip.part, 'STM32F103RCT6');
});

test('spot check: Espruino WiFi (ESPRUINOWIFI.py)', () => {
  const b = findBoard('wifi');
  assert.is(b.variables, 7148);
  assert.is(b.chip.ramKB, 128);
});

test('spot check: Puck.js (PUCKJS*.py)', () => {
  const b = findBoard('puckjs');
  assert.is(b.variables, 2630);
  assert.is(b.bytesPerVariable, 13);
  assert.equal(b.ledPins, ['D5', 'D4', 'D3']);
  assert.equal(b.buttonPins, ['D0']);
  assert.is(b.chip.part, 'NRF52832');
  assert.ok(b.sensors.indexOf('Puck.mag') >= 0);
  assert.ok(b.serial.indexOf('Bluetooth') >= 0);
});

test('spot check: Pixl.js (PIXLJS.py)', () => {
  const b = findBoard('pixljs');
  assert.is(b.variables, 3076);
  assert.equal(b.buttonPins, ['H1', 'H2', 'H3', 'H4']);
  assert.equal(b.ledPins, ['H0']);
});

test('spot check: Bangle.js 2 (BANGLEJS2.py)', () => {
  const b = findBoard('banglejs2');
  assert.is(b.variables, 12000);
  assert.is(b.bytesPerVariable, 14);
  assert.equal(b.chip, { part: 'NRF52840', family: 'NRF52', ramKB: 256, flashKB: 1024 });
  assert.equal(b.buttonPins, ['D17']);
  assert.equal(b.ledPins, ['', '']);
  assert.is(b.pins.length, 48);
});

test('spot check: MDBT42Q (MDBT42Q.py) and ESP32 (ESP32.py)', () => {
  const m = findBoard('mdbt42q');
  assert.is(m.variables, 3076);
  assert.equal(m.ledPins, ['D1', 'D2']);
  const e = findBoard('esp32');
  assert.is(e.variables, 16383);
  assert.is(e.bytesPerVariable, 14);
  assert.equal(e.ledPins, ['D2']);
  assert.equal(e.buttonPins, ['D0']);
  assert.is(e.pins.length, 40);
});

test('SIM_BOARD matches its brief', () => {
  assert.is(SIM_BOARD.id, 'sim');
  assert.equal(SIM_BOARD.leds, ['LED1', 'LED2']);
  assert.equal(SIM_BOARD.buttons, ['BTN1']);
  assert.is(SIM_BOARD.pins.length, 32);
  assert.is(SIM_BOARD.pins[0], 'D0');
  assert.is(SIM_BOARD.pins[31], 'D31');
  assert.equal(SIM_BOARD.analogPins, ['D0', 'D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7']);
  assert.equal(SIM_BOARD.serial, ['Serial1']);
  assert.equal(SIM_BOARD.sensors, ['E.getTemperature']);
  assert.is(SIM_BOARD.variables, 5000);
  assert.is(SIM_BOARD.bytesPerVariable, 16);
});

test.run();
