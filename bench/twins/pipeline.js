// examples/pipeline.ts as an Espruino user writes it: the analog pin read every 50 ms through a
// Promise, readings in thousandths collected in an array; every 8 readings their median is printed
// as a string and LED1 toggled.
var t0 = getTime();
var readings = [];
var windows = 0;

function readAnalog() {
  return new Promise(function (resolve) {
    setTimeout(function () { resolve(analogRead(D2)); }, 50);
  });
}

function take(v) {
  readings.push(Math.round(v * 1000));
  if (readings.length === 8) {
    readings.sort(function (a, b) { return a - b; });
    var median = (readings[3] + readings[4]) / 2;
    readings = [];
    windows++;
    digitalWrite(LED1, windows & 1);
    Serial1.write("window " + windows + " t=" + Math.round((getTime() - t0) * 1000) + " median " + (median / 1000).toFixed(3) + "\n");
  }
  readAnalog().then(take);
}

readAnalog().then(take);
