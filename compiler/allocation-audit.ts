// The allocation audit: every place in task code (the bodies of lowered async functions and the
// closures inside them) that may allocate at run time, with file:line, and nothing else. The
// lowering itself allocates nothing per await, and what it lowers away is not listed: a tuple
// `return [v, done]` travels in registers, `const [a, b] = await ...` reads them, select/join take
// futures, not arrays. Adapters that allocate frames (Boxing per call, CallerCachedBox once per
// calling task, Recycling on its first call and when calls overlap) are listed where they are
// made, in any audited file, task code or not: the allocation happens at the calls through them.

import path from 'node:path';
import ts from './typescript.ts';
import type * as TS from 'typescript';
import { allocationAt, checkerView, excerpt, FIX, isAssignmentTarget } from './allocation-check.ts';
import { fileUsesRuntime, isAsyncDecl, Lowering } from './lowering.ts';
import { createProgram } from './ts-program.ts';

export type AllocationKind =
  | 'object-literal'
  | 'array-literal'
  | 'closure'
  | 'string'
  | 'new'
  | 'spread'
  | 'array-copy'
  | 'array-growth'
  | 'from-promise'
  | 'boxing-adapter'
  | 'cached-box-adapter'
  | 'recycling-adapter'
  | 'board-call';

export interface AllocationSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly kind: AllocationKind;
  /** In which async function (or 'module' for adapters made outside one). */
  readonly where: string;
  /** The source text, shortened. */
  readonly text: string;
  /** What to write instead, where the audit knows (calls of the board's API and what is passed to them). */
  readonly fix?: string;
}

const ALLOCATING_ADAPTERS: { [name: string]: AllocationKind } = {
  Boxing: 'boxing-adapter',
  CallerCachedBox: 'cached-box-adapter',
  Recycling: 'recycling-adapter',
};

/** The module that declares the board's globals (boards/espruino-api.ts; its .d.ts in the published package). */
const BOARD_DECLARATIONS = /^espruino-api\.(?:d\.)?ts$/;

/** Calls of the board's API whose firmware makes something new each call, and what to do instead. */
const BOARD_CALL_FIX: { [api: string]: string } = {
  'Puck.accel': "stream the readings into a queue: boardEvents(ex, hal, 'Puck.accel', n)",
  'Puck.mag': "stream the readings into a queue: boardEvents(ex, hal, 'Puck.mag', n)",
  'Bangle.getAccel': "take the readings from a queue: boardEvents(ex, hal, 'Bangle.accel', n)",
  'Bangle.getCompass': "take the readings from a queue: boardEvents(ex, hal, 'Bangle.mag', n)",
};

/**
 * When `call` calls the board's API (declared in boards/espruino-api.ts) and what it returns is
 * made anew by the firmware (an object, an array, a string, a Promise: anything but a number, a
 * boolean or nothing), the API's name and what to do instead; else null. require('Storage')
 * returns the same module object each time.
 */
export function boardCallAllocation(checker: TS.TypeChecker, call: TS.CallExpression): { api: string; fix: string } | null {
  const sig = checker.getResolvedSignature(call);
  const decl = sig?.getDeclaration();
  if (decl === undefined || !BOARD_DECLARATIONS.test(path.basename(decl.getSourceFile().fileName))) return null;
  const callee = call.expression;
  if (ts.isIdentifier(callee) && callee.text === 'require') return null;
  const ret = checker.getReturnTypeOfSignature(sig!);
  const plain = (t: TS.Type): boolean => (t.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.Void | ts.TypeFlags.Undefined |
    ts.TypeFlags.Never)) !== 0;
  if (ret.isUnion() ? ret.types.every(plain) : plain(ret)) return null;
  const api = ts.isPropertyAccessExpression(callee) ? (ts.isIdentifier(callee.expression) ? callee.expression.text + '.' : '') + callee.name.text : callee.getText();
  const known = BOARD_CALL_FIX[api];
  const made = checker.typeToString(ret).replace(/<[^>]*>/g, '');
  return { api, fix: known ?? 'the firmware makes a new ' + made + ' at every call (freed once dropped): call it no more often than needed' };
}

/** The kind of an allocating adapter made by `n`, under its own name, an alias or a subclass's, or null. */
function adapterKind(l: Lowering, n: TS.NewExpression): AllocationKind | null {
  let t: TS.Type | undefined = l.checker.getTypeAtLocation(n);
  while (t !== undefined) {
    const name = t.getSymbol()?.name;
    if (name !== undefined && Object.prototype.hasOwnProperty.call(ALLOCATING_ADAPTERS, name)) return ALLOCATING_ADAPTERS[name];
    t = t.isClass() ? l.checker.getBaseTypes(t)[0] : undefined;
  }
  return null;
}

function isTupleReturn(l: Lowering, node: TS.ArrayLiteralExpression, fn: TS.FunctionLikeDeclaration): boolean {
  let p: TS.Node = node.parent;
  while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p)) p = p.parent;
  if (!ts.isReturnStatement(p) || !isAsyncDecl(fn)) return false;
  return l.signature(fn).result.kind === 'tuple';
}

/**
 * The places in `fileName` that may allocate at run time. `setupOnly`: a file only setup runs (a
 * helper making the program's adapters), where only the allocating adapters count.
 * - `fileName` is a file of l.program.
 */
export function auditFile(l: Lowering, fileName: string, setupOnly?: boolean): AllocationSite[] {
  const sf = l.program.getSourceFile(path.resolve(fileName));
  if (sf === undefined) throw new Error('audit: ' + fileName + ' is not part of the program');
  const view = checkerView(l.checker);
  const out: AllocationSite[] = [];
  const add = (node: TS.Node, kind: AllocationKind, where: string, fix?: string): void => {
    const pos = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    const site: AllocationSite = { file: sf.fileName, line: pos.line + 1, column: pos.character + 1, kind: kind, where: where, text: excerpt(node, sf) };
    out.push(fix === undefined ? site : { ...site, fix });
  };
  // An object or array built for a call of the board's API (NRF.setAdvertising(data, options)...).
  const argumentOfBoardCall = (n: TS.Node): boolean => {
    let p: TS.Node = n.parent;
    while (ts.isParenthesizedExpression(p) || ts.isArrayLiteralExpression(p) || ts.isPropertyAssignment(p) || ts.isObjectLiteralExpression(p)) p = p.parent;
    if (!ts.isCallExpression(p)) return false;
    const decl = l.checker.getResolvedSignature(p)?.getDeclaration();
    return decl !== undefined && BOARD_DECLARATIONS.test(path.basename(decl.getSourceFile().fileName));
  };

  const visitTask = (n: TS.Node, fn: TS.FunctionLikeDeclaration, where: string): void => {
    // The hot-code checker's classification (compiler/allocation-check.ts), with what only task
    // code has: tuples returned in registers, the allocating adapters, fromPromise, and a plain
    // array grown by an index write.
    let kind: AllocationKind | null = allocationAt(n, view);
    if (kind === 'new') kind = adapterKind(l, n as TS.NewExpression) ?? 'new';
    else if (kind === 'array-literal' && isTupleReturn(l, n as TS.ArrayLiteralExpression, fn)) kind = null;
    else if (kind === null && ts.isCallExpression(n)) {
      const target = l.resolveCall(n);
      if (target !== null && target.kind === 'prim' && target.prim.allocates !== undefined) kind = 'from-promise';
      else if (boardCallAllocation(l.checker, n) !== null) kind = 'board-call';
    } else if (kind === null && ts.isElementAccessExpression(n) && isAssignmentTarget(n) && view.isArray(n.expression)) {
      // a[i] = v may grow a plain array; typed arrays never grow.
      kind = 'array-growth';
    }
    let fix: string | undefined;
    if (kind === 'board-call') fix = boardCallAllocation(l.checker, n as TS.CallExpression)!.fix;
    else if ((kind === 'object-literal' || kind === 'array-literal') && argumentOfBoardCall(n)) {
      fix = 'built at every call: where the call repeats, make it once in setup, pass it to the task and update it in place (docs/board-api.md)';
    }
    if (kind !== null) add(n, kind, where, fix);
    n.forEachChild((ch) => visitTask(ch, fn, where));
  };

  // Async functions are task code only in a file that uses the runtime or is lowered; adapters are
  // looked for everywhere.
  const taskFile = setupOnly !== true && (fileUsesRuntime(l, sf) || l.asyncDecls(sf).length > 0);
  const visitModule = (n: TS.Node): void => {
    if (taskFile && isAsyncDecl(n)) {
      const name = (ts.isMethodDeclaration(n) && ts.isClassDeclaration(n.parent) && n.parent.name !== undefined ? n.parent.name.text + '.' : '') +
        (n.name !== undefined && ts.isIdentifier(n.name) ? n.name.text : 'anonymous');
      n.body!.forEachChild((ch) => visitTask(ch, n, name));
      return;
    }
    if (ts.isNewExpression(n)) {
      const kind = adapterKind(l, n);
      if (kind !== null) add(n, kind, 'module');
    }
    n.forEachChild(visitModule);
  };
  sf.forEachChild(visitModule);
  out.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}

/**
 * The audit of several files, with one lowering over all of them.
 * - The files exist; `lowering`, when given, has a program that includes them.
 */
export function auditFiles(files: readonly string[], lowering?: Lowering): AllocationSite[] {
  const l = lowering ?? new Lowering(createProgram(files));
  return files.flatMap((f) => auditFile(l, f));
}

const KIND_TEXT: { [k in AllocationKind]: string } = {
  'object-literal': 'object literal',
  'array-literal': 'new array',
  'closure': 'closure',
  'string': 'string building',
  'new': 'new object',
  'spread': 'spread arguments',
  'array-copy': 'array copy',
  'array-growth': 'array growth',
  'from-promise': 'fromPromise box',
  'boxing-adapter': 'Boxing adapter (allocates a frame per call)',
  'cached-box-adapter': 'CallerCachedBox adapter (allocates a frame once per calling task, again when one needs more room)',
  'recycling-adapter': 'Recycling adapter (allocates a frame on the first call, again when calls overlap or need more room)',
  'board-call': 'board call that returns a new object, array or string each call',
};

const NO_ALLOCATING_ADAPTER = 'place the frame with an adapter that does not allocate: ScratchOrPool, SideStack, Inline or MaxSpace (docs/adapters.md)';

const KIND_FIX: { [k in AllocationKind]: string } = {
  ...FIX,
  'from-promise': 'await a frugal future (a sleep, a channel, a signal, a dyn call) instead of a Promise',
  'boxing-adapter': NO_ALLOCATING_ADAPTER,
  'cached-box-adapter': NO_ALLOCATING_ADAPTER,
  'recycling-adapter': NO_ALLOCATING_ADAPTER,
  'board-call': 'call it no more often than needed: the firmware makes what it returns at every call',
};

/**
 * One line per site, with what to write instead, or one line saying there is none.
 * - Any sites, from auditFile or auditFiles.
 */
export function formatAudit(sites: readonly AllocationSite[]): string {
  if (sites.length === 0) return 'no allocation in task code';
  const cwd = process.cwd();
  return sites.map((s) => {
    const rel = path.relative(cwd, s.file);
    return (rel.startsWith('..') ? s.file : rel) + ':' + s.line + ':' + s.column + '  ' + KIND_TEXT[s.kind] + ' in ' + s.where + ': ' + s.text +
      '; fix: ' + (s.fix ?? KIND_FIX[s.kind]);
  }).join('\n');
}
