// What a simulated run scripts of a board's own hardware: sensor readings, a BLE central, I2C
// devices and their registers, SPI replies, files in Storage. Types only: a program's simulate()
// gives them through SimBoard (boards/sim/sim-board.ts), a test through runProgram, and
// program/board-io.ts hands them to the model of Espruino.

/** A sensor reading from atMs on (until the next one): exactly one of the fields besides atMs. */
export interface SensorInput {
  atMs: number;
  /** Puck.accel() raw counts (8192 is 1 g; gyro gx..gz), Bangle.getAccel() in g. */
  accel?: { x: number; y: number; z: number; gx?: number; gy?: number; gz?: number };
  /** Puck.mag() in 0.1 uT. */
  mag?: { x: number; y: number; z: number };
  /** Bangle.getCompass()'s raw field. */
  compass?: { x: number; y: number; z: number };
  /** Puck.light(), 0..1. */
  light?: number;
  /** Battery percentage (E.getBattery(), Puck.getBatteryPercentage(); NRF.getBattery() gives the matching volts). */
  battery?: number;
  capSense?: number;
  /** Puck.getTemperature(). */
  temperature?: number;
  /** Bangle.js 2's heart rate (HRM events while on). */
  hrm?: { bpm: number; confidence?: number };
  pressure?: { temperature: number; pressure: number; altitude?: number };
  /** Bangle.getStepCount() (a 'step' event when it changes). */
  steps?: number;
  charging?: boolean;
}

/** A BLE central at atMs: connects, disconnects, or writes a characteristic of the program's services. */
export interface BleInput {
  atMs: number;
  connect?: string;
  /** The reason code the board reports (19: the central ended the connection). */
  disconnect?: number;
  write?: { service: number | string; characteristic: number | string; data: number[] | string };
}

/** An I2C device on a bus: its registers at the start (no atMs), or new register values from atMs. */
export interface I2CDeviceInput {
  atMs?: number;
  /** 'I2C1' (the default), 'I2C2'.., or 'I2C' for a software bus (new I2C()). */
  bus?: string;
  /** 7-bit address. */
  address: number;
  /** register -> byte. */
  registers: { [register: number]: number };
}

/** Bytes an SPI device sends back, from atMs on, one for each byte the program sends (0xFF once they are used up). */
export interface SpiInput {
  atMs: number;
  bus?: string;
  bytes: number[];
}

/** Everything of the board's own hardware a run scripts. */
export interface BoardScript {
  sensors?: readonly SensorInput[];
  ble?: readonly BleInput[];
  i2c?: readonly I2CDeviceInput[];
  spi?: readonly SpiInput[];
  /** Files in Storage before the program loads: name -> contents (a string of bytes, or the bytes). */
  storage?: { readonly [name: string]: string | readonly number[] };
}

