// Numbers printed digit by digit on serial port 0, building no string: task code calls these
// between awaits, and a string built per reading would be an allocation per reading.

import type { Hal } from '../boards/hal.ts';

const DIGITS = '0123456789';

/** Prints a non-negative integer. */
export function printNumber(hal: Hal, n: number): void {
  let div = 1;
  while (div * 10 <= n) div *= 10;
  for (; div >= 1; div = (div / 10) | 0) hal.serialPrint(0, DIGITS.charAt(((n / div) | 0) % 10));
}

/** Prints v with a fixed number of decimals (rounds half away from zero). */
export function printFixed(hal: Hal, v: number, decimals: number): void {
  let scale = 1;
  for (let i = 0; i < decimals; i++) scale *= 10;
  let n = Math.round(Math.abs(v) * scale);
  if (v < 0 && n > 0) hal.serialPrint(0, '-');
  printNumber(hal, Math.floor(n / scale));
  if (decimals === 0) return;
  hal.serialPrint(0, '.');
  n = n % scale;
  for (let div = scale / 10; div >= 1; div = div / 10) hal.serialPrint(0, DIGITS.charAt(Math.floor(n / div) % 10));
}
