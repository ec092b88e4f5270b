  /* ---------------- Bluetooth LE: NRF (libs/bluetooth/jswrap_bluetooth.c) ---------------- */

  // The board's address and name: a fixed address, and the name Espruino makes from the board's
  // BLUETOOTH_NAME_PREFIX and the address's last two bytes (targets/nrf5x/bluetooth.c).
  var BLE_ADDRESS = 'c7:a1:00:12:34:56 random';
  var NAME_PREFIX = { PUCKJS: 'Puck.js', PIXLJS: 'Pixl.js', BANGLEJS2: 'Bangle.js', MDBT42Q: 'MDBT42Q' };
  var bleName = hasOwn.call(NAME_PREFIX, board.espruinoBoard) ? NAME_PREFIX[board.espruinoBoard] + ' 3456' : 'Espruino ' + board.espruinoBoard;
  var connected = false;
  var services = {};
  // The BLE advertising packet is at most 31 bytes (ESPR_MAX_ADVERTISEMENT_DATA on a 1 Mbps phy).
  var ADV_MAX = 31;

  // A UUID as bleVarToUUID reads it: a number is 16-bit; a string of 4 hex digits too; a string of
  // 32 hex digits (dashes allowed) is 128-bit. In an engine every object key is a string, so a key
  // that is a decimal number ({0x1809: ...} gives '6153') is read as that number.
  function uuidOf(k) {
    if (typeof k === 'number') return { bits: 16, hex: hex4(k & 0xFFFF) };
    var s = String(k);
    if (/^\d+$/.test(s) && +s <= 0xFFFF && String(+s) === s) return { bits: 16, hex: hex4(+s) };
    var h = s.replace(/^0x/i, '').replace(/-/g, '').toLowerCase();
    if (/^[0-9a-f]{4}$/.test(h)) return { bits: 16, hex: h };
    if (/^[0-9a-f]{32}$/.test(h)) return { bits: 128, hex: h };
    throw new Error('Invalid Service UUID: UUID string should be of the form "ABCD" or "ABCDABCD-ABCD-ABCD-ABCD-ABCDABCDABCD"');
  }

  function hex4(n) {
    return (hex(n >> 12) + hex(n >> 8) + hex(n >> 4) + hex(n)).toLowerCase();
  }

  // Little-endian bytes of a UUID, as it goes into a packet.
  function uuidBytes(u) {
    var out = [];
    for (var i = u.hex.length - 2; i >= 0; i -= 2) out.push(parseInt(u.hex.substr(i, 2), 16));
    return out;
  }

  function isPlainData(d) {
    return d !== null && typeof d === 'object' && !isArray(d) && !isTyped(d) && !(typeof ArrayBuffer !== 'undefined' && d instanceof ArrayBuffer);
  }

  // _jswrap_ble_getAdvertisingData and Nordic's adv_data_encode: flags, complete UUIDs, manufacturer
  // data, service data, then the name (last, shortened to fit).
  function advertisingBytes(data, opts, forSet) {
    var flags = 6;
    var showName = true;
    var manufacturer = forSet ? 0x0590 : -1;
    var manufacturerData = [];
    if (opts !== undefined && (opts === null || typeof opts !== 'object')) throw new TypeError('Expecting Object or undefined, got ' + typeName(opts));
    if (opts) {
      if (opts.showName !== undefined) showName = !!opts.showName;
      if (opts.flags !== undefined && !opts.flags) flags = 0;
      if (opts.discoverable !== undefined) flags = opts.discoverable ? 6 : 5;
      if (opts.manufacturerData !== undefined) {
        var md = dataBytes(opts.manufacturerData, []);
        if (md.length > 0) {
          manufacturerData = md;
          if (manufacturer < 0) manufacturer = 0;
        }
      }
      if (opts.manufacturer !== undefined) manufacturer = opts.manufacturer ? opts.manufacturer & 0xFFFF : -1;
    }
    if (isArray(data) || isTyped(data) || (typeof ArrayBuffer !== 'undefined' && data instanceof ArrayBuffer)) return dataBytes(data, []);
    if (data !== undefined && !isPlainData(data)) throw new TypeError('Expecting Object, Array or undefined, got ' + typeName(data));
    var out = [];
    var uuids16 = [];
    var uuids128 = [];
    var serviceData = [];
    if (data) {
      for (var k in data) {
        if (!hasOwn.call(data, k)) continue;
        var u = uuidOf(k);
        if (data[k] === undefined) (u.bits === 16 ? uuids16 : uuids128).push(u);
        else serviceData.push({ uuid: u, bytes: dataBytes(data[k], []) });
      }
    }
    if (flags) out.push(2, 0x01, flags);
    var i;
    if (uuids16.length) {
      out.push(1 + 2 * uuids16.length, 0x03);
      for (i = 0; i < uuids16.length; i++) out.push.apply(out, uuidBytes(uuids16[i]));
    }
    if (uuids128.length) {
      out.push(1 + 16 * uuids128.length, 0x07);
      for (i = 0; i < uuids128.length; i++) out.push.apply(out, uuidBytes(uuids128[i]));
    }
    if (manufacturer >= 0) {
      out.push(3 + manufacturerData.length, 0xFF, manufacturer & 255, manufacturer >> 8);
      out.push.apply(out, manufacturerData);
    }
    for (i = 0; i < serviceData.length; i++) {
      var sd = serviceData[i];
      var ub = uuidBytes(sd.uuid);
      out.push(1 + ub.length + sd.bytes.length, sd.uuid.bits === 16 ? 0x16 : 0x21);
      out.push.apply(out, ub);
      out.push.apply(out, sd.bytes);
    }
    if (out.length > ADV_MAX) throw new Error('Got BLE error 0xc DATA_SIZE');
    if (showName && out.length + 2 <= ADV_MAX) {
      var room = ADV_MAX - out.length - 2;
      var full = bleName.length <= room;
      var name = full ? bleName : bleName.slice(0, room);
      out.push(1 + name.length, full ? 0x09 : 0x08);
      for (i = 0; i < name.length; i++) out.push(name.charCodeAt(i) & 255);
    }
    return out;
  }

  function typeName(v) {
    if (v === null) return 'null';
    if (isArray(v)) return 'Array';
    return typeof v === 'object' ? 'Object' : typeof v;
  }

  function makeNRF() {
    var nrf = makeEmitter({});
    var advOptions = { interval: 375, connectable: true, scannable: true };
    nrf.setAdvertising = function (data, opts) {
      var packets;
      if (isArray(data) && data.length > 0 && (isArray(data[0]) || isPlainData(data[0]) || data[0] === undefined)) {
        packets = [];
        for (var i = 0; i < data.length; i++) packets.push(advertisingBytes(data[i], opts, true));
      } else {
        packets = [advertisingBytes(data, opts, true)];
      }
      if (opts) {
        if (opts.interval !== undefined) advOptions.interval = Math.min(10000, Math.max(20, +opts.interval));
        if (opts.connectable !== undefined) advOptions.connectable = !!opts.connectable;
        if (opts.scannable !== undefined) advOptions.scannable = !!opts.scannable;
        if (typeof opts.name === 'string') bleName = opts.name;
      }
      record('advertising', { atMs: nowMs(), packets: packets, interval: advOptions.interval, connectable: advOptions.connectable });
    };
    nrf.getAdvertisingData = function (data, opts) {
      return espruinoBuffer(advertisingBytes(data, opts, false));
    };
    nrf.setScanResponse = function (data) {
      if (data !== undefined && !isArray(data) && !isTyped(data) && !(typeof ArrayBuffer !== 'undefined' && data instanceof ArrayBuffer)) {
        throw new TypeError('Expecting array-like object or undefined, got ' + typeName(data));
      }
    };
    nrf.setServices = function (data, opts) {
      services = {};
      var list = [];
      if (data) {
        for (var s in data) {
          if (!hasOwn.call(data, s)) continue;
          var su = uuidOf(s).hex;
          services[su] = {};
          for (var c in data[s]) {
            if (!hasOwn.call(data[s], c)) continue;
            var d = data[s][c];
            var cu = uuidOf(c).hex;
            services[su][cu] = {
              value: d.value === undefined ? [] : dataBytes(d.value, []), writable: !!d.writable, readable: d.readable !== false, notify: !!d.notify,
              indicate: !!d.indicate, onWrite: typeof d.onWrite === 'function' ? d.onWrite : null
            };
            list.push(su + '/' + cu + (d.writable ? ' w' : '') + (d.notify ? ' n' : ''));
          }
        }
      }
      record('services', { atMs: nowMs(), characteristics: list, uart: !(opts && opts.uart === false) });
    };
    nrf.updateServices = function (data) {
      for (var s in data) {
        if (!hasOwn.call(data, s)) continue;
        var su = uuidOf(s).hex;
        if (!hasOwn.call(services, su)) throw new Error('Unable to find service with UUID ' + su);
        for (var c in data[s]) {
          if (!hasOwn.call(data[s], c)) continue;
          var cu = uuidOf(c).hex;
          var ch = services[su][cu];
          if (!ch) throw new Error('Unable to find characteristic with UUID ' + cu);
          var d = data[s][c];
          if (d.value !== undefined) ch.value = dataBytes(d.value, []);
          if ((d.notify || d.indicate) && connected) record('notifications', { atMs: nowMs(), service: su, characteristic: cu, bytes: ch.value.slice() });
        }
      }
    };
    nrf.disconnect = function () {
      if (connected) scheduleBoard('disconnect', clock[0], { reason: 22 });
    };
    nrf.getBattery = batteryVolts;
    nrf.setTxPower = function () {};
    nrf.getAddress = function () { return BLE_ADDRESS; };
    nrf.sleep = function () {};
    nrf.wake = function () {};
    return nrf;
  }

  // A central connects, disconnects or writes a characteristic (scripted by the host).
  function bleInput(kind, d) {
    if (kind === 'connect') {
      if (connected) return;
      connected = true;
      record('connections', { atMs: nowMs(), event: 'connect', address: d.address || 'aa:bb:cc:dd:ee:ff public' });
      G.NRF.emit('connect', d.address || 'aa:bb:cc:dd:ee:ff public');
    } else if (kind === 'disconnect') {
      if (!connected) return;
      connected = false;
      var reason = typeof d.reason === 'number' ? d.reason : 19;
      record('connections', { atMs: nowMs(), event: 'disconnect', reason: reason });
      G.NRF.emit('disconnect', reason);
    } else if (kind === 'write') {
      var su = uuidOf(d.service).hex;
      var cu = uuidOf(d.characteristic).hex;
      var ch = hasOwn.call(services, su) ? services[su][cu] : undefined;
      var bytes = dataBytes(d.data, []);
      record('connections', { atMs: nowMs(), event: 'write', service: su, characteristic: cu, bytes: bytes, accepted: !!(ch && ch.writable && connected) });
      if (!ch || !ch.writable || !connected) return;
      ch.value = bytes;
      if (ch.onWrite) queueEvent(callListeners, undefined, [ch.onWrite], { data: espruinoBuffer(bytes) }, null);
    }
  }

  /* ---------------- PWM: analogWrite (src/jswrap_io.c) ---------------- */

  var pwmState = {};

  function analogWrite(pin, value, opts) {
    var p = needPin(pin);
    var v = +value;
    var freq = opts !== null && typeof opts === 'object' && opts.freq !== undefined ? +opts.freq : 0;
    if (!p.manual) p.mode = 'af_output';
    var s = hasOwn.call(pwmState, p.label) ? pwmState[p.label] : (pwmState[p.label] = { writes: 0 });
    s.writes++;
    s.duty = v;
    s.freq = freq;
    s.atMs = nowMs();
    record('pwm', { atMs: nowMs(), pin: p.label, duty: v, freq: freq });
  }

  /* ---------------- I2C and SPI (src/jswrap_spi_i2c.c) ---------------- */

  // Devices on a bus, scripted by the host: 256 registers and a register pointer that a write sets
  // (its first byte) and every byte read or written moves on, as most register-mapped sensors do.
  var i2cDevices = {};

  function i2cDevice(bus, address) {
    var k = bus + ':' + address;
    return hasOwn.call(i2cDevices, k) ? i2cDevices[k] : null;
  }

  function I2C() {
    this.__bus = 'I2C';
    this.__setup = false;
  }
  I2C.prototype.setup = function (opts) {
    this.__setup = true;
    if (opts && opts.bitrate !== undefined && !(+opts.bitrate > 0)) throw new Error('Invalid I2C bitrate');
  };
  function i2cAddress(a) {
    return a !== null && typeof a === 'object' ? a.address | 0 : a | 0;
  }
  I2C.prototype.writeTo = function (address) {
    var bytes = [];
    for (var i = 1; i < arguments.length; i++) dataBytes(arguments[i], bytes);
    var addr = i2cAddress(address);
    var dev = i2cDevice(this.__bus, addr);
    record('i2c', { atMs: nowMs(), bus: this.__bus, op: 'write', address: addr, bytes: bytes, ack: dev !== null });
    if (!this.__setup && this.__bus !== 'I2C') return;
    if (dev === null) throw new Error('I2C Write Error 33281');
    for (var j = 0; j < bytes.length; j++) {
      if (j === 0) dev.ptr = bytes[0];
      else dev.regs[dev.ptr] = bytes[j], dev.ptr = (dev.ptr + 1) & 255;
    }
  };
  I2C.prototype.readFrom = function (address, quantity) {
    var addr = i2cAddress(address);
    var n = quantity | 0;
    var dev = i2cDevice(this.__bus, addr);
    var out = new Uint8Array(n > 0 ? n : 0);
    if (dev !== null) {
      for (var i = 0; i < out.length; i++) {
        out[i] = dev.regs[dev.ptr];
        dev.ptr = (dev.ptr + 1) & 255;
      }
    }
    record('i2c', { atMs: nowMs(), bus: this.__bus, op: 'read', address: addr, bytes: Array.prototype.slice.call(out), ack: dev !== null });
    if (dev === null && (this.__setup || this.__bus === 'I2C')) throw new Error('I2C Read Error 33281');
    return out;
  };

  // What an SPI device sends back, scripted by the host (0xFF, a line pulled up, once it is used up).
  var spiReplies = {};

  function SPI() {
    this.__bus = 'SPI';
  }
  SPI.prototype.setup = function () {};
  function spiExchange(bus, bytes) {
    var q = hasOwn.call(spiReplies, bus) ? spiReplies[bus] : [];
    var back = [];
    for (var i = 0; i < bytes.length; i++) back.push(q.length > 0 ? q.shift() : 255);
    record('spi', { atMs: nowMs(), bus: bus, sent: bytes, received: back });
    return back;
  }
  SPI.prototype.send = function (data) {
    var bytes = dataBytes(data, []);
    var back = spiExchange(this.__bus, bytes);
    if (typeof data === 'number') return back[0];
    if (typeof data === 'string') return bytesText(back);
    return new Uint8Array(back);
  };
  SPI.prototype.write = function () {
    var bytes = [];
    for (var i = 0; i < arguments.length; i++) if (!(arguments[i] instanceof Pin)) dataBytes(arguments[i], bytes);
    spiExchange(this.__bus, bytes);
  };

