// Text that arrives on a serial port between two passes of the event loop is one 'data' chunk;
// listeners get it in the order they were added. Without a listener it waits for read(), and a
// listener added later gets it after the current callback. What write/print/println send. (No
// setup(): on the Linux build a port without a device path prints an error.)
/* global LoopbackA, LoopbackB, Serial1, Serial2, T, done, feed, out, setTimeout */
Serial1.on('data', function (d) { out('Serial1 data', JSON.stringify(d), '@' + T()); });
setTimeout(function () { feed(Serial1, 'hello'); }, 20);
setTimeout(function () { feed(Serial1, 'ab'); feed(Serial1, 'cd'); }, 60);
var long = '';
for (var i = 0; i < 40; i++) long += '0123456789';
setTimeout(function () {
  Serial1.removeAllListeners('data');
  Serial1.on('data', function (d) { out('one chunk of', d.length, '@' + T()); });
  feed(Serial1, long);
}, 100);
LoopbackB.on('data', function (d) { out('LoopbackB data', JSON.stringify(d)); });
setTimeout(function () {
  LoopbackA.write('w', 65, [66, 67]);
  LoopbackA.print('x\ny');
  LoopbackA.println('z');
  LoopbackA.print([1, 2]);
}, 140);
setTimeout(function () { feed(Serial2, 'buffered'); }, 180);
setTimeout(function () { out('available', Serial2.available(), Serial2.read(3), Serial2.read(), Serial2.available()); }, 220);
setTimeout(function () { feed(Serial2, 'later'); }, 260);
setTimeout(function () {
  Serial2.on('data', function (d) { out('Serial2 listener 1', d); });
  out('listener added');
}, 300);
function second(d) { out('Serial2 listener 2', d); }
setTimeout(function () {
  Serial2.on('data', second);
  feed(Serial2, 'both');
}, 340);
setTimeout(function () {
  Serial2.removeListener('data', second);
  feed(Serial2, 'one');
}, 380);
setTimeout(function () { done(); }, 420);
