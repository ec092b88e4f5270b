// The board's own hardware in a simulated run (docs/board-api.md): what a test or a program's
// simulate() scripts (sensor readings, a BLE central connecting and writing, I2C devices and their
// registers, SPI replies, files in Storage) and what the model of Espruino recorded of the
// program's outputs (advertising, GATT services and notifications, PWM duty per pin, I2C and SPI
// transactions, Storage writes and the files at the end), decoded for runProgram and frugal run.

import type { BoardScript } from '../boards/board-script.ts';

export type { BleInput, BoardScript, I2CDeviceInput, SensorInput, SpiInput } from '../boards/board-script.ts';

/** What the model's __host takes: a timed input, an I2C device, a file. */
export interface EngineBoardIO {
  input(name: string, atMs: number, data: unknown): void;
  i2cDevice(bus: string, address: number, registers: { [register: number]: number }): void;
  storageFile(name: string, text: string): void;
}

const SENSOR_KEYS = ['accel', 'mag', 'compass', 'light', 'battery', 'capSense', 'temperature', 'hrm', 'pressure', 'steps', 'charging'] as const;

function bytesText(v: string | readonly number[]): string {
  if (typeof v === 'string') return v;
  let s = '';
  for (const b of v) s += String.fromCharCode(b & 255);
  return s;
}

/**
 * Gives a model of the board what `script` scripts: files and I2C devices first (they exist before
 * the program loads), then every timed input. Throws naming an input that says nothing or two things.
 */
export function applyBoardScript(io: EngineBoardIO, script: BoardScript): void {
  for (const name of Object.keys(script.storage ?? {})) io.storageFile(name, bytesText(script.storage![name]));
  for (const d of script.i2c ?? []) {
    if (d.atMs === undefined) io.i2cDevice(d.bus ?? 'I2C1', d.address, d.registers);
  }
  for (const d of script.i2c ?? []) {
    if (d.atMs !== undefined) io.input('i2c', d.atMs, { bus: d.bus ?? 'I2C1', address: d.address, registers: d.registers });
  }
  for (const s of script.sensors ?? []) {
    const keys = SENSOR_KEYS.filter((k) => s[k] !== undefined);
    if (keys.length !== 1) {
      throw new Error('a sensor input at ' + s.atMs + ' ms gives ' + (keys.length === 0 ? 'no reading' : keys.join(' and ')) +
        '; give exactly one of ' + SENSOR_KEYS.join(', '));
    }
    const k = keys[0];
    const v = s[k];
    io.input(k, s.atMs, typeof v === 'object' ? v : { value: v });
  }
  for (const b of script.ble ?? []) {
    const n = (b.connect !== undefined ? 1 : 0) + (b.disconnect !== undefined ? 1 : 0) + (b.write !== undefined ? 1 : 0);
    if (n !== 1) throw new Error('a BLE input at ' + b.atMs + ' ms must give exactly one of connect, disconnect, write');
    if (b.connect !== undefined) io.input('connect', b.atMs, { address: b.connect });
    else if (b.disconnect !== undefined) io.input('disconnect', b.atMs, { reason: b.disconnect });
    else io.input('write', b.atMs, { service: b.write!.service, characteristic: b.write!.characteristic, data: b.write!.data });
  }
  for (const s of script.spi ?? []) io.input('spi', s.atMs, { bus: s.bus ?? 'SPI1', bytes: s.bytes });
}

/** Two scripts as one (the program's own simulate() inputs, then a test's). */
export function joinScripts(a: BoardScript, b: BoardScript): BoardScript {
  return {
    sensors: (a.sensors ?? []).concat(b.sensors ?? []), ble: (a.ble ?? []).concat(b.ble ?? []), i2c: (a.i2c ?? []).concat(b.i2c ?? []),
    spi: (a.spi ?? []).concat(b.spi ?? []), storage: { ...(a.storage ?? {}), ...(b.storage ?? {}) },
  };
}

/** One advertising packet as a scanner reads it. */
export interface AdvertisingPacket {
  bytes: number[];
  /** The complete or shortened local name, when the packet has one. */
  name?: string;
  /** The manufacturer ID and its data, when there is some. */
  manufacturer?: number;
  manufacturerData?: number[];
  /** Service data by UUID (lower-case hex: '1809'). */
  serviceData: { [uuid: string]: number[] };
  /** Service UUIDs advertised without data. */
  services: string[];
}

/** One NRF.setAdvertising() call. */
export interface AdvertisingRecord {
  atMs: number;
  /** The packets it set (more than one: the board advertises them in turn). */
  packets: AdvertisingPacket[];
  /** ms between advertisements. */
  interval: number;
  connectable: boolean;
}

export interface PwmRecord {
  /** The last duty cycle written (0..1), its frequency (0: the board's default) and when. */
  duty: number;
  freq: number;
  atMs: number;
  writes: number;
}

export interface BusRecord {
  atMs: number;
  bus: string;
  op: 'read' | 'write';
  address: number;
  bytes: number[];
  /** Whether a device answered at that address. */
  ack: boolean;
}

export interface SpiRecord {
  atMs: number;
  bus: string;
  sent: number[];
  received: number[];
}

export interface BleRecord {
  atMs: number;
  event: 'connect' | 'disconnect' | 'write';
  address?: string;
  reason?: number;
  service?: string;
  characteristic?: string;
  bytes?: number[];
  /** A write reached the program (the characteristic exists, is writable, and a central is connected). */
  accepted?: boolean;
}

export interface StorageRecord {
  atMs: number;
  op: 'write' | 'erase';
  name: string;
  offset: number;
  length: number;
}

/** What the program did with the board's outputs: the last entries of each kind (recordCapacity) and a count over the run. */
export interface BoardRecords {
  advertising: AdvertisingRecord[];
  services: { atMs: number; characteristics: string[]; uart: boolean }[];
  notifications: { atMs: number; service: string; characteristic: string; bytes: number[] }[];
  ble: BleRecord[];
  /** Per pin: its last PWM write. */
  pwm: { [pin: string]: PwmRecord };
  pwmLog: { atMs: number; pin: string; duty: number; freq: number }[];
  i2c: BusRecord[];
  spi: SpiRecord[];
  storageWrites: StorageRecord[];
  /** The files in Storage at the end, in the order Storage lists them, as strings of bytes. */
  files: { [name: string]: string };
  counts: { advertising: number; services: number; notifications: number; connections: number; pwm: number; i2c: number; spi: number; storage: number };
}

/** A packet's fields (the AD structures of the Bluetooth core spec: 0x08/0x09 name, 0xFF manufacturer, 0x16 service data, 0x03 UUIDs). */
export function decodeAdvertising(bytes: readonly number[]): AdvertisingPacket {
  const p: AdvertisingPacket = { bytes: bytes.slice(), serviceData: {}, services: [] };
  const hex = (lo: number, hi: number): string => (hi * 256 + lo).toString(16).padStart(4, '0');
  for (let i = 0; i + 1 < bytes.length;) {
    const len = bytes[i];
    if (len === 0) break;
    const type = bytes[i + 1];
    const body = bytes.slice(i + 2, i + 1 + len);
    if (type === 0x08 || type === 0x09) p.name = String.fromCharCode(...body);
    else if (type === 0xFF && body.length >= 2) {
      p.manufacturer = body[0] + 256 * body[1];
      p.manufacturerData = body.slice(2);
    } else if (type === 0x16 && body.length >= 2) p.serviceData[hex(body[0], body[1])] = body.slice(2);
    else if (type === 0x03) for (let k = 0; k + 1 < body.length; k += 2) p.services.push(hex(body[k], body[k + 1]));
    i += 1 + len;
  }
  return p;
}

interface RawRecords {
  advertising: { atMs: number; packets: number[][]; interval: number; connectable: boolean }[];
  services: BoardRecords['services'];
  notifications: BoardRecords['notifications'];
  connections: BleRecord[];
  pwm: BoardRecords['pwm'];
  pwmLog: BoardRecords['pwmLog'];
  i2c: BusRecord[];
  spi: SpiRecord[];
  storage: StorageRecord[];
  files: { [name: string]: string };
  fileOrder: string[];
  counts: BoardRecords['counts'];
}

/** The model's records (__host.records(), JSON) decoded. */
export function readBoardRecords(json: string): BoardRecords {
  const r = JSON.parse(json) as RawRecords;
  const files: { [name: string]: string } = {};
  for (const f of r.fileOrder) files[f] = r.files[f];
  return {
    advertising: r.advertising.map((a) => ({ atMs: a.atMs, packets: a.packets.map(decodeAdvertising), interval: a.interval, connectable: a.connectable })),
    services: r.services, notifications: r.notifications, ble: r.connections, pwm: r.pwm, pwmLog: r.pwmLog, i2c: r.i2c, spi: r.spi,
    storageWrites: r.storage, files, counts: r.counts,
  };
}

function hexBytes(b: readonly number[]): string {
  return b.map((x) => x.toString(16).padStart(2, '0')).join(' ');
}

function packetText(p: AdvertisingPacket): string {
  const parts: string[] = [];
  if (p.name !== undefined) parts.push('name "' + p.name + '"');
  if (p.manufacturer !== undefined) parts.push('manufacturer 0x' + p.manufacturer.toString(16).padStart(4, '0') + (p.manufacturerData!.length ? ' [' + hexBytes(p.manufacturerData!) + ']' : ''));
  for (const u of Object.keys(p.serviceData)) parts.push('service data 0x' + u + ' [' + hexBytes(p.serviceData[u]) + ']');
  if (p.services.length) parts.push('services ' + p.services.map((s) => '0x' + s).join(', '));
  return parts.join(', ') + ' (' + p.bytes.length + ' bytes)';
}

/** Lines for frugal run: what the program did with the board's hardware; empty when it used none. */
export function describeBoardRecords(r: BoardRecords): string[] {
  const out: string[] = [];
  const c = r.counts;
  const section = (title: string, lines: string[]): void => {
    if (lines.length === 0) return;
    out.push('', title);
    for (const l of lines) out.push('  ' + l);
  };
  const adv: string[] = [];
  if (c.advertising > 0) {
    const last = r.advertising[r.advertising.length - 1];
    const first = r.advertising[0];
    adv.push(c.advertising + ' setAdvertising call' + (c.advertising === 1 ? '' : 's') + ', every ' + last.interval + ' ms');
    if (r.advertising.length > 1) adv.push('first t=' + first.atMs + ': ' + first.packets.map(packetText).join(' | '));
    adv.push('last  t=' + last.atMs + ': ' + last.packets.map(packetText).join(' | '));
  }
  section('advertising:', adv);
  const ble: string[] = [];
  for (const s of r.services) ble.push('t=' + s.atMs + ' services ' + s.characteristics.join(', '));
  const events = r.ble.slice(-6);
  if (r.ble.length > events.length) ble.push('... ' + (r.ble.length - events.length) + ' earlier events');
  for (const e of events) {
    ble.push('t=' + e.atMs + ' ' + e.event + (e.address !== undefined ? ' ' + e.address : '') + (e.reason !== undefined ? ' reason ' + e.reason : '') +
      (e.bytes !== undefined ? ' ' + e.service + '/' + e.characteristic + ' [' + hexBytes(e.bytes) + ']' + (e.accepted ? '' : ' (not delivered)') : ''));
  }
  if (c.notifications > 0) {
    const n = r.notifications[r.notifications.length - 1];
    ble.push(c.notifications + ' notification' + (c.notifications === 1 ? '' : 's') + ', last t=' + n.atMs + ' ' + n.service + '/' + n.characteristic + ' [' + hexBytes(n.bytes) + ']');
  }
  section('bluetooth:', ble);
  section('PWM:', Object.keys(r.pwm).map((p) => {
    const s = r.pwm[p];
    return p + ': ' + s.writes + ' writes, last t=' + s.atMs + ' duty ' + Math.round(s.duty * 1000) / 1000 + (s.freq ? ' at ' + s.freq + ' Hz' : '');
  }));
  const bus = (list: BusRecord[], count: number): string[] => {
    if (count === 0) return [];
    const lines = [count + ' transaction' + (count === 1 ? '' : 's')];
    for (const t of list.slice(-4)) {
      lines.push('t=' + t.atMs + ' ' + t.bus + ' ' + t.op + ' 0x' + t.address.toString(16).padStart(2, '0') + ' [' + hexBytes(t.bytes) + ']' + (t.ack ? '' : ' (no device)'));
    }
    return lines;
  };
  section('I2C:', bus(r.i2c, c.i2c));
  section('SPI:', c.spi === 0 ? [] : [c.spi + ' transfer' + (c.spi === 1 ? '' : 's')].concat(r.spi.slice(-4).map((t) =>
    't=' + t.atMs + ' ' + t.bus + ' sent [' + hexBytes(t.sent) + '] received [' + hexBytes(t.received) + ']')));
  const st: string[] = [];
  if (c.storage > 0) st.push(c.storage + ' write' + (c.storage === 1 ? '' : 's') + ' or erase' + (c.storage === 1 ? '' : 's'));
  if (c.storage > 0 || Object.keys(r.files).length > 0) {
    for (const f of Object.keys(r.files)) st.push(JSON.stringify(f) + ': ' + r.files[f].length + ' bytes');
  }
  section('Storage:', st);
  return out;
}

/**
 * The script as ES5 calls of the model's __host (for an engine driven by source text: QuickJS,
 * Duktape); run them before the bundle loads, as files and I2C devices must be there first.
 */
export function boardScriptCalls(script: BoardScript): string {
  const lines: string[] = [];
  applyBoardScript({
    input: (name, atMs, data) => lines.push('__host.input(' + JSON.stringify(name) + ', ' + atMs + ', ' + JSON.stringify(data) + ');'),
    i2cDevice: (bus, address, registers) => lines.push('__host.i2cDevice(' + JSON.stringify(bus) + ', ' + address + ', ' + JSON.stringify(registers) + ');'),
    storageFile: (name, text) => lines.push('__host.storageFile(' + JSON.stringify(name) + ', ' + JSON.stringify(text) + ');'),
  }, script);
  return lines.join('\n');
}
