// The board HAL in a device build: a call of a Hal (boards/hal.ts) or BoardSensors method becomes
// the Espruino call itself, so a device bundle carries no HAL object and no board descriptor. Pin
// numbers are the ones hal.pin() handed out at build time, indexes into the bundle's PINS; serial
// port numbers index its PORTS. What only setup may do (naming pins, watching them, reading the
// board descriptor) is refused in code that runs on the device: setup runs at build time.

import path from 'node:path';
import ts from 'typescript';

const DNS = '__frugal';

/** The interfaces whose methods are the board HAL, by the file that declares them. */
const HAL_INTERFACES: { [name: string]: string } = { Hal: 'boards/hal.ts', BoardSensors: 'boards/hal.ts' };

const SETUP_ONLY = ['pin', 'watch', 'onSerial'];

export interface DeviceHalText {
  /** The device code for the call. */
  readonly text: string;
  /** Set when the call cannot run on the device: why. */
  readonly refusal?: string;
}

function halMethod(checker: ts.TypeChecker, call: ts.CallExpression): string | null {
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
 * The device code for `call` when it calls a HAL method, else null. `arg` gives the device text
 * of an argument (already rewritten).
 */
export function deviceHalCall(checker: ts.TypeChecker, call: ts.CallExpression, arg: (a: ts.Expression) => string): DeviceHalText | null {
  const m = halMethod(checker, call);
  if (m === null) return null;
  const a = call.arguments.map(arg);
  const pin = (i: number): string => DNS + '.PINS[' + a[i] + ']';
  switch (m) {
    case 'now': return { text: DNS + '.W[' + DNS + '.NOW]' };
    case 'digitalWrite': return { text: 'digitalWrite(' + pin(0) + ', ' + a[1] + ')' };
    case 'digitalRead': return { text: 'digitalRead(' + pin(0) + ')' };
    case 'analogRead': return { text: 'analogRead(' + pin(0) + ')' };
    case 'temperature': return { text: 'E.getTemperature()' };
    case 'light': return { text: 'Puck.light()' };
    case 'magnitude': return { text: DNS + '.magnitude()' };
    case 'serialPrint': return { text: DNS + '.PORTS[' + a[0] + '].write(' + a[1] + ')' };
    case 'serialWrite': return { text: DNS + '.serialWrite(' + a.join(', ') + ')' };
    default:
      // Reached on the device only through a helper that setup also uses: a fault there.
      return {
        text: DNS + '.setupOnly()',
        refusal: SETUP_ONLY.indexOf(m) >= 0 ? 'hal.' + m + '() in code that runs on the device (only setup may call it)' : 'hal.' + m + '() is not available on the device',
      };
  }
}

/** Whether a type is the board HAL (boards/hal.ts Hal): on the device it is not a value at all. */
export function isHalType(t: ts.Type): boolean {
  const sym = t.getSymbol() ?? t.aliasSymbol;
  const decl = sym?.declarations?.[0];
  if (decl === undefined || !ts.isInterfaceDeclaration(decl) || decl.name.text !== 'Hal') return false;
  return decl.getSourceFile().fileName.split(path.sep).join('/').endsWith('/' + HAL_INTERFACES.Hal);
}
