// bench/programs/sensor-average.ts as an Espruino user writes it: the temperature every 100 ms as
// a Promise, averaged over 8 and printed as a string; LED1 toggled every 250 ms with setTimeout.
var t0 = getTime();

function readTemperature() {
  return new Promise(function (resolve) {
    setTimeout(function () { resolve(E.getTemperature()); }, 100);
  });
}

function average(n) {
  var sum = 0, count = 0;
  function take(v) {
    sum += v;
    if (++count === n) {
      Serial1.write("t=" + Math.round((getTime() - t0) * 1000) + " avg " + (sum / n).toFixed(2) + "\n");
      sum = 0;
      count = 0;
    }
    readTemperature().then(take);
  }
  readTemperature().then(take);
}

function blink(led, ms) {
  var on = false;
  function toggle() {
    on = !on;
    digitalWrite(led, on);
    setTimeout(toggle, ms);
  }
  toggle();
}

average(8);
blink(LED1, 250);
