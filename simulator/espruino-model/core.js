/*
 * A model of the Espruino interpreter's environment (2v29): the globals a device bundle calls,
 * over virtual time. Every simulated run of a bundle evaluates it first, in V8
 * (simulator/v8-engine.ts), in QuickJS or in Duktape (test/engines/). It is one function, kept as
 * this file and the others of simulator/espruino-model/, joined in simulator/model-source.ts's
 * order (this one opens the function, memory-and-host.js closes it). What each behaviour was
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
 * and drives it through __host (at the end of memory-and-host.js).
 */
(function (G) {
  // Loaded as an ES module (a test runner importing every file that matches a filter) there is
  // no global `this`; installing Espruino's globals into Node would break every other test.
  if (!G) return;
  var board = G.__board;
  if (!board || typeof board !== 'object') throw new Error('the model of Espruino: the host must define __board before the model runs');
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

