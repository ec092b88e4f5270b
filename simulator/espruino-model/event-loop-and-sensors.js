  /* ---------------- the event loop ---------------- */

  // One pass of jsiIdle: inputs, then due timers, then queued events; then jsiCheckErrors.
  function pass() {
    handleInputs();
    var r = timers.top();
    while (r !== null && r.at <= clock[0]) {
      timers.remove(r);
      fireTimer(r);
      r = timers.top();
    }
    runEvents();
    reportPending();
  }

  function nextTime() {
    var t = timers.top();
    var i = inputs.top();
    if (t === null) return i === null ? -1 : i.at;
    return i === null || t.at <= i.at ? t.at : i.at;
  }

  // Runs every pass due up to endUs and returns true; with wallEnd > 0, returns false instead at
  // the first pass boundary after the wall clock reaches wallEnd (Date.now() ms), to be called again
  // for the rest: how the host bounds the wall time of one callback (simulator/v8-engine.ts). What
  // runs, and when in board time, is the same either way.
  function runTo(endUs, wallEnd) {
    if (running) throw new Error('__host.run is not re-entrant');
    running = true;
    var n = 0;
    try {
      for (;;) {
        if (wallEnd > 0 && (++n & 63) === 0 && Date.now() >= wallEnd) return false;
        if (evTail > evHead || hasPending) {
          pass();
          continue;
        }
        var t = nextTime();
        if (t < 0 || t > endUs) break;
        if (t > clock[0]) clock[0] = t;
        pass();
      }
      if (endUs > clock[0]) clock[0] = endUs;
    } finally {
      running = false;
    }
    return true;
  }

  /* ---------------- sensors ---------------- */

  function hasSensor(name) {
    return board.sensors && board.sensors.indexOf(name) >= 0;
  }

  // The rest of the board's API (boards/descriptors.ts `apis`): NRF, E.getBattery, Puck and Bangle
  // members, analogWrite, I2C1.., SPI1.., Storage.
  function hasApi(name) {
    return (board.apis && board.apis.indexOf(name) >= 0) || hasSensor(name);
  }

  function hasObject(prefix) {
    var list = (board.sensors || []).concat(board.apis || []);
    for (var k = 0; k < list.length; k++) if (list[k].indexOf(prefix + '.') === 0) return true;
    return false;
  }

  function getTime() {
    return clock[0] / 1e6;
  }

  // Board time in whole ms, as the sensor waves read it.
  function puckMs() {
    return Math.floor(Math.round(getTime() * 1e6) / 1000);
  }

  /* ---------------- the board's peripherals: scripted inputs and recorded outputs ---------------- */

  // What the host scripts (__host.input) overrides the default waves from its time on; what the
  // program does with the board's outputs is recorded (__host.records), the last recordCapacity
  // entries of each kind, with a count over the whole run.
  var recCap = options.recordCapacity > 0 ? options.recordCapacity | 0 : 1024;
  var records = {
    advertising: [], services: [], notifications: [], connections: [], pwm: [], i2c: [], spi: [], storage: [],
    counts: { advertising: 0, services: 0, notifications: 0, connections: 0, pwm: 0, i2c: 0, spi: 0, storage: 0 }
  };

  function record(kind, item) {
    var list = records[kind];
    records.counts[kind]++;
    if (list.length >= recCap) list.shift();
    list.push(item);
  }

  function nowMs() {
    return clock[0] / 1000;
  }

  // Bytes as Espruino's jsvIterateCallback reads them: a number is one byte, a string its
  // characters, an array or typed array each element, an ArrayBuffer its bytes.
  function dataBytes(v, out) {
    var i;
    if (typeof v === 'number' || typeof v === 'boolean') out.push((+v) & 255);
    else if (typeof v === 'string') for (i = 0; i < v.length; i++) out.push(v.charCodeAt(i) & 255);
    else if (typeof ArrayBuffer !== 'undefined' && v instanceof ArrayBuffer) dataBytes(new Uint8Array(v), out);
    else if (v instanceof Pin) out.push(v.num & 255);
    else if (v !== null && v !== undefined && typeof v === 'object' && typeof v.length === 'number') {
      for (i = 0; i < v.length; i++) dataBytes(v[i], out);
    } else if (v !== null && v !== undefined && typeof v === 'object' && typeof v.data !== 'undefined') {
      // { data: ..., count: n }, as jsvIterateCallback repeats it
      var n = typeof v.count === 'number' ? v.count : 1;
      for (i = 0; i < n; i++) dataBytes(v.data, out);
    }
    return out;
  }

  // An ArrayBuffer as Espruino gives one to a program: indexable and with a length (Espruino's
  // ArrayBuffer is; an engine's is not, so the bytes are copied onto it as properties).
  function espruinoBuffer(bytes) {
    var ab = new ArrayBuffer(bytes.length);
    var view = new Uint8Array(ab);
    for (var i = 0; i < bytes.length; i++) {
      view[i] = bytes[i];
      ab[i] = bytes[i];
    }
    ab.length = bytes.length;
    return ab;
  }

  function bytesText(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] & 255);
    return s;
  }

  // Scripted sensor values: null until the host scripts one.
  var scripted = { accel: null, gyro: null, mag: null, light: null, battery: null, capSense: null, temperature: null, hrm: null,
    compass: null, pressure: null, steps: null, charging: null };

  function xyz(x, y, z) {
    return { x: x, y: y, z: z };
  }

  // The default waves (what a board gives when nothing is scripted): Puck.js's light, magnetometer
  // and temperature as bundler/host-globals.ts gives the Linux interpreter (test/simulator-engine.test.ts
  // holds them equal); the accelerometer lying flat and tilting slowly (8192 is 1 g), the gyro
  // turning slowly; the battery at 100%.
  function puckAccel() {
    if (scripted.accel !== null) return { acc: xyz(scripted.accel.x, scripted.accel.y, scripted.accel.z), gyro: xyz(scripted.gyro.x, scripted.gyro.y, scripted.gyro.z) };
    var t = puckMs();
    return {
      acc: xyz(Math.round(triangle(t, 8000) * 1600) - 800, Math.round(triangle(t + 2000, 8000) * 1600) - 800, 8192),
      gyro: xyz(Math.round(triangle(t, 3000) * 200) - 100, 0, 0)
    };
  }

  function puckMag() {
    if (scripted.mag !== null) return xyz(scripted.mag.x, scripted.mag.y, scripted.mag.z);
    var t = puckMs();
    return xyz(Math.round(triangle(t, 6000) * 800) - 400, Math.round(triangle(t + 1500, 6000) * 800) - 400, 250);
  }

  function lightLevel() {
    if (scripted.light !== null) return scripted.light;
    return Math.round(triangle(puckMs(), 4000) * 1000) / 1000;
  }

  function batteryPercent() {
    return scripted.battery !== null ? scripted.battery : 100;
  }

  // Puck.js: jswrap_puck_getBattery maps 2.2..2.8 V to 0..100%; NRF.getBattery() gives the volts.
  function batteryVolts() {
    return Math.round((2.2 + batteryPercent() * 0.006) * 1000) / 1000;
  }

  // Streams of readings (Puck.accelOn, Puck.magOn, Bangle's accel, compass, heart rate): events
  // emitted at the sensor's rate from the board's idle loop, not timers, so they take no timer id.
  function Stream(emitter, event, periodMs, read) {
    this.emitter = emitter;
    this.event = event;
    this.periodUs = usOf(periodMs);
    this.read = read;
    this.on = false;
    this.rec = null;
  }

  function startStream(s) {
    if (s.on) return;
    s.on = true;
    var r = schedule(KIND_STREAM, clock[0] + s.periodUs);
    r.stream = s;
    s.rec = r;
  }

  function stopStream(s) {
    if (!s.on) return;
    s.on = false;
    if (s.rec !== null && s.rec.hi >= 0) {
      inputs.remove(s.rec);
      freeInput(s.rec);
    }
    s.rec = null;
  }

  function streamTick(s, at) {
    s.rec = null;
    if (!s.on) return;
    var list = listenersOf(s.emitter, s.event);
    if (list !== null) queueEvent(callListeners, s.emitter, list, s.read(), null);
    var r = schedule(KIND_STREAM, at + s.periodUs);
    r.stream = s;
    s.rec = r;
  }

  /* ---------------- Puck.js (libs/puckjs/jswrap_puck.c) ---------------- */

  // Puck.accelOn accepts these rates (Hz), Puck.magOn those.
  var ACCEL_RATES = [1660, 833, 416, 208, 104, 52, 26, 12.5, 1.6];
  var MAG_RATES = [80, 40, 20, 10, 5, 2.5, 1.25, 0.63, 0.31, 0.16, 0.08];

  function makePuck() {
    var puck = makeEmitter({});
    if (hasSensor('Puck.light')) puck.light = function () { return lightLevel(); };
    if (hasSensor('Puck.mag')) {
      var magStream = new Stream(puck, 'mag', 1000 / 0.63, puckMag);
      puck.mag = function () { return puckMag(); };
      puck.magOn = function (hz) {
        var r = hz === undefined ? 0.63 : +hz;
        if (MAG_RATES.indexOf(r) < 0) throw new Error('Invalid sample rate ' + hz + ' - must be 80, 40, 20, 10, 5, 2.5, 1.25, 0.63, 0.31, 0.16 or 0.08 Hz');
        stopStream(magStream);
        magStream.periodUs = usOf(1000 / r);
        startStream(magStream);
      };
      puck.magOff = function () { stopStream(magStream); };
      puck.magTemp = function () { return 21; };
    }
    if (hasSensor('Puck.accel')) {
      var accelStream = new Stream(puck, 'accel', 1000 / 12.5, puckAccel);
      puck.accel = function () { return puckAccel(); };
      puck.accelOn = function (hz) {
        var r = hz === undefined ? 12.5 : +hz;
        if (ACCEL_RATES.indexOf(r) < 0) throw new Error('Invalid sample rate ' + hz + ' - must be 1660, 833, 416, 208, 104, 52, 26, 12.5, 1.6 Hz');
        stopStream(accelStream);
        accelStream.periodUs = usOf(1000 / r);
        startStream(accelStream);
      };
      puck.accelOff = function () { stopStream(accelStream); };
    }
    if (hasSensor('Puck.getTemperature')) {
      puck.getTemperature = function () {
        if (scripted.temperature !== null) return scripted.temperature;
        return Math.round((21 + triangle(puckMs(), 60000)) * 4) / 4;
      };
    }
    if (hasSensor('Puck.capSense')) puck.capSense = function () { return scripted.capSense !== null ? scripted.capSense : 4000; };
    if (hasApi('Puck.getBatteryPercentage')) puck.getBatteryPercentage = function () { return batteryPercent(); };
    return puck;
  }

  /* ---------------- Bangle.js 2 (libs/banglejs/jswrap_bangle.c) ---------------- */

  function bangleAccel() {
    var a = scripted.accel;
    var x = a !== null ? a.x : Math.round((triangle(puckMs(), 8000) * 0.2 - 0.1) * 1000) / 1000;
    var y = a !== null ? a.y : 0;
    var z = a !== null ? a.z : -1;
    var mag = Math.sqrt(x * x + y * y + z * z);
    return { x: x, y: y, z: z, diff: 0, mag: mag };
  }

  function bangleCompass() {
    var m = scripted.compass !== null ? scripted.compass : puckMag();
    var heading = (Math.atan2(m.y, m.x) * 180 / Math.PI + 360) % 360;
    return { x: m.x, y: m.y, z: m.z, dx: 0, dy: 0, dz: 0, heading: Math.round(heading * 10) / 10 };
  }

  function makeBangle() {
    var bangle = makeEmitter({});
    // Its accelerometer runs all the time (80 ms); an 'accel' event per reading once someone listens.
    var accelStream = new Stream(bangle, 'accel', 80, bangleAccel);
    var compassStream = new Stream(bangle, 'mag', 80, bangleCompass);
    var hrmStream = new Stream(bangle, 'HRM', 1000, function () {
      var h = scripted.hrm !== null ? scripted.hrm : { bpm: 70, confidence: 80 };
      return { bpm: h.bpm, confidence: h.confidence };
    });
    var pressureStream = new Stream(bangle, 'pressure', 1000, function () {
      var p = scripted.pressure !== null ? scripted.pressure : { temperature: 22, pressure: 1013.25, altitude: 0 };
      return { temperature: p.temperature, pressure: p.pressure, altitude: p.altitude };
    });
    var baseOn = bangle.on;
    bangle.on = bangle.addListener = function (ev, fn) {
      baseOn.call(this, ev, fn);
      if (ev === 'accel') startStream(accelStream);
    };
    bangle.getAccel = bangleAccel;
    bangle.getCompass = bangleCompass;
    function power(stream) {
      return function (on) {
        if (on) startStream(stream);
        else stopStream(stream);
        return stream.on;
      };
    }
    bangle.setCompassPower = power(compassStream);
    bangle.setHRMPower = power(hrmStream);
    bangle.setBarometerPower = power(pressureStream);
    bangle.setGPSPower = function (on) { return !!on; };
    bangle.getStepCount = function () { return scripted.steps !== null ? scripted.steps : 0; };
    bangle.isCharging = function () { return scripted.charging === true; };
    bangle.getPressure = function () {
      var p = scripted.pressure !== null ? scripted.pressure : { temperature: 22, pressure: 1013.25, altitude: 0 };
      return EPromise.resolve({ temperature: p.temperature, pressure: p.pressure, altitude: p.altitude });
    };
    bangle.buzz = function () { return EPromise.resolve(undefined); };
    bangle.setLCDPower = function () {};
    return bangle;
  }

