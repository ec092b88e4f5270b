/*
 * A model of the Espruino interpreter's environment (2v29): the globals a device bundle calls,
 * over virtual time. Every simulated run of a bundle evaluates this file first, in V8
 * (simulator/v8-engine.ts), in QuickJS or in Duktape (test/engines/). What each behaviour was
 * checked against on Espruino's own Linux build, and what only follows Espruino's sources and
 * documentation, is in docs/simulator.md; the facts are the fixtures in simulator/fixtures/.
 *
 * Plain ES5 on purpose: Duktape 2.x is an ES5.1 engine, and none of the three engines may see a
 * library call the others lack (no String#repeat, no Map).
 *
 * Virtual time moves only inside __host.run(ms), in whole microseconds; callbacks take no time.
 * Nothing reads a wall clock, so a run is reproducible bit for bit on every engine.
 *
 * The host defines, before this file runs:
 *   __board         the board (a boards/descriptors.ts descriptor): only the pins, LEDs,
 *                   buttons, serial ports and sensors it lists exist as globals.
 *   __modelOptions  optional { logCapacity }: how many pin writes __host.log() keeps (4096).
 *   __hostHooks     optional: emit(kind, text) and read(kind) keep console text (kind 0) and
 *                   pin-write lines (kind 1) outside the engine (QuickJS: the transcript must not
 *                   show in its memory figures); mem(kind) gives bytes in use (0) and the limit
 *                   (1) for process.memory(); done(nowMs) is called after every callback.
 * and drives it through __host (at the end of this file).
 */
(function (G) {
  // Loaded as an ES module (a test runner importing every file that matches a filter) there is
  // no global `this`; installing Espruino's globals into Node would break every other test.
  if (!G) return;
  var board = G.__board;
  if (!board || typeof board !== 'object') throw new Error('espruino-model.js: the host must define __board before the model runs');
  var hooks = typeof G.__hostHooks === 'object' && G.__hostHooks !== null ? G.__hostHooks : null;
  var emitHook = hooks && typeof hooks.emit === 'function' ? hooks : null;
  var doneHook = hooks && typeof hooks.done === 'function' ? hooks.done : null;
  var memHook = hooks && typeof hooks.mem === 'function' ? hooks.mem : null;
  var options = typeof G.__modelOptions === 'object' && G.__modelOptions !== null ? G.__modelOptions : {};
  var nativePrint = typeof G.print === 'function' ? G.print : function () {};
  var hasOwn = Object.prototype.hasOwnProperty;
  var toStr = Object.prototype.toString;

  // jsinteractive.h: setTimeout/setInterval/changeInterval raise shorter periods (and NaN) to
  // TIMER_MIN_INTERVAL and refuse longer ones than TIMER_MAX_INTERVAL.
  var TIMER_MIN_INTERVAL = 0.1;
  var TIMER_MAX_INTERVAL = 31536000001000;
  // jswrap_stream.h: what a serial port keeps for read() while nobody listens for 'data'.
  var STREAM_MAX_BUFFER_SIZE = 512;
  // jswrap_json.c: object members printed side by side before print() starts a new line.
  var JSON_ITEMS_ON_LINE_OBJECT = 4;

  // Board time in microseconds. Kept in a typed array: a closure variable holding a number past the
  // small-integer range is a heap number V8 would allocate anew at every event.
  var clock = new Float64Array(1);
  var running = false;

  // Delays are kept in whole microseconds (Espruino's Linux build counts in microseconds; a
  // board counts in its own clock's ticks). Rounded, not truncated, so that a delay computed
  // as a difference of millisecond times (250.2 - 0.1) lands on the microsecond it names.
  function usOf(ms) {
    return Math.round(ms * 1000);
  }

  /* ---------------- output ---------------- */

  var outBuf = [];
  var logCap = options.logCapacity > 0 ? options.logCapacity | 0 : 4096;
  var logTime = new Float64Array(emitHook ? 1 : logCap);
  var logPin = new Uint16Array(emitHook ? 1 : logCap);
  var logLevel = new Uint8Array(emitHook ? 1 : logCap);
  var logCount = 0;
  var uncaughtTexts = [];

  function emitText(text) {
    if (emitHook) emitHook.emit(0, text);
    else outBuf.push(text);
  }

  function isArray(v) {
    return toStr.call(v) === '[object Array]';
  }

  function isTyped(v) {
    return typeof ArrayBuffer !== 'undefined' && typeof ArrayBuffer.isView === 'function' &&
      ArrayBuffer.isView(v) && !(typeof DataView !== 'undefined' && v instanceof DataView);
  }

  function typedName(v) {
    var s = toStr.call(v);
    return s.slice(8, s.length - 1);
  }

  /* ---------------- print and console.log (jswrap_json.c, jsutils.c) ---------------- */

  function hex(d) {
    return '0123456789ABCDEF'.charAt(d & 15);
  }

  // escapeCharacter() in jsutils.c, without JSON style.
  function escapeChar(ch, next) {
    if (ch === 10) return '\\n';
    if (ch === 9) return '\\t';
    if (ch === 8) return '\\b';
    if (ch === 11) return '\\v';
    if (ch === 12) return '\\f';
    if (ch === 13) return '\\r';
    if (ch === 92) return '\\\\';
    if (ch === 34) return '\\"';
    if (ch < 8 && (next < 48 || next > 55)) return '\\' + ch;
    if (ch < 32 || ch >= 127) {
      if (ch > 255) return '\\u' + hex(ch >> 12) + hex(ch >> 8) + hex(ch >> 4) + hex(ch);
      return '\\x' + hex(ch >> 4) + hex(ch);
    }
    return String.fromCharCode(ch);
  }

  function quote(s) {
    var out = '"';
    for (var i = 0; i < s.length; i++) out += escapeChar(s.charCodeAt(i), i + 1 < s.length ? s.charCodeAt(i + 1) : -1);
    return out + '"';
  }

  function newLine(depth) {
    var s = '\n';
    for (var i = 0; i < depth; i++) s += '  ';
    return s;
  }

  // jsonNeedsNewLine(): only undefined, null and numeric values (numbers, booleans, pins) sit
  // on the line of the item before them.
  function needsNewLine(v) {
    return !(v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean' || v instanceof Pin);
  }

  var BUILTIN_NAMES = ['Error', 'TypeError', 'ReferenceError', 'SyntaxError', 'InternalError', 'Date', 'RegExp'];

  // JSON_SHOW_OBJECT_NAMES: an object made by a constructor that a global names prints as
  // "Name: " before its contents.
  function constructorName(v) {
    var proto = Object.getPrototypeOf(v);
    if (proto === null || proto === Object.prototype || !hasOwn.call(proto, 'constructor')) return null;
    var c = proto.constructor;
    if (c === EPromise) return 'Promise';
    for (var i = 0; i < BUILTIN_NAMES.length; i++) {
      if (G[BUILTIN_NAMES[i]] === c) return BUILTIN_NAMES[i];
    }
    for (var k in G) {
      if (G[k] === c) return k;
    }
    return null;
  }

  function jsonOf(v, depth, stack) {
    var t = typeof v;
    if (v === undefined) return 'undefined';
    if (v === null) return 'null';
    if (t === 'string') return quote(v);
    if (t === 'number' || t === 'boolean') return String(v);
    if (v instanceof Pin) return v.name;
    if (t === 'function') return 'function ' + String(v).replace(/^function\s*[\w$]*\s*/, '');
    for (var s = 0; s < stack.length; s++) {
      if (stack[s] === v) return ' ... ';
    }
    stack.push(v);
    var out;
    if (isArray(v)) out = jsonArray(v, depth, stack);
    else if (isTyped(v) || (typeof ArrayBuffer !== 'undefined' && v instanceof ArrayBuffer)) out = jsonBuffer(v);
    else out = jsonObject(v, depth, stack);
    stack.pop();
    return out;
  }

  function jsonArray(v, depth, stack) {
    var out = '[ ';
    var pendingNewLine = false;
    for (var i = 0; i < v.length; i++) {
      var item = v[i];
      if (i > 0) out += ', ';
      var nl = needsNewLine(item);
      if (pendingNewLine || nl) out += newLine(depth + 1);
      out += jsonOf(item, depth + 1, stack);
      pendingNewLine = nl;
    }
    if (pendingNewLine) out += newLine(depth);
    return out + ' ]';
  }

  function jsonBuffer(v) {
    var isBuffer = !isTyped(v);
    var view = isBuffer ? new Uint8Array(v) : v;
    var allZero = true;
    var i;
    for (i = 0; i < view.length; i++) if (view[i] !== 0) allZero = false;
    if (allZero) return 'new ' + (isBuffer ? 'ArrayBuffer' : typedName(v)) + '(' + (isBuffer ? v.byteLength : v.length) + ')';
    var items = [];
    for (i = 0; i < view.length; i++) items.push(String(view[i]));
    return 'new ' + typedName(view) + '([' + items.join(', ') + '])' + (isBuffer ? '.buffer' : '');
  }

  function jsonObject(v, depth, stack) {
    var name = constructorName(v);
    var prefix = name === null ? '' : name + ': ';
    if (name !== null && typeof v.toString === 'function' && v.toString !== Object.prototype.toString) return prefix + String(v.toString());
    var out = prefix + '{ ';
    var first = true;
    var pendingNewLine = false;
    var sinceNewLine = 0;
    for (var k in v) {
      if (!hasOwn.call(v, k)) continue;
      var item = v[k];
      sinceNewLine++;
      if (!first) out += ', ';
      var nl = needsNewLine(item);
      if (sinceNewLine > JSON_ITEMS_ON_LINE_OBJECT) pendingNewLine = true;
      if (pendingNewLine || nl) {
        out += newLine(depth + 1);
        sinceNewLine = 0;
      }
      out += quote(k) + ': ' + jsonOf(item, depth + 1, stack);
      first = false;
      pendingNewLine = nl;
    }
    if (pendingNewLine) out += newLine(depth);
    return out + ' }';
  }

  // jswrap_print: strings as they are, anything else as Espruino's JSON-like dump, separated by
  // spaces. Numbers are the engine's own decimal form: Espruino's ftoa rounds to about 11
  // digits (0.1+0.2 prints 0.3 there), which no engine here can reproduce for the bundle's own
  // string concatenations either.
  function printLine(args) {
    var s = '';
    for (var i = 0; i < args.length; i++) {
      if (i > 0) s += ' ';
      s += typeof args[i] === 'string' ? args[i] : jsonOf(args[i], 0, []);
    }
    return s;
  }

  // Echoed live through the engine's own print as well as kept, so that text printed before a
  // crash is still seen when the driver never reaches __host.output().
  function consoleLog() {
    var s = printLine(arguments);
    emitText(s + '\n');
    nativePrint(s);
  }

  /* ---------------- exceptions escaping callbacks (jsinteractive.c) ---------------- */

  // Espruino keeps one exception at a time: a later one replaces it, and it is reported as
  // "Uncaught ..." once the event loop's pass is over, after every other callback of that pass.
  var hasPending = false;
  var pendingError;
  var taken;

  function setPending(e) {
    hasPending = true;
    pendingError = e;
  }

  // jsExceptionHere(): an error the interpreter itself raises is dropped while one is pending.
  function raise(e) {
    if (!hasPending) setPending(e);
  }

  // jspGetException(): whoever asks next (a Promise reaction, the end of the pass) takes it.
  function takePending() {
    if (!hasPending) return false;
    hasPending = false;
    taken = pendingError;
    pendingError = undefined;
    return true;
  }

  // The text after "Uncaught " (jsvAsString). Each engine words a missing global its own way;
  // Espruino's is `ReferenceError: "LED3" is not defined`.
  function uncaughtText(e) {
    if (typeof G.ReferenceError === 'function' && e instanceof G.ReferenceError) {
      var m = /^(?:'([^']*)'|identifier '([^']*)'|([\w$]+)) (?:is not defined|undefined)$/.exec(String(e.message));
      if (m) return 'ReferenceError: "' + (m[1] || m[2] || m[3]) + '" is not defined';
    }
    return String(e);
  }

  function reportPending() {
    if (!takePending()) return;
    reportUncaught(taken);
    taken = undefined;
  }

  function reportUncaught(e) {
    var text = 'Uncaught ' + uncaughtText(e);
    uncaughtTexts.push(text);
    emitText(text + '\n');
    nativePrint(text);
  }

  /* ---------------- calling into the program ---------------- */

  function afterCallback() {
    if (doneHook) doneHook(clock[0] / 1000);
  }

  // A string callback is evaluated in global scope, as jspEvaluateVar does.
  function invoke0(fn, args) {
    try {
      if (typeof fn === 'string') (0, eval)(fn);
      else if (args === null) fn();
      else fn.apply(undefined, args);
    } catch (e) {
      setPending(e);
    }
    afterCallback();
  }

  function invoke1(fn, self, a) {
    try {
      if (typeof fn === 'string') (0, eval)(fn);
      else fn.call(self, a);
    } catch (e) {
      setPending(e);
    }
    afterCallback();
  }

  /* ---------------- a binary heap of records keyed by (at, key) ---------------- */

  // Records carry their own position (hi), so a timer can be moved or removed in O(log n) and
  // nothing is allocated once the heap has reached its largest size.
  function Heap() {
    this.a = [];
    this.n = 0;
  }

  function before(x, y) {
    return x.at < y.at || (x.at === y.at && x.key < y.key);
  }

  Heap.prototype.place = function (r, i) {
    var a = this.a;
    while (i > 0) {
      var p = (i - 1) >> 1;
      var q = a[p];
      if (!before(r, q)) break;
      a[i] = q;
      q.hi = i;
      i = p;
    }
    var n = this.n;
    for (;;) {
      var c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && before(a[c + 1], a[c])) c++;
      if (!before(a[c], r)) break;
      a[i] = a[c];
      a[i].hi = i;
      i = c;
    }
    a[i] = r;
    r.hi = i;
  };

  Heap.prototype.push = function (r) {
    this.place(r, this.n++);
  };

  Heap.prototype.top = function () {
    return this.n > 0 ? this.a[0] : null;
  };

  Heap.prototype.remove = function (r) {
    var i = r.hi;
    var last = this.a[--this.n];
    this.a[this.n] = null;
    r.hi = -1;
    if (last !== r) this.place(last, i);
  };

  Heap.prototype.moved = function (r) {
    this.place(r, r.hi);
  };

  /* ---------------- timers (jswrap_interactive.c, jsinteractive.c) ---------------- */

  // Espruino keeps timers in one array in the order they were made, and an id is one more than
  // the last one's (1 when there is none). A pass of the event loop runs every due timer in that
  // order; in virtual time every due timer is due at the same instant, so (deadline, id) is the
  // same order. An interval keeps its id, and so its place, when it is re-armed.
  var timers = new Heap();
  var timerById = [];
  var lastTimerId = 0;
  var timerPool = [];

  function newTimer() {
    var r = timerPool.length > 0 ? timerPool.pop() : { at: 0, key: 0, hi: -1, period: 0, fn: null, args: null, watch: null, state: 0, firing: false, dead: false };
    r.key = ++lastTimerId;
    timerById[r.key] = r;
    r.firing = false;
    r.dead = false;
    return r;
  }

  function dropTimerId(r) {
    timerById[r.key] = null;
    if (r.key === lastTimerId) {
      do lastTimerId--; while (lastTimerId > 0 && !timerById[lastTimerId]);
    }
  }

  function freeTimer(r) {
    r.fn = null;
    r.args = null;
    r.watch = null;
    timerPool.push(r);
  }

  // Removed from the array at once; a timer whose callback is running is freed when it returns.
  function removeTimer(r) {
    dropTimerId(r);
    if (r.watch && r.watch.timeout === r) r.watch.timeout = null;
    if (r.firing) {
      r.dead = true;
      return;
    }
    timers.remove(r);
    freeTimer(r);
  }

  function periodUs(ms) {
    ms = +ms;
    if (!(ms >= TIMER_MIN_INTERVAL)) ms = TIMER_MIN_INTERVAL;
    return usOf(ms);
  }

  function addTimer(fn, ms, isTimeout, args) {
    if (typeof fn !== 'function' && typeof fn !== 'string') throw new Error('Function or String not supplied!');
    if (+ms > TIMER_MAX_INTERVAL) throw new Error('Interval is too long (>100 years)');
    var us = periodUs(ms);
    var r = newTimer();
    r.at = clock[0] + us;
    r.period = isTimeout ? 0 : us;
    r.fn = fn;
    r.args = args.length > 2 ? Array.prototype.slice.call(args, 2) : null;
    timers.push(r);
    return r.key;
  }

  function setTimeout(fn, ms) {
    return addTimer(fn, ms, true, arguments);
  }

  function setInterval(fn, ms) {
    return addTimer(fn, ms, false, arguments);
  }

  // jsvFindChildFromVar on the timer array: ids are its keys, given as numbers or strings.
  function timerOf(id) {
    var k = typeof id === 'number' ? id : (typeof id === 'string' && /^\d+$/.test(id) ? +id : -1);
    return k > 0 && k <= lastTimerId ? timerById[k] : null;
  }

  // No argument clears every timer but a watch's debounce timers; an explicit undefined is an
  // error (almost always a bug); an id that names no timer is ignored.
  function clearTimer(args, name) {
    if (args.length === 0) {
      for (var id = lastTimerId; id > 0; id--) {
        var t = timerById[id];
        if (t && !t.watch) removeTimer(t);
      }
      return;
    }
    if (args[0] === undefined) throw new Error('clear' + name + '(undefined) not allowed. Use clear' + name + '() instead');
    var r = timerOf(args[0]);
    if (r) removeTimer(r);
  }

  function clearTimeout() {
    clearTimer(arguments, 'Timeout');
  }

  function clearInterval() {
    clearTimer(arguments, 'Interval');
  }

  // The next call is the new period from now. A timeout given a period becomes an interval.
  function changeInterval(id, ms) {
    var us = periodUs(ms);
    var r = timerOf(id);
    if (!r) throw new Error('Unknown Interval');
    r.period = us;
    r.at = clock[0] + us;
    if (!r.firing) timers.moved(r);
  }

  // The period is read after the callback (it may have changed it); the next deadline is the
  // old one plus the period, so an interval does not drift.
  function fireTimer(r) {
    if (r.watch) {
      debounceDone(r);
      return;
    }
    var at = r.at;
    r.firing = true;
    invoke0(r.fn, r.args);
    r.firing = false;
    if (r.dead) freeTimer(r);
    else if (r.period > 0) {
      r.at = at + r.period;
      timers.push(r);
    } else {
      dropTimerId(r);
      freeTimer(r);
    }
  }

  /* ---------------- queued events: Promise reactions, emit() ---------------- */

  // jsiQueueEvents: run after the pass's timers, until none is left. Parallel arrays, reused.
  var evFn = [];
  var evA = [];
  var evB = [];
  var evC = [];
  var evD = [];
  var evHead = 0;
  var evTail = 0;

  function queueEvent(fn, a, b, c, d) {
    evFn[evTail] = fn;
    evA[evTail] = a;
    evB[evTail] = b;
    evC[evTail] = c;
    evD[evTail] = d;
    evTail++;
  }

  function runEvents() {
    while (evHead < evTail) {
      var i = evHead++;
      var fn = evFn[i];
      var a = evA[i];
      var b = evB[i];
      var c = evC[i];
      var d = evD[i];
      evFn[i] = evA[i] = evB[i] = evC[i] = evD[i] = null;
      fn(a, b, c, d);
    }
    evHead = evTail = 0;
  }

  /* ---------------- event emitters (jswrap_object.c) ---------------- */

  // on() replaces the listener list with a new one, so a listener added while the event is
  // being handled is not called for it.
  function listenersOf(obj, ev) {
    return obj.__ev !== undefined && hasOwn.call(obj.__ev, ev) ? obj.__ev[ev] : null;
  }

  function setListeners(obj, ev, list) {
    if (obj.__ev === undefined) obj.__ev = {};
    if (list === null) delete obj.__ev[ev];
    else obj.__ev[ev] = list;
  }

  function on(ev, fn) {
    if (typeof ev !== 'string') throw new TypeError('First argument must be String');
    if (typeof fn !== 'function' && typeof fn !== 'string') throw new TypeError('Second argument must be a function or a String');
    var old = listenersOf(this, ev);
    var list = old === null ? [] : old.slice();
    list.push(fn);
    setListeners(this, ev, list);
    if (ev === 'data' && this.__buf !== undefined && this.__buf !== '') {
      queueEvent(callListeners, this, list, this.__buf, null);
      this.__buf = '';
    }
  }

  function removeListener(ev, fn) {
    var old = listenersOf(this, ev);
    if (old === null) return;
    for (var i = 0; i < old.length; i++) {
      if (old[i] === fn) {
        var list = old.slice();
        list.splice(i, 1);
        setListeners(this, ev, list.length ? list : null);
        return;
      }
    }
  }

  function removeAllListeners(ev) {
    if (ev === undefined) this.__ev = {};
    else setListeners(this, ev, null);
  }

  function callListeners(obj, list, a) {
    for (var i = 0; i < list.length; i++) invoke1(list[i], obj, a);
  }

  function callListenersArgs(obj, list, args) {
    for (var i = 0; i < list.length; i++) {
      try {
        if (typeof list[i] === 'string') (0, eval)(list[i]);
        else list[i].apply(obj, args);
      } catch (e) {
        setPending(e);
      }
      afterCallback();
    }
  }

  // emit() queues the event with the listeners of the moment.
  function emit(ev) {
    var list = listenersOf(this, ev);
    if (list === null) return;
    queueEvent(callListenersArgs, this, list, Array.prototype.slice.call(arguments, 1), null);
  }

  function makeEmitter(obj) {
    obj.on = on;
    obj.addListener = on;
    obj.removeListener = removeListener;
    obj.removeAllListeners = removeAllListeners;
    obj.emit = emit;
    return obj;
  }

  /* ---------------- Promise (jswrap_promise.c) ---------------- */

  // Espruino's own Promise, ported: resolving and rejecting are queued events, reactions run as
  // queued events after the pass's timers, a rejection nobody handles at the moment it settles
  // is an "Unhandled promise rejection" error, and a reaction that finds an exception pending
  // takes it as its own (as jspGetException does).
  var PENDING = 0;
  var REJECTED = 1;
  var FULFILLED = 2;

  function newBox(p) {
    p._s = PENDING;
    return { prom: p, resl: false };
  }

  function isPlainObject(v) {
    return v !== null && typeof v === 'object' && !isArray(v) && !isTyped(v);
  }

  function EPromise(executor) {
    if (!executor) throw new Error('Function required in promise constructor');
    var box = newBox(this);
    try {
      executor.call(this, queueResolver(box, true), queueResolver(box, false));
    } catch (e) {
      setPending(e);
    }
    if (takePending()) queueEvent(settleEvent, box, taken, false, null);
  }

  function queueResolver(box, resolving) {
    return function (v) { queueEvent(settleEvent, box, v, resolving, null); };
  }

  function nowResolver(box, resolving) {
    return function (v) { settle(box, v, resolving); };
  }

  function settleEvent(box, v, resolving) {
    settle(box, v, resolving);
  }

  function settle(box, data, resolving) {
    if (box.resl) return;
    box.resl = true;
    var p = box.prom;
    if (data === p) {
      raise(new Error('Illegal resolving to self'));
      return;
    }
    p._v = data;
    if (!resolving || !isPlainObject(data)) {
      seal(p, data, resolving);
      return;
    }
    var isProm = data instanceof EPromise;
    var then = hasOwn.call(data, 'then') ? data.then : undefined;
    if (typeof then !== 'function' && !isProm) {
      seal(p, data, resolving);
      return;
    }
    var next = { prom: p, resl: false };
    if (typeof then === 'function') {
      try {
        then.call(data, nowResolver(next, true), nowResolver(next, false));
      } catch (e) {
        setPending(e);
      }
      if (takePending()) settle(next, taken, false);
    } else {
      thenOf(data, nowResolver(next, true), nowResolver(next, false));
    }
  }

  function seal(p, data, resolving) {
    p._s = resolving ? FULFILLED : REJECTED;
    var reactions = resolving ? p._thn : p._cat;
    if (!reactions) {
      if (!resolving) raise(new Error('Unhandled promise rejection: ' + String(data)));
      return;
    }
    for (var i = 0; i < reactions.length; i++) queueEvent(reactionCall, p, reactions[i], data, resolving);
  }

  function reactionCall(p, reaction, data, isThen) {
    var next = reaction.next;
    var ret = data;
    var threw = false;
    if (reaction.cb) {
      try {
        ret = reaction.cb.call(p, data);
      } catch (e) {
        setPending(e);
      }
      afterCallback();
      if (takePending()) {
        threw = true;
        ret = taken;
      }
    } else if (!isThen) {
      threw = true;
    }
    settle(next, ret, !threw);
  }

  // A promise that has already settled queues its reaction as a rejection-side one (isThen
  // false), as Espruino does: a then() without onFulfilled on a fulfilled promise rejects.
  function thenOf(p, onF, onR) {
    var np = Object.create(EPromise.prototype);
    var box = newBox(np);
    if (typeof onF !== 'function') onF = null;
    if (typeof onR !== 'function') onR = null;
    if (p._s === PENDING) {
      (p._thn || (p._thn = [])).push({ cb: onF, next: box });
      (p._cat || (p._cat = [])).push({ cb: onR, next: box });
    } else {
      queueEvent(reactionCall, p, { cb: p._s === FULFILLED ? onF : onR, next: box }, p._v, false);
    }
    return np;
  }

  EPromise.prototype.then = function (onF, onR) {
    return thenOf(this, onF, onR);
  };
  EPromise.prototype['catch'] = function (onR) {
    return thenOf(this, undefined, onR);
  };
  EPromise.resolve = function (v) {
    if (v instanceof EPromise) return v;
    if (isPlainObject(v) && hasOwn.call(v, 'then') && typeof v.then === 'function') return new EPromise(v.then);
    var p = Object.create(EPromise.prototype);
    queueEvent(settleEvent, newBox(p), v, true, null);
    return p;
  };
  EPromise.reject = function (v) {
    var p = Object.create(EPromise.prototype);
    queueEvent(settleEvent, newBox(p), v, false, null);
    return p;
  };
  EPromise.all = function (list) {
    if (list === null || list === undefined || typeof list.length !== 'number') throw new TypeError('Expecting something iterable, got ' + typeof list);
    var p = Object.create(EPromise.prototype);
    var box = newBox(p);
    var results = [];
    var waiting = 0;
    var reject = function (e) {
      if (p._res) {
        p._res = null;
        queueEvent(settleEvent, box, e, false, null);
      }
    };
    for (var i = 0; i < list.length; i++) {
      if (list[i] instanceof EPromise) {
        waiting++;
        thenOf(list[i], allResolver(box, i), reject);
      } else {
        results[i] = list[i];
      }
    }
    if (waiting === 0) return EPromise.resolve(results);
    p._n = waiting;
    p._res = results;
    return p;
  };

  function allResolver(box, i) {
    return function (v) {
      var p = box.prom;
      if (!p._res) return;
      p._res[i] = v;
      if (--p._n === 0) queueEvent(settleEvent, box, p._res, true, null);
    };
  }

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
  var inputs = new Heap();
  var inputSeq = 0;
  var inputPool = [];

  function schedule(kind, atUs) {
    var r = inputPool.length > 0 ? inputPool.pop() : { at: 0, key: 0, hi: -1, kind: 0, pin: null, val: 0, port: null, text: '' };
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

  /* ---------------- the event loop ---------------- */

  // One pass of jsiIdle: inputs, then due timers, then queued events; then jsiCheckErrors.
  function pass() {
    handleInputs();
    var r = timers.top();
    while (r !== null && r.at <= clock[0]) {
      timers.remove(r);
      fireTimer(r);
      r = timers.top();
    }
    runEvents();
    reportPending();
  }

  function nextTime() {
    var t = timers.top();
    var i = inputs.top();
    if (t === null) return i === null ? -1 : i.at;
    return i === null || t.at <= i.at ? t.at : i.at;
  }

  // Runs every pass due up to endUs and returns true; with wallEnd > 0, returns false instead at
  // the first pass boundary after the wall clock reaches wallEnd (Date.now() ms), to be called again
  // for the rest: how the host bounds the wall time of one callback (simulator/v8-engine.ts). What
  // runs, and when in board time, is the same either way.
  function runTo(endUs, wallEnd) {
    if (running) throw new Error('__host.run is not re-entrant');
    running = true;
    var n = 0;
    try {
      for (;;) {
        if (wallEnd > 0 && (++n & 63) === 0 && Date.now() >= wallEnd) return false;
        if (evTail > evHead || hasPending) {
          pass();
          continue;
        }
        var t = nextTime();
        if (t < 0 || t > endUs) break;
        if (t > clock[0]) clock[0] = t;
        pass();
      }
      if (endUs > clock[0]) clock[0] = endUs;
    } finally {
      running = false;
    }
    return true;
  }

  /* ---------------- sensors ---------------- */

  function hasSensor(name) {
    return board.sensors && board.sensors.indexOf(name) >= 0;
  }

  function getTime() {
    return clock[0] / 1e6;
  }

  // Puck.js's sensors, on the same waves as bundler/host-globals.ts gives the Linux interpreter
  // (test/simulator-engine.test.ts holds them equal): light 0..1 on a 4 s triangle, the
  // magnetometer in integer counts on slower ones (a fresh object per call, as the firmware
  // returns), the temperature sensor on a minute's triangle.
  function puckMs() {
    return Math.floor(Math.round(getTime() * 1e6) / 1000);
  }

  function makePuck() {
    var puck = {};
    if (hasSensor('Puck.light')) puck.light = function () { return Math.round(triangle(puckMs(), 4000) * 1000) / 1000; };
    if (hasSensor('Puck.mag')) {
      puck.mag = function () {
        var t = puckMs();
        return { x: Math.round(triangle(t, 6000) * 800) - 400, y: Math.round(triangle(t + 1500, 6000) * 800) - 400, z: 250 };
      };
    }
    if (hasSensor('Puck.getTemperature')) puck.getTemperature = function () { return Math.round((21 + triangle(puckMs(), 60000)) * 4) / 4; };
    return puck;
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
  if (hasSensor('Puck.light') || hasSensor('Puck.mag') || hasSensor('Puck.getTemperature')) G.Puck = makePuck();

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
