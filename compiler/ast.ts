// Small questions about TypeScript syntax trees that the lowering asks everywhere.

import path from 'node:path';
import ts from './typescript.ts';
import type * as TS from 'typescript';

export type AsyncDecl = TS.FunctionDeclaration | TS.MethodDeclaration;

/**
 * Whether a node starts a scope of its own (a function, a method, an accessor, a constructor, a
 * class): code in it is not the enclosing function's.
 * - Any node.
 */
export function isFunctionLike(n: TS.Node): boolean {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n) || ts.isConstructorDeclaration(n) || ts.isClassDeclaration(n) ||
    ts.isClassExpression(n);
}

/**
 * Whether a node has a modifier of `kind` (async, export, static...).
 * - Any node.
 */
export function hasModifier(n: TS.Node, kind: TS.SyntaxKind): boolean {
  const mods = ts.canHaveModifiers(n) ? ts.getModifiers(n) : undefined;
  return mods !== undefined && mods.some((m) => m.kind === kind);
}

/**
 * Whether a node is what the lowering lowers: an async function declaration or method with a body.
 * - Any node.
 */
export function isAsyncDecl(n: TS.Node): n is AsyncDecl {
  return (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && hasModifier(n, ts.SyntaxKind.AsyncKeyword) && n.body !== undefined;
}

/**
 * The expression inside parentheses, type assertions and non-null assertions, which do not change
 * its value.
 * - Any expression.
 */
export function skipOuter(e: TS.Expression): TS.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) ||
      ts.isSatisfiesExpression(e)) e = e.expression;
    else return e;
  }
}

/**
 * Whether a node is a loop statement.
 * - Any node.
 */
export function isLoop(n: TS.Node): n is TS.IterationStatement {
  return ts.isWhileStatement(n) || ts.isDoStatement(n) || ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n);
}

/**
 * One spelling of a path, to compare file names.
 * - `p` is a path, absolute or relative to the working directory.
 */
export function normalPath(p: string): string {
  return path.resolve(p).split(path.sep).join('/');
}

export const ASSIGN_OPS: { [k: number]: string } = {
  [ts.SyntaxKind.PlusEqualsToken]: '+',
  [ts.SyntaxKind.MinusEqualsToken]: '-',
  [ts.SyntaxKind.AsteriskEqualsToken]: '*',
  [ts.SyntaxKind.SlashEqualsToken]: '/',
  [ts.SyntaxKind.PercentEqualsToken]: '%',
  [ts.SyntaxKind.AmpersandEqualsToken]: '&',
  [ts.SyntaxKind.BarEqualsToken]: '|',
  [ts.SyntaxKind.CaretEqualsToken]: '^',
  [ts.SyntaxKind.LessThanLessThanEqualsToken]: '<<',
  [ts.SyntaxKind.GreaterThanGreaterThanEqualsToken]: '>>',
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken]: '>>>',
};

/**
 * The 1-based line a node starts on (its first token, modifiers included).
 * - `node` is from a source file with parent pointers.
 */
export function lineOf(node: TS.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function containsNode(n: TS.Node, test: (c: TS.Node) => boolean): boolean {
  let found = false;
  const visit = (c: TS.Node): void => {
    if (found || isFunctionLike(c)) return;
    if (test(c)) found = true;
    else c.forEachChild(visit);
  };
  visit(n);
  return found;
}

/**
 * Whether a node has a labelled statement, closures aside.
 * - Any node.
 */
export function containsLabel(n: TS.Node): boolean {
  return containsNode(n, ts.isLabeledStatement);
}

/**
 * Whether a node has a return statement, closures aside.
 * - Any node.
 */
export function containsReturn(n: TS.Node): boolean {
  return containsNode(n, ts.isReturnStatement);
}

/**
 * Whether a statement always leaves the code after it (return, throw, break, continue).
 * - Any statement.
 */
export function endsFlow(s: TS.Statement): boolean {
  return ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isBreakStatement(s) || ts.isContinueStatement(s);
}
