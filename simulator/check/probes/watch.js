// setWatch: edges both/rising/falling, repeat or once, debounce; the event's fields. The first
// edge comes after 100 ms: the Linux build polls watched pins' levels every millisecond, but its
// polling thread may first sleep for up to 50 ms.
/* global D10, D11, D12, D5, D6, D7, D8, D9, T, Tof, clearWatch, done, drive, out, setTimeout,
  setWatch */
function show(name) {
  return function (e) {
    out(name, e.state, '@' + Tof(e.time), e.lastTime === undefined ? 'undefined' : '@' + Tof(e.lastTime), '@' + T(), JSON.stringify(Object.keys(e)), e.pin);
  };
}
var ids = [setWatch(show('both'), D5, { edge: 'both', repeat: true }),
  setWatch(show('rising'), D6, { edge: 'rising', repeat: true }),
  setWatch(show('falling'), D7, { edge: 'falling', repeat: true }),
  setWatch(show('once'), D8, { edge: 'rising' }),
  setWatch(show('debounced'), D9, { edge: 'rising', repeat: true, debounce: 20 }),
  setWatch(show('cleared while debouncing'), D10, { edge: 'both', repeat: true, debounce: 20 })];
out('ids', ids.join(' '));
// One pin at a time: the Linux build's polling sees writes to several pins in no fixed order.
setTimeout(function () { drive(D5, 1); }, 100);
setTimeout(function () { drive(D6, 1); }, 110);
setTimeout(function () { drive(D7, 1); }, 120);
setTimeout(function () { drive(D8, 1); }, 130);
setTimeout(function () { drive(D5, 0); }, 140);
setTimeout(function () { drive(D6, 0); }, 150);
setTimeout(function () { drive(D7, 0); }, 160);
setTimeout(function () { drive(D8, 0); }, 170);
setTimeout(function () { drive(D5, 1); }, 180);
setTimeout(function () { drive(D8, 1); }, 190);
// A bouncing press: reported once the level has held for 20 ms, with the time of its last edge.
setTimeout(function () { drive(D9, 1); }, 200);
setTimeout(function () { drive(D9, 0); }, 210);
setTimeout(function () { drive(D9, 1); }, 220);
// A release (not reported: rising edges only, but the next report's lastTime), then a press.
setTimeout(function () { drive(D9, 0); }, 300);
setTimeout(function () { drive(D9, 1); }, 340);
// A glitch shorter than the debounce: the level is back where it was, nothing is reported.
setTimeout(function () { drive(D9, 0); }, 400);
setTimeout(function () { drive(D9, 1); }, 405);
setTimeout(function () { drive(D10, 1); }, 440);
setTimeout(function () { clearWatch(ids[5]); out('cleared'); }, 450);
setTimeout(function () {
  try { clearWatch(ids[3]); } catch (e) { out(e); }
  try { clearWatch(undefined); } catch (e) { out(e); }
  try { setWatch(function () {}, D11, { edge: 'up' }); } catch (e) { out(e); }
  try { setWatch(5, D11, {}); } catch (e) { out(e); }
  out('next id', setWatch(function () {}, D12, {}));
  done();
}, 500);
