// Board descriptors: what frugal needs to know about each Espruino board it can target (the
// variable budget, LEDs, buttons, pins, serial ports, built-in sensors).
//
// Every value for a real board was read from Espruino's own board file, boards/<BOARD>.py in
// github.com/espruino/Espruino (its `info`, `chip`, `devices`, `board` layout and `get_pins()`).
// Each descriptor names the file, and the commit of the copy that was read, in the comment above
// it. Nothing here is guessed; where a field needed interpretation the comment says how.
//
// Bytes per variable: Espruino sizes its JsVar block from the board's `variables` count when it
// builds (src/jsutils.h, the JSVAR_CACHE_SIZE ladder, commented there as):
//     <= 2047 vars  -> 12 bytes     (<= 1023 and <= 254 are 12 bytes too)
//     <= 8191 vars  -> 13 bytes     (<= 4095 and <= 8191)
//     <= 16383 vars -> 14 bytes
//     <= 65535 vars -> 16 bytes
// The same table is printed in boards/ESP32.py ("A Note about the 'variables' parameter on
// ESP32 Builds"), and www.espruino.com/Internals says Bangle.js 2 uses 14 byte blocks, which
// matches its 12000 variables. jsVarBytesFor() below encodes the ladder; the numbers in the
// descriptors are written out as data and the tests check they agree with it.
//
// This file must also compile to ES5 for Espruino itself: plain objects and arrays only, no
// Map/Set, no spread, no default parameters, no Array.prototype.includes.

import { fail, M_UNKNOWN_BOARD } from '../executor/messages.ts';

export interface BoardDescriptor {
  /** CLI id, lower-case. */
  id: string;
  /** Human name. */
  name: string;
  /** Espruino's BOARD id, as reported by process.env.BOARD on the device. */
  espruinoBoard: string;
  chip: { part: string; family: string; ramKB: number; flashKB: number };
  /** Number of JS variables (blocks) the firmware allocates: `info.variables`. */
  variables: number;
  /** Size of one variable block in bytes (see the ladder above). */
  bytesPerVariable: number;
  /** LED variables, e.g. ['LED1','LED2']; ledPins[i] is the pin behind leds[i]. */
  leds: string[];
  /** '' where Espruino has no plain pin behind the LED (the comment on the board says why). */
  ledPins: string[];
  buttons: string[];
  buttonPins: string[];
  /** GPIO pin names a program may use on this board (which set: see each board's comment). */
  pins: string[];
  /** The subset of pins with an ADC input. */
  analogPins: string[];
  /** Serial-style consoles/ports: 'Serial1'.., 'USB', 'Bluetooth'. */
  serial: string[];
  /** The board's own sensors readable from JS, by their JS API name. */
  sensors: string[];
  /**
   * The rest of the board's Espruino API that task code may call and frugal declares for it
   * (boards/espruino-api.d.ts), by the name boards/board-api.ts checks: a global (`NRF`,
   * `analogWrite`, `I2C1`, `Storage` for require('Storage')) or one member (`Puck.accelOn`).
   * Sourced from Espruino 2v29's board files and wrappers: see "Board APIs" below.
   */
  apis: string[];
  /**
   * Storage (require('Storage')): the bytes of its flash area and its page size, from the board
   * file's 'saved_code' (page_size x pages; RELEASE_2V29). The model of Espruino sizes the board's
   * Storage with it (getFree, the chunks of a StorageFile).
   */
  storage: { bytes: number; pageBytes: number };
  /** The board's page (info.link in the board file). */
  link: string;
}

/** JsVar block size for a given variable count, per the JSVAR_CACHE_SIZE ladder in src/jsutils.h. */
export function jsVarBytesFor(variables: number): number {
  if (variables <= 2047) return 12;
  if (variables <= 8191) return 13;
  if (variables <= 16383) return 14;
  return 16;
}

// Board APIs (the `apis` field), read from Espruino at tag RELEASE_2V29
// (6106910b8a3dc1253e3f8388a68d068f4c71fadf), the interpreter frugal's model and measurements use:
//   - analogWrite (src/jswrap_io.c), the I2C and SPI classes (software buses, src/jswrap_spi_i2c.c)
//     and require('Storage') (src/jswrap_storage.c, every board with a 'saved_code' area) carry no
//     condition: every board has them.
//   - I2C1..I2Cn and SPI1..SPIn exist as ESPR_I2C_COUNT / ESPR_SPI_COUNT allow
//     (src/jswrap_spi_i2c.c "#if ESPR_I2C_COUNT>=1"...), which scripts/common.py sets from the
//     board file's chip 'i2c' and 'spi' counts (given with each board below).
//   - NRF (libs/bluetooth/jswrap_bluetooth.c) is built where the board file's libraries include
//     'BLUETOOTH': Puck.js, Pixl.js, Bangle.js 2, MDBT42Q and ESP32 (whose NRF is partial: its
//     setAdvertising and setServices go through targets/esp32's own GAP/GATT code).
//   - E.getBattery: '"#if" : "defined(PUCKJS) || defined(PIXLJS) || defined(BANGLEJS)"' in
//     src/jswrap_espruino.c.
//   - Puck.* and Bangle.* members: libs/puckjs/jswrap_puck.c and libs/banglejs/jswrap_bangle.c.
//   - storage: each board file's 'saved_code' page_size x pages (Bangle.js 2: 'pages2' 2048 of
//     4096 bytes in its external SPI flash, where its Storage lives).

/** The APIs every Espruino board has (above), with its hardware I2C and SPI ports. */
function commonApis(i2c: number, spi: number): string[] {
  return ['analogWrite', 'I2C', 'SPI', 'Storage'].concat(pinRange('I2C', 1, i2c), pinRange('SPI', 1, spi));
}

// 'D', 0, 3 -> ['D0','D1','D2','D3'] (what pinutils.generate_pins(0,3) names).
function pinRange(prefix: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(prefix + i);
  return out;
}

// Espruino Pico. Source: boards/PICO_R1_3.py @ 0a63c069f5e65495f4b48dd8802094555734b64a.
//   info: name "Espruino Pico", link https://espruino.com/Pico, variables 5100 -> 13 bytes.
//   chip: STM32F401CDU6, STM32F4, ram 96, flash 384.
//   devices: LED1 B2, LED2 B12, BTN1 C13, USB (A11/A12).
//   pins: the pins on the board's connectors (`board` top/bottom/right), not the SMD pads.
//   analog: connector pins with an ADC1_INx function in boards/pins/stm32f401.csv
//     (A0..A7 = IN0..IN7, B1 = IN9; B0 = IN8 is not on a connector).
//   serial: USART1 on B6/B7 (the default console, Serial1) and USART2 on A2/A3 per
//     stm32f401.csv; USART6 shares A11/A12 with USB. Plus the USB console.
//   sensors: E.getTemperature reads the STM32's internal sensor.
//   apis (RELEASE_2V29 PICO_R1_3.py): chip i2c 3, spi 3.
const PICO: BoardDescriptor = {
  id: 'pico',
  name: 'Espruino Pico',
  espruinoBoard: 'PICO_R1_3',
  chip: { part: 'STM32F401CDU6', family: 'STM32F4', ramKB: 96, flashKB: 384 },
  variables: 5100,
  bytesPerVariable: 13,
  leds: ['LED1', 'LED2'],
  ledPins: ['B2', 'B12'],
  buttons: ['BTN1'],
  buttonPins: ['C13'],
  pins: ['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A10',
    'B1', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10', 'B13', 'B14', 'B15'],
  analogPins: ['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'B1'],
  serial: ['USB', 'Serial1', 'Serial2'],
  sensors: ['E.getTemperature'],
  apis: commonApis(3, 3),
  storage: { bytes: 3 * 16384, pageBytes: 16384 },
  link: 'https://espruino.com/Pico',
};

// Original Espruino board (rev 1.3/1.4). Source: boards/ESPRUINOBOARD.py @
// 0a63c069f5e65495f4b48dd8802094555734b64a.
//   info: name "Original Espruino Board", link https://espruino.com/Original, variables 2756
//     -> 13 bytes.
//   chip: STM32F103RCT6, STM32F1, ram 48, flash 256.
//   devices: LED1 A13, LED2 A14, LED3 A15, BTN1 B12, USB, SD card (D2, B13-B15),
//     BLUETOOTH header (A9/A10).
//   pins: the pins on the board's connectors (`board` left/right/bottom); A13-A15 and B12 are
//     on the connectors too and double as the LEDs/button.
//   analog: connector pins with an ADCxx_INy function in boards/pins/stm32f103xe.csv
//     (A0..A7, B0, B1, C0..C5).
//   serial: chip.usart 5 (USART1 A9/A10, USART2 A2/A3, USART3 B10/B11, UART4 C10/C11,
//     UART5 C12/D2 per stm32f103xe.csv) plus the USB console.
//   sensors: E.getTemperature reads the STM32's internal sensor.
//   apis (RELEASE_2V29 ESPRUINOBOARD.py): chip i2c 2, spi 3; its 'BLUETOOTH' is a header for an
//     HC-05 module, not the library, so it has no NRF.
const ORIGINAL: BoardDescriptor = {
  id: 'original',
  name: 'Original Espruino Board',
  espruinoBoard: 'ESPRUINOBOARD',
  chip: { part: 'STM32F103RCT6', family: 'STM32F1', ramKB: 48, flashKB: 256 },
  variables: 2756,
  bytesPerVariable: 13,
  leds: ['LED1', 'LED2', 'LED3'],
  ledPins: ['A13', 'A14', 'A15'],
  buttons: ['BTN1'],
  buttonPins: ['B12'],
  pins: ['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10', 'A13', 'A14', 'A15',
    'B0', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10', 'B11', 'B12', 'B13', 'B14', 'B15',
    'C0', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10', 'C11', 'C12', 'C15'],
  analogPins: ['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'B0', 'B1',
    'C0', 'C1', 'C2', 'C3', 'C4', 'C5'],
  serial: ['USB', 'Serial1', 'Serial2', 'Serial3', 'Serial4', 'Serial5'],
  sensors: ['E.getTemperature'],
  apis: commonApis(2, 3),
  storage: { bytes: 10 * 2048, pageBytes: 2048 },
  link: 'https://espruino.com/Original',
};

// Espruino WiFi. Source: boards/ESPRUINOWIFI.py @ 27d9572ce291136932e718768c168ab20eebcb4c
// (the copy at d8fc8c1f0e9cbd0a657adfd3f666b34364af108f has the same values).
//   info: name "Espruino WiFi", link http://www.espruino.com/EspruinoWiFi, variables 7148
//     -> 13 bytes.
//   chip: STM32F411CEU6, STM32F4, ram 128, flash 512.
//   devices: LED1 B2, LED2 B12, BTN1 C13, USB, ESP8266 on A2/A3 (+ A13-A15 control lines).
//   pins: the pins on the board's connectors (`board` left/right/left2).
//   analog: connector pins with an ADC1_INx function in boards/pins/stm32f401.csv (the file
//     get_pins() reads for this board): A0, A1, A4..A7, B0, B1.
//   serial: Serial1 = USART1 on B6/B7 (default console); Serial2 = USART2 on A2/A3, which is
//     wired to the on-board ESP8266, not to a connector. Plus the USB console.
//   sensors: E.getTemperature reads the STM32's internal sensor.
//   apis (RELEASE_2V29 ESPRUINOWIFI.py): chip i2c 3, spi 3.
const WIFI: BoardDescriptor = {
  id: 'wifi',
  name: 'Espruino WiFi',
  espruinoBoard: 'ESPRUINOWIFI',
  chip: { part: 'STM32F411CEU6', family: 'STM32F4', ramKB: 128, flashKB: 512 },
  variables: 7148,
  bytesPerVariable: 13,
  leds: ['LED1', 'LED2'],
  ledPins: ['B2', 'B12'],
  buttons: ['BTN1'],
  buttonPins: ['C13'],
  pins: ['A0', 'A1', 'A4', 'A5', 'A6', 'A7', 'A8', 'A10',
    'B0', 'B1', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10', 'B13', 'B14', 'B15'],
  analogPins: ['A0', 'A1', 'A4', 'A5', 'A6', 'A7', 'B0', 'B1'],
  serial: ['USB', 'Serial1', 'Serial2'],
  sensors: ['E.getTemperature'],
  apis: commonApis(3, 3),
  storage: { bytes: 65536, pageBytes: 65536 },
  link: 'http://www.espruino.com/EspruinoWiFi',
};

// Puck.js. Sources: boards/PUCKJS.py @ 2f98f5f08bc350b2cf7906e45b0bd73bf47d5464 for link, chip
// and devices; variables from boards/PUCKJS_LITE.py and boards/PUCKJS_MINIMAL.py (both declare
// 'boardname': "PUCKJS", and PUCKJS_LITE.py says it "can use the same firmware as normal").
//   The only PUCKJS.py copies the source index holds are older revisions (2f98f5f0, 07a57176),
//   which still say variables 2000, no accelerometer, MAG3110 only. The newer Puck.js files
//   say 2630, so that value is used here. 2630 -> 13 bytes; 2000 would be 12.
//   chip: NRF52832, NRF52, ram 64, flash 512 (same in all three files).
//   devices: LED1 D5, LED2 D4, LED3 D3, BTN1 D0, IR D25/D26, CAPSENSE D11/D12, NFC D9/D10,
//     MAG (D17-D20); v2 files add ACCEL (LSM6DS3TR) and TEMP (PCT2075TP).
//   pins: get_pins() = generate_pins(0,31), i.e. D0..D31 (which ones reach a pad differs
//     between Puck.js v1, v2 and Lite).
//   analog: ADC1_IN0..7 on D2, D3, D4, D5, D28, D29, D30, D31 (get_pins()).
//   serial: chip.usart 1 (Serial1 on D28/D29) plus the Bluetooth console.
//   sensors: Puck.mag, Puck.light, Puck.accel (v2 only), Puck.getTemperature, Puck.capSense
//     (libs/puckjs/jswrap_puck.c) and E.getTemperature (nRF52 die temperature).
//   apis (RELEASE_2V29 PUCKJS.py): chip i2c 1, spi 1; libraries BLUETOOTH (NRF); E.getBattery;
//     Puck.accelOn/accelOff (v2 only, like Puck.accel), magOn/magOff/magTemp and the deprecated
//     getBatteryPercentage (jswrap_puck.c).
const PUCKJS: BoardDescriptor = {
  id: 'puckjs',
  name: 'Puck.js',
  espruinoBoard: 'PUCKJS',
  chip: { part: 'NRF52832', family: 'NRF52', ramKB: 64, flashKB: 512 },
  variables: 2630,
  bytesPerVariable: 13,
  leds: ['LED1', 'LED2', 'LED3'],
  ledPins: ['D5', 'D4', 'D3'],
  buttons: ['BTN1'],
  buttonPins: ['D0'],
  pins: pinRange('D', 0, 31),
  analogPins: ['D2', 'D3', 'D4', 'D5', 'D28', 'D29', 'D30', 'D31'],
  serial: ['Bluetooth', 'Serial1'],
  sensors: ['E.getTemperature', 'Puck.mag', 'Puck.light', 'Puck.accel', 'Puck.getTemperature',
    'Puck.capSense'],
  apis: commonApis(1, 1).concat(['NRF', 'E.getBattery', 'Puck.accelOn', 'Puck.accelOff', 'Puck.magOn', 'Puck.magOff', 'Puck.magTemp',
    'Puck.getBatteryPercentage']),
  storage: { bytes: 10 * 4096, pageBytes: 4096 },
  link: 'http://www.espruino.com/PuckJS',
};

// Pixl.js. Source: boards/PIXLJS.py @ 100ada0f6f8f9ddc93c93523ec05a108b63b3653 (an older copy,
// ca7947990110d84c0c98bea98858685795437712, still says variables 2500).
//   info: name "Pixl.js", link http://www.espruino.com/Pixl.js, variables 3076 -> 13 bytes.
//   chip: NRF52832, NRF52, ram 64, flash 512.
//   devices: LED1 H0 (the LCD backlight, negated in software), BTN1..BTN4 H1..H4 (negated),
//     LCD st7567 128x64 on H5..H9.
//   pins: the Arduino-header pins from get_pins(): D0..D13 and A0..A5 (H0..H9 are internal).
//   analog: ADC1_IN0..5 on A0..A5, ADC1_IN6/7 on D3/D4 (get_pins()).
//   serial: chip.usart 1 (Serial1 on D0/D1) plus the Bluetooth console.
//   sensors: E.getTemperature (nRF52 die temperature).
//   apis (RELEASE_2V29 PIXLJS.py): chip i2c 1, spi 1; libraries BLUETOOTH (NRF); E.getBattery.
const PIXLJS: BoardDescriptor = {
  id: 'pixljs',
  name: 'Pixl.js',
  espruinoBoard: 'PIXLJS',
  chip: { part: 'NRF52832', family: 'NRF52', ramKB: 64, flashKB: 512 },
  variables: 3076,
  bytesPerVariable: 13,
  leds: ['LED1'],
  ledPins: ['H0'],
  buttons: ['BTN1', 'BTN2', 'BTN3', 'BTN4'],
  buttonPins: ['H1', 'H2', 'H3', 'H4'],
  pins: pinRange('D', 0, 13).concat(pinRange('A', 0, 5)),
  analogPins: ['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'D3', 'D4'],
  serial: ['Bluetooth', 'Serial1'],
  sensors: ['E.getTemperature'],
  apis: commonApis(1, 1).concat(['NRF', 'E.getBattery']),
  storage: { bytes: 9 * 4096, pageBytes: 4096 },
  link: 'http://www.espruino.com/Pixl.js',
};

// Bangle.js 2. Source: boards/BANGLEJS2.py @ 0014dcca71993bac373d805ec0189d47e7fca7a2.
//   info: name "Bangle.js 2", link https://www.espruino.com/Bangle.js2, variables 12000
//     -> 14 bytes (www.espruino.com/Internals: "Bangle.js 2 JsVar will have 14 byte blocks").
//   chip: NRF52840, NRF52, ram 256, flash 1024 (plus 8MB external SPI flash for Storage).
//   devices: BTN1 D17 (negated). LED1 is listed on D8 with 'novariable': it is the backlight,
//     used only for low-level debug. The JS LED1/LED2 are fake LEDs drawn on the screen
//     (libs/banglejs/jswrap_bangle.c, libs/js/banglejs/LED1.min.js), so ledPins are ''.
//   pins: get_pins() = generate_pins(0,47), D0..D47; all are wired to on-board parts,
//     none is broken out.
//   analog: ADC1_IN0..7 on D2, D3, D4, D5, D28, D29, D30, D31 (get_pins()); D3 is the battery.
//   serial: Bluetooth only (the default console is EV_TERMINAL, the screen). chip.usart is 2,
//     but the UART pins go to the GPS (D30/D31), so no serial port is listed for programs.
//   sensors: ACCEL KX023, MAG, PRESSURE BMP280, HEARTRATE VC31, GPS in `devices`, read from
//     JS via Bangle.getAccel, Bangle.getCompass, Bangle.getPressure, Bangle.setHRMPower and
//     Bangle.setGPSPower (events), plus E.getTemperature.
//   apis (RELEASE_2V29 BANGLEJS2.py): chip i2c 1, spi 1; libraries BLUETOOTH (NRF); E.getBattery;
//     Bangle.setCompassPower, setBarometerPower, getStepCount, isCharging, buzz, setLCDPower
//     (libs/banglejs/jswrap_bangle.c).
const BANGLEJS2: BoardDescriptor = {
  id: 'banglejs2',
  name: 'Bangle.js 2',
  espruinoBoard: 'BANGLEJS2',
  chip: { part: 'NRF52840', family: 'NRF52', ramKB: 256, flashKB: 1024 },
  variables: 12000,
  bytesPerVariable: 14,
  leds: ['LED1', 'LED2'],
  ledPins: ['', ''],
  buttons: ['BTN1'],
  buttonPins: ['D17'],
  pins: pinRange('D', 0, 47),
  analogPins: ['D2', 'D3', 'D4', 'D5', 'D28', 'D29', 'D30', 'D31'],
  serial: ['Bluetooth'],
  sensors: ['E.getTemperature', 'Bangle.getAccel', 'Bangle.getCompass', 'Bangle.getPressure',
    'Bangle.setHRMPower', 'Bangle.setGPSPower'],
  apis: commonApis(1, 1).concat(['NRF', 'E.getBattery', 'Bangle.setCompassPower', 'Bangle.setBarometerPower', 'Bangle.getStepCount',
    'Bangle.isCharging', 'Bangle.buzz', 'Bangle.setLCDPower']),
  storage: { bytes: 2048 * 4096, pageBytes: 4096 },
  link: 'https://www.espruino.com/Bangle.js2',
};

// MDBT42Q module (and its breakout). Source: boards/MDBT42Q.py @
// 100ada0f6f8f9ddc93c93523ec05a108b63b3653 (older copies 78d652d3, 097877a6 say 2500 and have
// no LED2).
//   info: name "MDBT42Q Module", link http://www.espruino.com/MDBT42Q, variables 3076
//     -> 13 bytes.
//   chip: NRF52832, NRF52, ram 64, flash 512.
//   devices: LED1 D1, LED2 D2 ('no_bootloader'), BTN1 D0, NFC D9/D10.
//   pins: get_pins() = generate_pins(0,31), D0..D31 (D23 is the neopixel SCK, not accessible).
//   analog: ADC1_IN0..7 on D2, D3, D4, D5, D28, D29, D30, D31 (get_pins()).
//   serial: chip.usart 1 (Serial1 on D6/D8) plus the Bluetooth console.
//   sensors: E.getTemperature (nRF52 die temperature).
//   apis (RELEASE_2V29 MDBT42Q.py): chip i2c 1, spi 1; libraries BLUETOOTH (NRF).
const MDBT42Q: BoardDescriptor = {
  id: 'mdbt42q',
  name: 'MDBT42Q Module',
  espruinoBoard: 'MDBT42Q',
  chip: { part: 'NRF52832', family: 'NRF52', ramKB: 64, flashKB: 512 },
  variables: 3076,
  bytesPerVariable: 13,
  leds: ['LED1', 'LED2'],
  ledPins: ['D1', 'D2'],
  buttons: ['BTN1'],
  buttonPins: ['D0'],
  pins: pinRange('D', 0, 31),
  analogPins: ['D2', 'D3', 'D4', 'D5', 'D28', 'D29', 'D30', 'D31'],
  serial: ['Bluetooth', 'Serial1'],
  sensors: ['E.getTemperature'],
  apis: commonApis(1, 1).concat(['NRF']),
  storage: { bytes: 10 * 4096, pageBytes: 4096 },
  link: 'http://www.espruino.com/MDBT42Q',
};

// ESP32 (generic dev board). Source: boards/ESP32.py @ 0681322ca882715dbb52b0036cbd59956c669e0d
// (older copies 4a128868 and 0054b39c say 5000 and 2500 variables and have no LED/BTN).
//   info: name "ESP32", variables 16383 ("See note above": the file's own table gives 14 bytes
//     per JsVar for 16383, the same as the jsutils.h ladder). JSVAR_MALLOC: the variables are
//     allocated at start-up, so a build with less free heap may get fewer.
//   info has no 'link'; `link` is built from espruino_page_link 'ESP32'.
//   chip: ESP32, ESP32, ram 512, flash 0 (the board file gives 0: flash is the module's
//     external SPI flash).
//   devices: LED1 D2, BTN1 D0 (negated).
//   pins: get_pins() = generate_pins(0,39), D0..D39 (its comments note D6-D11 go to the flash
//     chip on most modules).
//   analog: ADC1_IN0..7 on D36, D37, D38, D39, D32, D33, D34, D35; ADC2 is commented out.
//   serial: chip.usart 3 (Serial1 is the console, 115200 baud) plus Bluetooth (BLUETOOTH lib).
//   sensors: none - jshReadTemperature() in the ESP32 target returns NaN, so E.getTemperature
//     gives no reading.
//   apis (RELEASE_2V29 ESP32.py): chip i2c 2, spi 2; libraries BLUETOOTH (NRF, partial: see above).
const ESP32: BoardDescriptor = {
  id: 'esp32',
  name: 'ESP32',
  espruinoBoard: 'ESP32',
  chip: { part: 'ESP32', family: 'ESP32', ramKB: 512, flashKB: 0 },
  variables: 16383,
  bytesPerVariable: 14,
  leds: ['LED1'],
  ledPins: ['D2'],
  buttons: ['BTN1'],
  buttonPins: ['D0'],
  pins: pinRange('D', 0, 39),
  analogPins: ['D32', 'D33', 'D34', 'D35', 'D36', 'D37', 'D38', 'D39'],
  serial: ['Serial1', 'Serial2', 'Serial3', 'Bluetooth'],
  sensors: [],
  apis: commonApis(2, 2).concat(['NRF']),
  storage: { bytes: 224 * 4096, pageBytes: 4096 },
  link: 'https://www.espruino.com/ESP32',
};

// The simulated board frugal runs in Node. Not an Espruino board and not from any board file:
// its numbers are frugal's own. 'SIM' is not a real process.env.BOARD value, and the chip is a
// placeholder (no RAM/flash figures: the budget is variables x bytesPerVariable). Its LEDs and
// button are simulated objects, not pins, so their pin entries are ''.
export const SIM_BOARD: BoardDescriptor = {
  id: 'sim',
  name: 'Simulated board',
  espruinoBoard: 'SIM',
  chip: { part: 'SIM', family: 'SIM', ramKB: 0, flashKB: 0 },
  variables: 5000,
  bytesPerVariable: 16,
  leds: ['LED1', 'LED2'],
  ledPins: ['', ''],
  buttons: ['BTN1'],
  buttonPins: [''],
  pins: pinRange('D', 0, 31),
  analogPins: pinRange('D', 0, 7),
  serial: ['Serial1'],
  sensors: ['E.getTemperature'],
  apis: commonApis(1, 1),
  storage: { bytes: 10 * 4096, pageBytes: 4096 },
  link: '',
};

export const BOARDS: readonly BoardDescriptor[] = [
  PICO, ORIGINAL, WIFI, PUCKJS, PIXLJS, BANGLEJS2, MDBT42Q, ESP32, SIM_BOARD,
];

/** The ids findBoard accepts, in BOARDS order. */
export function boardIds(): string[] {
  const ids: string[] = [];
  for (let i = 0; i < BOARDS.length; i++) ids.push(BOARDS[i].id);
  return ids;
}

/** The descriptor for a CLI id (case-insensitive); throws listing the valid ids when unknown. */
export function findBoard(id: string): BoardDescriptor {
  const wanted = String(id).toLowerCase();
  for (let i = 0; i < BOARDS.length; i++) {
    if (BOARDS[i].id === wanted) return BOARDS[i];
  }
  throw fail(M_UNKNOWN_BOARD, [String(id), boardIds().join(', ')]);
}
