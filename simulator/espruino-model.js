/*
 * Espruino globals over deterministic virtual time, for running frugal's ES5 device bundles on
 * small real engines (Duktape's `duk`, QuickJS through quickjs-emscripten).
 *
 * Plain ES5 on purpose: Duktape 2.x is an ES5.1 engine, and this file is evaluated before the
 * bundle in both engines. It deliberately avoids ES2015 library calls too (no String#repeat,
 * no Map), because Duktape lacks several of them.
 *
 * Virtual time only moves inside __host.run(ms); nothing here reads a wall clock, so a run is
 * reproducible bit for bit and identical on both engines.
 *
 * Optional host hooks (a global `__hostHooks` defined before this file):
 *   emit(kind, text)  kind 0 = console/serial text, 1 = one digitalWrite log line
 *   read(kind)        returns everything emitted so far for that kind
 *   drain()           runs the engine's own pending Promise jobs (QuickJS)
 *   mem(kind)         kind 0 = bytes in use, 1 = byte limit (0 when unlimited)
 * Without them (Duktape), text and log lines are buffered inside the engine.
 */
(function (G) {
  // Loaded as an ES module (a test runner importing every file under test/ that matches a
  // filter) there is no global `this`; installing Espruino's globals into Node would break
  // every other test in that process, so do nothing.
  if (!G) return;
  var hooks = typeof G.__hostHooks === 'object' && G.__hostHooks !== null ? G.__hostHooks : null;
  var nativePrint = typeof G.print === 'function' ? G.print : function () {};

  // Espruino boards have 12-16 byte blocks; process.memory() reports blocks, so bytes are
  // converted with the upper figure. DEFAULT_TOTAL is a Pico's block count (ESPRUINO.md).
  var BLOCK_BYTES = 16;
  var DEFAULT_TOTAL_BLOCKS = 5100;
  // A callback that re-arms itself at the same instant (setTimeout(f, 0) forever) would spin
  // __host.run forever in virtual time; a real board would at least let time pass.
  var MAX_EVENTS_PER_INSTANT = 100000;
  // Espruino clamps interval periods; without a floor setInterval(f, 0) would never let
  // virtual time advance.
  var MIN_INTERVAL_MS = 0.1;

  var now = 0;
  var seq = 0;
  var nextId = 1;
  var running = false;
  var errorCount = 0;

  /* ---------------- output and the pin log ---------------- */

  var outBuf = [];
  var logBuf = [];

  function emitText(text) {
    if (hooks) hooks.emit(0, text);
    else outBuf.push(text);
  }

  function emitLog(line) {
    if (hooks) hooks.emit(1, line);
    else logBuf.push(line);
  }

  function fmt(v, depth) {
    var t = typeof v;
    if (v === undefined) return 'undefined';
    if (v === null) return 'null';
    if (t === 'string') return depth === 0 ? v : JSON.stringify(v);
    if (t === 'number' || t === 'boolean') return String(v);
    if (t === 'function') return 'function () { ... }';
    if (v instanceof Pin) return v.name;
    if (depth > 4) return '...';
    var parts = [];
    var i;
    if (Object.prototype.toString.call(v) === '[object Array]' || isTyped(v)) {
      for (i = 0; i < v.length; i++) parts.push(fmt(v[i], depth + 1));
      var body = parts.length ? '[ ' + parts.join(', ') + ' ]' : '[ ]';
      return isTyped(v) ? 'new ' + typedName(v) + '(' + body + ')' : body;
    }
    if (v instanceof Error) return String(v);
    for (var k in v) {
      if (Object.prototype.hasOwnProperty.call(v, k)) parts.push(JSON.stringify(k) + ': ' + fmt(v[k], depth + 1));
    }
    return parts.length ? '{ ' + parts.join(', ') + ' }' : '{ }';
  }

  function isTyped(v) {
    return typeof ArrayBuffer !== 'undefined' && typeof ArrayBuffer.isView === 'function' &&
      ArrayBuffer.isView(v) && !(typeof DataView !== 'undefined' && v instanceof DataView);
  }

  function typedName(v) {
    var s = Object.prototype.toString.call(v);
    return s.slice(8, s.length - 1);
  }

  function line(args) {
    var parts = [];
    for (var i = 0; i < args.length; i++) parts.push(fmt(args[i], 0));
    return parts.join(' ');
  }

  // Echoed live through the engine's print as well as captured, so text printed before a crash
  // is still visible even when the driver never reaches __host.output().
  function consoleLog() {
    var s = line(arguments);
    emitText(s + '\n');
    nativePrint(s);
  }

  /* ---------------- pins ---------------- */

  var pins = [];
  var pinByName = {};

  function Pin(v) {
    var p = pinOf(v);
    if (p) return p;
    throw new Error('Invalid pin: ' + v);
  }
  Pin.prototype.toString = function () { return this.name; };
  Pin.prototype.valueOf = function () { return this.num; };
  Pin.prototype.read = function () { return digitalRead(this) === 1; };
  Pin.prototype.write = function (v) { digitalWrite(this, v); };
  Pin.prototype.set = function () { digitalWrite(this, 1); };
  Pin.prototype.reset = function () { digitalWrite(this, 0); };
  Pin.prototype.toggle = function () { var v = this.state ? 0 : 1; digitalWrite(this, v); return v === 1; };
  Pin.prototype.mode = function (m) { pinMode(this, m); };
  Pin.prototype.getMode = function () { return getPinMode(this); };
  Pin.prototype.analog = function () { return analogRead(this); };

  function makePin(name) {
    var p = Object.create(Pin.prototype);
    p.name = name;
    p.num = pins.length;
    p.state = 0;
    p.pm = undefined;
    p.lastChange = undefined;
    pins.push(p);
    pinByName[name] = p;
    G[name] = p;
    return p;
  }

  for (var d = 0; d < 32; d++) makePin('D' + d);
  makePin('LED1');
  makePin('LED2');
  makePin('LED3');
  makePin('BTN1');
  G.BTN = G.BTN1;
  G.LED = G.LED1;
  // The port pins of the STM32 boards (Pico, Original, WiFi: A0..C15) and Pixl.js's H0..H9, so a
  // bundle built for those boards finds the pin globals it names. Made after the pins above, whose
  // numbers (and so their analogRead waves) stay as they were.
  var portLetters = ['A', 'B', 'C'];
  for (var pl = 0; pl < portLetters.length; pl++) {
    for (var pn = 0; pn < 16; pn++) makePin(portLetters[pl] + pn);
  }
  for (var hn = 0; hn < 10; hn++) makePin('H' + hn);

  function pinOf(v) {
    if (v instanceof Pin) return v;
    if (typeof v === 'number' && v >= 0 && v < pins.length && (v | 0) === v) return pins[v];
    if (typeof v === 'string' && Object.prototype.hasOwnProperty.call(pinByName, v)) return pinByName[v];
    return null;
  }

  function needPin(v) {
    var p = pinOf(v);
    if (!p) throw new Error('Invalid pin: ' + v);
    return p;
  }

  function writeOne(p, v) {
    p.state = v ? 1 : 0;
    emitLog('t=' + now + ' ' + p.name + '=' + p.state);
  }

  function digitalWrite(pin, v) {
    if (Object.prototype.toString.call(pin) === '[object Array]') {
      // As on Espruino: the first pin of the array is the most significant bit.
      for (var i = 0; i < pin.length; i++) writeOne(needPin(pin[i]), (v >> (pin.length - 1 - i)) & 1);
      return;
    }
    writeOne(needPin(pin), v);
  }

  function digitalRead(pin) {
    if (Object.prototype.toString.call(pin) === '[object Array]') {
      var r = 0;
      for (var i = 0; i < pin.length; i++) r = (r << 1) | needPin(pin[i]).state;
      return r;
    }
    return needPin(pin).state;
  }

  function pinMode(pin, mode) {
    needPin(pin).pm = mode;
  }

  function getPinMode(pin) {
    var p = needPin(pin);
    return p.pm === undefined ? 'input' : p.pm;
  }

  // Triangle waves quantised to a 12-bit ADC: smooth enough to look like a sensor, and only
  // exact IEEE operations, so Duktape and QuickJS agree to the last bit.
  function triangle(t, period) {
    var ph = ((t % period) + period) % period;
    var half = period / 2;
    return ph < half ? ph / half : (period - ph) / half;
  }

  function analogRead(pin) {
    var p = needPin(pin);
    return Math.round(triangle(Math.floor(now) + p.num * 250, 2000) * 4095) / 4095;
  }

  /* ---------------- the scheduler ---------------- */

  // One pool for timers and scripted host events. Freed records are reused, so the array only
  // ever grows to the largest number of simultaneously pending entries: a steady state that
  // keeps N timers alive keeps the shim at N records forever.
  var KIND_TIMER = 1;
  var KIND_EDGE = 2;
  var KIND_UART = 3;
  var recs = [];

  function allocRec() {
    for (var i = 0; i < recs.length; i++) {
      if (!recs[i].used) return recs[i];
    }
    var r = { used: false, kind: 0, id: 0, at: 0, seq: 0, period: 0, fn: null, args: null, pin: null, val: 0, text: null };
    recs.push(r);
    return r;
  }

  function freeRec(r) {
    r.used = false;
    r.fn = null;
    r.args = null;
    r.pin = null;
    r.text = null;
  }

  function callbackOf(fn, what) {
    if (typeof fn === 'function' || typeof fn === 'string') return fn;
    throw new Error(what + ': callback must be a function');
  }

  function addTimer(fn, ms, period, argsFrom, allArgs) {
    var r = allocRec();
    r.used = true;
    r.kind = KIND_TIMER;
    r.id = nextId++;
    r.at = now + ms;
    r.seq = seq++;
    r.period = period;
    r.fn = fn;
    r.args = allArgs.length > argsFrom ? Array.prototype.slice.call(allArgs, argsFrom) : null;
    return r.id;
  }

  function setTimeout(fn, ms) {
    ms = +ms;
    if (!(ms > 0)) ms = 0;
    return addTimer(callbackOf(fn, 'setTimeout'), ms, 0, 2, arguments);
  }

  function setInterval(fn, ms) {
    ms = +ms;
    if (!(ms >= MIN_INTERVAL_MS)) ms = MIN_INTERVAL_MS;
    return addTimer(callbackOf(fn, 'setInterval'), ms, ms, 2, arguments);
  }

  function findTimer(id) {
    for (var i = 0; i < recs.length; i++) {
      var r = recs[i];
      if (r.used && r.kind === KIND_TIMER && r.id === id) return r;
    }
    return null;
  }

  // Espruino 2v0x: no argument clears every timer, an explicit undefined is an error (it is
  // almost always a bug), and a stale id is silently ignored (espruino/Espruino#1592).
  function clearTimer(args, name) {
    if (args.length === 0) {
      for (var i = 0; i < recs.length; i++) {
        if (recs[i].used && recs[i].kind === KIND_TIMER) freeRec(recs[i]);
      }
      return;
    }
    if (args[0] === undefined) throw new Error(name + '(undefined) not allowed. Use ' + name + '() instead.');
    var r = findTimer(args[0]);
    if (r) freeRec(r);
  }

  function clearTimeout() { clearTimer(arguments, 'clearTimeout'); }
  function clearInterval() { clearTimer(arguments, 'clearInterval'); }

  function changeInterval(id, ms) {
    ms = +ms;
    if (!(ms >= MIN_INTERVAL_MS)) ms = MIN_INTERVAL_MS;
    var r = findTimer(id);
    if (!r) throw new Error('Unknown Interval');
    r.period = ms;
    r.at = now + ms;
    r.seq = seq++;
  }

  /* ---------------- watches ---------------- */

  var watches = [];

  function edgeCode(e) {
    if (e === 'rising' || e === 1) return 1;
    if (e === 'falling' || e === -1) return -1;
    if (e === undefined || e === 'both' || e === 0) return 0;
    throw new Error('setWatch: invalid edge ' + e);
  }

  function setWatch(fn, pin, opts) {
    callbackOf(fn, 'setWatch');
    var p = needPin(pin);
    var o = opts === undefined ? {} : (typeof opts === 'object' ? opts : { repeat: !!opts });
    var w = null;
    for (var i = 0; i < watches.length; i++) {
      if (!watches[i].used) { w = watches[i]; break; }
    }
    if (!w) {
      w = { used: false, id: 0, fn: null, pin: null, edge: 0, repeat: false, debounce: 0, lastTime: undefined, lastState: 0, dbAt: -1, dbState: 0, dbSeq: 0 };
      watches.push(w);
    }
    w.used = true;
    w.id = nextId++;
    w.fn = fn;
    w.pin = p;
    w.edge = edgeCode(o.edge);
    w.repeat = !!o.repeat;
    w.debounce = o.debounce > 0 ? +o.debounce : 0;
    w.lastTime = undefined;
    w.lastState = p.state;
    w.dbAt = -1;
    return w.id;
  }

  function freeWatch(w) {
    w.used = false;
    w.fn = null;
    w.pin = null;
    w.dbAt = -1;
  }

  function clearWatch(id) {
    var i;
    if (arguments.length === 0) {
      for (i = 0; i < watches.length; i++) if (watches[i].used) freeWatch(watches[i]);
      return;
    }
    if (id === undefined) throw new Error('clearWatch(undefined) not allowed. Use clearWatch() instead.');
    for (i = 0; i < watches.length; i++) {
      if (watches[i].used && watches[i].id === id) { freeWatch(watches[i]); return; }
    }
    throw new Error('Unknown Watch');
  }

  function edgeMatches(w, state) {
    return w.edge === 0 || (w.edge === 1 && state === 1) || (w.edge === -1 && state === 0);
  }

  // Returns the callback to run (or null) after updating the watch's bookkeeping, so a
  // one-shot watch is already cleared when its callback runs and may set a new one.
  function reportWatch(w, state) {
    var ev = { state: state === 1, time: now / 1000, lastTime: w.lastTime };
    w.lastTime = now / 1000;
    w.lastState = state;
    if (!edgeMatches(w, state)) return null;
    var fn = w.fn;
    if (!w.repeat) freeWatch(w);
    return [fn, ev];
  }

  function pinEdge(p, value) {
    var v = value ? 1 : 0;
    if (p.state === v) return;
    p.state = v;
    p.lastChange = now;
    var due = null;
    for (var i = 0; i < watches.length; i++) {
      var w = watches[i];
      if (!w.used || w.pin !== p) continue;
      if (w.debounce > 0) {
        // Every bounce restarts the wait: only a level that holds for `debounce` ms is reported.
        w.dbAt = now + w.debounce;
        w.dbState = v;
        w.dbSeq = seq++;
        continue;
      }
      var c = reportWatch(w, v);
      if (c) (due || (due = [])).push(c);
    }
    if (due) for (var j = 0; j < due.length; j++) invoke(due[j][0], [due[j][1]]);
  }

  function debounceDone(w) {
    w.dbAt = -1;
    if (w.pin.state !== w.dbState || w.dbState === w.lastState) return;
    var c = reportWatch(w, w.dbState);
    if (c) invoke(c[0], [c[1]]);
  }

  /* ---------------- Serial1 ---------------- */

  var serialListeners = [];
  var serialRx = '';

  function bytesToString(data) {
    if (typeof data === 'string') return data;
    if (typeof data === 'number') return String.fromCharCode(data & 255);
    if (typeof ArrayBuffer !== 'undefined' && data instanceof ArrayBuffer) data = new Uint8Array(data);
    if (data && typeof data.length === 'number') {
      var s = '';
      for (var i = 0; i < data.length; i++) s += bytesToString(data[i]);
      return s;
    }
    if (data === undefined || data === null) return '';
    return String(data);
  }

  var Serial1 = {
    baud: 9600,
    setup: function (baud, opts) {
      if (baud !== undefined) this.baud = +baud;
      this.options = opts;
    },
    write: function () {
      for (var i = 0; i < arguments.length; i++) emitText(bytesToString(arguments[i]));
    },
    print: function (s) { emitText(String(s)); },
    println: function (s) { emitText(String(s) + '\r\n'); },
    on: function (ev, fn) {
      if (ev === 'data') serialListeners.push(callbackOf(fn, 'Serial1.on'));
    },
    removeListener: function (ev, fn) {
      if (ev !== 'data') return;
      for (var i = 0; i < serialListeners.length; i++) {
        if (serialListeners[i] === fn) { serialListeners.splice(i, 1); return; }
      }
    },
    removeAllListeners: function (ev) {
      if (ev === undefined || ev === 'data') serialListeners.length = 0;
    },
    available: function () { return serialRx.length; },
    read: function (n) {
      var k = n === undefined || n > serialRx.length ? serialRx.length : n;
      var s = serialRx.slice(0, k);
      serialRx = serialRx.slice(k);
      return s;
    }
  };

  function uartArrive(text) {
    // Espruino buffers input for Serial1.read() only while nobody listens for 'data'.
    if (serialListeners.length === 0) { serialRx += text; return; }
    var ls = serialListeners.slice();
    for (var i = 0; i < ls.length; i++) invoke(ls[i], [text]);
  }

  /* ---------------- Promise, for engines without one (Duktape) ---------------- */

  var jobs = [];
  var jobHead = 0;
  var unhandled = [];
  var ownPromise = typeof G.Promise !== 'function';

  function queueJob(fn, a, b) {
    jobs.push(fn, a, b);
  }

  function runOwnJobs() {
    while (jobHead < jobs.length) {
      var fn = jobs[jobHead];
      var a = jobs[jobHead + 1];
      var b = jobs[jobHead + 2];
      jobs[jobHead] = jobs[jobHead + 1] = jobs[jobHead + 2] = null;
      jobHead += 3;
      fn(a, b);
    }
    jobs.length = 0;
    jobHead = 0;
    if (unhandled.length) {
      var u = unhandled.slice();
      unhandled.length = 0;
      for (var i = 0; i < u.length; i++) {
        if (!u[i]._handled) consoleLog('Unhandled promise rejection: ' + fmt(u[i]._value, 0));
      }
    }
  }

  function SPromise(executor) {
    if (!(this instanceof SPromise)) throw new TypeError('Promise must be called with new');
    this._state = 0; // 0 pending, 1 fulfilled, 2 rejected
    this._value = undefined;
    this._handlers = null;
    this._handled = false;
    var self = this;
    var done = false;
    try {
      executor(function (v) { if (!done) { done = true; resolveP(self, v); } },
        function (e) { if (!done) { done = true; settle(self, 2, e); } });
    } catch (e) {
      if (!done) { done = true; settle(self, 2, e); }
    }
  }

  function settle(p, state, value) {
    if (p._state !== 0) return;
    p._state = state;
    p._value = value;
    var hs = p._handlers;
    p._handlers = null;
    if (state === 2 && !p._handled) unhandled.push(p);
    if (hs) for (var i = 0; i < hs.length; i++) queueJob(runHandler, p, hs[i]);
  }

  function resolveP(p, v) {
    if (v === p) { settle(p, 2, new TypeError('Promise resolved with itself')); return; }
    if (v !== null && (typeof v === 'object' || typeof v === 'function')) {
      var then;
      try { then = v.then; } catch (e) { settle(p, 2, e); return; }
      if (typeof then === 'function') {
        queueJob(function (thenable, t) {
          var called = false;
          try {
            t.call(thenable, function (x) { if (!called) { called = true; resolveP(p, x); } },
              function (e) { if (!called) { called = true; settle(p, 2, e); } });
          } catch (e) {
            if (!called) { called = true; settle(p, 2, e); }
          }
        }, v, then);
        return;
      }
    }
    settle(p, 1, v);
  }

  function runHandler(p, h) {
    var cb = p._state === 1 ? h.onF : h.onR;
    if (typeof cb !== 'function') {
      if (p._state === 1) resolveP(h.next, p._value);
      else settle(h.next, 2, p._value);
      return;
    }
    var r;
    try { r = cb(p._value); } catch (e) { settle(h.next, 2, e); return; }
    resolveP(h.next, r);
  }

  SPromise.prototype.then = function (onF, onR) {
    var next = new SPromise(function () {});
    var h = { onF: onF, onR: onR, next: next };
    this._handled = true;
    if (this._state === 0) (this._handlers || (this._handlers = [])).push(h);
    else queueJob(runHandler, this, h);
    return next;
  };
  SPromise.prototype['catch'] = function (onR) { return this.then(undefined, onR); };
  SPromise.resolve = function (v) {
    if (v instanceof SPromise) return v;
    return new SPromise(function (res) { res(v); });
  };
  SPromise.reject = function (e) { return new SPromise(function (res, rej) { rej(e); }); };
  SPromise.all = function (list) {
    return new SPromise(function (res, rej) {
      var out = [];
      var left = list.length;
      if (left === 0) { res(out); return; }
      for (var i = 0; i < list.length; i++) {
        (function (k) {
          SPromise.resolve(list[k]).then(function (v) {
            out[k] = v;
            if (--left === 0) res(out);
          }, rej);
        })(i);
      }
    });
  };

  function drainJobs() {
    if (ownPromise) runOwnJobs();
    if (hooks && typeof hooks.drain === 'function') hooks.drain();
  }

  /* ---------------- calling into the bundle ---------------- */

  // Espruino reports an exception escaping a callback and carries on with the event loop.
  function invoke(fn, args) {
    try {
      if (typeof fn === 'string') (0, eval)(fn);
      else if (args) fn.apply(undefined, args);
      else fn();
    } catch (e) {
      errorCount++;
      consoleLog('Uncaught ' + (e instanceof Error ? String(e) : fmt(e, 1)));
    }
    drainJobs();
  }

  function fire(r) {
    var fn = r.fn;
    var args = r.args;
    if (r.kind === KIND_TIMER) {
      if (r.period > 0) {
        r.at += r.period;
        r.seq = seq++;
      } else {
        freeRec(r);
      }
      invoke(fn, args);
      return;
    }
    var pin = r.pin;
    var val = r.val;
    var text = r.text;
    var kind = r.kind;
    freeRec(r);
    if (kind === KIND_EDGE) pinEdge(pin, val);
    else uartArrive(text);
  }

  function runFor(ms) {
    if (running) throw new Error('__host.run is not re-entrant');
    ms = +ms;
    if (!(ms >= 0)) throw new Error('__host.run(ms): ms must be a non-negative number');
    running = true;
    var end = now + ms;
    var stallAt = -1;
    var stallCount = 0;
    try {
      drainJobs();
      for (;;) {
        var best = null;
        var bestAt = 0;
        var bestSeq = 0;
        var i;
        for (i = 0; i < recs.length; i++) {
          var r = recs[i];
          if (r.used && r.at <= end && (best === null || r.at < bestAt || (r.at === bestAt && r.seq < bestSeq))) {
            best = r; bestAt = r.at; bestSeq = r.seq;
          }
        }
        var bestW = null;
        for (i = 0; i < watches.length; i++) {
          var w = watches[i];
          if (w.used && w.dbAt >= 0 && w.dbAt <= end &&
            ((best === null && bestW === null) || w.dbAt < bestAt || (w.dbAt === bestAt && w.dbSeq < bestSeq))) {
            bestW = w; bestAt = w.dbAt; bestSeq = w.dbSeq;
          }
        }
        if (best === null && bestW === null) break;
        if (bestAt > now) now = bestAt;
        if (now === stallAt) {
          if (++stallCount > MAX_EVENTS_PER_INSTANT) throw new Error('virtual time stalled at t=' + now + 'ms: callbacks keep re-arming at the same instant');
        } else {
          stallAt = now;
          stallCount = 0;
        }
        if (bestW) debounceDone(bestW);
        else fire(best);
      }
      now = end;
    } finally {
      running = false;
    }
  }

  function schedule(kind, atMs) {
    var at = +atMs;
    if (!(at >= 0)) throw new Error('__host: time must be a non-negative number of ms');
    var r = allocRec();
    r.used = true;
    r.kind = kind;
    r.id = 0;
    r.at = at < now ? now : at;
    r.seq = seq++;
    r.period = 0;
    return r;
  }

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

  function memory(gc) {
    if (gc !== false) collectGarbage();
    var used = hooks && typeof hooks.mem === 'function' ? hooks.mem(0) : 0;
    var limit = hooks && typeof hooks.mem === 'function' ? hooks.mem(1) : 0;
    var usage = Math.ceil(used / BLOCK_BYTES);
    // Without a limit there is no true total; a host engine's own baseline can exceed a Pico's
    // whole heap, and a negative `free` would only mislead code that budgets from it.
    var total = limit > 0 ? Math.floor(limit / BLOCK_BYTES) : Math.max(DEFAULT_TOTAL_BLOCKS, usage);
    return { free: total - usage, usage: usage, total: total, blocksize: BLOCK_BYTES };
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
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      var x = v[k];
      n += 1;
      if (typeof x === 'number' && (x | 0) === x) continue;
      if (typeof x === 'boolean' || x === null || x === undefined) continue;
      n += sizeOf(x, seen);
    }
    return n;
  }

  /* ---------------- globals ---------------- */

  // QuickJS creates built-in function objects lazily, on first access. Touching the ones the
  // shim calls now keeps their one-time creation out of memory checkpoints taken later, when
  // a code path of the shim (process.memory, analogRead, ...) first runs after warm-up.
  var touched = [Math.floor, Math.ceil, Math.round, Math.max, JSON.stringify, String.fromCharCode,
    Object.create, Object.prototype.hasOwnProperty, Object.prototype.toString, Array.prototype.slice,
    Array.prototype.splice, Array.prototype.join, String.prototype.slice,
    typeof ArrayBuffer !== 'undefined' ? ArrayBuffer.isView : null,
    typeof G.WeakRef === 'function' ? G.WeakRef.prototype.deref : null];
  touched = null;

  G.Pin = Pin;
  G.getTime = function () { return now / 1000; };
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
  G.Serial1 = Serial1;
  G.print = consoleLog;
  G.console = { log: consoleLog, info: consoleLog, warn: consoleLog, error: consoleLog, debug: consoleLog };
  G.E = {
    getTemperature: function () { return Math.round((20 + 2 * triangle(Math.floor(now), 60000)) * 4) / 4; },
    getSizeOf: function (v) { return sizeOf(v, []); }
  };
  G.process = {
    version: '2v29',
    env: { VERSION: '2v29', BOARD: 'FRUGAL_SHIM' },
    memory: memory
  };
  if (ownPromise) G.Promise = SPromise;

  G.__host = {
    run: runFor,
    now: function () { return now; },
    edge: function (pin, atMs, value) {
      var r = schedule(KIND_EDGE, atMs);
      r.pin = needPin(pin);
      r.val = value ? 1 : 0;
    },
    uart: function (atMs, text) {
      var r = schedule(KIND_UART, atMs);
      r.text = String(text);
    },
    output: function () { return hooks ? hooks.read(0) : outBuf.join(''); },
    log: function () { return hooks ? hooks.read(1) : logBuf.join('\n'); },
    errors: function () { return errorCount; },
    pinState: function (pin) { return needPin(pin).state; },
    gc: collectGarbage,
    // Drivers print through this so their own text stays out of __host.output().
    print: function (s) { nativePrint(String(s)); },
    // For tests of the shim itself: how many scheduler records exist (pending or reusable).
    records: function () { return recs.length; }
  };
})(this);
