  /* ---------------- pins (jswrap_io.c, jswrap_pin.c) ---------------- */

  var pins = [];
  var pinByName = {};
  var pinByNum = {};
  var pseudoNum = 94;

  function Pin(v) {
    var p = pinOf(v);
    if (p) return p;
    throw new Error('Invalid pin');
  }
  Pin.prototype.toString = function () { return this.name; };
  Pin.prototype.toJSON = function () { return this.name; };
  Pin.prototype.valueOf = function () { return this.num; };
  Pin.prototype.read = function () { return pinInput(this) === 1; };
  Pin.prototype.write = function (v) { digitalWrite(this, v); };
  Pin.prototype.set = function () { digitalWrite(this, 1); };
  Pin.prototype.reset = function () { digitalWrite(this, 0); };
  // A board's pin state says whether its output is on; toggling turns it the other way.
  Pin.prototype.toggle = function () { var v = this.level ? 0 : 1; pinOutput(this, v); return v === 1; };
  Pin.prototype.mode = function (m) { pinMode(this, m); };
  Pin.prototype.getMode = function () { return getPinMode(this); };
  Pin.prototype.analog = function () { return analogRead(this); };

  // The number a pin converts to (and the phase of its analogRead wave): a D pin's own number,
  // and for the other names the index they had in this model's first version, so that sensor
  // readings stay what earlier runs printed.
  function pinNumber(name) {
    var m = /^([A-Z]+)(\d+)$/.exec(name);
    if (m) {
      var n = +m[2];
      if (m[1] === 'D' && n < 32) return n;
      if (m[1] === 'LED' && n >= 1 && n <= 3) return 31 + n;
      if (name === 'BTN1') return 35;
      var port = 'ABC'.indexOf(m[1]);
      if (m[1].length === 1 && port >= 0 && n < 16) return 36 + 16 * port + n;
      if (m[1] === 'H' && n < 10) return 84 + n;
    }
    return pseudoNum++;
  }

  function makePin(name) {
    if (hasOwn.call(pinByName, name)) return pinByName[name];
    var p = Object.create(Pin.prototype);
    p.name = name;
    p.label = name;
    p.num = pinNumber(name);
    p.index = pins.length;
    p.level = 0;
    p.mode = undefined;
    p.manual = false;
    p.button = false;
    p.adc = false;
    p.writes = 0;
    pins.push(p);
    pinByName[name] = p;
    pinByNum[p.num] = p;
    G[name] = p;
    return p;
  }

  function pinOf(v) {
    if (v instanceof Pin) return v;
    if (typeof v === 'number' && hasOwn.call(pinByNum, v)) return pinByNum[v];
    if (typeof v === 'string' && hasOwn.call(pinByName, v)) return pinByName[v];
    return null;
  }

  function needPin(v) {
    var p = pinOf(v);
    if (!p) throw new Error('Invalid pin');
    return p;
  }

  // The host names pins as a program does: a pin's name, or an LED or button name.
  function hostPin(v) {
    var p = pinOf(v);
    if (p === null && typeof v === 'string' && hasOwn.call(G, v) && G[v] instanceof Pin) p = G[v];
    if (p === null) throw new Error('no pin ' + String(v) + " on board '" + board.id + "'");
    return p;
  }

  function recordWrite(p, v) {
    p.writes++;
    if (emitHook) {
      emitHook.emit(1, 't=' + clock[0] / 1000 + ' ' + p.label + '=' + v);
      return;
    }
    var i = logCount % logCap;
    logTime[i] = clock[0];
    logPin[i] = p.index;
    logLevel[i] = v;
    logCount++;
  }

  // jshPinOutput: the pin drives the level and becomes an output unless its mode was set by hand.
  function pinOutput(p, v) {
    p.level = v;
    if (!p.manual) p.mode = 'output';
    recordWrite(p, v);
  }

  // jshPinInput: the pin becomes an input unless its mode was set by hand, and reads its level.
  function pinInput(p) {
    if (!p.manual) p.mode = 'input';
    return p.level;
  }

  // A boolean sets every bit; anything else counts as an integer. The first pin of an array
  // is the most significant bit.
  function digitalWrite(pin, value) {
    var v = typeof value === 'boolean' ? (value ? -1 : 0) : value | 0;
    if (isArray(pin)) {
      for (var i = pin.length - 1; i >= 0; i--) {
        pinOutput(needPin(pin[i]), v & 1);
        v = v >> 1;
      }
      return;
    }
    if (!(pin instanceof Pin) && pin !== null && typeof pin === 'object') {
      if (typeof pin.write !== 'function') throw new Error('Invalid pin');
      pin.write(v);
      return;
    }
    pinOutput(needPin(pin), v !== 0 ? 1 : 0);
  }

  function digitalRead(pin) {
    if (isArray(pin)) {
      var r = 0;
      for (var i = 0; i < pin.length; i++) r = (r << 1) | pinInput(needPin(pin[i]));
      return r;
    }
    if (!(pin instanceof Pin) && pin !== null && typeof pin === 'object') {
      if (typeof pin.read !== 'function') throw new Error('Invalid pin');
      return pin.read() | 0;
    }
    return pinInput(needPin(pin));
  }

  var PIN_MODES = ['analog', 'input', 'input_pullup', 'input_pulldown', 'output', 'opendrain', 'opendrain_pullup', 'af_output', 'af_opendrain'];

  function pinMode(pin, mode, automatic) {
    var p = needPin(pin);
    if (typeof mode === 'string' && PIN_MODES.indexOf(mode) >= 0) {
      p.manual = !automatic;
      p.mode = mode;
      return;
    }
    p.manual = false;
    if (mode !== undefined && mode !== 'auto') throw new Error('Unknown pin mode');
  }

  function getPinMode(pin) {
    return needPin(pin).mode;
  }

  // Triangle waves quantised to a 12-bit ADC: smooth enough to look like a sensor, and only
  // exact IEEE operations, so every engine agrees to the last bit. A pin without an ADC reads
  // NaN, as on Espruino's nRF52 and STM32 ports.
  function triangle(t, period) {
    var ph = ((t % period) + period) % period;
    var half = period / 2;
    return ph < half ? ph / half : (period - ph) / half;
  }

  function analogRead(pin) {
    var p = needPin(pin);
    if (!p.manual) p.mode = 'analog';
    if (!p.adc) return NaN;
    return Math.round(triangle(Math.floor(clock[0] / 1000) + p.num * 250, 2000) * 4095) / 4095;
  }

  /* ---------------- setWatch (jswrap_io.c, jsinteractive.c) ---------------- */

  var watches = [];
  var lastWatchId = 0;

  function shouldExecute(w, high) {
    return w.edge === 0 || (high && w.edge > 0) || (!high && w.edge < 0);
  }

  // A button defaults to rising edges debounced by 25 ms (IS_PIN_A_BUTTON).
  function setWatch(fn, pin, opts) {
    var p = pinOf(pin);
    if (!p) {
      emitText('ERROR: Invalid pin\n');
      return undefined;
    }
    var repeat = false;
    var debounce = p.button ? 25 : 0;
    var edge = p.button ? 1 : 0;
    if (opts !== null && typeof opts === 'object') {
      if (opts.repeat !== undefined) repeat = !!opts.repeat;
      if (opts.debounce !== undefined) debounce = +opts.debounce;
      if (!(debounce >= 0)) debounce = 0;
      var e = opts.edge;
      if (typeof e === 'number' || typeof e === 'boolean') edge = e > 0 ? 1 : (e < 0 ? -1 : 0);
      else if (e !== undefined) {
        edge = e === 'rising' ? 1 : (e === 'falling' ? -1 : (e === 'both' ? 0 : -1000));
        if (edge === -1000) throw new TypeError("'edge' in setWatch should be 1, -1, 0, 'rising', 'falling' or 'both'");
      }
    } else {
      repeat = !!opts;
    }
    if (typeof fn !== 'function' && typeof fn !== 'string') throw new Error('Function or String not supplied!');
    var w = {
      id: ++lastWatchId, pin: p, cb: fn, recur: repeat, debounceUs: debounce > 0 ? usOf(debounce) : 0, edge: edge,
      state: pinInput(p) === 1, lastTime: undefined, timeout: null,
    };
    watches.push(w);
    return w.id;
  }

  function removeWatch(w) {
    var i = watches.indexOf(w);
    if (i < 0) return;
    watches.splice(i, 1);
    if (w.id === lastWatchId) lastWatchId = watches.length > 0 ? watches[watches.length - 1].id : 0;
  }

  // A watch cleared while its debounce timer waits is still called when the timer fires: the
  // timer keeps its own reference, as in Espruino.
  function clearWatch(id) {
    if (arguments.length === 0) {
      watches.length = 0;
      lastWatchId = 0;
      return;
    }
    if (id === undefined) throw new Error('clearWatch(undefined) not allowed. Use clearWatch() instead');
    for (var i = 0; i < watches.length; i++) {
      if (watches[i].id == id) {
        removeWatch(watches[i]);
        return;
      }
    }
    throw new Error('Unknown Watch ' + String(id));
  }

  function watchEvent(state, lastTime, time, pin) {
    return { state: state, lastTime: lastTime, time: time, pin: pin };
  }

  // An edge reaches every watch of its pin, in the order they were set. Without debounce the
  // callback runs now; with it, each edge (re)starts a timer of the debounce length, and only
  // a level that holds that long is reported, with the time of its first edge.
  function pinEdge(p, v) {
    if (p.level === v) return;
    p.level = v;
    var high = v === 1;
    var i = 0;
    while (i < watches.length) {
      var w = watches[i];
      if (w.pin === p) {
        if (w.debounceUs <= 0) {
          w.state = high;
          var t = clock[0] / 1e6;
          if (shouldExecute(w, high)) {
            invoke1(w.cb, undefined, watchEvent(high, w.lastTime, t, p));
            if (!w.recur) removeWatch(w);
          }
          w.lastTime = t;
        } else if (w.timeout) {
          w.timeout.at = clock[0] + w.debounceUs;
          w.timeout.state = v;
          timers.moved(w.timeout);
        } else if (high !== w.state) {
          var r = newTimer();
          r.at = clock[0] + w.debounceUs;
          r.period = 0;
          r.fn = w.cb;
          r.watch = w;
          r.state = v;
          timers.push(r);
          w.timeout = r;
        }
      }
      var j = watches.indexOf(w);
      i = j >= 0 ? j + 1 : i;
    }
  }

  function debounceDone(r) {
    var w = r.watch;
    var high = r.state === 1;
    var changed = w.state !== high;
    w.state = high;
    var run = false;
    var t = 0;
    if (changed) {
      t = (r.at - w.debounceUs) / 1e6;
      run = shouldExecute(w, high);
      if (run) {
        r.firing = true;
        invoke1(r.fn, undefined, watchEvent(high, w.lastTime, t, w.pin));
        r.firing = false;
      }
      w.lastTime = t;
    }
    w.timeout = null;
    if (run && !w.recur) removeWatch(w);
    if (!r.dead) dropTimerId(r);
    freeTimer(r);
  }

  /* ---------------- serial ports (jswrap_serial.c, jswrap_stream.c) ---------------- */

  function bytesOf(data) {
    if (typeof data === 'string') return data;
    if (typeof data === 'number') return String.fromCharCode(data & 255);
    if (typeof ArrayBuffer !== 'undefined' && data instanceof ArrayBuffer) data = new Uint8Array(data);
    if (data !== null && data !== undefined && typeof data.length === 'number') {
      var s = '';
      for (var i = 0; i < data.length; i++) s += bytesOf(data[i]);
      return s;
    }
    if (data === undefined || data === null) return '';
    return String(data);
  }

  function SerialPort() {
    this.__peer = null;
    this.__buf = '';
  }
  makeEmitter(SerialPort.prototype);
  // The model has no line settings: text arrives whatever the baud rate (docs/simulator.md).
  SerialPort.prototype.setup = function () {};
  SerialPort.prototype.write = function () {
    var s = '';
    for (var i = 0; i < arguments.length; i++) s += bytesOf(arguments[i]);
    portOut(this, s);
  };
  SerialPort.prototype.print = function (s) { portOut(this, String(s)); };
  SerialPort.prototype.println = function (s) { portOut(this, String(s) + '\r\n'); };
  SerialPort.prototype.available = function () { return this.__buf.length; };
  SerialPort.prototype.read = function (n) {
    var k = !(n > 0) || n >= this.__buf.length ? this.__buf.length : n | 0;
    var s = this.__buf.slice(0, k);
    this.__buf = this.__buf.slice(k);
    return s;
  };
  SerialPort.prototype.inject = function () {
    var s = '';
    for (var i = 0; i < arguments.length; i++) s += bytesOf(arguments[i]);
    scheduleSerial(this, clock[0], s);
  };

  // What a loopback port sends arrives at its peer; what a board's port sends is the output.
  function portOut(port, s) {
    if (port.__peer) scheduleSerial(port.__peer, clock[0], s);
    else emitText(s);
  }

  // Text that arrived since the last pass is one chunk: listeners get it at once (not queued);
  // without a listener it waits for read(), up to STREAM_MAX_BUFFER_SIZE characters.
  function serialArrive(port, text) {
    var list = listenersOf(port, 'data');
    if (list !== null) {
      callListeners(port, list, text);
      return;
    }
    var room = STREAM_MAX_BUFFER_SIZE - port.__buf.length;
    if (room > 0) port.__buf += text.length > room ? text.slice(0, room) : text;
  }

  /* ---------------- inputs from outside: pin edges and serial text ---------------- */

  // Kept in arrival order (time, then the order they were given); an input given during a pass
  // is handled in the next one, as an interrupt's event waits for the next idle loop.
  var KIND_EDGE = 1;
  var KIND_SERIAL = 2;
  // A scripted input of the board's peripherals (a sensor reading, a BLE central, an I2C device),
  // and the next reading of a sensor stream (Puck.accelOn...).
  var KIND_BOARD = 3;
  var KIND_STREAM = 4;
  var inputs = new Heap();
  var inputSeq = 0;
  var inputPool = [];

  function schedule(kind, atUs) {
    var r = inputPool.length > 0 ? inputPool.pop() : { at: 0, key: 0, hi: -1, kind: 0, pin: null, val: 0, port: null, text: '', name: '', data: null, stream: null };
    r.kind = kind;
    r.at = atUs < clock[0] ? clock[0] : atUs;
    r.key = inputSeq++;
    inputs.push(r);
    return r;
  }

  function freeInput(r) {
    r.pin = null;
    r.port = null;
    r.text = '';
    r.data = null;
    r.stream = null;
    inputPool.push(r);
  }

  function scheduleSerial(port, atUs, text) {
    var r = schedule(KIND_SERIAL, atUs);
    r.port = port;
    r.text = text;
  }

  function handleInputs() {
    var limit = inputSeq;
    var r = inputs.top();
    while (r !== null && r.at <= clock[0] && r.key < limit) {
      inputs.remove(r);
      if (r.kind === KIND_EDGE) {
        var p = r.pin;
        var v = r.val;
        freeInput(r);
        pinEdge(p, v);
      } else if (r.kind === KIND_BOARD) {
        var name = r.name;
        var data = r.data;
        freeInput(r);
        boardInput(name, data);
      } else if (r.kind === KIND_STREAM) {
        var s = r.stream;
        var at = r.at;
        freeInput(r);
        streamTick(s, at);
      } else {
        // Consecutive text for one port is one chunk, as jsiHandleIOEventForSerial joins it.
        var port = r.port;
        var text = r.text;
        freeInput(r);
        r = inputs.top();
        while (r !== null && r.at <= clock[0] && r.key < limit && r.kind === KIND_SERIAL && r.port === port) {
          text += r.text;
          inputs.remove(r);
          freeInput(r);
          r = inputs.top();
        }
        serialArrive(port, text);
      }
      r = inputs.top();
    }
  }

