// What a device bundle costs in Espruino's blocks once loaded from Storage (code in flash), from
// its syntax tree and its memory image. Espruino's RAM is a fixed number of blocks; what a program
// takes is driven by how many functions and arrays exist, not by its code size:
//
//  - a function object costs FUNCTION blocks plus PARAM per parameter (its code stays in flash):
//    the object, its code's name and the code's reference into flash; made inside a function it
//    also keeps that function's scope (a callback: counted in WATCH and LISTENER);
//  - a function's name in the bundle's top scope, the board's root (bundler/top-level.ts), costs
//    NAME blocks, a variable's VAR_NAME with what its value holds beyond what is counted apart
//    (a string's text, an array's index names);
//  - a typed array costs TYPED_ARRAY blocks plus its bytes packed into blocks, and each class of
//    them the bundle names CLASS more, the constructor Espruino keeps in its root scope (but for
//    Float64Array where the bundle deletes it: bundler/builtin-roots.ts);
//  - a plain array or object costs ARRAY blocks plus one per element or key;
//  - a pin watch (setWatch) costs WATCH blocks and a port's data listener (`.on('data', ...)`)
//    LISTENER blocks besides their callback's function: Espruino's own records of them;
//  - the run loop's interval costs BASE blocks whatever the program.
//
// The coefficients are fitted to Espruino 2v29's own interpreter, a 32-bit build with a Puck.js's
// 2,630 variables of 13 bytes (README, "Measured on Espruino"), the bundle evaluated at the root
// scope as a board's `load()` does (bundler/espruino-run.ts): FUNCTION, PARAM, NAME and the typed
// array's are single objects measured alone; VAR_NAME and OBJECTS (what the image's objects hold
// per part counted: key names over 4 characters take 2 blocks) fitted over the ten examples and
// sensor-average (the twins run on bb2a240: within 12% of every one, blinky 73 against 70). `frugal run
// --espruino` measures what this estimates; the twins bench prints the estimate's distance from
// it for every example.

import { parse } from 'acorn';
import type { AnyNode } from 'acorn';
import { children } from './es5-ast.ts';
import { dropsFloat64Array } from './builtin-roots.ts';
import type { BoardDescriptor } from '../boards/descriptors.ts';

export const FUNCTION = 3;
export const PARAM = 1;
export const NAME = 1;
export const VAR_NAME = 3;
/** Measured: `new Uint8Array(4)` 11 blocks where the class was not named before, 3 where it was. */
export const CLASS = 8;
export const OBJECTS = 1.2;
export const TYPED_ARRAY = 4;
export const ARRAY = 1;
/** The interval (its timer record, 8 blocks measured alone) and the name `frugal` W is shown as. */
export const BASE = 7;
/**
 * Measured on the Puck.js-geometry build, made inside a function as the runtime makes them:
 * `setWatch(function (v) {...}, D5, { repeat: true, edge: 'both', debounce: 25 })` takes 22 blocks,
 * `LoopbackA.on('data', function (d) {...})` 12, of which the callback's function object is
 * FUNCTION + PARAM; the rest is the function's scope it keeps and Espruino's record.
 */
export const WATCH = 18;
export const LISTENER = 8;

export interface DeviceCost {
  functions: number;
  functionBlocks: number;
  names: number;
  nameBlocks: number;
  /** W, the Float64Array all numbers live in. */
  memoryWords: number;
  memoryBlocks: number;
  /** Reference slots, pins, serial ports, rebuilt objects, closures made at start, pin watches and port listeners. */
  objectBlocks: number;
  blocks: number;
  /** Of the board's variables. */
  fraction: number;
}

/** Blocks of a typed array's or string's data: packed whole into a board's blocks. */
export function dataBlocks(bytes: number, board: BoardDescriptor): number {
  return Math.ceil(bytes / board.bytesPerVariable);
}

/**
 * The estimate for a bundle: `words` of W, `refSlots` reference slots holding `objectBlocks`
 * blocks of rebuilt objects (shared records, buffers).
 */
export function estimateDeviceCost(code: string, board: BoardDescriptor, words: number, objectBlocks: number): DeviceCost {
  const program = parse(code, { ecmaVersion: 5, sourceType: 'script' }) as AnyNode;
  let body: AnyNode[] = program.type === 'Program' ? (program.body as AnyNode[]) : [];
  let wrapper: AnyNode | null = null;
  const first = body[0];
  if (body.length === 1 && first.type === 'ExpressionStatement') {
    let call: AnyNode = first.expression;
    if (call.type === 'UnaryExpression') call = call.argument;
    if (call.type === 'CallExpression' && call.callee.type === 'FunctionExpression') {
      wrapper = call.callee;
      body = call.callee.body.body as AnyNode[];
    }
  }
  let functions = 0;
  let functionBlocks = 0;
  let hookBlocks = 0;
  const classes = new Set<string>();
  const visit = (node: AnyNode): void => {
    if (node.type === 'NewExpression' && node.callee.type === 'Identifier' && /^(Ui|I|Fl)\w*Array$/.test(node.callee.name)) classes.add(node.callee.name);
    if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node !== wrapper) {
      functions++;
      functionBlocks += FUNCTION + PARAM * node.params.length;
    }
    if (node.type === 'CallExpression') {
      const callee = node.callee;
      const first = node.arguments[0];
      if (callee.type === 'Identifier' && callee.name === 'setWatch') hookBlocks += WATCH;
      if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && callee.property.name === 'on' &&
        first !== undefined && first.type === 'Literal' && first.value === 'data') hookBlocks += LISTENER;
    }
    for (const [child] of children(node)) visit(child);
  };
  visit(program);
  let functionNames = 0;
  let varNames = 0;
  for (const s of body) {
    if (s.type === 'FunctionDeclaration') functionNames++;
    if (s.type === 'VariableDeclaration') varNames += s.declarations.length;
  }
  const names = functionNames + varNames;
  const memoryBlocks = TYPED_ARRAY + dataBlocks(8 * words, board);
  const nameBlocks = Math.round(functionNames * NAME + varNames * VAR_NAME);
  const fb = Math.round(functionBlocks);
  if (dropsFloat64Array(code)) classes.delete('Float64Array');
  const objects = Math.round(OBJECTS * objectBlocks) + hookBlocks + CLASS * classes.size;
  const blocks = BASE + fb + nameBlocks + memoryBlocks + objects;
  return { functions, functionBlocks: fb, names, nameBlocks, memoryWords: words, memoryBlocks, objectBlocks: objects, blocks, fraction: blocks / board.variables };
}
