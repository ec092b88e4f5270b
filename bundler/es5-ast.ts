// Walking an ES5 syntax tree as acorn gives it, and editing the text it was parsed from, for the
// device build's checks and passes (espruino-profile.ts, board-api-check.ts, case-blocks.ts,
// inline-calls.ts, dead-declarations.ts, device-cost.ts). acorn-walk is not a dependency, and ES5 trees are small enough that enumerating
// every node-valued property is simpler than a per-type visitor table.

import type { AnyNode, MemberExpression } from 'acorn';

export function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

// The keys a node of each type may hold children under, learnt from the first node of the type
// (acorn gives every node of a type the same keys, null where a child is absent): the passes walk
// each bundle several times, and reading every key of every node was most of their time.
const childKeys = new Map<string, string[]>();

function keysOf(node: AnyNode): string[] {
  let keys = childKeys.get(node.type);
  if (keys === undefined) {
    keys = Object.keys(node).filter((k) => k !== 'loc' && k !== 'type' && k !== 'start' && k !== 'end');
    childKeys.set(node.type, keys);
  }
  return keys;
}

/** Each child node with the name of the parent property that holds it. */
export function children(node: AnyNode): [AnyNode, string][] {
  const out: [AnyNode, string][] = [];
  const record = node as unknown as Record<string, unknown>;
  for (const key of keysOf(node)) {
    const value = record[key];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) if (isNode(item)) out.push([item, key]);
    } else if (isNode(value)) {
      out.push([value, key]);
    }
  }
  return out;
}

export function isFunction(node: AnyNode): boolean {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression';
}

export type RefKind = 'none' | 'read' | 'write' | 'typeof';

/** How an Identifier is used, judged from its parent: only 'read'/'write'/'typeof' are variable references. */
export function referenceKind(parent: AnyNode | null, key: string): RefKind {
  if (parent === null) return 'read';
  switch (parent.type) {
    case 'MemberExpression':
      return key === 'property' && !parent.computed ? 'none' : 'read';
    case 'Property':
      return key === 'key' ? 'none' : 'read';
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return key === 'label' ? 'none' : 'read';
    case 'FunctionDeclaration':
    case 'FunctionExpression':
      return key === 'id' || key === 'params' ? 'none' : 'read';
    case 'VariableDeclarator':
      return key === 'id' ? 'none' : 'read';
    case 'CatchClause':
      return key === 'param' ? 'none' : 'read';
    case 'AssignmentExpression':
      return key === 'left' && parent.operator === '=' ? 'write' : 'read';
    case 'ForInStatement':
      return key === 'left' ? 'write' : 'read';
    case 'UnaryExpression':
      return parent.operator === 'typeof' ? 'typeof' : 'read';
    default:
      return 'read';
  }
}

/** Names a function or program scope declares (var and function declarations), not descending into nested functions. */
export function declaredNames(root: AnyNode): Set<string> {
  const names = new Set<string>();
  const visit = (node: AnyNode): void => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') names.add(node.id.name);
    if (node.type === 'FunctionDeclaration' && node.id) names.add(node.id.name);
    if (isFunction(node)) return;
    for (const [child] of children(node)) visit(child);
  };
  for (const [child] of children(root)) visit(child);
  return names;
}

export function paramNames(fn: AnyNode): string[] {
  if (fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression') return [];
  return fn.params.flatMap((p) => (p.type === 'Identifier' ? [p.name] : []));
}

export function staticPropertyName(node: MemberExpression): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') {
    return node.property.value;
  }
  return undefined;
}

export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * `code` with the edits made; edits do not overlap. An insertion (start = end) where another edit
 * starts goes before it: made after, it would write that edit's text again.
 */
export function applyEdits(code: string, start: number, end: number, edits: readonly Edit[]): string {
  let out = '';
  let at = start;
  for (const e of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    out += code.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + code.slice(at, end);
}

/** The IIFE `(function () { ... })();` esbuild wraps a bundle in, or null. */
export function iifeOf(program: AnyNode): AnyNode | null {
  if (program.type !== 'Program' || program.body.length !== 1) return null;
  const st = program.body[0];
  if (st.type !== 'ExpressionStatement' || st.expression.type !== 'CallExpression') return null;
  const callee = st.expression.callee;
  return callee.type === 'FunctionExpression' ? callee : null;
}
