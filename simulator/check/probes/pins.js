// digitalWrite/digitalRead of one pin and of an array of pins (the first is the most significant
// bit), what a value counts as, Pin methods, and the pin modes that reads and writes leave.
/* global D1, D2, D3, D4, D5, D6, D7, D8, D9, digitalRead, digitalWrite, done, drive, getPinMode,
  out, pinMode, setTimeout, setWatch */
out('mode before any use', getPinMode(D5));
digitalWrite(D5, 1);
out('after a write', getPinMode(D5), digitalRead(D5), 'after a read', getPinMode(D5));
digitalWrite([D1, D2, D3], 5);
out('array of 5', digitalRead([D1, D2, D3]), digitalRead(D1), digitalRead(D2), D3.read());
digitalWrite([D1, D2, D3], true);
out('array of true', digitalRead([D1, D2, D3]));
digitalWrite(D4, 0.5);
out('0.5 is', digitalRead(D4));
digitalWrite(D4, '1');
out("'1' is", digitalRead(D4));
digitalWrite(D4, -2);
out('-2 is', digitalRead(D4));
D6.set();
out('set', D6.read());
D6.reset();
out('reset', D6.read());
D6.write(1);
out('write(1)', digitalRead(D6));
pinMode(D7, 'input_pullup');
digitalWrite(D7, 1);
out('a write keeps a mode set by hand', getPinMode(D7));
pinMode(D7);
digitalWrite(D7, 0);
out('until pinMode() gives it back', getPinMode(D7));
try { pinMode(D7, 'sideways'); } catch (e) { out(e); }
out('a pin as text', String(D5), JSON.stringify(D5), D5 == 5);
setWatch(function () {}, D8, {});
out('a watched pin is an input', getPinMode(D8));
setTimeout(function () { drive(D9, 1); }, 20);
setTimeout(function () {
  out('a level driven from outside reads', digitalRead(D9));
  done();
}, 40);
