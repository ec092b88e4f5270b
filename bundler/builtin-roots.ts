// The first time code names one of Espruino's built-in classes (`new Float64Array(n)`), the
// interpreter keeps the class in its root scope: the constructor, its `prototype` object and the
// names of both and of `constructor`, 7 blocks (measured on the Puck.js-geometry build: 82 -> 75
// blocks after `delete global.Float64Array`) that stay for as long as the board runs. The
// constructor is found again at the next mention, so a bundle that names the class only while it
// loads (W, the starting state's typed arrays) can drop it once loaded.
//
// Dropped: Float64Array, the class every bundle names, when every mention of it is in the
// bundle's own top level (the load). A mention inside a function (a task making an array, a
// Boxing adapter's frames) keeps it: the model of Espruino (simulator/) runs the bundle in an
// engine where a deleted global is gone for good, so what a board would make again the model
// could not, and the class stays.

import { parse } from 'acorn';
import type { AnyNode } from 'acorn';
import { children, iifeOf, isFunction, referenceKind } from './es5-ast.ts';

const CLASS = 'Float64Array';
const DROP = ';delete global.' + CLASS;

/** Whether `code`, a device bundle, drops Float64Array's root entry once loaded (for the estimate: bundler/device-cost.ts). */
export function dropsFloat64Array(code: string): boolean {
  return code.indexOf(DROP) >= 0;
}

/**
 * The bundle with `delete global.Float64Array` as the last statement of its load, when every
 * mention of the class is in the load; else the bundle unchanged.
 * - `code` is a minified device bundle: one IIFE (device-passes.ts), whose top level is the load.
 */
export function dropBuiltinRoots(code: string): string {
  const program = parse(code, { ecmaVersion: 5, sourceType: 'script' }) as AnyNode;
  const iife = iifeOf(program);
  if (iife === null || iife.type !== 'FunctionExpression') return code;
  let atLoad = 0;
  let inFunctions = 0;
  const visit = (n: AnyNode, parent: AnyNode, key: string, nested: boolean): void => {
    if (n.type === 'Identifier' && n.name === CLASS && referenceKind(parent, key) !== 'none') {
      if (nested) inFunctions++;
      else atLoad++;
    }
    for (const [child, childKey] of children(n)) visit(child, n, childKey, nested || isFunction(n));
  };
  for (const [child, childKey] of children(iife.body)) visit(child, iife.body, childKey, false);
  if (atLoad === 0 || inFunctions > 0) return code;
  const end = iife.body.end - 1;
  return code.slice(0, end) + DROP + code.slice(end);
}
