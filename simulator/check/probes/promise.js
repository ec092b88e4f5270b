// Promise reactions run after every timer of the event loop's pass (busy() outlasts the delay of
// two timers, so one pass runs both); resolving is queued too. A
// rejection nobody handles is an error. then() without onFulfilled on a promise that has already
// fulfilled rejects the next promise with the value (Espruino's own Promise does that).
/* global T, busy, done, out, setTimeout */
setTimeout(function () {
  setTimeout(function () {
    Promise.resolve(1).then(function (v) { out('then', v); return v + 1; }).then(function (v) { out('chained', v); });
    out('after then()');
  }, 5);
  setTimeout(function () { out('the next timer of the same pass'); }, 5);
  busy(8);
}, 20);
setTimeout(function () {
  Promise.reject(5).catch(function (e) { out('caught', e); });
  new Promise(function () { throw new Error('in executor'); }).then(null, function (e) { out('executor threw', e); });
  Promise.all([1, Promise.resolve(2), new Promise(function (r) { setTimeout(function () { r(3); }, 10); })]).then(function (a) {
    out('all', a.join(','), '@' + T());
  });
}, 80);
var p = Promise.resolve(7);
setTimeout(function () {
  p.then(undefined, function (e) { out('onRejected', e); }).then(function (v) { out('next fulfilled', v); }, function (e) { out('next rejected', e); });
}, 140);
setTimeout(function () {
  Promise.reject(new Error('nobody listens'));
  out('after reject');
}, 180);
setTimeout(function () {
  new Promise(function (res, rej) { rej(5); }).then(function () {});
}, 220);
setTimeout(function () { done(); }, 260);
