  /* ---------------- memory ---------------- */

  // Espruino's process.memory() collects garbage before counting, and QuickJS only frees
  // reference cycles in an occasional GC that cannot be called from outside. QuickJS runs it
  // when allocations pass a threshold and resets the threshold to 1.5x what survives: so
  // allocating self-referencing garbage until a WeakRef to a garbage cycle clears forces a
  // full collection, and that same collection frees the filler, leaving nothing behind.
  function collectGarbage() {
    if (typeof G.Duktape === 'object' && typeof G.Duktape.gc === 'function') {
      G.Duktape.gc();
      return true;
    }
    if (typeof G.WeakRef !== 'function') return false;
    var s = {};
    s.self = s;
    var ref = new G.WeakRef(s);
    s = null;
    var a = null;
    for (var n = 0; ref.deref() !== undefined; n++) {
      if (n > 20000000) return false;
      a = {};
      a.self = a;
    }
    // The last filler object is still referenced here; breaking its cycle lets reference
    // counting free it now instead of leaving it for the next collection.
    if (a) a.self = null;
    return true;
  }

  // Blocks of the board's size. Only an engine that measures its own heap (QuickJS, through
  // mem) reports a usage; the others report the board's whole budget free.
  function memory(gc) {
    if (gc !== false) collectGarbage();
    var bytes = board.bytesPerVariable;
    var used = memHook ? memHook(0) : 0;
    var limit = memHook ? memHook(1) : 0;
    var usage = Math.ceil(used / bytes);
    // Without a limit there is no true total; a host engine's own baseline can exceed a board's
    // whole heap, and a negative `free` would only mislead code that budgets from it.
    var total = limit > 0 ? Math.floor(limit / bytes) : Math.max(board.variables, usage);
    return { free: total - usage, usage: usage, total: total, history: 0, gc: 0, gctime: 0, blocksize: bytes };
  }

  // An estimate in Espruino blocks after ESPRUINO.md's cost model: an object is one block plus
  // one name block per key (small integers live inside the name block), `{a:1,b:2}` is 3.
  function sizeOf(v, seen) {
    var t = typeof v;
    if (v === null || v === undefined || t === 'boolean') return 1;
    if (t === 'number') return 1;
    if (t === 'string') return 1 + Math.floor(v.length / 12);
    if (t === 'function') return 3;
    if (isTyped(v)) return 2 + Math.ceil(v.byteLength / 12);
    for (var i = 0; i < seen.length; i++) if (seen[i] === v) return 0;
    seen.push(v);
    var n = 1;
    for (var k in v) {
      if (!hasOwn.call(v, k)) continue;
      var x = v[k];
      n += 1;
      if (typeof x === 'number' && (x | 0) === x) continue;
      if (typeof x === 'boolean' || x === null || x === undefined) continue;
      n += sizeOf(x, seen);
    }
    return n;
  }

  /* ---------------- the board's globals ---------------- */

  var i;
  var list = board.pins || [];
  for (i = 0; i < list.length; i++) makePin(list[i]);
  var ledNames = board.leds || [];
  for (i = 0; i < ledNames.length; i++) {
    var led = makePin(board.ledPins && board.ledPins[i] ? board.ledPins[i] : ledNames[i]);
    led.label = ledNames[i];
    G[ledNames[i]] = led;
  }
  var buttonNames = board.buttons || [];
  for (i = 0; i < buttonNames.length; i++) {
    var button = makePin(board.buttonPins && board.buttonPins[i] ? board.buttonPins[i] : buttonNames[i]);
    button.button = true;
    G[buttonNames[i]] = button;
  }
  // build_jswrapper: LED and BTN name LED1 and BTN1 where the board file gives them pins.
  if (board.ledPins && board.ledPins[0] && ledNames[0] === 'LED1') G.LED = G.LED1;
  if (buttonNames[0] === 'BTN1') G.BTN = G.BTN1;
  list = board.analogPins || [];
  for (i = 0; i < list.length; i++) if (hasOwn.call(pinByName, list[i])) pinByName[list[i]].adc = true;

  var ports = {};
  list = board.serial || [];
  for (i = 0; i < list.length; i++) G[list[i]] = ports[list[i]] = new SerialPort();
  G.LoopbackA = ports.LoopbackA = new SerialPort();
  G.LoopbackB = ports.LoopbackB = new SerialPort();
  ports.LoopbackA.__peer = ports.LoopbackB;
  ports.LoopbackB.__peer = ports.LoopbackA;

  function portOf(v) {
    if (v instanceof SerialPort) return v;
    if (typeof v === 'string' && hasOwn.call(ports, v)) return ports[v];
    throw new Error('no serial port ' + String(v) + " on board '" + board.id + "'");
  }

  // QuickJS creates built-in function objects lazily, on first access. Touching the ones the
  // model calls now keeps their one-time creation out of memory checkpoints taken later, when
  // a code path of the model (process.memory, analogRead, ...) first runs after warm-up.
  var touched = [Math.floor, Math.ceil, Math.round, Math.max, String.fromCharCode, Object.create,
    Object.getPrototypeOf, hasOwn, toStr, Array.prototype.slice, Array.prototype.splice, Array.prototype.join,
    Array.prototype.indexOf, String.prototype.slice, typeof ArrayBuffer !== 'undefined' ? ArrayBuffer.isView : null,
    typeof G.WeakRef === 'function' ? G.WeakRef.prototype.deref : null];
  touched = null;

  var E = makeEmitter({});
  E.getTemperature = function () {
    if (!hasSensor('E.getTemperature')) return NaN;
    return Math.round((20 + 2 * triangle(Math.floor(clock[0] / 1000), 60000)) * 4) / 4;
  };
  E.getSizeOf = function (v) { return sizeOf(v, []); };

  G.Pin = Pin;
  G.getTime = getTime;
  G.setTimeout = setTimeout;
  G.setInterval = setInterval;
  G.clearTimeout = clearTimeout;
  G.clearInterval = clearInterval;
  G.changeInterval = changeInterval;
  G.digitalWrite = digitalWrite;
  G.digitalRead = digitalRead;
  G.analogRead = analogRead;
  G.pinMode = pinMode;
  G.getPinMode = getPinMode;
  G.setWatch = setWatch;
  G.clearWatch = clearWatch;
  // Espruino's reference to the global scope (a bundle puts its memory there as `frugal`).
  G.global = G;
  G.print = consoleLog;
  G.console = { log: consoleLog, info: consoleLog, warn: consoleLog, error: consoleLog, debug: consoleLog };
  G.E = E;
  G.process = {
    version: '2v29',
    env: { VERSION: '2v29', BOARD: board.espruinoBoard },
    memory: memory
  };
  G.Promise = EPromise;
  if (hasObject('Puck')) G.Puck = makePuck();
  if (hasObject('Bangle')) G.Bangle = makeBangle();
  if (hasApi('NRF')) G.NRF = makeNRF();
  if (hasApi('E.getBattery')) E.getBattery = batteryPercent;
  if (hasApi('analogWrite')) G.analogWrite = analogWrite;
  if (hasApi('I2C')) G.I2C = I2C;
  if (hasApi('SPI')) G.SPI = SPI;
  for (i = 1; i <= 3; i++) {
    if (hasApi('I2C' + i)) {
      G['I2C' + i] = new I2C();
      G['I2C' + i].__bus = 'I2C' + i;
    }
    if (hasApi('SPI' + i)) {
      G['SPI' + i] = new SPI();
      G['SPI' + i].__bus = 'SPI' + i;
    }
  }
  if (hasApi('Storage')) modules.Storage = makeStorage();
  G.require = requireModule;

  function logLines(first, count) {
    var out = [];
    for (var k = first; k < first + count; k++) {
      var j = k % logCap;
      out.push('t=' + logTime[j] / 1000 + ' ' + pins[logPin[j]].label + '=' + logLevel[j]);
    }
    return out;
  }

  G.__host = {
    /** Advances board time by ms, running every callback due meanwhile. */
    run: function (ms) {
      ms = +ms;
      if (!(ms >= 0)) throw new Error('__host.run(ms): ms must be a non-negative number');
      runTo(clock[0] + usOf(ms), 0);
    },
    /**
     * Runs up to board time endMs, or until sliceMs of wall time have passed (at a pass boundary):
     * true when it reached endMs.
     */
    runSlice: function (endMs, sliceMs) {
      return runTo(usOf(+endMs), Date.now() + sliceMs);
    },
    /** Board time in ms. */
    now: function () { return clock[0] / 1000; },
    /** The pin (a Pin or its name) is driven to value (0 or 1) from outside at atMs. */
    edge: function (pin, atMs, value) {
      var at = +atMs;
      if (!(at >= 0)) throw new Error('__host.edge: time must be a non-negative number of ms');
      var p = hostPin(pin);
      var r = schedule(KIND_EDGE, usOf(at));
      r.pin = p;
      r.val = value ? 1 : 0;
    },
    /**
     * A scripted input of the board's peripherals at atMs: name is a sensor ('accel' {x,y,z,gx,gy,gz},
     * 'mag' {x,y,z}, 'light' {value}, 'battery' {value: %}, 'capSense', 'temperature', 'hrm'
     * {bpm,confidence}, 'compass', 'pressure', 'steps', 'charging'), a BLE central ('connect'
     * {address}, 'disconnect' {reason}, 'write' {service, characteristic, data}), an I2C device's
     * registers ('i2c' {bus, address, registers: {reg: value}}) or an SPI device's replies ('spi'
     * {bus, bytes}).
     */
    input: function (name, atMs, data) {
      var at = +atMs;
      if (!(at >= 0)) throw new Error('__host.input: time must be a non-negative number of ms');
      var n = String(name);
      var d = data === undefined ? {} : data;
      // A reading (a sensor's state, a device's registers) due now holds already, as on a board
      // whose sensors have a value before any program runs; an event waits for the next pass.
      if (usOf(at) <= clock[0] && !running && n !== 'connect' && n !== 'disconnect' && n !== 'write') boardInput(n, d);
      else scheduleBoard(n, usOf(at), d);
    },
    /** An I2C device at a 7-bit address on a bus ('I2C1', or 'I2C' for software buses), with its registers. */
    i2cDevice: function (bus, address, registers) {
      var regs = new Uint8Array(256);
      if (registers) for (var reg in registers) if (hasOwn.call(registers, reg)) regs[+reg & 255] = registers[reg] & 255;
      i2cDevices[bus + ':' + (address | 0)] = { regs: regs, ptr: 0 };
    },
    /** A file in the board's Storage before the program loads (a string of bytes). */
    storageFile: function (name, text) {
      var n = fileName(name);
      if (fileIndex(n) < 0) files.push(n);
      fileData[n] = String(text);
    },
    /** What the program did with the board's outputs, as JSON: advertising, services, PWM, I2C, SPI, Storage writes and its files. */
    records: function () {
      var out = { counts: records.counts, pwm: pwmState, files: {} };
      for (var k in records) if (hasOwn.call(records, k) && k !== 'counts') out[k === 'pwm' ? 'pwmLog' : k] = records[k];
      for (var f = 0; f < files.length; f++) out.files[files[f]] = fileData[files[f]];
      out.fileOrder = files.slice();
      return JSON.stringify(out);
    },
    /** Text arrives on the serial port (the object or its name) at atMs. */
    serial: function (port, atMs, text) {
      var at = +atMs;
      if (!(at >= 0)) throw new Error('__host.serial: time must be a non-negative number of ms');
      scheduleSerial(portOf(port), usOf(at), String(text));
    },
    /** Reports an exception that escaped the bundle's top level, as Espruino does after loading. */
    uncaught: function (e) {
      reportUncaught(e);
    },
    output: function () { return emitHook ? emitHook.read(0) : outBuf.join(''); },
    /** The pin writes kept, oldest first, as 't=<ms> <pin>=<level>' (an LED's write names the LED). */
    log: function () {
      if (emitHook) return emitHook.read(1);
      var kept = logCount < logCap ? logCount : logCap;
      return logLines(logCount - kept, kept).join('\n');
    },
    /** How many "Uncaught ..." lines were printed, and their texts. */
    errors: function () { return uncaughtTexts.length; },
    uncaughtTexts: function () { return uncaughtTexts.slice(); },
    /** Every pin written so far: its label and its write count. */
    pinWrites: function () {
      var out = {};
      for (var k = 0; k < pins.length; k++) if (pins[k].writes > 0) out[pins[k].label] = pins[k].writes;
      return out;
    },
    gc: collectGarbage,
    // Drivers print through this so their own text stays out of __host.output().
    print: function (s) { nativePrint(String(s)); }
  };
})(this);
