// Timers due at the same time run in the order they were made, which is the order of their ids;
// an interval keeps its place when it is re-armed. Ids count from 1, and a new id is one more than
// the newest timer's that still exists. Extra arguments reach the callback; a string is evaluated.
/* global T, clearInterval, done, out, setInterval, setTimeout */
var n = 0;
var iv = setInterval(function () {
  out('interval', '@' + T());
  if (++n === 3) clearInterval(iv);
}, 40);
var t2 = setTimeout(function () { out('timeout due with the second interval call', '@' + T()); }, 80);
var t3 = setTimeout(function (a, b) { out('timeout with arguments', a, b, '@' + T()); }, 120, 'x', 7);
var t4 = setTimeout("out('string callback', '@' + T())", 170);
out('ids', iv, t2, t3, t4);
setTimeout(function () {
  var a = setTimeout(function () {}, 1);
  var b = setTimeout(function () {}, 1);
  out('ids made at 140, with 4 and this one left', a, b);
}, 140);
setTimeout(function () {
  out('ids made when none is left', setTimeout(function () { done(); }, 10));
}, 200);
