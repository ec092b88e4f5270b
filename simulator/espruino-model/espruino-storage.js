  /* ---------------- Storage (src/jswrap_storage.c, src/jsflash.c) ---------------- */

  // Files as strings of bytes, in the order they were written (a rewritten file moves to the end,
  // as Espruino appends a new copy and leaves the old one as trash). Each takes a 32-byte header
  // and its size rounded up to 4 bytes of the board's Storage area.
  var storageBytes = board.storage ? board.storage.bytes : 262144;
  var storagePage = board.storage ? board.storage.pageBytes : 4096;
  // STORAGEFILE_CHUNKSIZE: a page (at most 4096 bytes) less a header; ten pages where Storage is
  // the large external flash.
  var chunkSize = storageBytes < 1000000 ? Math.min(storagePage, 4096) - 32 : storagePage * 10 - 32;
  var files = [];
  var fileData = {};
  // What erased and replaced files still take until the area is compacted (getStats' trash).
  var trash = { bytes: 0, count: 0 };

  // A name is at most 28 bytes; a longer one is cut, as jsfNameFromVar does.
  function fileName(name) {
    var s = String(name);
    return s.length > 28 ? s.slice(0, 28) : s;
  }

  function fileBytes(n) {
    return 32 + ((n + 3) & ~3);
  }

  function toTrash(name) {
    trash.bytes += fileBytes(fileData[name].length);
    trash.count++;
  }

  function fileIndex(name) {
    for (var i = 0; i < files.length; i++) if (files[i] === name) return i;
    return -1;
  }

  function usedBytes() {
    var n = 0;
    for (var i = 0; i < files.length; i++) n += fileBytes(fileData[files[i]].length);
    return n;
  }

  function isErased(s, from, n) {
    for (var i = from; i < from + n; i++) if (s.charCodeAt(i) !== 255) return false;
    return true;
  }

  function filledFF(n) {
    var s = '';
    while (s.length < n) s += '\xFF';
    return s;
  }

  function storageWrite(name, data, offset, size) {
    name = fileName(name);
    var off = offset === undefined ? 0 : offset | 0;
    var sz = size === undefined ? 0 : size | 0;
    var text;
    if (isPlainData(data)) {
      text = JSON.stringify(data);
      off = 0;
      sz = 0;
    } else {
      text = typeof data === 'string' ? data : bytesText(dataBytes(data, []));
    }
    if (off < 0 || sz < 0) return false;
    if (sz === 0) sz = text.length;
    if (!sz) throw new Error("Can't create zero length file");
    var at = fileIndex(name);
    var cur = at >= 0 ? fileData[name] : null;
    if ((at < 0 && off === 0) || (at >= 0 && off === 0 && (sz !== cur.length || !isErased(cur, 0, sz)))) {
      if (at >= 0 && off === 0 && sz === cur.length && text.length === sz && cur === text) return true;
      if (at >= 0) {
        toTrash(name);
        files.splice(at, 1);
      }
      // Out of room, Espruino compacts the area (dropping the trash) and tries again.
      if (usedBytes() + trash.bytes + fileBytes(sz) > storageBytes) trash.bytes = trash.count = 0;
      if (usedBytes() + fileBytes(sz) > storageBytes) throw new Error('Unable to find or create file');
      files.push(name);
      cur = fileData[name] = filledFF(sz);
      at = files.length - 1;
    }
    if (at < 0) throw new Error('Unable to find or create file');
    if (off + text.length > cur.length) throw new Error('Too much data for file size');
    if (!isErased(cur, off, text.length)) throw new Error('File already written with different data');
    fileData[name] = cur.slice(0, off) + text + cur.slice(off + text.length);
    record('storage', { atMs: nowMs(), op: 'write', name: name, offset: off, length: text.length });
    return true;
  }

  function storageRead(name, offset, length) {
    name = fileName(name);
    if (fileIndex(name) < 0) return undefined;
    var s = fileData[name];
    var off = offset === undefined ? 0 : offset | 0;
    var n = length === undefined ? s.length - off : length | 0;
    return s.substr(off, Math.max(0, n));
  }

  // A StorageFile's chunks are files named with a last character of 1, 2... (list() shows them
  // without {sf:true}); the data ends at the first 0xFF byte.
  function chunkName(name, k) {
    return name + String.fromCharCode(k);
  }

  function StorageFile(name, mode) {
    if (name.length > 27) throw new Error('File name too long');
    this.__name = name;
    this.__mode = mode;
    this.__chunk = 1;
    this.__off = 0;
    if (mode === 'w') {
      for (var k = 1; fileIndex(chunkName(name, k)) >= 0; k++) eraseFile(chunkName(name, k));
    } else if (mode === 'a') {
      var last = 1;
      while (fileIndex(chunkName(name, last + 1)) >= 0) last++;
      this.__chunk = last;
      var s = fileIndex(chunkName(name, last)) >= 0 ? fileData[chunkName(name, last)] : '';
      var end = s.indexOf('\xFF');
      this.__off = end < 0 ? s.length : end;
    } else if (mode !== 'r') {
      throw new Error('Invalid mode ' + JSON.stringify(mode));
    }
  }
  StorageFile.prototype.write = function (data) {
    if (this.__mode === 'r') throw new Error("Can't write in read mode");
    var s = String(data);
    while (s.length > 0) {
      var cn = chunkName(this.__name, this.__chunk);
      if (fileIndex(cn) < 0) storageWrite(cn, s.slice(0, Math.min(s.length, chunkSize)), 0, chunkSize), this.__off = Math.min(s.length, chunkSize), s = s.slice(this.__off);
      else {
        var room = chunkSize - this.__off;
        if (room <= 0) {
          this.__chunk++;
          this.__off = 0;
          continue;
        }
        var part = s.slice(0, room);
        storageWrite(cn, part, this.__off);
        this.__off += part.length;
        s = s.slice(part.length);
      }
    }
  };
  StorageFile.prototype.read = function (n) {
    var out = '';
    while (out.length < n) {
      var cn = chunkName(this.__name, this.__chunk);
      if (fileIndex(cn) < 0) break;
      var s = fileData[cn];
      var end = s.indexOf('\xFF');
      if (end < 0) end = s.length;
      if (this.__off >= end) {
        if (end < s.length) break;
        this.__chunk++;
        this.__off = 0;
        continue;
      }
      var take = Math.min(n - out.length, end - this.__off);
      out += s.substr(this.__off, take);
      this.__off += take;
    }
    return out.length > 0 ? out : undefined;
  };
  StorageFile.prototype.readLine = function () {
    var out = '';
    for (;;) {
      var c = this.read(1);
      if (c === undefined) return out.length > 0 ? out : undefined;
      out += c;
      if (c === '\n') return out;
    }
  };
  StorageFile.prototype.getLength = function () {
    var n = 0;
    for (var k = 1; fileIndex(chunkName(this.__name, k)) >= 0; k++) {
      var s = fileData[chunkName(this.__name, k)];
      var end = s.indexOf('\xFF');
      n += end < 0 ? s.length : end;
    }
    return n;
  };
  StorageFile.prototype.erase = function () {
    for (var k = 1; fileIndex(chunkName(this.__name, k)) >= 0; k++) eraseFile(chunkName(this.__name, k));
  };

  function eraseFile(name) {
    var at = fileIndex(name);
    if (at < 0) return;
    toTrash(name);
    files.splice(at, 1);
    delete fileData[name];
    record('storage', { atMs: nowMs(), op: 'erase', name: name, offset: 0, length: 0 });
  }

  function makeStorage() {
    var storage = {};
    storage.write = storageWrite;
    storage.read = storageRead;
    storage.readArrayBuffer = function (name) {
      var s = storageRead(name);
      return s === undefined ? undefined : espruinoBuffer(dataBytes(s, []));
    };
    storage.readJSON = function (name, noExceptions) {
      var s = storageRead(name);
      if (s === undefined) return undefined;
      try {
        return JSON.parse(s);
      } catch (e) {
        if (noExceptions) return undefined;
        throw e;
      }
    };
    storage.writeJSON = function (name, data) { return storageWrite(name, JSON.stringify(data)); };
    storage.erase = function (name) { eraseFile(fileName(name)); };
    storage.eraseAll = function () { while (files.length > 0) eraseFile(files[0]); };
    storage.list = function (regex, filter) {
      var out = [];
      var sf = filter && filter.sf;
      for (var i = 0; i < files.length; i++) {
        var f = files[i];
        var isChunk = f.length > 0 && f.charCodeAt(f.length - 1) < 32;
        var shown = sf === true ? (isChunk && f.charCodeAt(f.length - 1) === 1 ? f.slice(0, -1) : null) : (sf === false && isChunk ? null : f);
        if (shown === null) continue;
        if (regex !== undefined && regex !== null && !(typeof regex === 'string' ? shown.indexOf(regex) >= 0 : regex.test(shown))) continue;
        out.push(shown);
      }
      return out;
    };
    storage.getFree = function () { return storageBytes - usedBytes() - trash.bytes; };
    storage.getStats = function () {
      var used = usedBytes();
      return { totalBytes: storageBytes, freeBytes: storageBytes - used - trash.bytes, fileBytes: used, fileCount: files.length, trashBytes: trash.bytes,
        trashCount: trash.count };
    };
    storage.compact = function () { trash.bytes = trash.count = 0; };
    storage.open = function (name, mode) { return new StorageFile(fileName(name), String(mode)); };
    return storage;
  }

  var modules = {};

  function requireModule(name) {
    if (hasOwn.call(modules, name)) return modules[name];
    throw new Error('Module ' + JSON.stringify(String(name)) + ' not found');
  }

  // A scripted input of the board's own (__host.input): a sensor reading, a BLE central, an I2C
  // device's registers, an SPI device's replies.
  function scheduleBoard(name, atUs, data) {
    var r = schedule(KIND_BOARD, atUs);
    r.name = name;
    r.data = data;
  }

  function boardInput(name, d) {
    if (name === 'connect' || name === 'disconnect' || name === 'write') {
      if (G.NRF) bleInput(name, d);
      return;
    }
    if (name === 'i2c') {
      var dev = i2cDevice(d.bus || 'I2C1', d.address);
      if (dev !== null && d.registers) for (var reg in d.registers) if (hasOwn.call(d.registers, reg)) dev.regs[+reg & 255] = d.registers[reg] & 255;
      return;
    }
    if (name === 'spi') {
      var bus = d.bus || 'SPI1';
      if (!hasOwn.call(spiReplies, bus)) spiReplies[bus] = [];
      dataBytes(d.bytes, spiReplies[bus]);
      return;
    }
    if (name === 'accel') {
      scripted.accel = xyz(+d.x, +d.y, +d.z);
      scripted.gyro = xyz(+(d.gx || 0), +(d.gy || 0), +(d.gz || 0));
    } else if (name === 'mag') scripted.mag = xyz(+d.x, +d.y, +d.z);
    else if (name === 'compass') scripted.compass = xyz(+d.x, +d.y, +d.z);
    else if (name === 'hrm') scripted.hrm = { bpm: +d.bpm, confidence: d.confidence === undefined ? 100 : +d.confidence };
    else if (name === 'pressure') scripted.pressure = { temperature: +d.temperature, pressure: +d.pressure, altitude: +(d.altitude || 0) };
    else if (name === 'steps') {
      var before = scripted.steps !== null ? scripted.steps : 0;
      scripted.steps = +d.value;
      if (G.Bangle && scripted.steps !== before) G.Bangle.emit('step', scripted.steps);
    } else if (name === 'charging') scripted.charging = !!d.value;
    else if (hasOwn.call(scripted, name)) scripted[name] = +d.value;
    else throw new Error("no board input '" + name + "'");
  }

