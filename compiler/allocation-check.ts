// The static no-allocation check: code that runs per poll, per call and per wake must build no
// object, array, closure or string, because Espruino pays a block (or several) for each one while
// V8's escape analysis hides a temporary that does not escape, so a measurement on the host cannot
// see it. The rule for what is hot is in docs/compiler.md ("What runs hot"): in a hot file, every
// function body is hot except constructors, module top level, error paths (a `throw` statement's
// expression, the arguments of a call to a function that never returns, a function that only
// throws or builds an Error) and a function marked on the line above it `// setup: <why>`,
// `// error path: <why>` or `// allocates: <why>` (a strategy that allocates by design and counts it). `frugal audit` classifies task code with the same `allocationAt`.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from './typescript.ts';
import type * as TS from 'typescript';
import { createProgram } from './ts-program.ts';

export type HotAllocationKind = 'object-literal' | 'array-literal' | 'closure' | 'new' | 'string' | 'spread' | 'array-copy' | 'array-growth';

export interface HotAllocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly kind: HotAllocationKind;
  /** The function it is in. */
  readonly where: string;
  /** The source text, shortened. */
  readonly text: string;
  /** What to write instead. */
  readonly fix: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Folders all of whose files run per poll, call or wake, except the COLD ones. */
export const HOT_FOLDERS: readonly string[] = ['executor', 'primitives', 'adapters', 'device'];

/** Hot files outside those folders: the host lowering's runtime helpers and the board sources tasks await. */
const HOT_EXTRA: readonly string[] = ['tasks/lowered.ts', 'tasks/lowered-dyn.ts', 'boards/pin-edge.ts', 'boards/serial-lines.ts',
  'boards/serial-stream.ts', 'boards/board-events.ts'];

/** Files in the hot folders that are not hot, and why. */
export const COLD_FILES: { readonly [file: string]: string } = {
  'executor/config.ts': 'validates a config before anything is allocated: set-up',
  'executor/errors.ts': 'builds errors: error paths',
  'executor/messages.ts': 'the message catalog: error text, host only',
  'executor/telemetry.ts': 'the budget report, built on demand',
  'adapters/boxing.ts': 'allocates a frame per call by design; frugal audit lists each one a program makes',
  'adapters/caller-cached-box.ts': 'allocates once per calling task by design; frugal audit lists each one',
  'adapters/recycling.ts': 'allocates on the first and on overlapping calls by design; frugal audit lists each one',
  'adapters/frame-cache.ts': 'the heap frame the two caching adapters above allocate',
  'adapters/from-promise.ts': 'boxes a Promise by design; frugal audit lists each fromPromise',
};

/**
 * The hot files under `root` (the repository): every .ts file of the hot folders but the cold ones, and the extras.
 * - `root` is a checkout of frugal (its folders as the repository has them).
 */
export function hotFiles(root: string = ROOT): string[] {
  const out: string[] = [];
  for (const dir of HOT_FOLDERS) {
    for (const f of readdirSync(path.join(root, dir)).sort()) {
      const rel = dir + '/' + f;
      if (f.endsWith('.ts') && COLD_FILES[rel] === undefined) out.push(path.join(root, rel));
    }
  }
  return out.concat(HOT_EXTRA.map((f) => path.join(root, f)));
}

const ARRAY_COPYING = ['slice', 'concat', 'map', 'filter', 'reverse', 'sort', 'splice', 'split', 'join', 'keys', 'values', 'entries',
  'flat', 'flatMap', 'from', 'of', 'subarray', 'fill'];
const ARRAY_GROWING = ['push', 'unshift'];
const STRING_BUILDING = ['toString', 'toFixed', 'toUpperCase', 'toLowerCase', 'substring', 'substr', 'trim', 'replace', 'padStart',
  'padEnd', 'repeat', 'charAt', 'fromCharCode', 'toISOString', 'stringify'];

/** What to write instead of each kind of allocation (the audit gives the same fixes). */
export const FIX: { readonly [k in HotAllocationKind]: string } = {
  'object-literal': 'keep the fields in the frame words or a typed array made at set-up, or return them in the result registers',
  'array-literal': 'use a typed array or reference slots made once at set-up, or pass the values as separate arguments',
  'closure': 'make the function once at module level or in the constructor and pass what it needs as arguments',
  'new': 'make the object once in the constructor or at set-up and reuse it',
  'string': 'print the pieces one by one (printNumber, serialPrint of a constant) or build the text on an error path only',
  'spread': 'pass the arguments one by one, or copy into a typed array made at set-up',
  'array-copy': 'loop over the array in place, or copy into a typed array made at set-up',
  'array-growth': 'give the array its full size at set-up (or use a typed array) and write by index',
};

/** What the checker needs of types; without a checker, strings are recognised by their literals. */
export interface TypeView {
  isString(n: TS.Node): boolean;
  isArray(n: TS.Node): boolean;
  /** The call's target never returns (its return type is `never`): an error path. */
  neverReturns(call: TS.CallExpression): boolean;
}

/** Syntax only: a literal operand marks a string; `fail(...)` and `__frugal.fail(...)` never return. */
export const SYNTAX_ONLY: TypeView = {
  isString: (n) => ts.isStringLiteralLike(n) || ts.isTemplateExpression(n) ||
    (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken && (SYNTAX_ONLY.isString(n.left) || SYNTAX_ONLY.isString(n.right))),
  isArray: (n) => ts.isArrayLiteralExpression(n),
  neverReturns: (call) => {
    const c = call.expression;
    return (ts.isIdentifier(c) && c.text === 'fail') || (ts.isPropertyAccessExpression(c) && c.name.text === 'fail');
  },
};

/**
 * The type questions answered by a program's checker, for code the program holds.
 * - `c` is the checker of the program the checked files are in.
 */
export function checkerView(c: TS.TypeChecker): TypeView {
  return {
    isString: (n) => (c.getTypeAtLocation(n).flags & ts.TypeFlags.StringLike) !== 0,
    isArray: (n) => c.isArrayType(c.getTypeAtLocation(n)) || c.isTupleType(c.getTypeAtLocation(n)),
    neverReturns: (call) => {
      const sig = c.getResolvedSignature(call);
      return sig !== undefined && (c.getReturnTypeOfSignature(sig).flags & ts.TypeFlags.Never) !== 0;
    },
  };
}

/**
 * `node` is written by a plain `=` (a destructuring pattern or an element write).
 * - `node` is from a source file with parent pointers.
 */
export function isAssignmentTarget(node: TS.Node): boolean {
  const p = node.parent;
  return ts.isBinaryExpression(p) && p.left === node && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

function isConcat(n: TS.Node): n is TS.BinaryExpression {
  return ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.PlusToken || n.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken);
}

/**
 * The allocation `n` itself makes at run time, or null. One site per construct: a chain of string
 * `+` is reported at its outermost `+`, a destructuring pattern (an assignment's target) is none.
 * - `t` answers type questions for the file `n` is in (checkerView, or SYNTAX_ONLY for text without types).
 */
export function allocationAt(n: TS.Node, t: TypeView): HotAllocationKind | null {
  if (ts.isObjectLiteralExpression(n)) return isAssignmentTarget(n) ? null : 'object-literal';
  if (ts.isArrayLiteralExpression(n)) return isAssignmentTarget(n) ? null : 'array-literal';
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) return 'closure';
  if (ts.isFunctionDeclaration(n) && !ts.isSourceFile(n.parent) && !ts.isModuleBlock(n.parent)) return 'closure';
  if (ts.isNewExpression(n)) return 'new';
  if (ts.isTemplateExpression(n)) return 'string';
  if (ts.isSpreadElement(n) && !ts.isArrayLiteralExpression(n.parent)) return 'spread';
  if (isConcat(n) && (t.isString(n.left) || t.isString(n.right))) {
    const p = n.parent;
    return isConcat(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken && p.left === n && t.isString(p) ? null : 'string';
  }
  if (ts.isCallExpression(n)) {
    const callee = n.expression;
    if (ts.isIdentifier(callee) && callee.text === 'String') return 'string';
    if (!ts.isPropertyAccessExpression(callee)) return null;
    const m = callee.name.text;
    const on = callee.expression;
    const arrayish = t.isArray(on) || (ts.isIdentifier(on) && on.text === 'Array');
    if (arrayish && ARRAY_GROWING.indexOf(m) >= 0) return 'array-growth';
    if (arrayish && ARRAY_COPYING.indexOf(m) >= 0) return 'array-copy';
    if (m === 'subarray' || (m === 'from' && ts.isIdentifier(on) && /Array$/.test(on.text))) return 'array-copy';
    if (STRING_BUILDING.indexOf(m) >= 0 && !(m === 'fill')) return 'string';
    if (t.isString(on) && (m === 'slice' || m === 'concat' || m === 'split')) return m === 'split' ? 'array-copy' : 'string';
  }
  return null;
}

/**
 * The source text of `node` on one line, shortened, for a report.
 * - `node` is in `sf`.
 */
export function excerpt(node: TS.Node, sf: TS.SourceFile): string {
  const s = node.getText(sf).replace(/\s+/g, ' ');
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** The marker on the line above a function: `// setup: <why>`, `// error path: <why>` or `// allocates: <why>`. */
function marker(fn: TS.Node, sf: TS.SourceFile): string | null {
  const ranges = ts.getLeadingCommentRanges(sf.text, fn.getFullStart()) ?? [];
  for (const r of ranges) {
    const m = /^\/\/\s*(setup|allocates|error path):\s*(\S.*)$/.exec(sf.text.slice(r.pos, r.end));
    if (m !== null) return m[1];
  }
  return null;
}

type FunctionNode = TS.FunctionLikeDeclaration;

function isFunction(n: TS.Node): n is FunctionNode {
  return ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) ||
    ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n) || ts.isConstructorDeclaration(n);
}

/** An error builder: declared to return `never` or an Error type, or its body is one `throw` or one `return new ...Error`. */
function buildsError(fn: FunctionNode): boolean {
  const declared = fn.type;
  if (declared !== undefined && (declared.kind === ts.SyntaxKind.NeverKeyword ||
    (ts.isTypeReferenceNode(declared) && ts.isIdentifier(declared.typeName) && /Error$/.test(declared.typeName.text)))) return true;
  const body = fn.body;
  if (body === undefined || !ts.isBlock(body) || body.statements.length !== 1) return false;
  const last = body.statements[0];
  if (ts.isThrowStatement(last)) return true;
  return ts.isReturnStatement(last) && last.expression !== undefined && ts.isNewExpression(last.expression) &&
    ts.isIdentifier(last.expression.expression) && /Error$/.test(last.expression.expression.text);
}

function functionName(fn: FunctionNode, sf: TS.SourceFile): string {
  const own = fn.name !== undefined && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name)) ? fn.name.text : null;
  const cls = fn.parent !== undefined && ts.isClassLike(fn.parent) && fn.parent.name !== undefined ? fn.parent.name.text + '.' : '';
  if (own !== null) return cls + own;
  if (ts.isConstructorDeclaration(fn)) return cls + 'constructor';
  const p = fn.parent;
  if (ts.isPropertyAssignment(p) || ts.isVariableDeclaration(p)) return p.name.getText(sf);
  return 'function at line ' + (sf.getLineAndCharacterOfPosition(fn.getStart(sf)).line + 1);
}

/**
 * Every allocation in the functions of one source file that the rule does not exempt.
 * - `t` answers type questions for `sf`.
 */
export function checkSourceFile(sf: TS.SourceFile, t: TypeView): HotAllocation[] {
  const out: HotAllocation[] = [];
  const visit = (n: TS.Node, where: string | null): void => {
    if (ts.isThrowStatement(n)) return;
    if (ts.isCallExpression(n) && where !== null && t.neverReturns(n)) return;
    if (where !== null) {
      const kind = allocationAt(n, t);
      if (kind !== null) {
        const pos = sf.getLineAndCharacterOfPosition(n.getStart(sf));
        out.push({ file: sf.fileName, line: pos.line + 1, column: pos.character + 1, kind, where, text: excerpt(n, sf), fix: FIX[kind] });
      }
    }
    if (isFunction(n)) {
      // A closure found in hot code was reported above; its body is reported as part of it only.
      if (where !== null) return;
      const exempt = ts.isConstructorDeclaration(n) || marker(n, sf) !== null || buildsError(n);
      if (!exempt) n.body?.forEachChild((ch) => visit(ch, functionName(n, sf)));
      else n.body?.forEachChild(visitNested);
      return;
    }
    n.forEachChild((ch) => visit(ch, where));
  };
  // Functions nested in exempt code (a constructor's callbacks, module top level) are checked on their own.
  const visitNested = (n: TS.Node): void => {
    if (isFunction(n)) { visit(n, null); return; }
    n.forEachChild(visitNested);
  };
  sf.forEachChild((ch) => visit(ch, null));
  out.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}

/**
 * Checks `files` (default: the repository's hot files) with the project's types.
 * - The files exist and type-check with the project's options.
 */
export function checkHotFiles(files: readonly string[] = hotFiles()): HotAllocation[] {
  const program = createProgram(files);
  const view = checkerView(program.getTypeChecker());
  return files.flatMap((f) => {
    const sf = program.getSourceFile(path.resolve(f));
    if (sf === undefined) throw new Error('allocation check: ' + f + ' is not a file the TypeScript program could read; fix the path');
    return checkSourceFile(sf, view);
  });
}

/**
 * Counts per kind, for comparing a lowered file with its source.
 * - Any findings.
 */
export function countKinds(found: readonly HotAllocation[]): { [k in HotAllocationKind]?: number } {
  const n: { [k in HotAllocationKind]?: number } = {};
  for (const f of found) n[f.kind] = (n[f.kind] ?? 0) + 1;
  return n;
}

/**
 * One line per finding: `file:line:column  kind in where: text; fix: ...`, paths relative to `base`.
 * - `base` is the folder paths are shown relative to.
 */
export function formatHotAllocations(found: readonly HotAllocation[], base: string = process.cwd()): string {
  if (found.length === 0) return 'no allocation in hot code';
  return found.map((f) => path.relative(base, f.file) + ':' + f.line + ':' + f.column + '  ' + f.kind + ' in ' + f.where + ': ' + f.text +
    '; fix: ' + f.fix).join('\n');
}

/**
 * What identifies a construct across the lowering, which renames variables (`x` becomes `$3_x` or
 * a frame word), rewrites board calls in a device build and copies a finally block into the drop
 * function: its kind, its string literals and the keys of the object literals in it.
 */
function signature(f: HotAllocation, sf: TS.SourceFile, node: TS.Node): string {
  const parts: string[] = [f.kind];
  const visit = (n: TS.Node): void => {
    if (ts.isStringLiteralLike(n)) parts.push(JSON.stringify(n.text));
    else if (ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n)) parts.push(n.name.getText(sf) + ':');
    n.forEachChild(visit);
  };
  visit(node);
  return parts.join(' ');
}

function nodeAt(sf: TS.SourceFile, f: HotAllocation): TS.Node {
  const pos = sf.getPositionOfLineAndCharacter(f.line - 1, f.column - 1);
  let found: TS.Node = sf;
  const visit = (n: TS.Node): void => {
    if (n.getStart(sf) === pos && allocationAt(n, SYNTAX_ONLY) === f.kind) found = n;
    else if (n.getStart(sf) <= pos && pos < n.end) n.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return found;
}

/**
 * What the lowering added: the allocations in the functions of `loweredText` (the lowered form of
 * `source`) that match no allocation in the source's own functions by kind, string literals and
 * object keys. Types are not known for lowered text, so both sides are read by syntax alone.
 * - `loweredText` is lowerFile's text for `source` (either target).
 */
export function loweringAllocations(source: TS.SourceFile, loweredText: string): HotAllocation[] {
  const lowered = ts.createSourceFile(source.fileName, loweredText, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const reparsed = ts.createSourceFile(source.fileName, source.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const known: { [sig: string]: true } = {};
  for (const f of checkSourceFile(reparsed, SYNTAX_ONLY)) known[signature(f, reparsed, nodeAt(reparsed, f))] = true;
  return checkSourceFile(lowered, SYNTAX_ONLY).filter((f) => known[signature(f, lowered, nodeAt(lowered, f))] !== true);
}
