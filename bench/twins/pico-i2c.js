// examples/pico-i2c.ts as an Espruino user writes it on a Pico: the ADXL345 on I2C1 checked, then
// read every 500 ms with a Promise that a timeout resolves, each reading printed as a string and
// LED1 lit while the board is tilted.
function sleep(ms) {
  return new Promise(function (resolve) { setTimeout(resolve, ms); });
}

function int16(lo, hi) {
  var v = lo | (hi << 8);
  return v > 32767 ? v - 65536 : v;
}

function read() {
  I2C1.writeTo(0x53, 0x32);
  var d = I2C1.readFrom(0x53, 6);
  var x = int16(d[0], d[1]), y = int16(d[2], d[3]), z = int16(d[4], d[5]);
  Serial1.write("accel mg: x=" + (x * 3.9).toFixed(0) + " y=" + (y * 3.9).toFixed(0) + " z=" + (z * 3.9).toFixed(0) + "\n");
  digitalWrite(LED1, z * z < 0.75 * (x * x + y * y + z * z));
  sleep(500).then(read);
}

I2C1.setup({ scl: B6, sda: B7, bitrate: 100000 });
I2C1.writeTo(0x53, 0x00);
var id = I2C1.readFrom(0x53, 1)[0];
if (id !== 0xE5) {
  Serial1.write("no ADXL345 on I2C1: DEVID reads " + id + "\n");
} else {
  I2C1.writeTo(0x53, 0x2D, 0x08);
  Serial1.write("ADXL345 found, measuring\n");
  read();
}
