// examples/puck-beacon.ts as an Espruino user writes it on a Puck.js: the readings advertised every
// 2 s from a timeout loop, button presses counted in a setWatch, the accelerometer's samples and
// the central's connections and writes taken in their callbacks; strings printed.
var presses = 0;
var up = 1;
var light = 0;
var temperature = 0;

function advertiseNow() {
  NRF.setAdvertising({ 0x1809: [temperature], 0x180F: [E.getBattery()] },
    { showName: false, manufacturer: 0x0590, manufacturerData: [light, presses & 255, up], interval: 500 });
}

function advertise() {
  var t = Puck.getTemperature();
  var l = Puck.light();
  temperature = Math.round(t);
  light = Math.round(l * 255);
  advertiseNow();
  Serial1.write("advertising: " + temperature + " C, light " + Math.round(l * 100) + "%, battery " + E.getBattery() + "%\n");
  setTimeout(advertise, 2000);
}

setWatch(function () {
  presses++;
  advertiseNow();
  Serial1.write("button: press " + presses + "\n");
  digitalWrite(LED1, 1);
  setTimeout(function () { digitalWrite(LED1, 0); }, 100);
}, BTN1, { repeat: true, edge: "rising", debounce: 25 });

Puck.on("accel", function (a) {
  var now = a.acc.z > 0 ? 1 : 0;
  if (now !== up) {
    up = now;
    advertiseNow();
    Serial1.write(up ? "motion: face up\n" : "motion: face down\n");
  }
});
Puck.accelOn(1.6);

NRF.on("connect", function () {
  digitalWrite(LED2, 1);
  Serial1.write("central: connected\n");
});
NRF.on("disconnect", function (reason) {
  digitalWrite(LED2, 0);
  Serial1.write("central: disconnected, reason " + reason + "\n");
});
NRF.setServices({ 0xBCDE: { 0xABCD: { value: [0], maxLen: 20, readable: true, writable: true, onWrite: function (evt) {
  if (evt.data.length < 1) return;
  analogWrite(LED3, evt.data[0] / 255);
  Serial1.write("central: blue LED " + evt.data[0] + "/255\n");
} } } }, { uart: true });

advertise();
