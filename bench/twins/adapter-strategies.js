// examples/adapter-strategies.ts as an Espruino user writes it: there is no adapter to choose, a
// call through an interface is a method call returning a Promise; one reader per adapter name
// reads five temperatures 100 ms apart, then prints them on one line.
function Thermometer(periodMs) {
  this.periodMs = periodMs;
}
Thermometer.prototype.next = function () {
  var ms = this.periodMs;
  return new Promise(function (resolve) {
    setTimeout(function () { resolve(E.getTemperature()); }, ms);
  });
};

function readFive(thermometer, label) {
  var readings = [];
  function take(v) {
    readings.push(Math.round(v));
    if (readings.length < 5) thermometer.next().then(take);
    else Serial1.write(label + ": read " + readings.join(" ") + "\n");
  }
  thermometer.next().then(take);
}

var thermometer = new Thermometer(100);
["ScratchOrPool", "SideStack", "Inline", "MaxSpace", "Recycling", "CallerCachedBox", "Boxing"].forEach(function (label) {
  readFive(thermometer, label);
});
