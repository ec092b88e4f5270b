// The allocation audit: every place in task code (the bodies of lowered async functions and the
// closures inside them) that may allocate at run time, with file:line, and nothing else. The
// lowering itself allocates nothing per await, and what it lowers away is not listed: a tuple
// `return [v, done]` travels in registers, `const [a, b] = await ...` reads them, select/join take
// futures, not arrays. Adapters that allocate frames (Boxing per call, CallerCachedBox once per
// calling task, Recycling on its first call and when calls overlap) are listed where they are
// made, in any audited file, task code or not: the allocation happens at the calls through them.

import path from 'node:path';
import ts from 'typescript';
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
  | 'recycling-adapter';

export interface AllocationSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly kind: AllocationKind;
  /** In which async function (or 'module' for adapters made outside one). */
  readonly where: string;
  /** The source text, shortened. */
  readonly text: string;
}

const ALLOCATING_ADAPTERS: { [name: string]: AllocationKind } = {
  Boxing: 'boxing-adapter',
  CallerCachedBox: 'cached-box-adapter',
  Recycling: 'recycling-adapter',
};

/** The kind of an allocating adapter made by `n`, under its own name, an alias or a subclass's, or null. */
function adapterKind(l: Lowering, n: ts.NewExpression): AllocationKind | null {
  let t: ts.Type | undefined = l.checker.getTypeAtLocation(n);
  while (t !== undefined) {
    const name = t.getSymbol()?.name;
    if (name !== undefined && Object.prototype.hasOwnProperty.call(ALLOCATING_ADAPTERS, name)) return ALLOCATING_ADAPTERS[name];
    t = t.isClass() ? l.checker.getBaseTypes(t)[0] : undefined;
  }
  return null;
}

function isTupleReturn(l: Lowering, node: ts.ArrayLiteralExpression, fn: ts.FunctionLikeDeclaration): boolean {
  let p: ts.Node = node.parent;
  while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p)) p = p.parent;
  if (!ts.isReturnStatement(p) || !isAsyncDecl(fn)) return false;
  return l.signature(fn).result.kind === 'tuple';
}

/**
 * The places in `fileName` that may allocate at run time. `setupOnly`: a file only setup runs (a
 * helper making the program's adapters), where only the allocating adapters count.
 */
export function auditFile(l: Lowering, fileName: string, setupOnly?: boolean): AllocationSite[] {
  const sf = l.program.getSourceFile(path.resolve(fileName));
  if (sf === undefined) throw new Error('audit: ' + fileName + ' is not part of the program');
  const view = checkerView(l.checker);
  const out: AllocationSite[] = [];
  const add = (node: ts.Node, kind: AllocationKind, where: string): void => {
    const pos = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.push({ file: sf.fileName, line: pos.line + 1, column: pos.character + 1, kind: kind, where: where, text: excerpt(node, sf) });
  };

  const visitTask = (n: ts.Node, fn: ts.FunctionLikeDeclaration, where: string): void => {
    // The hot-code checker's classification (compiler/allocation-check.ts), with what only task
    // code has: tuples returned in registers, the allocating adapters, fromPromise, and a plain
    // array grown by an index write.
    let kind: AllocationKind | null = allocationAt(n, view);
    if (kind === 'new') kind = adapterKind(l, n as ts.NewExpression) ?? 'new';
    else if (kind === 'array-literal' && isTupleReturn(l, n as ts.ArrayLiteralExpression, fn)) kind = null;
    else if (kind === null && ts.isCallExpression(n)) {
      const target = l.resolveCall(n);
      if (target !== null && target.kind === 'prim' && target.prim.allocates !== undefined) kind = 'from-promise';
    } else if (kind === null && ts.isElementAccessExpression(n) && isAssignmentTarget(n) && view.isArray(n.expression)) {
      // a[i] = v may grow a plain array; typed arrays never grow.
      kind = 'array-growth';
    }
    if (kind !== null) add(n, kind, where);
    n.forEachChild((ch) => visitTask(ch, fn, where));
  };

  // Async functions are task code only in a file that uses the runtime or is lowered; adapters are
  // looked for everywhere.
  const taskFile = setupOnly !== true && (fileUsesRuntime(l, sf) || l.asyncDecls(sf).length > 0);
  const visitModule = (n: ts.Node): void => {
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
};

const NO_ALLOCATING_ADAPTER = 'place the frame with an adapter that does not allocate: ScratchOrPool, SideStack, Inline or MaxSpace (docs/adapters.md)';

const KIND_FIX: { [k in AllocationKind]: string } = {
  ...FIX,
  'from-promise': 'await a frugal future (a sleep, a channel, a signal, a dyn call) instead of a Promise',
  'boxing-adapter': NO_ALLOCATING_ADAPTER,
  'cached-box-adapter': NO_ALLOCATING_ADAPTER,
  'recycling-adapter': NO_ALLOCATING_ADAPTER,
};

/** One line per site, with what to write instead, or one line saying there is none. */
export function formatAudit(sites: readonly AllocationSite[]): string {
  if (sites.length === 0) return 'no allocation in task code';
  const cwd = process.cwd();
  return sites.map((s) => {
    const rel = path.relative(cwd, s.file);
    return (rel.startsWith('..') ? s.file : rel) + ':' + s.line + ':' + s.column + '  ' + KIND_TEXT[s.kind] + ' in ' + s.where + ': ' + s.text +
      '; fix: ' + KIND_FIX[s.kind];
  }).join('\n');
}
