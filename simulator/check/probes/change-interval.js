// changeInterval sets a new period counted from the call; given a timeout's id it makes the
// timeout repeat. clearTimeout/clearInterval with no argument clear every timer; with undefined
// they throw; an unknown id is ignored. The errors' texts (printed last: printing holds the Linux
// build up, and the timings come first).
/* global T, changeInterval, clearInterval, clearTimeout, done, out, setInterval, setTimeout */
var n = 0;
var iv = setInterval(function () {
  out('interval', '@' + T());
  if (++n === 5) clearInterval(iv);
}, 50);
setTimeout(function () {
  changeInterval(iv, 70);
  out('period changed to 70 ms', '@' + T());
}, 125);
var m = 0;
var to = setTimeout(function () {
  out('timeout given a period', '@' + T());
  if (++m === 3) clearTimeout(to);
}, 500);
changeInterval(to, 75);
setTimeout(function () {
  setTimeout(function () { out('never: cleared by clearTimeout()'); }, 5);
  setInterval(function () { out('never: cleared by clearTimeout()'); }, 5);
  clearTimeout();
  out('cleared every timer');
  setTimeout(function () {
    setTimeout(function () { out('never: cleared by clearInterval()'); }, 5);
    clearInterval();
    out('cleared every timer again');
    setTimeout(function () {
      try { clearTimeout(undefined); } catch (e) { out(e); }
      try { clearInterval(undefined); } catch (e) { out(e); }
      try { changeInterval(99, 10); } catch (e) { out(e); }
      try { setTimeout(5, 10); } catch (e) { out(e); }
      try { setInterval(function () {}, 4e13); } catch (e) { out(e); }
      clearTimeout(12345);
      out('unknown id ignored');
      done();
    }, 10);
  }, 10);
}, 380);
