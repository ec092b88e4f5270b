// What a device bundle costs in Espruino's blocks once loaded from Storage (code in flash), from
// its syntax tree and its memory image. Espruino's RAM is a fixed number of blocks; what a program
// takes is driven by how many functions and arrays exist, not by its code size:
//
//  - a function object costs FUNCTION blocks plus one per parameter (its code stays in flash);
//  - a name in a scope (a top-level var, a function's name) costs NAME blocks, and its value, when
//    it is a number too large for the name block or an object, costs more;
//  - a typed array costs TYPED_ARRAY blocks plus its bytes packed into blocks;
//  - a plain array or object costs ARRAY blocks plus one per element or key.
//
// The coefficients are fitted to Espruino's own interpreter (see README, "Measured on Espruino"):
// `frugal run --espruino` measures what this estimates, and a test keeps the two within 15%.

import { parse } from 'acorn';
import type { AnyNode } from 'acorn';
import type { BoardDescriptor } from '../boards/descriptors.ts';

export const FUNCTION = 6;
export const NAME = 1;
export const TYPED_ARRAY = 4;
export const ARRAY = 1;
/** Blocks Espruino itself holds before any program runs are not the program's: excluded. */

export interface DeviceCost {
  functions: number;
  functionBlocks: number;
  names: number;
  nameBlocks: number;
  /** W, the Float64Array all numbers live in. */
  memoryWords: number;
  memoryBlocks: number;
  /** Reference slots, pins, serial ports, rebuilt objects, closures made at start. */
  objectBlocks: number;
  blocks: number;
  /** Of the board's variables. */
  fraction: number;
}

function isNode(v: unknown): v is AnyNode {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function forEachChild(node: AnyNode, fn: (child: AnyNode) => void): void {
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') continue;
    if (Array.isArray(value)) for (const item of value) { if (isNode(item)) fn(item); }
    else if (isNode(value)) fn(value);
  }
}

/** Blocks of data bytes packed into a board's blocks (each keeps a few bytes of header). */
export function dataBlocks(bytes: number, board: BoardDescriptor): number {
  return Math.ceil(bytes / (board.bytesPerVariable - 3));
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
  const visit = (node: AnyNode): void => {
    if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node !== wrapper) {
      functions++;
      functionBlocks += FUNCTION + node.params.length;
    }
    forEachChild(node, visit);
  };
  visit(program);
  let names = 0;
  for (const s of body) {
    if (s.type === 'FunctionDeclaration') names++;
    if (s.type === 'VariableDeclaration') names += s.declarations.length;
  }
  const memoryBlocks = TYPED_ARRAY + dataBlocks(8 * words, board);
  const blocks = functionBlocks + names * NAME + memoryBlocks + objectBlocks;
  return {
    functions, functionBlocks, names, nameBlocks: names * NAME, memoryWords: words, memoryBlocks, objectBlocks, blocks,
    fraction: blocks / board.variables,
  };
}
