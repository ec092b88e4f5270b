// setWatch: edges both/rising/falling, repeat or once, debounce; the event's fields. The first
// edge comes after 150 ms: the Linux build polls watched pins' levels every millisecond, but its
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
  setWatch(show('debounced'), D9, { edge: 'rising', repeat: true, debounce: 30 }),
  setWatch(show('cleared while debouncing'), D10, { edge: 'both', repeat: true, debounce: 30 })];
out('ids', ids.join(' '));
// One pin at a time: the Linux build's polling sees writes to several pins in no fixed order.
setTimeout(function () { drive(D5, 1); }, 150);
setTimeout(function () { drive(D6, 1); }, 170);
setTimeout(function () { drive(D7, 1); }, 190);
setTimeout(function () { drive(D8, 1); }, 210);
setTimeout(function () { drive(D5, 0); }, 230);
setTimeout(function () { drive(D6, 0); }, 250);
setTimeout(function () { drive(D7, 0); }, 270);
setTimeout(function () { drive(D8, 0); }, 290);
setTimeout(function () { drive(D5, 1); }, 310);
setTimeout(function () { drive(D8, 1); }, 330);
// A bouncing press: reported once the level has held for 30 ms, with the time of its last edge.
setTimeout(function () { drive(D9, 1); }, 350);
setTimeout(function () { drive(D9, 0); }, 360);
setTimeout(function () { drive(D9, 1); }, 370);
// A release (not reported: rising edges only, but the next report's lastTime), then a press.
setTimeout(function () { drive(D9, 0); }, 450);
setTimeout(function () { drive(D9, 1); }, 750);
// A glitch shorter than the debounce: the level is back where it was, nothing is reported.
setTimeout(function () { drive(D9, 0); }, 580);
setTimeout(function () { drive(D9, 1); }, 590);
setTimeout(function () { drive(D10, 1); }, 650);
setTimeout(function () { clearWatch(ids[5]); out('cleared'); }, 660);
setTimeout(function () {
  try { clearWatch(ids[3]); } catch (e) { out(e); }
  try { clearWatch(undefined); } catch (e) { out(e); }
  try { setWatch(function () {}, D11, { edge: 'up' }); } catch (e) { out(e); }
  try { setWatch(5, D11, {}); } catch (e) { out(e); }
  out('next id', setWatch(function () {}, D12, {}));
  done();
}, 750);
