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

