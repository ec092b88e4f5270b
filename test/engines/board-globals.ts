// Globals only some boards have, as ES5 source to put before a bundle built for such a board.
// Kept out of espruino-shim.js: every object the shim makes shifts QuickJS's heap layout, and the
// shim's own steady-state test is sensitive to that (see engines.test.ts).

/**
 * Puck.js's sensors over the shim's virtual time (getTime()), deterministic on every engine:
 * light 0..1 on a 4 s triangle wave (in thousandths), the magnetometer as integer counts on
 * slower waves (a fresh object per call, as the firmware returns), the temperature sensor.
 */
export const PUCK_GLOBALS = `
var Puck = (function () {
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

/** The source to put before a bundle for the given board id ('' where the shim has it all). */
export function boardGlobals(boardId: string): string {
  return boardId === 'puckjs' ? PUCK_GLOBALS : '';
}
