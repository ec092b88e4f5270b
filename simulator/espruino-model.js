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

  // The rest of the board's API (boards/descriptors.ts `apis`): NRF, E.getBattery, Puck and Bangle
  // members, analogWrite, I2C1.., SPI1.., Storage.
  function hasApi(name) {
    return (board.apis && board.apis.indexOf(name) >= 0) || hasSensor(name);
  }

  function hasObject(prefix) {
    var list = (board.sensors || []).concat(board.apis || []);
    for (var k = 0; k < list.length; k++) if (list[k].indexOf(prefix + '.') === 0) return true;
    return false;
  }

  function getTime() {
    return clock[0] / 1e6;
  }

  // Board time in whole ms, as the sensor waves read it.
  function puckMs() {
    return Math.floor(Math.round(getTime() * 1e6) / 1000);
  }

  /* ---------------- the board's peripherals: scripted inputs and recorded outputs ---------------- */

  // What the host scripts (__host.input) overrides the default waves from its time on; what the
  // program does with the board's outputs is recorded (__host.records), the last recordCapacity
  // entries of each kind, with a count over the whole run.
  var recCap = options.recordCapacity > 0 ? options.recordCapacity | 0 : 1024;
  var records = {
    advertising: [], services: [], notifications: [], connections: [], pwm: [], i2c: [], spi: [], storage: [],
    counts: { advertising: 0, services: 0, notifications: 0, connections: 0, pwm: 0, i2c: 0, spi: 0, storage: 0 }
  };

  function record(kind, item) {
    var list = records[kind];
    records.counts[kind]++;
    if (list.length >= recCap) list.shift();
    list.push(item);
  }

  function nowMs() {
    return clock[0] / 1000;
  }

  // Bytes as Espruino's jsvIterateCallback reads them: a number is one byte, a string its
  // characters, an array or typed array each element, an ArrayBuffer its bytes.
  function dataBytes(v, out) {
    var i;
    if (typeof v === 'number' || typeof v === 'boolean') out.push((+v) & 255);
    else if (typeof v === 'string') for (i = 0; i < v.length; i++) out.push(v.charCodeAt(i) & 255);
    else if (typeof ArrayBuffer !== 'undefined' && v instanceof ArrayBuffer) dataBytes(new Uint8Array(v), out);
    else if (v instanceof Pin) out.push(v.num & 255);
    else if (v !== null && v !== undefined && typeof v === 'object' && typeof v.length === 'number') {
      for (i = 0; i < v.length; i++) dataBytes(v[i], out);
    } else if (v !== null && v !== undefined && typeof v === 'object' && typeof v.data !== 'undefined') {
      // { data: ..., count: n }, as jsvIterateCallback repeats it
      var n = typeof v.count === 'number' ? v.count : 1;
      for (i = 0; i < n; i++) dataBytes(v.data, out);
    }
    return out;
  }

  // An ArrayBuffer as Espruino gives one to a program: indexable and with a length (Espruino's
  // ArrayBuffer is; an engine's is not, so the bytes are copied onto it as properties).
  function espruinoBuffer(bytes) {
    var ab = new ArrayBuffer(bytes.length);
    var view = new Uint8Array(ab);
    for (var i = 0; i < bytes.length; i++) {
      view[i] = bytes[i];
      ab[i] = bytes[i];
    }
    ab.length = bytes.length;
    return ab;
  }

  function bytesText(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] & 255);
    return s;
  }

  // Scripted sensor values: null until the host scripts one.
  var scripted = { accel: null, gyro: null, mag: null, light: null, battery: null, capSense: null, temperature: null, hrm: null,
    compass: null, pressure: null, steps: null, charging: null };

  function xyz(x, y, z) {
    return { x: x, y: y, z: z };
  }

  // The default waves (what a board gives when nothing is scripted): Puck.js's light, magnetometer
  // and temperature as bundler/host-globals.ts gives the Linux interpreter (test/simulator-engine.test.ts
  // holds them equal); the accelerometer lying flat and tilting slowly (8192 is 1 g), the gyro
  // turning slowly; the battery at 100%.
  function puckAccel() {
    if (scripted.accel !== null) return { acc: xyz(scripted.accel.x, scripted.accel.y, scripted.accel.z), gyro: xyz(scripted.gyro.x, scripted.gyro.y, scripted.gyro.z) };
    var t = puckMs();
    return {
      acc: xyz(Math.round(triangle(t, 8000) * 1600) - 800, Math.round(triangle(t + 2000, 8000) * 1600) - 800, 8192),
      gyro: xyz(Math.round(triangle(t, 3000) * 200) - 100, 0, 0)
    };
  }

  function puckMag() {
    if (scripted.mag !== null) return xyz(scripted.mag.x, scripted.mag.y, scripted.mag.z);
    var t = puckMs();
    return xyz(Math.round(triangle(t, 6000) * 800) - 400, Math.round(triangle(t + 1500, 6000) * 800) - 400, 250);
  }

  function lightLevel() {
    if (scripted.light !== null) return scripted.light;
    return Math.round(triangle(puckMs(), 4000) * 1000) / 1000;
  }

  function batteryPercent() {
    return scripted.battery !== null ? scripted.battery : 100;
  }

  // Puck.js: jswrap_puck_getBattery maps 2.2..2.8 V to 0..100%; NRF.getBattery() gives the volts.
  function batteryVolts() {
    return Math.round((2.2 + batteryPercent() * 0.006) * 1000) / 1000;
  }

  // Streams of readings (Puck.accelOn, Puck.magOn, Bangle's accel, compass, heart rate): events
  // emitted at the sensor's rate from the board's idle loop, not timers, so they take no timer id.
  function Stream(emitter, event, periodMs, read) {
    this.emitter = emitter;
    this.event = event;
    this.periodUs = usOf(periodMs);
    this.read = read;
    this.on = false;
    this.rec = null;
  }

  function startStream(s) {
    if (s.on) return;
    s.on = true;
    var r = schedule(KIND_STREAM, clock[0] + s.periodUs);
    r.stream = s;
    s.rec = r;
  }

  function stopStream(s) {
    if (!s.on) return;
    s.on = false;
    if (s.rec !== null && s.rec.hi >= 0) {
      inputs.remove(s.rec);
      freeInput(s.rec);
    }
    s.rec = null;
  }

  function streamTick(s, at) {
    s.rec = null;
    if (!s.on) return;
    var list = listenersOf(s.emitter, s.event);
    if (list !== null) queueEvent(callListeners, s.emitter, list, s.read(), null);
    var r = schedule(KIND_STREAM, at + s.periodUs);
    r.stream = s;
    s.rec = r;
  }

  /* ---------------- Puck.js (libs/puckjs/jswrap_puck.c) ---------------- */

  // Puck.accelOn accepts these rates (Hz), Puck.magOn those.
  var ACCEL_RATES = [1660, 833, 416, 208, 104, 52, 26, 12.5, 1.6];
  var MAG_RATES = [80, 40, 20, 10, 5, 2.5, 1.25, 0.63, 0.31, 0.16, 0.08];

  function makePuck() {
    var puck = makeEmitter({});
    if (hasSensor('Puck.light')) puck.light = function () { return lightLevel(); };
    if (hasSensor('Puck.mag')) {
      var magStream = new Stream(puck, 'mag', 1000 / 0.63, puckMag);
      puck.mag = function () { return puckMag(); };
      puck.magOn = function (hz) {
        var r = hz === undefined ? 0.63 : +hz;
        if (MAG_RATES.indexOf(r) < 0) throw new Error('Invalid sample rate ' + hz + ' - must be 80, 40, 20, 10, 5, 2.5, 1.25, 0.63, 0.31, 0.16 or 0.08 Hz');
        stopStream(magStream);
        magStream.periodUs = usOf(1000 / r);
        startStream(magStream);
      };
      puck.magOff = function () { stopStream(magStream); };
      puck.magTemp = function () { return 21; };
    }
    if (hasSensor('Puck.accel')) {
      var accelStream = new Stream(puck, 'accel', 1000 / 12.5, puckAccel);
      puck.accel = function () { return puckAccel(); };
      puck.accelOn = function (hz) {
        var r = hz === undefined ? 12.5 : +hz;
        if (ACCEL_RATES.indexOf(r) < 0) throw new Error('Invalid sample rate ' + hz + ' - must be 1660, 833, 416, 208, 104, 52, 26, 12.5, 1.6 Hz');
        stopStream(accelStream);
        accelStream.periodUs = usOf(1000 / r);
        startStream(accelStream);
      };
      puck.accelOff = function () { stopStream(accelStream); };
    }
    if (hasSensor('Puck.getTemperature')) {
      puck.getTemperature = function () {
        if (scripted.temperature !== null) return scripted.temperature;
        return Math.round((21 + triangle(puckMs(), 60000)) * 4) / 4;
      };
    }
    if (hasSensor('Puck.capSense')) puck.capSense = function () { return scripted.capSense !== null ? scripted.capSense : 4000; };
    if (hasApi('Puck.getBatteryPercentage')) puck.getBatteryPercentage = function () { return batteryPercent(); };
    return puck;
  }

  /* ---------------- Bangle.js 2 (libs/banglejs/jswrap_bangle.c) ---------------- */

  function bangleAccel() {
    var a = scripted.accel;
    var x = a !== null ? a.x : Math.round((triangle(puckMs(), 8000) * 0.2 - 0.1) * 1000) / 1000;
    var y = a !== null ? a.y : 0;
    var z = a !== null ? a.z : -1;
    var mag = Math.sqrt(x * x + y * y + z * z);
    return { x: x, y: y, z: z, diff: 0, mag: mag };
  }

  function bangleCompass() {
    var m = scripted.compass !== null ? scripted.compass : puckMag();
    var heading = (Math.atan2(m.y, m.x) * 180 / Math.PI + 360) % 360;
    return { x: m.x, y: m.y, z: m.z, dx: 0, dy: 0, dz: 0, heading: Math.round(heading * 10) / 10 };
  }

  function makeBangle() {
    var bangle = makeEmitter({});
    // Its accelerometer runs all the time (80 ms); an 'accel' event per reading once someone listens.
    var accelStream = new Stream(bangle, 'accel', 80, bangleAccel);
    var compassStream = new Stream(bangle, 'mag', 80, bangleCompass);
    var hrmStream = new Stream(bangle, 'HRM', 1000, function () {
      var h = scripted.hrm !== null ? scripted.hrm : { bpm: 70, confidence: 80 };
      return { bpm: h.bpm, confidence: h.confidence };
    });
    var pressureStream = new Stream(bangle, 'pressure', 1000, function () {
      var p = scripted.pressure !== null ? scripted.pressure : { temperature: 22, pressure: 1013.25, altitude: 0 };
      return { temperature: p.temperature, pressure: p.pressure, altitude: p.altitude };
    });
    var baseOn = bangle.on;
    bangle.on = bangle.addListener = function (ev, fn) {
      baseOn.call(this, ev, fn);
      if (ev === 'accel') startStream(accelStream);
    };
    bangle.getAccel = bangleAccel;
    bangle.getCompass = bangleCompass;
    function power(stream) {
      return function (on) {
        if (on) startStream(stream);
        else stopStream(stream);
        return stream.on;
      };
    }
    bangle.setCompassPower = power(compassStream);
    bangle.setHRMPower = power(hrmStream);
    bangle.setBarometerPower = power(pressureStream);
    bangle.setGPSPower = function (on) { return !!on; };
    bangle.getStepCount = function () { return scripted.steps !== null ? scripted.steps : 0; };
    bangle.isCharging = function () { return scripted.charging === true; };
    bangle.getPressure = function () {
      var p = scripted.pressure !== null ? scripted.pressure : { temperature: 22, pressure: 1013.25, altitude: 0 };
      return EPromise.resolve({ temperature: p.temperature, pressure: p.pressure, altitude: p.altitude });
    };
    bangle.buzz = function () { return EPromise.resolve(undefined); };
    bangle.setLCDPower = function () {};
    return bangle;
  }

  /* ---------------- Bluetooth LE: NRF (libs/bluetooth/jswrap_bluetooth.c) ---------------- */

  // The board's address and name: a fixed address, and the name Espruino makes from the board's
  // BLUETOOTH_NAME_PREFIX and the address's last two bytes (targets/nrf5x/bluetooth.c).
  var BLE_ADDRESS = 'c7:a1:00:12:34:56 random';
  var NAME_PREFIX = { PUCKJS: 'Puck.js', PIXLJS: 'Pixl.js', BANGLEJS2: 'Bangle.js', MDBT42Q: 'MDBT42Q' };
  var bleName = hasOwn.call(NAME_PREFIX, board.espruinoBoard) ? NAME_PREFIX[board.espruinoBoard] + ' 3456' : 'Espruino ' + board.espruinoBoard;
  var connected = false;
  var services = {};
  // The BLE advertising packet is at most 31 bytes (ESPR_MAX_ADVERTISEMENT_DATA on a 1 Mbps phy).
  var ADV_MAX = 31;

  // A UUID as bleVarToUUID reads it: a number is 16-bit; a string of 4 hex digits too; a string of
  // 32 hex digits (dashes allowed) is 128-bit. In an engine every object key is a string, so a key
  // that is a decimal number ({0x1809: ...} gives '6153') is read as that number.
  function uuidOf(k) {
    if (typeof k === 'number') return { bits: 16, hex: hex4(k & 0xFFFF) };
    var s = String(k);
    if (/^\d+$/.test(s) && +s <= 0xFFFF && String(+s) === s) return { bits: 16, hex: hex4(+s) };
    var h = s.replace(/^0x/i, '').replace(/-/g, '').toLowerCase();
    if (/^[0-9a-f]{4}$/.test(h)) return { bits: 16, hex: h };
    if (/^[0-9a-f]{32}$/.test(h)) return { bits: 128, hex: h };
    throw new Error('Invalid Service UUID: UUID string should be of the form "ABCD" or "ABCDABCD-ABCD-ABCD-ABCD-ABCDABCDABCD"');
  }

  function hex4(n) {
    return (hex(n >> 12) + hex(n >> 8) + hex(n >> 4) + hex(n)).toLowerCase();
  }

  // Little-endian bytes of a UUID, as it goes into a packet.
  function uuidBytes(u) {
    var out = [];
    for (var i = u.hex.length - 2; i >= 0; i -= 2) out.push(parseInt(u.hex.substr(i, 2), 16));
    return out;
  }

  function isPlainData(d) {
    return d !== null && typeof d === 'object' && !isArray(d) && !isTyped(d) && !(typeof ArrayBuffer !== 'undefined' && d instanceof ArrayBuffer);
  }

  // _jswrap_ble_getAdvertisingData and Nordic's adv_data_encode: flags, complete UUIDs, manufacturer
  // data, service data, then the name (last, shortened to fit).
  function advertisingBytes(data, opts, forSet) {
    var flags = 6;
    var showName = true;
    var manufacturer = forSet ? 0x0590 : -1;
    var manufacturerData = [];
    if (opts !== undefined && (opts === null || typeof opts !== 'object')) throw new TypeError('Expecting Object or undefined, got ' + typeName(opts));
    if (opts) {
      if (opts.showName !== undefined) showName = !!opts.showName;
      if (opts.flags !== undefined && !opts.flags) flags = 0;
      if (opts.discoverable !== undefined) flags = opts.discoverable ? 6 : 5;
      if (opts.manufacturerData !== undefined) {
        var md = dataBytes(opts.manufacturerData, []);
        if (md.length > 0) {
          manufacturerData = md;
          if (manufacturer < 0) manufacturer = 0;
        }
      }
      if (opts.manufacturer !== undefined) manufacturer = opts.manufacturer ? opts.manufacturer & 0xFFFF : -1;
    }
    if (isArray(data) || isTyped(data) || (typeof ArrayBuffer !== 'undefined' && data instanceof ArrayBuffer)) return dataBytes(data, []);
    if (data !== undefined && !isPlainData(data)) throw new TypeError('Expecting Object, Array or undefined, got ' + typeName(data));
    var out = [];
    var uuids16 = [];
    var uuids128 = [];
    var serviceData = [];
    if (data) {
      for (var k in data) {
        if (!hasOwn.call(data, k)) continue;
        var u = uuidOf(k);
        if (data[k] === undefined) (u.bits === 16 ? uuids16 : uuids128).push(u);
        else serviceData.push({ uuid: u, bytes: dataBytes(data[k], []) });
      }
    }
    if (flags) out.push(2, 0x01, flags);
    var i;
    if (uuids16.length) {
      out.push(1 + 2 * uuids16.length, 0x03);
      for (i = 0; i < uuids16.length; i++) out.push.apply(out, uuidBytes(uuids16[i]));
    }
    if (uuids128.length) {
      out.push(1 + 16 * uuids128.length, 0x07);
      for (i = 0; i < uuids128.length; i++) out.push.apply(out, uuidBytes(uuids128[i]));
    }
    if (manufacturer >= 0) {
      out.push(3 + manufacturerData.length, 0xFF, manufacturer & 255, manufacturer >> 8);
      out.push.apply(out, manufacturerData);
    }
    for (i = 0; i < serviceData.length; i++) {
      var sd = serviceData[i];
      var ub = uuidBytes(sd.uuid);
      out.push(1 + ub.length + sd.bytes.length, sd.uuid.bits === 16 ? 0x16 : 0x21);
      out.push.apply(out, ub);
      out.push.apply(out, sd.bytes);
    }
    if (out.length > ADV_MAX) throw new Error('Got BLE error 0xc DATA_SIZE');
    if (showName && out.length + 2 <= ADV_MAX) {
      var room = ADV_MAX - out.length - 2;
      var full = bleName.length <= room;
      var name = full ? bleName : bleName.slice(0, room);
      out.push(1 + name.length, full ? 0x09 : 0x08);
      for (i = 0; i < name.length; i++) out.push(name.charCodeAt(i) & 255);
    }
    return out;
  }

  function typeName(v) {
    if (v === null) return 'null';
    if (isArray(v)) return 'Array';
    return typeof v === 'object' ? 'Object' : typeof v;
  }

  function makeNRF() {
    var nrf = makeEmitter({});
    var advOptions = { interval: 375, connectable: true, scannable: true };
    nrf.setAdvertising = function (data, opts) {
      var packets;
      if (isArray(data) && data.length > 0 && (isArray(data[0]) || isPlainData(data[0]) || data[0] === undefined)) {
        packets = [];
        for (var i = 0; i < data.length; i++) packets.push(advertisingBytes(data[i], opts, true));
      } else {
        packets = [advertisingBytes(data, opts, true)];
      }
      if (opts) {
        if (opts.interval !== undefined) advOptions.interval = Math.min(10000, Math.max(20, +opts.interval));
        if (opts.connectable !== undefined) advOptions.connectable = !!opts.connectable;
        if (opts.scannable !== undefined) advOptions.scannable = !!opts.scannable;
        if (typeof opts.name === 'string') bleName = opts.name;
      }
      record('advertising', { atMs: nowMs(), packets: packets, interval: advOptions.interval, connectable: advOptions.connectable });
    };
    nrf.getAdvertisingData = function (data, opts) {
      return espruinoBuffer(advertisingBytes(data, opts, false));
    };
    nrf.setScanResponse = function (data) {
      if (data !== undefined && !isArray(data) && !isTyped(data) && !(typeof ArrayBuffer !== 'undefined' && data instanceof ArrayBuffer)) {
        throw new TypeError('Expecting array-like object or undefined, got ' + typeName(data));
      }
    };
    nrf.setServices = function (data, opts) {
      services = {};
      var list = [];
      if (data) {
        for (var s in data) {
          if (!hasOwn.call(data, s)) continue;
          var su = uuidOf(s).hex;
          services[su] = {};
          for (var c in data[s]) {
            if (!hasOwn.call(data[s], c)) continue;
            var d = data[s][c];
            var cu = uuidOf(c).hex;
            services[su][cu] = {
              value: d.value === undefined ? [] : dataBytes(d.value, []), writable: !!d.writable, readable: d.readable !== false, notify: !!d.notify,
              indicate: !!d.indicate, onWrite: typeof d.onWrite === 'function' ? d.onWrite : null
            };
            list.push(su + '/' + cu + (d.writable ? ' w' : '') + (d.notify ? ' n' : ''));
          }
        }
      }
      record('services', { atMs: nowMs(), characteristics: list, uart: !(opts && opts.uart === false) });
    };
    nrf.updateServices = function (data) {
      for (var s in data) {
        if (!hasOwn.call(data, s)) continue;
        var su = uuidOf(s).hex;
        if (!hasOwn.call(services, su)) throw new Error('Unable to find service with UUID ' + su);
        for (var c in data[s]) {
          if (!hasOwn.call(data[s], c)) continue;
          var cu = uuidOf(c).hex;
          var ch = services[su][cu];
          if (!ch) throw new Error('Unable to find characteristic with UUID ' + cu);
          var d = data[s][c];
          if (d.value !== undefined) ch.value = dataBytes(d.value, []);
          if ((d.notify || d.indicate) && connected) record('notifications', { atMs: nowMs(), service: su, characteristic: cu, bytes: ch.value.slice() });
        }
      }
    };
    nrf.disconnect = function () {
      if (connected) scheduleBoard('disconnect', clock[0], { reason: 22 });
    };
    nrf.getBattery = batteryVolts;
    nrf.setTxPower = function () {};
    nrf.getAddress = function () { return BLE_ADDRESS; };
    nrf.sleep = function () {};
    nrf.wake = function () {};
    return nrf;
  }

  // A central connects, disconnects or writes a characteristic (scripted by the host).
  function bleInput(kind, d) {
    if (kind === 'connect') {
      if (connected) return;
      connected = true;
      record('connections', { atMs: nowMs(), event: 'connect', address: d.address || 'aa:bb:cc:dd:ee:ff public' });
      G.NRF.emit('connect', d.address || 'aa:bb:cc:dd:ee:ff public');
    } else if (kind === 'disconnect') {
      if (!connected) return;
      connected = false;
      var reason = typeof d.reason === 'number' ? d.reason : 19;
      record('connections', { atMs: nowMs(), event: 'disconnect', reason: reason });
      G.NRF.emit('disconnect', reason);
    } else if (kind === 'write') {
      var su = uuidOf(d.service).hex;
      var cu = uuidOf(d.characteristic).hex;
      var ch = hasOwn.call(services, su) ? services[su][cu] : undefined;
      var bytes = dataBytes(d.data, []);
      record('connections', { atMs: nowMs(), event: 'write', service: su, characteristic: cu, bytes: bytes, accepted: !!(ch && ch.writable && connected) });
      if (!ch || !ch.writable || !connected) return;
      ch.value = bytes;
      if (ch.onWrite) queueEvent(callListeners, undefined, [ch.onWrite], { data: espruinoBuffer(bytes) }, null);
    }
  }

  /* ---------------- PWM: analogWrite (src/jswrap_io.c) ---------------- */

  var pwmState = {};

  function analogWrite(pin, value, opts) {
    var p = needPin(pin);
    var v = +value;
    var freq = opts !== null && typeof opts === 'object' && opts.freq !== undefined ? +opts.freq : 0;
    if (!p.manual) p.mode = 'af_output';
    var s = hasOwn.call(pwmState, p.label) ? pwmState[p.label] : (pwmState[p.label] = { writes: 0 });
    s.writes++;
    s.duty = v;
    s.freq = freq;
    s.atMs = nowMs();
    record('pwm', { atMs: nowMs(), pin: p.label, duty: v, freq: freq });
  }

  /* ---------------- I2C and SPI (src/jswrap_spi_i2c.c) ---------------- */

  // Devices on a bus, scripted by the host: 256 registers and a register pointer that a write sets
  // (its first byte) and every byte read or written moves on, as most register-mapped sensors do.
  var i2cDevices = {};

  function i2cDevice(bus, address) {
    var k = bus + ':' + address;
    return hasOwn.call(i2cDevices, k) ? i2cDevices[k] : null;
  }

  function I2C() {
    this.__bus = 'I2C';
    this.__setup = false;
  }
  I2C.prototype.setup = function (opts) {
    this.__setup = true;
    if (opts && opts.bitrate !== undefined && !(+opts.bitrate > 0)) throw new Error('Invalid I2C bitrate');
  };
  function i2cAddress(a) {
    return a !== null && typeof a === 'object' ? a.address | 0 : a | 0;
  }
  I2C.prototype.writeTo = function (address) {
    var bytes = [];
    for (var i = 1; i < arguments.length; i++) dataBytes(arguments[i], bytes);
    var addr = i2cAddress(address);
    var dev = i2cDevice(this.__bus, addr);
    record('i2c', { atMs: nowMs(), bus: this.__bus, op: 'write', address: addr, bytes: bytes, ack: dev !== null });
    if (!this.__setup && this.__bus !== 'I2C') return;
    if (dev === null) throw new Error('I2C Write Error 33281');
    for (var j = 0; j < bytes.length; j++) {
      if (j === 0) dev.ptr = bytes[0];
      else dev.regs[dev.ptr] = bytes[j], dev.ptr = (dev.ptr + 1) & 255;
    }
  };
  I2C.prototype.readFrom = function (address, quantity) {
    var addr = i2cAddress(address);
    var n = quantity | 0;
    var dev = i2cDevice(this.__bus, addr);
    var out = new Uint8Array(n > 0 ? n : 0);
    if (dev !== null) {
      for (var i = 0; i < out.length; i++) {
        out[i] = dev.regs[dev.ptr];
        dev.ptr = (dev.ptr + 1) & 255;
      }
    }
    record('i2c', { atMs: nowMs(), bus: this.__bus, op: 'read', address: addr, bytes: Array.prototype.slice.call(out), ack: dev !== null });
    if (dev === null && (this.__setup || this.__bus === 'I2C')) throw new Error('I2C Read Error 33281');
    return out;
  };

  // What an SPI device sends back, scripted by the host (0xFF, a line pulled up, once it is used up).
  var spiReplies = {};

  function SPI() {
    this.__bus = 'SPI';
  }
  SPI.prototype.setup = function () {};
  function spiExchange(bus, bytes) {
    var q = hasOwn.call(spiReplies, bus) ? spiReplies[bus] : [];
    var back = [];
    for (var i = 0; i < bytes.length; i++) back.push(q.length > 0 ? q.shift() : 255);
    record('spi', { atMs: nowMs(), bus: bus, sent: bytes, received: back });
    return back;
  }
  SPI.prototype.send = function (data) {
    var bytes = dataBytes(data, []);
    var back = spiExchange(this.__bus, bytes);
    if (typeof data === 'number') return back[0];
    if (typeof data === 'string') return bytesText(back);
    return new Uint8Array(back);
  };
  SPI.prototype.write = function () {
    var bytes = [];
    for (var i = 0; i < arguments.length; i++) if (!(arguments[i] instanceof Pin)) dataBytes(arguments[i], bytes);
    spiExchange(this.__bus, bytes);
  };

  /* ---------------- Storage (src/jswrap_storage.c, src/jsflash.c) ---------------- */

  // Files as strings of bytes, in the order they were written (a rewritten file moves to the end,
  // as Espruino appends a new copy and leaves the old one as trash). Each takes a 32-byte header
  // and its size rounded up to 4 bytes of the board's Storage area.
  var storageBytes = board.storage ? board.storage.bytes : 262144;
  var storagePage = board.storage ? board.storage.pageBytes : 4096;
  // STORAGEFILE_CHUNKSIZE: a page (at most 4096 bytes) less a header; ten pages where Storage is
  // the large external flash.
  var chunkSize = storageBytes < 1000000 ? Math.min(storagePage, 4096) - 32 : storagePage * 10 - 32;
  var files = [];
  var fileData = {};
  // What erased and replaced files still take until the area is compacted (getStats' trash).
  var trash = { bytes: 0, count: 0 };

  // A name is at most 28 bytes; a longer one is cut, as jsfNameFromVar does.
  function fileName(name) {
    var s = String(name);
    return s.length > 28 ? s.slice(0, 28) : s;
  }

  function fileBytes(n) {
    return 32 + ((n + 3) & ~3);
  }

  function toTrash(name) {
    trash.bytes += fileBytes(fileData[name].length);
    trash.count++;
  }

  function fileIndex(name) {
    for (var i = 0; i < files.length; i++) if (files[i] === name) return i;
    return -1;
  }

  function usedBytes() {
    var n = 0;
    for (var i = 0; i < files.length; i++) n += fileBytes(fileData[files[i]].length);
    return n;
  }

  function isErased(s, from, n) {
    for (var i = from; i < from + n; i++) if (s.charCodeAt(i) !== 255) return false;
    return true;
  }

  function filledFF(n) {
    var s = '';
    while (s.length < n) s += '\xFF';
    return s;
  }

  function storageWrite(name, data, offset, size) {
    name = fileName(name);
    var off = offset === undefined ? 0 : offset | 0;
    var sz = size === undefined ? 0 : size | 0;
    var text;
    if (isPlainData(data)) {
      text = JSON.stringify(data);
      off = 0;
      sz = 0;
    } else {
      text = typeof data === 'string' ? data : bytesText(dataBytes(data, []));
    }
    if (off < 0 || sz < 0) return false;
    if (sz === 0) sz = text.length;
    if (!sz) throw new Error("Can't create zero length file");
    var at = fileIndex(name);
    var cur = at >= 0 ? fileData[name] : null;
    if ((at < 0 && off === 0) || (at >= 0 && off === 0 && (sz !== cur.length || !isErased(cur, 0, sz)))) {
      if (at >= 0 && off === 0 && sz === cur.length && text.length === sz && cur === text) return true;
      if (at >= 0) {
        toTrash(name);
        files.splice(at, 1);
      }
      // Out of room, Espruino compacts the area (dropping the trash) and tries again.
      if (usedBytes() + trash.bytes + fileBytes(sz) > storageBytes) trash.bytes = trash.count = 0;
      if (usedBytes() + fileBytes(sz) > storageBytes) throw new Error('Unable to find or create file');
      files.push(name);
      cur = fileData[name] = filledFF(sz);
      at = files.length - 1;
    }
    if (at < 0) throw new Error('Unable to find or create file');
    if (off + text.length > cur.length) throw new Error('Too much data for file size');
    if (!isErased(cur, off, text.length)) throw new Error('File already written with different data');
    fileData[name] = cur.slice(0, off) + text + cur.slice(off + text.length);
    record('storage', { atMs: nowMs(), op: 'write', name: name, offset: off, length: text.length });
    return true;
  }

  function storageRead(name, offset, length) {
    name = fileName(name);
    if (fileIndex(name) < 0) return undefined;
    var s = fileData[name];
    var off = offset === undefined ? 0 : offset | 0;
    var n = length === undefined ? s.length - off : length | 0;
    return s.substr(off, Math.max(0, n));
  }

  // A StorageFile's chunks are files named with a last character of 1, 2... (list() shows them
  // without {sf:true}); the data ends at the first 0xFF byte.
  function chunkName(name, k) {
    return name + String.fromCharCode(k);
  }

  function StorageFile(name, mode) {
    if (name.length > 27) throw new Error('File name too long');
    this.__name = name;
    this.__mode = mode;
    this.__chunk = 1;
    this.__off = 0;
    if (mode === 'w') {
      for (var k = 1; fileIndex(chunkName(name, k)) >= 0; k++) eraseFile(chunkName(name, k));
    } else if (mode === 'a') {
      var last = 1;
      while (fileIndex(chunkName(name, last + 1)) >= 0) last++;
      this.__chunk = last;
      var s = fileIndex(chunkName(name, last)) >= 0 ? fileData[chunkName(name, last)] : '';
      var end = s.indexOf('\xFF');
      this.__off = end < 0 ? s.length : end;
    } else if (mode !== 'r') {
      throw new Error('Invalid mode ' + JSON.stringify(mode));
    }
  }
  StorageFile.prototype.write = function (data) {
    if (this.__mode === 'r') throw new Error("Can't write in read mode");
    var s = String(data);
    while (s.length > 0) {
      var cn = chunkName(this.__name, this.__chunk);
      if (fileIndex(cn) < 0) storageWrite(cn, s.slice(0, Math.min(s.length, chunkSize)), 0, chunkSize), this.__off = Math.min(s.length, chunkSize), s = s.slice(this.__off);
      else {
        var room = chunkSize - this.__off;
        if (room <= 0) {
          this.__chunk++;
          this.__off = 0;
          continue;
        }
        var part = s.slice(0, room);
        storageWrite(cn, part, this.__off);
        this.__off += part.length;
        s = s.slice(part.length);
      }
    }
  };
  StorageFile.prototype.read = function (n) {
    var out = '';
    while (out.length < n) {
      var cn = chunkName(this.__name, this.__chunk);
      if (fileIndex(cn) < 0) break;
      var s = fileData[cn];
      var end = s.indexOf('\xFF');
      if (end < 0) end = s.length;
      if (this.__off >= end) {
        if (end < s.length) break;
        this.__chunk++;
        this.__off = 0;
        continue;
      }
      var take = Math.min(n - out.length, end - this.__off);
      out += s.substr(this.__off, take);
      this.__off += take;
    }
    return out.length > 0 ? out : undefined;
  };
  StorageFile.prototype.readLine = function () {
    var out = '';
    for (;;) {
      var c = this.read(1);
      if (c === undefined) return out.length > 0 ? out : undefined;
      out += c;
      if (c === '\n') return out;
    }
  };
  StorageFile.prototype.getLength = function () {
    var n = 0;
    for (var k = 1; fileIndex(chunkName(this.__name, k)) >= 0; k++) {
      var s = fileData[chunkName(this.__name, k)];
      var end = s.indexOf('\xFF');
      n += end < 0 ? s.length : end;
    }
    return n;
  };
  StorageFile.prototype.erase = function () {
    for (var k = 1; fileIndex(chunkName(this.__name, k)) >= 0; k++) eraseFile(chunkName(this.__name, k));
  };

  function eraseFile(name) {
    var at = fileIndex(name);
    if (at < 0) return;
    toTrash(name);
    files.splice(at, 1);
    delete fileData[name];
    record('storage', { atMs: nowMs(), op: 'erase', name: name, offset: 0, length: 0 });
  }

  function makeStorage() {
    var storage = {};
    storage.write = storageWrite;
    storage.read = storageRead;
    storage.readArrayBuffer = function (name) {
      var s = storageRead(name);
      return s === undefined ? undefined : espruinoBuffer(dataBytes(s, []));
    };
    storage.readJSON = function (name, noExceptions) {
      var s = storageRead(name);
      if (s === undefined) return undefined;
      try {
        return JSON.parse(s);
      } catch (e) {
        if (noExceptions) return undefined;
        throw e;
      }
    };
    storage.writeJSON = function (name, data) { return storageWrite(name, JSON.stringify(data)); };
    storage.erase = function (name) { eraseFile(fileName(name)); };
    storage.eraseAll = function () { while (files.length > 0) eraseFile(files[0]); };
    storage.list = function (regex, filter) {
      var out = [];
      var sf = filter && filter.sf;
      for (var i = 0; i < files.length; i++) {
        var f = files[i];
        var isChunk = f.length > 0 && f.charCodeAt(f.length - 1) < 32;
        var shown = sf === true ? (isChunk && f.charCodeAt(f.length - 1) === 1 ? f.slice(0, -1) : null) : (sf === false && isChunk ? null : f);
        if (shown === null) continue;
        if (regex !== undefined && regex !== null && !(typeof regex === 'string' ? shown.indexOf(regex) >= 0 : regex.test(shown))) continue;
        out.push(shown);
      }
      return out;
    };
    storage.getFree = function () { return storageBytes - usedBytes() - trash.bytes; };
    storage.getStats = function () {
      var used = usedBytes();
      return { totalBytes: storageBytes, freeBytes: storageBytes - used - trash.bytes, fileBytes: used, fileCount: files.length, trashBytes: trash.bytes,
        trashCount: trash.count };
    };
    storage.compact = function () { trash.bytes = trash.count = 0; };
    storage.open = function (name, mode) { return new StorageFile(fileName(name), String(mode)); };
    return storage;
  }

  var modules = {};

  function requireModule(name) {
    if (hasOwn.call(modules, name)) return modules[name];
    throw new Error('Module ' + JSON.stringify(String(name)) + ' not found');
  }

  // A scripted input of the board's own (__host.input): a sensor reading, a BLE central, an I2C
  // device's registers, an SPI device's replies.
  function scheduleBoard(name, atUs, data) {
    var r = schedule(KIND_BOARD, atUs);
    r.name = name;
    r.data = data;
  }

  function boardInput(name, d) {
    if (name === 'connect' || name === 'disconnect' || name === 'write') {
      if (G.NRF) bleInput(name, d);
      return;
    }
    if (name === 'i2c') {
      var dev = i2cDevice(d.bus || 'I2C1', d.address);
      if (dev !== null && d.registers) for (var reg in d.registers) if (hasOwn.call(d.registers, reg)) dev.regs[+reg & 255] = d.registers[reg] & 255;
      return;
    }
    if (name === 'spi') {
      var bus = d.bus || 'SPI1';
      if (!hasOwn.call(spiReplies, bus)) spiReplies[bus] = [];
      dataBytes(d.bytes, spiReplies[bus]);
      return;
    }
    if (name === 'accel') {
      scripted.accel = xyz(+d.x, +d.y, +d.z);
      scripted.gyro = xyz(+(d.gx || 0), +(d.gy || 0), +(d.gz || 0));
    } else if (name === 'mag') scripted.mag = xyz(+d.x, +d.y, +d.z);
    else if (name === 'compass') scripted.compass = xyz(+d.x, +d.y, +d.z);
    else if (name === 'hrm') scripted.hrm = { bpm: +d.bpm, confidence: d.confidence === undefined ? 100 : +d.confidence };
    else if (name === 'pressure') scripted.pressure = { temperature: +d.temperature, pressure: +d.pressure, altitude: +(d.altitude || 0) };
    else if (name === 'steps') {
      var before = scripted.steps !== null ? scripted.steps : 0;
      scripted.steps = +d.value;
      if (G.Bangle && scripted.steps !== before) G.Bangle.emit('step', scripted.steps);
    } else if (name === 'charging') scripted.charging = !!d.value;
    else if (hasOwn.call(scripted, name)) scripted[name] = +d.value;
    else throw new Error("no board input '" + name + "'");
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
