// How the HAL's serial port numbers map onto a board's serial objects, and their baud rate: what the
// device build names in a bundle for a board.

import type { BoardDescriptor } from '../descriptors.ts';

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
