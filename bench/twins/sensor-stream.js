// examples/sensor-stream.ts as an Espruino user writes it on a Puck.js: each sensor read every
// period through a Promise that a timeout resolves, each reading printed as a string.
var t0 = getTime();

function stream(label, periodMs, decimals, read) {
  function reading() {
    return new Promise(function (resolve) {
      setTimeout(function () { resolve(read()); }, periodMs);
    });
  }
  function show(v) {
    Serial1.write("t=" + Math.round((getTime() - t0) * 1000) + " " + label + " " + v.toFixed(decimals) + "\n");
    reading().then(show);
  }
  reading().then(show);
}

stream("analog D2", 250, 3, function () { return analogRead(D2); });
stream("temperature", 1000, 2, function () { return E.getTemperature(); });
stream("light", 500, 3, function () { return Puck.light(); });
