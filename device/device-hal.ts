// The few board calls device code needs beyond what the lowering writes inline (digitalWrite,
// analogRead, Serial.write...): the ones that take more than one Espruino call.

import { PORTS } from './program.ts';
import { M_DEVICE_SETUP_ONLY } from '../contract/fault-codes.ts';

declare const Puck: { mag(): { x: number; y: number; z: number } };

/** Magnitude of Puck.mag() (the firmware returns a fresh {x,y,z}; it is freed at once). */
export function magnitude(): number {
  var m = Puck.mag();
  return Math.sqrt(m.x * m.x + m.y * m.y + m.z * m.z);
}

/** Writes len bytes of buf to a serial port, one byte per write: a subarray or a string would be a new object per call. */
export function serialWrite(port: number, buf: Uint8Array, len: number): void {
  var s = PORTS[port];
  for (var i = 0; i < len; i++) s.write(buf[i]);
}

/** What a helper shared with setup reaches on the device when it names a pin or watches one. */
export function setupOnly(): never {
  throw new Error('frugal!E' + M_DEVICE_SETUP_ONLY);
}
