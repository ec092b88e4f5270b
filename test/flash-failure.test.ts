// frugal flash's failures (cli/flash-failure.ts): what espruino-tools 0.1.67 prints when it cannot
// upload, as one line naming the cause and the fix. The Bluetooth crash and the missing serial port
// were recorded from the tools on a machine without Bluetooth or a board (the first is also run for
// real below); the others are the messages of espruino-tools, serialport and noble for those cases.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { flashFailure, isBluetoothPort } from '../cli/flash-failure.ts';

const BANNER = 'Espruino Command-line Tool 0.1.67\n-----------------------------------\n\n';
const NO_DBUS = BANNER + "Connecting to 'aa:bb:cc:dd:ee:ff'\n/node_modules/espruino/core/serial_noble.js:56\n    } else throw err;\n           ^\n\n" +
  'Error: connect ENOENT /var/run/dbus/system_bus_socket\n    at PipeConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)\n' +
  "Emitted 'error' event on MessageBus instance at:\n";
const NO_PORT = BANNER + "Connecting to '/dev/ttyACM0'\nserial: Port \"/dev/ttyACM0\" not found - checking ports again (5 attempts left)\n" +
  'serial: Port "/dev/ttyACM0" not found\nUnable to connect!\n';
const NO_PERMISSION = BANNER + "Connecting to '/dev/ttyACM0'\nError: Error: Permission denied, cannot open /dev/ttyACM0\n";
const BUSY = BANNER + "Connecting to '/dev/ttyACM0'\nError: Error: Resource temporarily unavailable Cannot lock port\n";
const NO_SERIALPORT = BANNER + "No 'serialport' module found\nConnecting to '/dev/ttyACM0'\nserial: Port \"/dev/ttyACM0\" not found\nUnable to connect!\n";
const NO_NOBLE = BANNER + "Noble: module couldn't be loaded, no node.js Bluetooth Low Energy\n Error: Cannot find module '@abandonware/noble'\n" +
  "Connecting to 'aa:bb:cc:dd:ee:ff'\nserial: Port \"aa:bb:cc:dd:ee:ff\" not found\nUnable to connect!\n";
const NO_ADAPTER = BANNER + 'Noble: Error: ENODEV, No such device - disabling.\nserial: Port "aa:bb:cc:dd:ee:ff" not found\nUnable to connect!\n';
const POWERED_OFF = BANNER + 'Noble: stateChange -> poweredOff\nserial: Port "aa:bb:cc:dd:ee:ff" not found\nUnable to connect!\n';
const OUT_OF_RANGE = BANNER + 'Noble: stateChange -> poweredOn\nNoble: Starting scan\nserial: Port "aa:bb:cc:dd:ee:ff" not found\nUnable to connect!\n';

const none = (): string[] => [];

test('each known failure is one line: the cause and the fix', () => {
  const cases: [string, string, string][] = [
    [NO_DBUS, 'aa:bb:cc:dd:ee:ff', 'no Bluetooth service to connect through (BlueZ is not running: its D-Bus socket is missing); fix: on a machine with a ' +
      'Bluetooth adapter start it (sudo systemctl start bluetooth), or connect the board by USB and pass its serial port (--port /dev/ttyACM0, COM3)'],
    [NO_ADAPTER, 'aa:bb:cc:dd:ee:ff', 'no Bluetooth adapter on this machine; fix: plug one in, or connect the board by USB and pass its serial port (--port /dev/ttyACM0, COM3)'],
    [POWERED_OFF, 'aa:bb:cc:dd:ee:ff', 'Bluetooth is off or not allowed for Node.js; fix: switch the adapter on (bluetoothctl power on); on Linux allow Node.js ' +
      'to use it (sudo setcap cap_net_raw+eip $(readlink -f $(which node))), or connect the board by USB and pass its serial port (--port /dev/ttyACM0, COM3)'],
    [NO_NOBLE, 'aa:bb:cc:dd:ee:ff', "espruino-tools has no Bluetooth support: its optional modules '@abandonware/noble' and 'node-ble' are not installed or " +
      'did not build; fix: npm install @abandonware/noble, or connect the board by USB and pass its serial port (--port /dev/ttyACM0, COM3)'],
    [OUT_OF_RANGE, 'aa:bb:cc:dd:ee:ff', 'no board answered at aa:bb:cc:dd:ee:ff; fix: check that it is powered, in range and not connected to anything else ' +
      '(the Web IDE, a phone); npx espruino --list shows the boards in range'],
    [NO_PORT, '/dev/ttyACM0', 'no port /dev/ttyACM0 (serial ports found: none); fix: plug the board in, or pass one of those'],
    [NO_PERMISSION, '/dev/ttyACM0', 'no permission to open /dev/ttyACM0; fix: on Linux add your user to the group that owns it ' +
      '(sudo usermod -aG dialout $USER, then log in again); elsewhere close any program that holds it'],
    [BUSY, '/dev/ttyACM0', '/dev/ttyACM0 is in use by another program; fix: close the terminal or IDE connected to it (only one program can hold a port)'],
    [NO_SERIALPORT, '/dev/ttyACM0', "espruino-tools cannot open serial ports: its optional module 'serialport' is not installed or did not build; " +
      'fix: npm install serialport'],
  ];
  for (const [log, port, line] of cases) {
    const said = flashFailure(log, port, 1, none);
    assert.is(said, line);
    assert.not.match(said, '\n');
  }
});

test('a missing serial port names the ports espruino-tools sees', () => {
  assert.is(flashFailure(NO_PORT, '/dev/ttyUSB7', 1, () => ['/dev/ttyACM0', '/dev/ttyACM1']),
    'no port /dev/ttyUSB7 (serial ports found: /dev/ttyACM0, /dev/ttyACM1); fix: plug the board in, or pass one of those');
});

test('an unknown failure is one line with the last error the tools printed, and how to see all of it', () => {
  assert.is(flashFailure(BANNER + "Connecting to 'tcp://board'\nsomething odd\nTypeError: cannot read x\n    at f (a.js:1:1)\n", 'tcp://board', 7, none),
    'espruino-tools failed (exit 7): TypeError: cannot read x; fix: run it yourself to see all it printed (npx espruino -p tcp://board <file.js>)');
  assert.is(flashFailure('', undefined, null, none), 'espruino-tools failed: (it printed nothing); fix: run it yourself to see all it printed (npx espruino <file.js>)');
});

test('Bluetooth ports: a Linux address or a macOS device UUID', () => {
  assert.ok(isBluetoothPort('C7:A1:00:12:34:56'));
  assert.ok(isBluetoothPort('0123456789abcdef0123456789abcdef'));
  assert.not.ok(isBluetoothPort('/dev/ttyACM0'));
  assert.not.ok(isBluetoothPort('COM3'));
  assert.not.ok(isBluetoothPort('tcp://192.168.1.5'));
});

test('flashing over Bluetooth where the tools cannot reach any: one line, exit 1, no stack trace', () => {
  const r = spawnSync(process.execPath, [new URL('../cli/frugal.js', import.meta.url).pathname, 'flash', 'blinky', '--board', 'puckjs', '--port', 'aa:bb:cc:dd:ee:ff'],
    { encoding: 'utf8', timeout: 120000 });
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.is(r.stdout, '');
  assert.is(r.stderr.split('\n').filter((l) => l.length > 0).length, 1, r.stderr);
  assert.match(r.stderr, /^frugal: .*; fix: /);
  assert.not.match(r.stderr, /\n\s+at /);
});

test.run();
