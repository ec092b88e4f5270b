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

