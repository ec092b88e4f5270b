// Where each function declared in a device bundle's IIFE is referred to, seen through the scopes
// around each reference, and which names of the IIFE's scope some code assigns: what the passes that
// move a function's text (inline-calls.ts) or its arguments (constant-arguments.ts) must know first.

import type { AnyNode, CallExpression, FunctionDeclaration } from 'acorn';
import { children, declaredNames, isFunction, paramNames, referenceKind } from './es5-ast.ts';

export interface Site {
  /** The reference is the callee of this call; false for any other use of the name. */
  readonly called: boolean;
  readonly call: CallExpression;
  /** From the bundle's top (the Program node) down to the call's parent. */
  readonly ancestors: readonly AnyNode[];
  /** The scopes around the call below the IIFE's own (what they declare). */
  readonly scopes: readonly ReadonlySet<string>[];
}

/** An identifier the expression `parent` assigns to or counts up or down (`key` is where it sits). */
export function isWrite(parent: AnyNode, key: string): boolean {
  return (parent.type === 'AssignmentExpression' && key === 'left') || parent.type === 'UpdateExpression' || (parent.type === 'ForInStatement' && key === 'left');
}

export interface References {
  /** Where each function declared in the IIFE's scope is referred to. */
  readonly sites: Map<string, Site[]>;
  /** Names of the IIFE's scope (or global) that some code assigns. */
  readonly topWritten: ReadonlySet<string>;
}

/** Where each function declared in the IIFE's scope is referred to, seen through the scopes around each reference. */
export function referencesOf(iife: AnyNode, fns: ReadonlyMap<string, FunctionDeclaration>, program: AnyNode): References {
  const refs = new Map<string, Site[]>();
  const topWritten = new Set<string>();
  const scopes: Set<string>[] = [];
  const stack: AnyNode[] = [program];
  const visit = (node: AnyNode, parent: AnyNode, key: string): void => {
    if (node.type === 'Identifier' && isWrite(parent, key) && !scopes.some((s) => s.has(node.name))) topWritten.add(node.name);
    if (node.type === 'Identifier' && referenceKind(parent, key) !== 'none' && fns.has(node.name)) {
      if (!scopes.some((s) => s.has(node.name))) {
        const sites = refs.get(node.name) ?? [];
        sites.push({ called: parent.type === 'CallExpression' && key === 'callee', call: parent as CallExpression, ancestors: [...stack], scopes: [...scopes] });
        refs.set(node.name, sites);
      }
      return;
    }
    const scope = isFunction(node) ? new Set([...paramNames(node), ...declaredNames(node)])
      : node.type === 'CatchClause' && node.param?.type === 'Identifier' ? new Set([node.param.name]) : null;
    if (scope !== null) scopes.push(scope);
    stack.push(node);
    for (const [child, childKey] of children(node)) visit(child, node, childKey);
    stack.pop();
    if (scope !== null) scopes.pop();
  };
  stack.push(iife);
  for (const [child, childKey] of children(iife)) visit(child, iife, childKey);
  return { sites: refs, topWritten };
}
