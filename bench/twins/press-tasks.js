// examples/press-tasks.ts as an Espruino user writes it: a blinker per short press of BTN1, two at
// most (an interval each, counting its toggles), a third press answered busy; a long press (held
// 800 ms or more) stops the blinkers running, each turning its LED off and saying so.
var LONG_MS = 800;
var first = null;
var second = null;
var n = 1;
var down = 0;

function finish(b, done) {
  clearInterval(b.interval);
  digitalWrite(b.led, 0);
  Serial1.write("blinker " + b.id + (done ? ": done\n" : ": cancelled\n"));
  if (first === b) first = null;
  if (second === b) second = null;
}

function blinker(id, led) {
  var b = { id: id, led: led, ticks: 0, interval: 0 };
  digitalWrite(led, 1);
  b.interval = setInterval(function () {
    b.ticks++;
    if (b.ticks === 12) finish(b, true);
    else digitalWrite(led, b.ticks & 1 ? 0 : 1);
  }, 150);
  return b;
}

setWatch(function (e) {
  if (e.state) {
    down = e.time;
    return;
  }
  if ((e.time - down) * 1000 >= LONG_MS) {
    var stopped = 0;
    if (first !== null) { finish(first, false); stopped++; }
    if (second !== null) { finish(second, false); stopped++; }
    Serial1.write("long press: " + stopped + " cancelled\n");
    return;
  }
  if (first === null) {
    first = blinker(n, LED1);
    Serial1.write("press " + n + ": blinker on LED1\n");
  } else if (second === null) {
    second = blinker(n, LED2);
    Serial1.write("press " + n + ": blinker on LED2\n");
  } else {
    Serial1.write("press " + n + ": busy, two blinkers running\n");
  }
  n++;
}, BTN1, { repeat: true, edge: "both", debounce: 20 });
