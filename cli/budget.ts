// An estimate of what a device bundle costs in Espruino variables beyond the executor's own
// footprint: its functions and module-level names (counted from the bundle's syntax tree) and the
// objects it makes at load and in setup (counted by walking them, in Node, after setup ran).
//
// The cost model follows ../shared/ESPRUINO.md: memory is a fixed number of blocks; an object is
// one block plus one name block per key (a small integer value lives in its name block), a small
// function about 3, an array one block per element plus the array, a typed array its bytes packed
// into blocks plus a few blocks of header. Code that runs from flash (frugal flash writes the
// bundle to Storage) keeps its text there; uploaded to RAM the text itself would take about one
// block per (bytesPerVariable - 3) characters, reported separately as codeVariables.
//
// It is an estimate, meant to catch a budget that clearly cannot fit; process.memory() on the
// board is the measurement.

import { parse } from 'acorn';
import type { AnyNode } from 'acorn';
import { VTABLES } from '../executor/abi.ts';
import type { Executor } from '../executor/executor.ts';
import type { BoardDescriptor } from '../boards/descriptors.ts';
import { deviceDescriptor, serialBaud } from '../boards/espruino/device-board.ts';
import { EspruinoHal, type EspruinoSerial } from '../boards/espruino/hal.ts';
import { Driver } from '../boards/espruino/driver.ts';

export interface ProgramEstimate {
  /** Variables for functions: ~3 each plus one per parameter. */
  functions: number;
  functionVariables: number;
  /** Names declared at the bundle's top level (and the literals they hold). */
  moduleNames: number;
  moduleVariables: number;
  /** Objects reachable after setup that the executor's footprint does not count. */
  objectVariables: number;
  variables: number;
  bytes: number;
  /** Extra variables if the code text were uploaded to RAM instead of run from flash. */
  codeVariables: number;
}

const FUNCTION_BLOCKS = 3;
const TYPED_HEADER_BLOCKS = 3;

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

function stringBlocks(s: string, charsPerBlock: number): number {
  return Math.max(1, Math.ceil(s.length / charsPerBlock));
}

// Blocks of a literal written at module level (its value is made once, at load).
function literalBlocks(node: AnyNode | null | undefined, charsPerBlock: number): number {
  if (!node) return 0;
  if (node.type === 'Literal') return typeof node.value === 'string' ? stringBlocks(node.value, charsPerBlock) : 0;
  if (node.type === 'ObjectExpression') {
    let n = 1;
    for (const p of node.properties) n += 1 + (p.type === 'Property' ? literalBlocks(p.value, charsPerBlock) : 0);
    return n;
  }
  if (node.type === 'ArrayExpression') {
    let n = 1;
    for (const e of node.elements) n += 1 + literalBlocks(e, charsPerBlock);
    return n;
  }
  return 0;
}

/** Function and top-level counts from the bundle's syntax tree. */
function codeCounts(code: string, charsPerBlock: number): { functions: number; functionVariables: number; moduleNames: number; moduleVariables: number } {
  const program = parse(code, { ecmaVersion: 5, sourceType: 'script' }) as AnyNode;
  // The bundle is one IIFE: its body's declarations are the module-level names, and the wrapper
  // function itself is garbage once it has run (its scope lives on through the closures).
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
  let functionVariables = 0;
  const visit = (node: AnyNode): void => {
    if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node !== wrapper) {
      functions++;
      functionVariables += FUNCTION_BLOCKS + node.params.length;
    }
    forEachChild(node, visit);
  };
  visit(program);
  let moduleNames = 0;
  let moduleVariables = 0;
  for (const s of body) {
    if (s.type === 'FunctionDeclaration') { moduleNames++; moduleVariables++; }
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations) { moduleNames++; moduleVariables += 1 + literalBlocks(d.init, charsPerBlock); }
    }
  }
  return { functions, functionVariables, moduleNames, moduleVariables };
}

/** Blocks of everything reachable from the roots, minus what the executor footprint already counts. */
function objectBlocks(roots: unknown[], counted: Set<unknown>, leaves: Set<unknown>, board: BoardDescriptor): number {
  const cpb = board.bytesPerVariable - 3;
  const seen = new Set<unknown>();
  let blocks = 0;
  const stack: unknown[] = roots.slice();
  const valueBlocks = (v: unknown): number => {
    if (typeof v === 'number') return (v | 0) === v ? 0 : 1;
    if (typeof v === 'string') return stringBlocks(v, cpb);
    return 0;
  };
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v) || leaves.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      if (!counted.has(v)) blocks += TYPED_HEADER_BLOCKS + Math.ceil(v.byteLength / board.bytesPerVariable);
      continue;
    }
    const own = counted.has(v) ? 0 : 1;
    blocks += own;
    const rec = v as Record<string, unknown>;
    for (const k of Object.keys(rec)) {
      const x = rec[k];
      if (own) blocks += 1 + valueBlocks(x);
      if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
  return blocks;
}

/** The executor's parts whose typed arrays and reference slots footprint() counts. */
function footprintParts(ex: Executor): Set<unknown> {
  const s = new Set<unknown>();
  const parts: object[] = [ex, ex.frames, ex.tasks, ex.words, ex.refs, ex.pool, ex.timers, ex.runQueue];
  for (const p of parts) {
    for (const v of Object.values(p as Record<string, unknown>)) {
      if (ArrayBuffer.isView(v)) s.add(v);
      else if (v !== null && typeof v === 'object' && (v as { ids?: unknown }).ids !== undefined) {
        for (const w of Object.values(v as Record<string, unknown>)) if (ArrayBuffer.isView(w)) s.add(w);
      }
    }
  }
  s.add(ex.r);
  s.add(ex.ar);
  s.add(ex.tasks.name);
  return s;
}

/**
 * The device HAL and driver the entry makes, built in Node with stand-ins for the firmware's
 * pin and serial objects (which are the firmware's, not the program's).
 */
function deviceObjects(board: BoardDescriptor, ex: Executor, pins: string[], ports: string[]): { roots: unknown[]; leaves: unknown[] } {
  const pinObjs = pins.map((n) => ({ firmwarePin: n }));
  const portObjs = ports.map((n) => ({ firmwareSerial: n }) as unknown as EspruinoSerial);
  const g = globalThis as { getTime?: () => number };
  const had = Object.prototype.hasOwnProperty.call(g, 'getTime');
  const prev = g.getTime;
  g.getTime = () => 0;
  try {
    const hal = new EspruinoHal(deviceDescriptor(board), pins.slice(), pinObjs, portObjs, serialBaud(board));
    const driver = new Driver(ex, hal);
    return { roots: [hal, driver], leaves: [...pinObjs, ...portObjs, ex] };
  } finally {
    if (had) g.getTime = prev;
    else delete g.getTime;
  }
}

/**
 * Estimates the program's variables. `ex` is the executor after the example's setup ran against
 * `buildHal` (which the walk skips: the device HAL is counted instead).
 */
export function estimateProgram(code: string, board: BoardDescriptor, ex: Executor, buildHal: unknown, pins: string[], ports: string[]): ProgramEstimate {
  const cpb = board.bytesPerVariable - 3;
  const c = codeCounts(code, cpb);
  const counted = footprintParts(ex);
  const dev = deviceObjects(board, ex, pins, ports);
  // Objects setup made hold the build's HAL; on the device they hold the EspruinoHal counted here.
  const leaves = new Set<unknown>([...dev.leaves, buildHal]);
  leaves.delete(ex);
  // VTABLES holds every vtable this Node process registered; the bundle registers only its own,
  // each recognisable by its name literal in the minified code.
  const bundled = VTABLES.filter((vt) => code.indexOf('name:' + JSON.stringify(vt.name)) >= 0);
  const objectVariables = objectBlocks([ex, bundled], counted, leaves, board) + objectBlocks(dev.roots, new Set(), new Set([...leaves, ex]), board);
  const variables = c.functionVariables + c.moduleVariables + objectVariables;
  return {
    functions: c.functions,
    functionVariables: c.functionVariables,
    moduleNames: c.moduleNames,
    moduleVariables: c.moduleVariables,
    objectVariables,
    variables,
    bytes: variables * board.bytesPerVariable,
    codeVariables: Math.ceil(Buffer.byteLength(code) / cpb),
  };
}
