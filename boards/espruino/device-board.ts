// What a device bundle carries about its board, and how the HAL's serial port numbers map onto
// the board's serial objects. Shared by the build (Node) and the device code, so both see the
// same descriptor: an example's setup that reads hal.board decides the same way in both places.

import type { BoardDescriptor } from '../descriptors.ts';

/**
 * The descriptor as the device holds it: every field but the general-purpose pin list, which is
 * the one long list (32 to 48 names, about 100 variables on a board) and is only needed to
 * check pin names. The build checks every name the example asks for against the full descriptor
 * before it writes the bundle, so the device never sees an unknown name.
 */
export function deviceDescriptor(b: BoardDescriptor): BoardDescriptor {
  return {
    id: b.id,
    name: b.name,
    espruinoBoard: b.espruinoBoard,
    chip: { part: b.chip.part, family: b.chip.family, ramKB: b.chip.ramKB, flashKB: b.chip.flashKB },
    variables: b.variables,
    bytesPerVariable: b.bytesPerVariable,
    leds: b.leds.slice(),
    ledPins: b.ledPins.slice(),
    buttons: b.buttons.slice(),
    buttonPins: b.buttonPins.slice(),
    pins: [],
    analogPins: b.analogPins.slice(),
    serial: b.serial.slice(),
    sensors: b.sensors.slice(),
    link: b.link,
  };
}

/**
 * The Espruino object behind each HAL serial port number: the board's UARTs in order (port 0 is
 * Serial1, as on the simulated board). A board without a UART for programs (Bangle.js 2) has
 * its first serial-style device as port 0 (Bluetooth), so examples that print still print.
 */
export function serialPortNames(b: BoardDescriptor): string[] {
  const uarts: string[] = [];
  for (let i = 0; i < b.serial.length; i++) {
    if (/^Serial\d$/.test(b.serial[i])) uarts.push(b.serial[i]);
  }
  if (uarts.length === 0 && b.serial.length > 0) uarts.push(b.serial[0]);
  return uarts;
}

/**
 * Baud rate the HAL sets on a serial port it listens to. ESP32's Serial1 is its console at
 * 115200 (boards/ESP32.py); setting 9600 there would cut the console off.
 */
export function serialBaud(b: BoardDescriptor): number {
  return b.id === 'esp32' ? 115200 : 9600;
}
