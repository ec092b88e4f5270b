// Espruino's own API as task code calls it on a board, typed for the lowering's type checker (it
// decides frame words versus reference slots by type) and for the program's editor. frugal's task
// API (tasks/task-api.ts) exports a type of this module, so a program that imports 'frugal' (and
// frugal's published declarations) brings these globals in.
//
// These are globals of the board's interpreter, not of Node: only code that runs on the device
// (task code, lowered for the device build) may call them, and the device build emits each call as
// written. Which board has which name is in the board descriptors (boards/descriptors.ts `sensors`
// and `apis`, LEDs, buttons and pins; boards/board-api.ts): `frugal build`, `frugal run` and
// runProgram refuse a program whose bundle reaches a name its board lacks, naming the place and the
// boards that have it. What each call does on the simulated board, and what it records, is in
// docs/board-api.md.
//
// Calls that return a new object each time (Puck.accel(), Puck.mag(), I2C readFrom, Bangle.getAccel(),
// ...) allocate on the board, and `frugal audit` lists them; a queue of events
// (boards/board-events.ts) gets the same readings without any object per reading.

/** What tasks/task-api.ts re-exports, so that every program that imports it has the globals below. */
export type BoardPin = Pin;

declare global {
  /** A pin of the board (Espruino's Pin). A name such as 'D5' works wherever a pin does. */
  class Pin {
    constructor(value: number | string);
    read(): boolean;
    write(value: boolean | number): void;
    set(): void;
    reset(): void;
    toggle(): boolean;
    /** The pin number, as Espruino converts a pin to a number. */
    valueOf(): number;
  }

  /** A pin, or its name ('D5', 'LED1'). */
  type PinLike = Pin | string;

  const LED: Pin, LED1: Pin, LED2: Pin, LED3: Pin, BTN: Pin, BTN1: Pin, BTN2: Pin, BTN3: Pin, BTN4: Pin;
  const D0: Pin, D1: Pin, D2: Pin, D3: Pin, D4: Pin, D5: Pin, D6: Pin, D7: Pin, D8: Pin, D9: Pin, D10: Pin, D11: Pin;
  const D12: Pin, D13: Pin, D14: Pin, D15: Pin, D16: Pin, D17: Pin, D18: Pin, D19: Pin, D20: Pin, D21: Pin, D22: Pin, D23: Pin;
  const D24: Pin, D25: Pin, D26: Pin, D27: Pin, D28: Pin, D29: Pin, D30: Pin, D31: Pin, D32: Pin, D33: Pin, D34: Pin, D35: Pin;
  const D36: Pin, D37: Pin, D38: Pin, D39: Pin, D40: Pin, D41: Pin, D42: Pin, D43: Pin, D44: Pin, D45: Pin, D46: Pin, D47: Pin;
  const A0: Pin, A1: Pin, A2: Pin, A3: Pin, A4: Pin, A5: Pin, A6: Pin, A7: Pin, A8: Pin, A9: Pin, A10: Pin, A11: Pin;
  const A12: Pin, A13: Pin, A14: Pin, A15: Pin, B0: Pin, B1: Pin, B2: Pin, B3: Pin, B4: Pin, B5: Pin, B6: Pin, B7: Pin;
  const B8: Pin, B9: Pin, B10: Pin, B11: Pin, B12: Pin, B13: Pin, B14: Pin, B15: Pin, C0: Pin, C1: Pin, C2: Pin, C3: Pin;
  const C4: Pin, C5: Pin, C6: Pin, C7: Pin, C8: Pin, C9: Pin, C10: Pin, C11: Pin, C12: Pin, C13: Pin, C14: Pin, C15: Pin;
  const H0: Pin, H1: Pin, H2: Pin, H3: Pin, H4: Pin, H5: Pin, H6: Pin, H7: Pin, H8: Pin, H9: Pin;

  function digitalWrite(pin: PinLike | PinLike[], value: number | boolean): void;
  function digitalRead(pin: PinLike | PinLike[]): number;
  /** 0..1 where the pin has an ADC. */
  function analogRead(pin: PinLike): number;

  interface AnalogWriteOptions {
    /** PWM frequency in Hz. */
    freq?: number;
    /** Software PWM where the pin has no hardware PWM. */
    soft?: boolean;
    forceSoft?: boolean;
  }
  /** PWM (or a DAC) on a pin: `value` 0..1 is the duty cycle. */
  function analogWrite(pin: PinLike, value: number, options?: AnalogWriteOptions): void;

  /** Bytes as Espruino takes them: a number, an array or typed array of numbers, a string, an ArrayBuffer. */
  type EspruinoData = number | ArrayLike<number> | ArrayBuffer | string;

  interface I2CSetup {
    scl?: PinLike;
    sda?: PinLike;
    /** Bits a second (100000 by default). */
    bitrate?: number;
  }
  /** An I2C bus: I2C1.. are the board's hardware ports, `new I2C()` a software one. */
  class I2C {
    constructor();
    setup(options?: I2CSetup): void;
    /** Writes the data to the device at a 7-bit address. */
    writeTo(address: number | { address: number; stop?: boolean }, ...data: EspruinoData[]): void;
    /** Reads `quantity` bytes from the device (a new Uint8Array each call). */
    readFrom(address: number | { address: number; stop?: boolean }, quantity: number): Uint8Array;
  }
  const I2C1: I2C, I2C2: I2C, I2C3: I2C;

  interface SPISetup {
    sck?: PinLike;
    miso?: PinLike;
    mosi?: PinLike;
    baud?: number;
    mode?: number;
    order?: 'msb' | 'lsb';
  }
  /** An SPI bus: SPI1.. are the board's hardware ports, `new SPI()` a software one. */
  class SPI {
    constructor();
    setup(options?: SPISetup): void;
    /** Sends the data (selecting nss while sending) and returns what came back: a number for a number, a new Uint8Array for bytes. */
    send(data: number, nss?: PinLike): number;
    send(data: ArrayLike<number> | ArrayBuffer | string, nss?: PinLike): Uint8Array;
    /** Sends the data and ignores what comes back (nothing is allocated for it). */
    write(...data: (EspruinoData | PinLike)[]): void;
  }
  const SPI1: SPI, SPI2: SPI, SPI3: SPI;

  /** Three axes, as the board's sensors give them. */
  interface XYZ {
    x: number;
    y: number;
    z: number;
  }

  /** Puck.js's own hardware (libs/puckjs/jswrap_puck.c). Puck.accel and the accel event need a Puck.js v2. */
  const Puck: {
    /** One reading, raw (8192 is 1 g): a new object each call. */
    accel(): { acc: XYZ; gyro: XYZ };
    /** Streams readings as 'accel' events at `hz` (12.5 by default). */
    accelOn(hz?: number): void;
    accelOff(): void;
    /** One magnetometer reading, in 0.1 uT: a new object each call. */
    mag(): XYZ;
    /** Streams readings as 'mag' events at `hz` (0.63 by default). */
    magOn(hz?: number): void;
    magOff(): void;
    magTemp(): number;
    /** 0..1 from the light the red LED sees. */
    light(): number;
    /** A capacitance count: higher when a hand is near D11 (or the pins given). */
    capSense(tx?: PinLike, rx?: PinLike): number;
    getTemperature(): number;
    /** 0..100, from the battery voltage (deprecated on the board in favour of E.getBattery()). */
    getBatteryPercentage(): number;
    on(event: 'accel', listener: (e: { acc: XYZ; gyro: XYZ }) => void): void;
    on(event: 'mag', listener: (e: XYZ) => void): void;
  };

  /** Bangle.js 2's own hardware (libs/banglejs/jswrap_bangle.c), the part frugal declares. */
  const Bangle: {
    /** In g: a new object each call. */
    getAccel(): { x: number; y: number; z: number; diff: number; mag: number };
    /** A new object each call; the compass must be on (setCompassPower). */
    getCompass(): { x: number; y: number; z: number; dx: number; dy: number; dz: number; heading: number };
    setCompassPower(on: boolean | number, appId?: string): boolean;
    setHRMPower(on: boolean | number, appId?: string): boolean;
    setBarometerPower(on: boolean | number, appId?: string): boolean;
    setGPSPower(on: boolean | number, appId?: string): boolean;
    /** Resolves with { temperature, pressure, altitude }: a Promise, so it allocates (task code cannot await it). */
    getPressure(): Promise<{ temperature: number; pressure: number; altitude: number }>;
    getStepCount(): number;
    isCharging(): boolean;
    /** Vibrates: the Promise it returns allocates; task code cannot await it. */
    buzz(ms?: number, strength?: number): Promise<void>;
    setLCDPower(on: boolean): void;
    on(event: string, listener: (e: never) => void): void;
  };

  /** Service data by 16-bit UUID (a value of undefined advertises the UUID alone). */
  type AdvertisingData = { [uuid: number]: EspruinoData | undefined };

  interface AdvertisingOptions {
    name?: string;
    showName?: boolean;
    discoverable?: boolean;
    connectable?: boolean;
    scannable?: boolean;
    whenConnected?: boolean;
    /** ms between advertisements, 20..10000 (375 by default). */
    interval?: number;
    /** Manufacturer ID (Espruino's 0x0590 by default), or false for none. */
    manufacturer?: number | false;
    manufacturerData?: EspruinoData;
  }

  interface Characteristic {
    value?: EspruinoData;
    maxLen?: number;
    broadcast?: boolean;
    readable?: boolean;
    writable?: boolean;
    notify?: boolean;
    indicate?: boolean;
    description?: string;
    onWrite?: (evt: { data: ArrayBuffer }) => void;
  }

  /** Bluetooth LE on the boards that have it (libs/bluetooth/jswrap_bluetooth.c). */
  const NRF: {
    /**
     * What the board advertises. An object of service data, or the raw bytes. Give it objects made
     * once and updated in place (docs/board-api.md): nothing is then built per call.
     */
    setAdvertising(data: AdvertisingData | EspruinoData | (AdvertisingData | EspruinoData)[] | undefined, options?: AdvertisingOptions): void;
    /** The advertising packet setAdvertising would send for the same arguments. */
    getAdvertisingData(data: AdvertisingData | EspruinoData | undefined, options?: AdvertisingOptions & { flags?: boolean }): ArrayBuffer;
    setScanResponse(data: EspruinoData | undefined): void;
    /** GATT services by UUID: { 0xBCDE: { 0xABCD: { value: ..., writable: true, onWrite: ... } } }. */
    setServices(data: { [service: string | number]: { [characteristic: string | number]: Characteristic } }, options?: { uart?: boolean; advertise?: (string | number)[] }): void;
    updateServices(data: { [service: string | number]: { [characteristic: string | number]: { value?: EspruinoData; notify?: boolean; indicate?: boolean } } }): void;
    /** Disconnects the central that is connected, if any. */
    disconnect(): void;
    /** The battery voltage, in volts. */
    getBattery(): number;
    setTxPower(power: number): void;
    getAddress(): string;
    on(event: 'connect', listener: (address: string) => void): void;
    on(event: 'disconnect', listener: (reason: number) => void): void;
  };

  /** The parts of Espruino's E that frugal declares. */
  interface EspruinoE {
    /** Degrees C (NaN where the board has no sensor). */
    getTemperature(): number;
    /** 0..100 on boards with a battery (Puck.js, Pixl.js, Bangle.js). */
    getBattery(): number;
  }
  const E: EspruinoE;

  /** A file of the board's Storage opened with open(): appends lines, reads them back. */
  interface StorageFile {
    read(length: number): string | undefined;
    readLine(): string | undefined;
    write(data: string): void;
    erase(): void;
    getLength(): number;
  }

  /** require('Storage'): the board's flash file system (src/jswrap_storage.c). */
  interface EspruinoStorage {
    /** The file's contents as a string, or undefined when there is none. */
    read(name: string, offset?: number, length?: number): string | undefined;
    readArrayBuffer(name: string): ArrayBuffer | undefined;
    readJSON(name: string, noExceptions?: boolean): unknown;
    /**
     * Writes data; with `size` the file is made that large (unwritten bytes read 0xFF) and later
     * writes may fill it at `offset` without rewriting it.
     */
    write(name: string, data: EspruinoData, offset?: number, size?: number): boolean;
    writeJSON(name: string, data: unknown): boolean;
    list(regex?: RegExp | string, filter?: { sf?: boolean }): string[];
    erase(name: string): void;
    getFree(): number;
    open(name: string, mode: 'r' | 'w' | 'a'): StorageFile;
  }

  interface NodeRequire {
    (id: 'Storage'): EspruinoStorage;
  }
}
