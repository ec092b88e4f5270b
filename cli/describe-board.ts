// What `frugal boards` prints: one line per board, and with an id everything a program may use on
// that board: its pins, LEDs and buttons (with the pins behind them), sensors, serial ports (with
// the port number a program passes to hal.serialPrint) and RAM.

import { BOARDS, type BoardDescriptor } from '../boards/descriptors.ts';
import { serialBaud, serialPortNames } from '../boards/espruino/serial-ports.ts';

/** The boards a program is built for; `defaultBoard` is the one frugal run takes when given none. */
export function boardList(defaultBoard: string): string {
  const lines = BOARDS.filter((b) => b.id !== 'sim').map((b) => b.id.padEnd(10) + b.name.padEnd(34) + String(b.variables).padStart(6) +
    ' vars x ' + b.bytesPerVariable + ' bytes' + (b.id === defaultBoard ? '  (frugal run\'s default)' : ''));
  return lines.concat(['', 'frugal boards <id> lists its pins, LEDs, buttons, sensors, serial ports, API, Storage and RAM']).join('\n');
}

// LED1 (D5), or LED1 where Espruino has no plain pin behind it.
function withPins(names: readonly string[], pins: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.map((n, i) => (pins[i] ? n + ' (' + pins[i] + ')' : n)).join(', ');
}

function list(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.join(', ');
}

export function describeBoard(b: BoardDescriptor): string {
  const ports = serialPortNames(b);
  const serial = b.serial.map((s) => {
    const port = ports.indexOf(s);
    return port < 0 ? s : s + ' (hal port ' + port + ', ' + serialBaud(b) + ' baud)';
  });
  return [
    b.id + ': ' + b.name + ' (Espruino ' + b.espruinoBoard + ', ' + b.link + ')',
    '  RAM      ' + b.variables + ' variables x ' + b.bytesPerVariable + ' bytes = ' + b.variables * b.bytesPerVariable + ' bytes for JavaScript; chip ' +
      b.chip.part + ', ' + b.chip.ramKB + ' KB RAM, ' + b.chip.flashKB + ' KB flash',
    '  LEDs     ' + withPins(b.leds, b.ledPins),
    '  buttons  ' + withPins(b.buttons, b.buttonPins),
    '  pins     ' + list(b.pins) + ' (' + b.pins.length + ')',
    '  analog   ' + list(b.analogPins),
    '  serial   ' + list(serial),
    '  sensors  ' + list(b.sensors),
    '  API      ' + list(b.apis) + ' (docs/board-api.md)',
    '  Storage  ' + b.storage.bytes + ' bytes in pages of ' + b.storage.pageBytes,
  ].join('\n');
}
