// Sensors a board has and Espruino's Linux interpreter lacks, as ES5 source to run there before a
// bundle built for that board: deterministic waves on board time, the same ones the model of
// Espruino (simulator/espruino-model.js) gives every simulated run, so that a run on the Linux
// build prints the readings a simulated run prints (test/simulator-engine.test.ts holds the two
// equal).

/**
 * Puck.js's sensors over board time (getTime()), deterministic on every engine:
 * light 0..1 on a 4 s triangle wave (in thousandths), the magnetometer as integer counts on
 * slower waves (a fresh object per call, as the firmware returns), the temperature sensor.
 */
export const PUCK_GLOBALS = `
Puck = (function () {
  function tri(t, period) {
    var ph = ((t % period) + period) % period;
    var half = period / 2;
    return ph < half ? ph / half : (period - ph) / half;
  }
  function ms() { return Math.floor(Math.round(getTime() * 1e6) / 1000); }
  return {
    light: function () { return Math.round(tri(ms(), 4000) * 1000) / 1000; },
    mag: function () {
      var t = ms();
      return { x: Math.round(tri(t, 6000) * 800) - 400, y: Math.round(tri(t + 1500, 6000) * 800) - 400, z: 250 };
    },
    getTemperature: function () { return Math.round((21 + tri(ms(), 60000)) * 4) / 4; }
  };
})();
`;

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

/** The source to put before a bundle for the given board id on the Linux build ('' where it has them all). */
export function boardGlobals(boardId: string): string {
  return boardId === 'puckjs' ? PUCK_GLOBALS : '';
}
