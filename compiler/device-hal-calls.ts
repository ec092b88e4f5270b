// The board HAL in a device build: a call of a Hal (boards/hal.ts) or BoardSensors method becomes
// the Espruino call itself, so a device bundle carries no HAL object and no board descriptor. Pin
// numbers are the ones hal.pin() handed out at build time, read as W[PIN + number] | 0; serial
// port numbers index its PORTS. What only setup may do (naming pins, watching them, reading the
// board descriptor) is refused in code that runs on the device: setup runs at build time.

import path from 'node:path';
import ts from './typescript.ts';
import type * as TS from 'typescript';

/** The interfaces whose methods are the board HAL, by the file that declares them. */
const HAL_INTERFACES: { [name: string]: string } = { Hal: 'boards/hal.ts', BoardSensors: 'boards/hal.ts' };

const SETUP_ONLY = ['pin', 'watch', 'onSerial'];

export interface DeviceHalText {
  /** The device code for the call. */
  readonly text: string;
  /** Set when the call cannot run on the device: why. */
  readonly refusal?: string;
}

/**
 * The HAL method `call` calls, or null when it calls none.
 * - `checker` is the checker of the program `call` is in.
 */
export function halMethodOf(checker: TS.TypeChecker, call: TS.CallExpression): string | null {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return null;
  const sym = checker.getSymbolAtLocation(callee.name);
  const decl = sym?.declarations?.[0];
  if (decl === undefined || !ts.isMethodSignature(decl) || !ts.isInterfaceDeclaration(decl.parent)) return null;
  const file = HAL_INTERFACES[decl.parent.name.text];
  if (file === undefined) return null;
  const declared = decl.getSourceFile().fileName.split(path.sep).join('/');
  return declared.endsWith('/' + file) ? callee.name.text : null;
}

/**
 * Why a call of HAL method `m` cannot run on the device, or null when it can.
 * - `m` came from halMethodOf.
 */
export function halRefusal(m: string): string | null {
  if (HAL_TEXT.has(m)) return null;
  return SETUP_ONLY.indexOf(m) >= 0 ? 'hal.' + m + '() in code that runs on the device (only setup may call it)' : 'hal.' + m + '() is not available on the device';
}

// `| 0`: Espruino takes an integer as a pin, not the float a read of W gives (device/program.ts PIN).
const pin = (ns: string, a: readonly string[], i: number): string => '(' + ns + '.W[' + ns + '.PIN + ' + a[i] + '] | 0)';

/** The device code for each HAL method that runs on the device, from the runtime's namespace and its arguments' device code. */
const HAL_TEXT = new Map<string, (ns: string, a: readonly string[]) => string>([
  ['now', (ns) => ns + '.W[' + ns + '.NOW]'],
  ['digitalWrite', (ns, a) => 'digitalWrite(' + pin(ns, a, 0) + ', ' + a[1] + ')'],
  ['digitalRead', (ns, a) => 'digitalRead(' + pin(ns, a, 0) + ')'],
  ['analogRead', (ns, a) => 'analogRead(' + pin(ns, a, 0) + ')'],
  ['temperature', () => 'E.getTemperature()'],
  ['light', () => 'Puck.light()'],
  ['magnitude', (ns) => ns + '.magnitude()'],
  ['serialPrint', (ns, a) => ns + '.PORTS[' + a[0] + '].write(' + a[1] + ')'],
  ['serialWrite', (ns, a) => ns + '.serialWrite(' + a.join(', ') + ')'],
]);

/**
 * The device code of a call of HAL method `m` with the device code of its arguments. One the
 * device cannot run (halRefusal) is reached there only through a helper setup also uses: a fault.
 * - `ns` is the device runtime's namespace in the file; `m` came from halMethodOf; `args` are the
 *   call's arguments, in order.
 */
export function halCallText(ns: string, m: string, args: readonly string[]): string {
  const text = HAL_TEXT.get(m);
  return text !== undefined ? text(ns, args) : ns + '.setupOnly()';
}

/**
 * The device code for `call` when it calls a HAL method, else null. `arg` gives the device text
 * of an argument (already rewritten).
 * - `checker` is the checker of the program `call` is in; `ns` the device runtime's namespace in its file.
 */
export function deviceHalCall(checker: TS.TypeChecker, ns: string, call: TS.CallExpression, arg: (a: TS.Expression) => string): DeviceHalText | null {
  const m = halMethodOf(checker, call);
  if (m === null) return null;
  const refusal = halRefusal(m);
  const text = halCallText(ns, m, call.arguments.map(arg));
  return refusal === null ? { text } : { text, refusal };
}

/**
 * Whether a type is the board HAL (boards/hal.ts Hal): on the device it is not a value at all.
 * - `t` comes from the checker of a program that includes boards/hal.ts.
 */
export function isHalType(t: TS.Type): boolean {
  const sym = t.getSymbol() ?? t.aliasSymbol;
  const decl = sym?.declarations?.[0];
  if (decl === undefined || !ts.isInterfaceDeclaration(decl) || decl.name.text !== 'Hal') return false;
  return decl.getSourceFile().fileName.split(path.sep).join('/').endsWith('/' + HAL_INTERFACES.Hal);
}
