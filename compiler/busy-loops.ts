// Loops in task code that can never give the other tasks a turn: a task runs until it awaits
// something that suspends, so a loop that never awaits and that nothing leaves keeps the whole
// board (every other task, its timers, pin and serial callbacks) waiting for ever. The build warns
// on each (bundler/device-bundle.ts), and a simulated run that finds a task stuck in one names it
// (program/device-run.ts). A loop is reported when all of these hold:
//
//  - it is a for, while or do-while loop of an async function of the program (for...of and
//    for...in end with what they walk);
//  - nothing in it awaits, or only awaits that never suspend: a call of an async function whose
//    device form never suspends (it runs as a plain call), or sleep() of a literal time <= 0;
//  - nothing leaves it: no return, no break out of it, no continue or break to a label outside it
//    (a throw ends the task, as a fault, and is not counted as a way out);
//  - its condition is always true (left out, `true`, a non-zero number), or nothing can change it:
//    the condition, the body and the update assign nothing and call nothing, so a loop that
//    starts keeps going (a spin on a flag set by an interrupt, which cannot run meanwhile).
//
// Other loops may be slow without being endless (a long computation, a loop that awaits only on
// some paths); the simulator stops any callback that runs too long (simulator/v8-engine.ts
// callbackLimitMs) whatever its cause.

import path from 'node:path';
import ts from 'typescript';
import { isFunctionLike, isLoop, skipOuter, type AsyncDecl } from './ast.ts';
import { functionName, otherPackage, type Lowering } from './lowering.ts';

export interface BusyLoop {
  /** The async function the loop is in, as functionName gives it. */
  readonly fn: string;
  readonly decl: AsyncDecl;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The loop's head as written, shortened: `for (;;)`, `while (flag.st[0] === 0)`. */
  readonly head: string;
  /** Why it cannot end: its condition is always true, or nothing in the loop can change it. */
  readonly why: 'always true' | 'unchanging';
}

/** Whether an await in a device build can suspend: a call of an async function that never does, or sleep(<= 0), cannot. */
function awaitSuspends(l: Lowering, e: ts.AwaitExpression): boolean {
  const x = skipOuter(e.expression);
  if (!ts.isCallExpression(x)) return true;
  const target = l.resolveCall(x);
  if (target === null) return true;
  if (target.kind === 'prim') {
    if (target.prim.name !== 'sleep' || x.arguments.length !== 1) return true;
    const a = skipOuter(x.arguments[0]);
    return !(ts.isNumericLiteral(a) && Number(a.text) <= 0);
  }
  if (l.target !== 'device') return true;
  try {
    return l.lowerFunction(target.decl).device?.now === null;
  } catch {
    return true;
  }
}

function walk(n: ts.Node, f: (c: ts.Node) => boolean | void): void {
  n.forEachChild((c) => {
    if (isFunctionLike(c)) return;
    if (f(c) !== false) walk(c, f);
  });
}

function labelsInside(loop: ts.Node): Set<string> {
  const out = new Set<string>();
  walk(loop, (c) => { if (ts.isLabeledStatement(c)) out.add(c.label.text); });
  return out;
}

/** Whether something inside the loop leaves it: return, or break/continue out of it. */
function leaves(loop: ts.IterationStatement): boolean {
  const inner = labelsInside(loop);
  // `continue own` goes round this loop again: it does not leave it.
  const own = ts.isLabeledStatement(loop.parent) ? loop.parent.label.text : null;
  let out = false;
  const visit = (n: ts.Node, nested: number, inSwitch: number): void => {
    n.forEachChild((c) => {
      if (out || isFunctionLike(c)) return;
      if (ts.isReturnStatement(c)) out = true;
      else if (ts.isBreakStatement(c) || ts.isContinueStatement(c)) {
        if (c.label !== undefined) {
          if (!inner.has(c.label.text) && !(ts.isContinueStatement(c) && c.label.text === own)) out = true;
        } else if (ts.isBreakStatement(c) && nested === 0 && inSwitch === 0) {
          out = true;
        }
      }
      visit(c, nested + (isLoop(c) ? 1 : 0), inSwitch + (ts.isSwitchStatement(c) && nested === 0 ? 1 : 0));
    });
  };
  visit(loop.statement, 0, 0);
  return out;
}

function alwaysTrue(cond: ts.Expression | undefined): boolean {
  if (cond === undefined) return true;
  const c = skipOuter(cond);
  if (c.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (ts.isNumericLiteral(c)) return Number(c.text) !== 0;
  if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) {
    const o = skipOuter(c.operand);
    return ts.isNumericLiteral(o) && Number(o.text) === 0 || o.kind === ts.SyntaxKind.FalseKeyword;
  }
  return false;
}

const WRITES = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.EqualsToken, ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.PercentEqualsToken, ts.SyntaxKind.AmpersandEqualsToken, ts.SyntaxKind.BarEqualsToken,
  ts.SyntaxKind.CaretEqualsToken, ts.SyntaxKind.LessThanLessThanEqualsToken, ts.SyntaxKind.GreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, ts.SyntaxKind.AsteriskAsteriskEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

/** Whether a node may change anything: an assignment, ++/--, delete, a call, new, a declaration with a value, an await. */
function changesSomething(n: ts.Node): boolean {
  let found = false;
  const test = (c: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(c) && WRITES.has(c.operatorToken.kind)) found = true;
    else if ((ts.isPrefixUnaryExpression(c) || ts.isPostfixUnaryExpression(c)) &&
      (c.operator === ts.SyntaxKind.PlusPlusToken || c.operator === ts.SyntaxKind.MinusMinusToken)) found = true;
    else if (ts.isDeleteExpression(c) || ts.isCallExpression(c) || ts.isNewExpression(c) || ts.isAwaitExpression(c) ||
      ts.isTaggedTemplateExpression(c) || ts.isVariableDeclaration(c) && c.initializer !== undefined) found = true;
  };
  test(n);
  walk(n, (c) => { test(c); return !found; });
  return found;
}

function loopCondition(loop: ts.IterationStatement): ts.Expression | undefined {
  if (ts.isForStatement(loop)) return loop.condition;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return loop.expression;
  return undefined;
}

function loopHead(loop: ts.IterationStatement, sf: ts.SourceFile): string {
  const text = loop.getText(sf);
  let head: string;
  if (ts.isDoStatement(loop)) head = 'do ... while (' + loop.expression.getText(sf) + ')';
  else head = text.slice(0, loop.statement.getStart(sf) - loop.getStart(sf)).trim();
  head = head.replace(/\s+/g, ' ');
  return head.length > 60 ? head.slice(0, 57) + '...' : head;
}

/** The loops of one async function that can never end nor give the other tasks a turn. */
export function busyLoops(l: Lowering, decl: AsyncDecl): BusyLoop[] {
  const out: BusyLoop[] = [];
  const sf = decl.getSourceFile();
  if (decl.body === undefined) return out;
  walk(decl.body, (n) => {
    if (!ts.isForStatement(n) && !ts.isWhileStatement(n) && !ts.isDoStatement(n)) return;
    let suspends = false;
    walk(n, (c) => { if (ts.isAwaitExpression(c) && awaitSuspends(l, c)) suspends = true; });
    if (suspends || leaves(n)) return;
    const cond = loopCondition(n);
    let why: BusyLoop['why'] | null = alwaysTrue(cond) ? 'always true' : null;
    if (why === null) {
      const parts: ts.Node[] = [n.statement];
      if (cond !== undefined) parts.push(cond);
      if (ts.isForStatement(n) && n.incrementor !== undefined) parts.push(n.incrementor);
      if (!parts.some(changesSomething)) why = 'unchanging';
    }
    if (why === null) return;
    const at = sf.getLineAndCharacterOfPosition(n.getStart(sf));
    out.push({ fn: functionName(decl), decl, file: sf.fileName, line: at.line + 1, column: at.character + 1, head: loopHead(n, sf), why });
  });
  return out;
}

/** Where a loop is, from the working directory: file:line:column. */
export function loopPlace(b: BusyLoop): string {
  return path.relative(process.cwd(), b.file) + ':' + b.line + ':' + b.column;
}

/** The build's warning for one loop. */
export function busyLoopWarning(b: BusyLoop, tasks: readonly string[]): string {
  return loopPlace(b) + ': `' + b.head + '` in ' + b.fn + (tasks.length > 0 ? ' (task ' + tasks.map((t) => "'" + t + "'").join(', ') + ')' : '') +
    ' never awaits and nothing leaves it' + (b.why === 'unchanging' ? ', and nothing in it changes its condition' : '') +
    ': once the task enters it, no other task, timer, pin or serial callback runs again (on a board too); fix: await in the loop ' +
    '(sleep, yieldNow, a receive), or give it a way out';
}

/**
 * The async functions of the program a task may run, from its entry: the async functions each
 * calls, and for a dyn call every implementation of the method in the program.
 */
export function reachableFunctions(l: Lowering, entry: AsyncDecl): AsyncDecl[] {
  const seen = new Set<AsyncDecl>([entry]);
  const todo: AsyncDecl[] = [entry];
  while (todo.length > 0) {
    const d = todo.pop()!;
    if (d.body === undefined) continue;
    walk(d.body, (c) => {
      if (!ts.isCallExpression(c)) return;
      const t = l.resolveCall(c);
      const add = (x: AsyncDecl): void => {
        if (!seen.has(x)) {
          seen.add(x);
          todo.push(x);
        }
      };
      if (t !== null && t.kind === 'fn') add(t.decl);
      else if (t !== null && t.kind === 'prim') {
        const dyn = t.prim.dyn;
        let method = dyn === undefined ? '' : dyn.method;
        if (dyn !== undefined && method === '' && c.arguments.length > 1 && ts.isStringLiteral(skipOuter(c.arguments[1]))) {
          method = (skipOuter(c.arguments[1]) as ts.StringLiteral).text;
        }
        if (method !== '') for (const f of l.implementationsOf(method)) add(f.decl);
      }
    });
  }
  return Array.from(seen).filter((d) => !otherPackage(d.getSourceFile()));
}
