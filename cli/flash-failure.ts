// What went wrong when espruino-tools could not upload, as one line naming the cause and the fix,
// read from what the tools printed (espruino-tools 0.1.67: its own messages, those of serialport,
// noble and node-ble, or a stack trace when one of them throws). The first rule that matches wins.

/** Linux Bluetooth addresses; macOS names a board by a 32-digit UUID instead. */
const BLUETOOTH = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$|^[0-9a-f]{32}$/i;

export function isBluetoothPort(port: string): boolean {
  return BLUETOOTH.test(port);
}

interface Rule {
  /** Matched against what espruino-tools printed. */
  when: RegExp;
  /** Only for a Bluetooth port (true), only for any other (false), or for both. */
  bluetooth?: boolean;
  /** The line, from the port and the ports espruino-tools sees. */
  say: (port: string, ports: () => string[]) => string;
}

const USB_INSTEAD = 'or connect the board by USB and pass its serial port (--port /dev/ttyACM0, COM3)';

const RULES: Rule[] = [
  {
    when: /No 'serialport' module found|Error initialising 'serialport'/,
    bluetooth: false,
    say: () => "espruino-tools cannot open serial ports: its optional module 'serialport' is not installed or did not build; fix: npm install serialport",
  },
  {
    when: /module couldn't be loaded, no node\.js Bluetooth/,
    bluetooth: true,
    say: () => "espruino-tools has no Bluetooth support: its optional modules '@abandonware/noble' and 'node-ble' are not installed or did not build; " +
      'fix: npm install @abandonware/noble, ' + USB_INSTEAD,
  },
  {
    when: /system_bus_socket|org\.freedesktop\.DBus\.Error|org\.bluez/,
    bluetooth: true,
    say: () => 'no Bluetooth service to connect through (BlueZ is not running: its D-Bus socket is missing); ' +
      'fix: on a machine with a Bluetooth adapter start it (sudo systemctl start bluetooth), ' + USB_INSTEAD,
  },
  {
    when: /ENODEV|No compatible USB Bluetooth|adapter not found/i,
    bluetooth: true,
    say: () => 'no Bluetooth adapter on this machine; fix: plug one in, ' + USB_INSTEAD,
  },
  {
    when: /stateChange -> (poweredOff|unauthorized|unsupported)|Didn't initialise in 10 seconds/,
    bluetooth: true,
    say: () => 'Bluetooth is off or not allowed for Node.js; fix: switch the adapter on (bluetoothctl power on); on Linux allow Node.js to use it ' +
      '(sudo setcap cap_net_raw+eip $(readlink -f $(which node))), ' + USB_INSTEAD,
  },
  {
    when: /Permission denied|EACCES|Access denied/i,
    say: (port) => 'no permission to open ' + port + '; fix: on Linux add your user to the group that owns it (sudo usermod -aG dialout $USER, then log in again); ' +
      'elsewhere close any program that holds it',
  },
  {
    when: /EBUSY|Resource busy|Cannot lock port/i,
    say: (port) => port + ' is in use by another program; fix: close the terminal or IDE connected to it (only one program can hold a port)',
  },
  {
    when: /Port ".*" not found/,
    bluetooth: true,
    say: (port) => 'no board answered at ' + port + '; fix: check that it is powered, in range and not connected to anything else (the Web IDE, a phone); ' +
      'npx espruino --list shows the boards in range',
  },
  {
    when: /Port ".*" not found/,
    bluetooth: false,
    say: (port, ports) => {
      const found = ports();
      return 'no port ' + port + ' (serial ports found: ' + (found.length ? found.join(', ') : 'none') + '); fix: plug the board in, or pass one of those';
    },
  },
  {
    when: /Unable to connect|Unable to open device|BT> ERROR Connecting/,
    say: (port) => 'espruino-tools could not connect to ' + port + '; fix: check that the board is plugged in (or in range) and the port is free ' +
      '(npx espruino -p ' + port + ' opens a terminal on it)',
  },
];

// The last line that reads like an error, for a failure no rule knows.
function lastError(log: string): string {
  const lines = log.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  for (let i = lines.length - 1; i >= 0; i--) if (/error|unable|cannot|failed|not /i.test(lines[i])) return lines[i];
  return lines.length > 0 ? lines[lines.length - 1] : '(it printed nothing)';
}

/** One line for a failed espruino-tools run on `port` (none: preparing the upload): the cause and the fix. */
export function flashFailure(log: string, port: string | undefined, exitCode: number | null, ports: () => string[]): string {
  if (port !== undefined) {
    const bt = isBluetoothPort(port);
    for (const r of RULES) if ((r.bluetooth === undefined || r.bluetooth === bt) && r.when.test(log)) return r.say(port, ports);
  }
  return 'espruino-tools failed' + (exitCode !== null ? ' (exit ' + exitCode + ')' : '') + ': ' + lastError(log) +
    '; fix: run it yourself to see all it printed (npx espruino' + (port !== undefined ? ' -p ' + port : '') + ' <file.js>)';
}
