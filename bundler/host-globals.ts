// Sensors a board has and Espruino's Linux interpreter lacks, as ES5 source to run there before a
// bundle built for that board: deterministic waves on board time, the same ones the model of
// Espruino (simulator/espruino-model/) gives every simulated run, so that a run on the Linux
// build prints the readings a simulated run prints (test/simulator-engine.test.ts holds the two
// equal).

import type { BoardDescriptor } from '../boards/descriptors.ts';

/**
 * Puck.js's sensors over board time (getTime()), deterministic on every engine:
 * light 0..1 on a 4 s triangle wave (in thousandths), the magnetometer as integer counts on
 * slower waves (a fresh object per call, as the firmware returns), the temperature sensor, the
 * accelerometer lying flat and tilting slowly (8192 is 1 g), the battery at 100%. Puck.accelOn and
 * magOn stream their readings to the listener Puck.on kept, from one interval made here, before
 * the program loads (on the board the stream is the firmware's, not a JavaScript timer of the
 * program's); E.getBattery as on a Puck.js.
 */
export const PUCK_GLOBALS = `
Puck = (function () {
  function tri(t, period) {
    var ph = ((t % period) + period) % period;
    var half = period / 2;
    return ph < half ? ph / half : (period - ph) / half;
  }
  function ms() { return Math.floor(Math.round(getTime() * 1e6) / 1000); }
  function accel() {
    var t = ms();
    return { acc: { x: Math.round(tri(t, 8000) * 1600) - 800, y: Math.round(tri(t + 2000, 8000) * 1600) - 800, z: 8192 },
      gyro: { x: Math.round(tri(t, 3000) * 200) - 100, y: 0, z: 0 } };
  }
  function mag() {
    var t = ms();
    return { x: Math.round(tri(t, 6000) * 800) - 400, y: Math.round(tri(t + 1500, 6000) * 800) - 400, z: 250 };
  }
  var on = { accel: null, mag: null };
  var rate = { accel: 0, mag: 0 };
  var timers = { accel: setInterval(function () { if (rate.accel && on.accel) on.accel(accel()); }, 3600000),
    mag: setInterval(function () { if (rate.mag && on.mag) on.mag(mag()); }, 3600000) };
  function stream(kind, hz) { rate[kind] = hz; changeInterval(timers[kind], hz ? 1000 / hz : 3600000); }
  return {
    light: function () { return Math.round(tri(ms(), 4000) * 1000) / 1000; },
    mag: mag,
    accel: accel,
    getTemperature: function () { return Math.round((21 + tri(ms(), 60000)) * 4) / 4; },
    capSense: function () { return 4000; },
    getBatteryPercentage: function () { return 100; },
    accelOn: function (hz) { stream('accel', hz || 12.5); },
    accelOff: function () { stream('accel', 0); },
    magOn: function (hz) { stream('mag', hz || 0.63); },
    magOff: function () { stream('mag', 0); },
    on: function (event, fn) { on[event] = fn; }
  };
})();
E.getBattery = function () { return 100; };
`;

/**
 * Bluetooth LE (NRF) on the Linux build, which has none: what a program gives it is kept as the
 * firmware keeps it (the advertising data, the services with their callbacks, the listeners), so
 * that the blocks the program holds are the blocks it would hold on a board; nothing is sent, and
 * no central ever connects.
 */
export const NRF_GLOBALS = `
NRF = {
  setAdvertising: function (data, options) { NRF.adv = data; NRF.advOptions = options; },
  getAdvertisingData: function () { return new Uint8Array(0).buffer; },
  setScanResponse: function () {},
  setServices: function (services) { NRF.services = services; },
  updateServices: function () {},
  disconnect: function () {},
  getBattery: function () { return 2.8; },
  setTxPower: function () {},
  getAddress: function () { return 'c7:a1:00:12:34:56 random'; },
  on: function (event, fn) { NRF['on' + event] = fn; }
};
`;

/**
 * I2C devices for the Linux build, whose I2C ports reach no device: each bus the program's
 * script gives devices on is replaced with one that answers from their registers at the start (as
 * the model of Espruino does: a write's first byte sets the register, reads and writes move on).
 */
export function i2cGlobals(devices: readonly { bus?: string; address: number; registers: { [register: number]: number }; atMs?: number }[]): string {
  const buses: { [bus: string]: { [address: number]: number[] } } = {};
  for (const d of devices) {
    if (d.atMs !== undefined) continue;
    const bus = d.bus ?? 'I2C1';
    const regs: number[] = new Array(256).fill(0);
    for (const r of Object.keys(d.registers)) regs[Number(r) & 255] = d.registers[Number(r)] & 255;
    (buses[bus] = buses[bus] ?? {})[d.address] = regs;
  }
  return Object.keys(buses).map((bus) => bus + ' = (function () {\n' +
    '  var dev = {' + Object.keys(buses[bus]).map((a) => a + ': { ptr: 0, regs: new Uint8Array(' + JSON.stringify(buses[bus][Number(a)]) + ') }').join(', ') + '};\n' +
    '  function bytes(a, out) { if (typeof a === "number") out.push(a); else for (var i = 0; i < a.length; i++) bytes(a[i], out); return out; }\n' +
    '  return {\n' +
    '    setup: function () {},\n' +
    '    writeTo: function (address) { var d = dev[address]; if (!d) throw new Error("I2C Write Error 33281"); var b = [];\n' +
    '      for (var i = 1; i < arguments.length; i++) bytes(arguments[i], b);\n' +
    '      for (var k = 0; k < b.length; k++) { if (k === 0) d.ptr = b[0]; else { d.regs[d.ptr] = b[k]; d.ptr = (d.ptr + 1) & 255; } } },\n' +
    '    readFrom: function (address, n) { var d = dev[address]; if (!d) throw new Error("I2C Read Error 33281"); var out = new Uint8Array(n);\n' +
    '      for (var i = 0; i < n; i++) { out[i] = d.regs[d.ptr]; d.ptr = (d.ptr + 1) & 255; } return out; }\n' +
    '  };\n' +
    '})();\n').join('');
}

/**
 * analogRead and the temperature on Espruino's Linux build, which has neither ("Analog is not
 * supported"): the model's own waves (a 2 s triangle per pin, phase-shifted by the pin number;
 * a minute's triangle for the temperature), installed as globals.
 */
export const LINUX_SENSOR_GLOBALS = `
(function () {
  function tri(t, period) {
    var ph = ((t % period) + period) % period;
    var half = period / 2;
    return ph < half ? ph / half : (period - ph) / half;
  }
  function ms() { return Math.floor(Math.round(getTime() * 1e6) / 1000); }
  global.analogRead = function (pin) { return Math.round(tri(ms() + (pin | 0) * 250, 2000) * 4095) / 4095; };
  E.getTemperature = function () { return Math.round((20 + 2 * tri(ms(), 60000)) * 4) / 4; };
})();
`;

/**
 * The source to put before a bundle for the board on the Linux build: Puck.js's sensors, NRF where
 * the board has Bluetooth LE, and the I2C devices the program's script gives ('' where the Linux
 * build has all it needs).
 */
export function boardGlobals(board: BoardDescriptor, i2c?: readonly { bus?: string; address: number; registers: { [register: number]: number }; atMs?: number }[]): string {
  return (board.id === 'puckjs' ? PUCK_GLOBALS : '') + (board.apis.indexOf('NRF') >= 0 ? NRF_GLOBALS : '') + (i2c !== undefined ? i2cGlobals(i2c) : '');
}
