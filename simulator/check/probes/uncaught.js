// An exception escaping a callback is printed as "Uncaught " and the value as a string (an Error
// as "Error: message"; a missing global as ReferenceError: "name" is not defined), after the pass
// of the event loop it happened in; a later one in the same pass replaces an earlier one. The
// event loop goes on: an interval that throws keeps running, and every listener of an event runs.
/* global E, LED3, LoopbackA, LoopbackB, busy, clearInterval, done, out, setInterval, setTimeout,
  undefinedName */
setTimeout(function () { throw new Error('boom'); }, 20);
setTimeout(function () { throw 'a string'; }, 60);
setTimeout(function () { throw 42; }, 100);
setTimeout(function () { throw { x: 1 }; }, 140);
setTimeout(function () { undefinedName(); }, 180);
setTimeout(function () { LED3.set(); }, 220);
setTimeout(function () {
  var k = 0;
  var iv = setInterval(function () {
    k++;
    out('interval call', k);
    if (k === 2) clearInterval(iv);
    throw new Error('interval ' + k);
  }, 40);
}, 260);
setTimeout(function () {
  // Three timers due together: busy() outlasts their delay, so one pass runs them all.
  setTimeout(function () { out('first throws'); throw new Error('first'); }, 5);
  setTimeout(function () { out('second throws'); throw new Error('second'); }, 5);
  setTimeout(function () { out('third runs'); }, 5);
  busy(8);
}, 400);
E.on('ev', function (v) { out('listener 1', v); throw new Error('listener 1'); });
E.on('ev', function (v) { out('listener 2', v); });
setTimeout(function () {
  E.emit('ev', 7);
  out('after emit');
}, 500);
LoopbackA.on('data', function (d) { out('data listener 1', d); throw new Error('data listener 1'); });
LoopbackA.on('data', function (d) { out('data listener 2', d); });
setTimeout(function () { LoopbackB.write('xy'); }, 560);
setTimeout(function () { done(); }, 620);
