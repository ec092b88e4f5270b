// Small questions about TypeScript syntax trees that the lowering asks everywhere.

import path from 'node:path';
import ts from 'typescript';

export type AsyncDecl = ts.FunctionDeclaration | ts.MethodDeclaration;

export function isFunctionLike(n: ts.Node): boolean {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n) || ts.isConstructorDeclaration(n) || ts.isClassDeclaration(n) ||
    ts.isClassExpression(n);
}

export function hasModifier(n: ts.Node, kind: ts.SyntaxKind): boolean {
  const mods = ts.canHaveModifiers(n) ? ts.getModifiers(n) : undefined;
  return mods !== undefined && mods.some((m) => m.kind === kind);
}

export function isAsyncDecl(n: ts.Node): n is AsyncDecl {
  return (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && hasModifier(n, ts.SyntaxKind.AsyncKeyword) && n.body !== undefined;
}

export function skipOuter(e: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) ||
      ts.isSatisfiesExpression(e)) e = e.expression;
    else return e;
  }
}

export function isLoop(n: ts.Node): n is ts.IterationStatement {
  return ts.isWhileStatement(n) || ts.isDoStatement(n) || ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n);
}

/** One spelling of a path, to compare file names. */
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

export function lineOf(node: ts.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function containsNode(n: ts.Node, test: (c: ts.Node) => boolean): boolean {
  let found = false;
  const visit = (c: ts.Node): void => {
    if (found || isFunctionLike(c)) return;
    if (test(c)) found = true;
    else c.forEachChild(visit);
  };
  visit(n);
  return found;
}

export function containsLabel(n: ts.Node): boolean {
  return containsNode(n, ts.isLabeledStatement);
}

export function containsReturn(n: ts.Node): boolean {
  return containsNode(n, ts.isReturnStatement);
}

export function endsFlow(s: ts.Statement): boolean {
  return ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isBreakStatement(s) || ts.isContinueStatement(s);
}
