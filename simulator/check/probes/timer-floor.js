// A delay below 0.1 ms (0, negative, NaN, none) is 0.1 ms: such timers run after the top level, in
// the order they were made, and an interval of 0 runs no more often than one of 0.1 ms.
/* global clearInterval, done, getTime, out, setInterval, setTimeout */
setTimeout(function () { out('0.1 ms'); }, 0.1);
setTimeout(function () { out('0 ms'); }, 0);
setTimeout(function () { out('-5 ms'); }, -5);
setTimeout(function () { out('no delay'); });
setTimeout(function () { out('NaN'); }, NaN);
setTimeout(function () { out('0.05 ms'); }, 0.05);
out('top level done');
setTimeout(function () {
  var order = '';
  var a = setInterval(function () {
    order += 'A';
    if (order.length >= 12) {
      clearInterval(a);
      clearInterval(b);
      out('intervals of 0 and 0.1 ms made together', order);
    }
  }, 0);
  var b = setInterval(function () { order += 'B'; }, 0.1);
}, 20);
setTimeout(function () {
  var k = 0;
  var from = getTime();
  var w = setInterval(function () { k++; }, 0);
  setTimeout(function () {
    clearInterval(w);
    out('an interval of 0 ran at most once per 0.1 ms', k <= Math.round((getTime() - from) * 10000) + 1);
    done();
  }, 20);
}, 60);
