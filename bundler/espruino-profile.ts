// Static check that a device bundle stays inside what the Espruino interpreter actually runs
// (each rule is a behaviour of Espruino's interpreter). Node, QuickJS and Duktape accept all of these constructs, so a
// bundle that breaks a rule passes every host test and only fails on a board; this check makes
// that failure happen at build time instead.

import { parse } from 'acorn';
import type { AnyNode, Identifier, MemberExpression, Position } from 'acorn';
import { children, declaredNames, isFunction, paramNames, referenceKind, staticPropertyName, type RefKind } from './es5-ast.ts';

export type EspruinoRuleId =
  | 'es5-syntax'
  | 'hoisting'
  | 'label'
  | 'switch-default'
  | 'do-body'
  | 'extends-helper'
  | 'missing-builtin'
  | 'array-proto'
  | 'allocating-builtin';

export interface EspruinoRule {
  readonly id: EspruinoRuleId;
  /** What Espruino does differently, in a few words. */
  readonly summary: string;
  /** The general fix; a violation's message may carry a more specific one. */
  readonly fix: string;
}

export const ESPRUINO_RULES: readonly EspruinoRule[] = [
  {
    id: 'es5-syntax',
    summary: 'the bundle must parse as ES5',
    fix: 'lower the bundle to ES5 or remove the newer syntax',
  },
  {
    id: 'hoisting',
    summary: 'Espruino does not hoist functions or vars',
    fix: 'move the declaration above its first use',
  },
  {
    id: 'label',
    summary: 'Espruino reads a label as a variable',
    fix: 'replace the labelled statement with a flag variable or a return from a helper function',
  },
  {
    id: 'switch-default',
    summary: 'Espruino mishandles a `default:` followed by a later `case`',
    fix: 'move `default:` to the end of the switch',
  },
  {
    id: 'do-body',
    summary: 'Espruino misreads a `do` whose body is one statement ending in `}` and runs on past the loop',
    fix: 'give the `do` a block body the minifier keeps, or write `for (;;) { ...; break; }`',
  },
  {
    id: 'extends-helper',
    summary: 'Espruino cannot run prototype-swapping inheritance ("Can\'t extend undefined")',
    fix: 'use composition, or copy the base methods onto the subclass prototype',
  },
  {
    id: 'missing-builtin',
    summary: 'Espruino lacks this built-in',
    fix: 'replace it with a plain object, array, typed array or a hand-written helper',
  },
  {
    id: 'array-proto',
    summary: 'Espruino reads Array.prototype.x as undefined',
    fix: 'use [].x.call(...) instead',
  },
  {
    id: 'allocating-builtin',
    summary: 'a frugal bundle must not grow memory: each Promise keeps 15-38 blocks alive until the event loop idles',
    fix: 'await frugal futures instead; wrap a host Promise in the named fromPromise adapter outside device code',
  },
];

export interface EspruinoViolation {
  readonly rule: EspruinoRuleId;
  readonly message: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, like editors and compilers print it (acorn's own columns are 0-based). */
  readonly column: number;
}

const RULE_BY_ID = new Map<EspruinoRuleId, EspruinoRule>(ESPRUINO_RULES.map((r) => [r.id, r]));

function ruleText(id: EspruinoRuleId): EspruinoRule {
  const rule = RULE_BY_ID.get(id);
  if (rule === undefined) throw new Error(`unknown Espruino rule ${id}`);
  return rule;
}

// Globals that do not exist at all. Promise is deliberately absent: it exists on Espruino, only
// some of its statics and `.finally` are missing (handled below).
const MISSING_GLOBALS: ReadonlyMap<string, string> = new Map([
  ['Map', 'use a plain object keyed by string, or an array'],
  ['Set', 'use a plain object keyed by string, or an array'],
  ['WeakMap', 'use a plain object keyed by string, or a property on the key object'],
  ['WeakSet', 'use a plain object keyed by string, or a flag property on the object'],
  ['Symbol', 'use a string key'],
  ['Proxy', 'use explicit accessor functions'],
  ['Reflect', 'call Object/Function methods directly'],
  ['BigInt', 'use two Numbers or a typed array'],
  ['RangeError', 'throw a plain Error'],
]);

const TYPED_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
];

// Keyed by `Global.property`, so they are only flagged when `Global` is the real global.
const MISSING_STATICS: ReadonlyMap<string, string> = new Map([
  ['Math.imul', 'multiply 16-bit halves and finish with |0'],
  ['Math.trunc', 'use x|0 for 32-bit values, or x<0?Math.ceil(x):Math.floor(x)'],
  ['Math.clz32', 'count the leading zero bits with a shift loop'],
  ['Math.fround', 'write the value through a Float32Array and read it back'],
  ['Math.log2', 'use Math.log(x)/Math.LN2'],
  ['Number.isInteger', "use typeof x==='number'&&Math.floor(x)===x"],
  ['Number.MAX_SAFE_INTEGER', 'use the literal 9007199254740991'],
  ['Array.from', 'use [].slice.call(x) or a loop'],
  ['Array.of', 'use an array literal'],
  ['Object.freeze', 'drop the call'],
  ['Object.seal', 'drop the call'],
  ['Object.is', 'use === (and x!==x to test for NaN)'],
  ['Promise.race', 'settle a shared flag from each promise with then/catch'],
  ['Promise.allSettled', 'wrap each promise with then/catch and use Promise.all'],
  ['Promise.any', 'count rejections with then/catch'],
  ...TYPED_ARRAYS.flatMap((t): [string, string][] => [
    [`${t}.from`, `use new ${t}(arrayOrLength) and fill it`],
    [`${t}.of`, `use new ${t}([...values])`],
  ]),
]);

// Properties missing whatever object they are read from: the receiver's type is unknown
// statically, and Espruino lacks them on every type that matters here.
const MISSING_PROPERTIES: ReadonlyMap<string, string> = new Map([
  ['copyWithin', 'use .set(x.subarray(start, end), target)'],
  ['BYTES_PER_ELEMENT', 'use the element size as a literal'],
  ['lastIndexOf', 'search backwards with a loop'],
  ['flat', 'concatenate the inner arrays in a loop'],
]);

// Only flagged when called, because user objects commonly have plain `at`/`finally` fields.
const MISSING_METHODS: ReadonlyMap<string, string> = new Map([
  ['at', 'index with x[i] (x[x.length-1] for the last element)'],
  ['finally', 'pass the cleanup to both then and catch'],
]);

/** Checks an ES5 bundle against the Espruino rules; returns the violations in source order. */
export function checkEspruinoProfile(code: string): EspruinoViolation[] {
  const found: { offset: number; violation: EspruinoViolation }[] = [];
  const report = (rule: EspruinoRuleId, at: Position, offset: number, detail: string, fix?: string): void => {
    const text = ruleText(rule);
    found.push({
      offset,
      violation: {
        rule,
        message: `${detail}: ${text.summary}; ${fix ?? text.fix}`,
        line: at.line,
        column: at.column + 1,
      },
    });
  };

  let program: AnyNode;
  try {
    program = parse(code, { ecmaVersion: 5, sourceType: 'script', locations: true });
  } catch (err) {
    const loc = syntaxErrorLocation(err);
    if (loc === undefined) throw err;
    // Minified bundles are one long line, so a column alone is hard to act on: quote the source.
    const near = code.slice(loc.offset, loc.offset + 24).split('\n')[0]!.trim();
    report('es5-syntax', loc.position, loc.offset, near === '' ? loc.message : `${loc.message} near \`${near}\``);
    return found.map((f) => f.violation);
  }

  new Checker(report).check(program);
  found.sort((a, b) => a.offset - b.offset);
  return found.map((f) => f.violation);
}

export function formatViolation(v: EspruinoViolation, fileName: string): string {
  return `${fileName}:${v.line}:${v.column}: [${v.rule}] ${v.message}`;
}

/** Throws one Error listing every violation (one per line after a summary line); returns when clean. */
export function checkBundle(code: string, fileName: string): void {
  const violations = checkEspruinoProfile(code);
  if (violations.length === 0) return;
  const plural = violations.length === 1 ? '' : 's';
  throw new Error(
    [
      `${fileName}: ${violations.length} Espruino rule violation${plural}:`,
      ...violations.map((v) => formatViolation(v, fileName)),
    ].join('\n'),
  );
}

function syntaxErrorLocation(err: unknown): { position: Position; offset: number; message: string } | undefined {
  if (!(err instanceof SyntaxError)) return undefined;
  // acorn adds these to its SyntaxError; the standard type does not declare them.
  const extra = err as SyntaxError & { loc?: Position; pos?: number };
  if (extra.loc === undefined || typeof extra.pos !== 'number') return undefined;
  // acorn appends "(line:col)" to the message; the position is printed separately already.
  const message = err.message.replace(/\s*\(\d+:\d+\)$/, '');
  return { position: extra.loc, offset: extra.pos, message };
}

function start(node: AnyNode): Position {
  // Parsing always runs with `locations: true`.
  return node.loc!.start;
}

function propertyKeyName(key: AnyNode): string | undefined {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

interface Scope {
  readonly names: ReadonlySet<string>;
  readonly parent: Scope | null;
}

function isDeclared(scope: Scope | null, name: string): boolean {
  for (let s = scope; s !== null; s = s.parent) if (s.names.has(name)) return true;
  return false;
}

/** What the walk knows about the code around a node. */
interface Context {
  readonly scope: Scope | null;
  /** Inside the `__extends` helper itself, whose declaration is already reported once. */
  readonly inHelper: boolean;
  /** Globals (`Symbol`) or statics (`Math.imul`) a surrounding `typeof` test has proven present. */
  readonly guarded: ReadonlySet<string>;
}

/** `Symbol` for `typeof Symbol`, `Math.imul` for `typeof Math.imul`. */
function typeofSubject(node: AnyNode): string | undefined {
  if (node.type !== 'UnaryExpression' || node.operator !== 'typeof') return undefined;
  const arg = node.argument;
  if (arg.type === 'Identifier') return arg.name;
  if (arg.type === 'MemberExpression' && arg.object.type === 'Identifier') {
    const name = staticPropertyName(arg);
    if (name !== undefined) return `${arg.object.name}.${name}`;
  }
  return undefined;
}

/**
 * Names a condition proves present when true: `typeof X === "function"`, `typeof X != "undefined"`
 * and `&&` chains of them. This is how TypeScript's own ES5 helpers (`__values`, `__read`) probe
 * for Symbol, and they fall back to plain indexing when it is absent, which works on Espruino.
 */
function presentWhenTrue(test: AnyNode): string[] {
  if (test.type === 'LogicalExpression' && test.operator === '&&') {
    return [...presentWhenTrue(test.left), ...presentWhenTrue(test.right)];
  }
  if (test.type !== 'BinaryExpression') return [];
  const pairs: [AnyNode, AnyNode][] = [
    [test.left, test.right],
    [test.right, test.left],
  ];
  for (const [maybeTypeof, other] of pairs) {
    const subject = typeofSubject(maybeTypeof);
    if (subject === undefined || other.type !== 'Literal' || typeof other.value !== 'string') continue;
    const isUndefined = other.value === 'undefined';
    const equality = test.operator === '===' || test.operator === '==';
    const inequality = test.operator === '!==' || test.operator === '!=';
    if ((equality && !isUndefined) || (inequality && isUndefined)) return [subject];
  }
  return [];
}

/** The guard a parent adds for the child under `key`: the branch that runs only when its test is true. */
function guardFor(parent: AnyNode, key: string): string[] {
  if (parent.type === 'LogicalExpression' && parent.operator === '&&' && key === 'right') {
    return presentWhenTrue(parent.left);
  }
  if ((parent.type === 'ConditionalExpression' || parent.type === 'IfStatement') && key === 'consequent') {
    return presentWhenTrue(parent.test);
  }
  return [];
}

type Report = (rule: EspruinoRuleId, at: Position, offset: number, detail: string, fix?: string) => void;

class Checker {
  constructor(private readonly report: Report) {}

  check(program: AnyNode): void {
    this.walk(program, null, '', { scope: null, inHelper: false, guarded: new Set() });
  }

  private flag(rule: EspruinoRuleId, node: AnyNode, detail: string, fix?: string): void {
    this.report(rule, start(node), node.start, detail, fix);
  }

  private walk(node: AnyNode, parent: AnyNode | null, key: string, context: Context): void {
    const { scope, inHelper } = context;
    let inner = scope;
    let helper = inHelper;

    switch (node.type) {
      case 'Program':
        inner = { names: declaredNames(node), parent: null };
        this.checkHoisting(node.body, new Set());
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression': {
        const names = declaredNames(node.body);
        const params = paramNames(node);
        for (const p of params) names.add(p);
        names.add('arguments');
        if (node.type === 'FunctionExpression' && node.id) names.add(node.id.name);
        inner = { names, parent: scope };
        if (node.body.type === 'BlockStatement') this.checkHoisting(node.body.body, new Set(params));
        if (node.type === 'FunctionDeclaration' && node.id?.name === '__extends') {
          if (!inHelper) this.flag('extends-helper', node, "TypeScript's `__extends` helper is declared");
          helper = true;
        }
        break;
      }
      case 'CatchClause':
        if (node.param?.type === 'Identifier') inner = { names: new Set([node.param.name]), parent: scope };
        break;
      case 'VariableDeclarator':
        if (node.id.type === 'Identifier' && node.id.name === '__extends') {
          if (!inHelper) this.flag('extends-helper', node, "TypeScript's `__extends` helper is declared");
          helper = true;
        }
        break;
      case 'Identifier':
        this.checkIdentifier(node, parent, key, context);
        break;
      case 'MemberExpression':
        this.checkMember(node, parent, key, context);
        break;
      case 'Property': {
        const name = propertyKeyName(node.key);
        if (name === '__proto__' && !inHelper) {
          this.flag('extends-helper', node.key, '`__proto__` is set in an object literal');
        }
        break;
      }
      case 'LabeledStatement':
        this.flag('label', node, `label \`${node.label.name}:\``);
        break;
      case 'BreakStatement':
      case 'ContinueStatement':
        if (node.label) {
          const word = node.type === 'BreakStatement' ? 'break' : 'continue';
          this.flag('label', node, `\`${word} ${node.label.name}\``);
        }
        break;
      case 'DoWhileStatement':
        // Measured on Espruino 2v29: `do if (a) { ... } else { ... } while (0)` runs the statements after the loop wrongly.
        if (node.body.type !== 'BlockStatement') this.flag('do-body', node, '`do` without a block body');
        break;
      case 'SwitchStatement': {
        const defaultIndex = node.cases.findIndex((c) => c.test === null || c.test === undefined);
        if (defaultIndex >= 0 && defaultIndex < node.cases.length - 1) {
          this.flag('switch-default', node.cases[defaultIndex]!, '`default:` is followed by a `case`');
        }
        break;
      }
      default:
        break;
    }

    const base: Context =
      inner === scope && helper === inHelper ? context : { scope: inner, inHelper: helper, guarded: context.guarded };
    for (const [child, childKey] of children(node)) {
      const guards = guardFor(node, childKey);
      const childContext =
        guards.length === 0 ? base : { ...base, guarded: new Set([...base.guarded, ...guards]) };
      this.walk(child, node, childKey, childContext);
    }
  }

  private checkIdentifier(node: Identifier, parent: AnyNode | null, key: string, context: Context): void {
    const { scope, inHelper, guarded } = context;
    // typeof is how bundles feature-test a global, and it is safe on a missing one; a write is a polyfill.
    if (referenceKind(parent, key) !== 'read') return;
    const hint = MISSING_GLOBALS.get(node.name);
    if (hint !== undefined && !guarded.has(node.name) && !isDeclared(scope, node.name)) {
      this.flag('missing-builtin', node, `\`${node.name}\` is used`, hint);
    }
    if (node.name === 'Promise' && !guarded.has('Promise') && !isDeclared(scope, 'Promise')) {
      this.flag('allocating-builtin', node, '`Promise` is used');
    }
    if (node.name === '__extends' && !inHelper) {
      this.flag('extends-helper', node, "TypeScript's `__extends` helper is used");
    }
  }

  private checkMember(node: MemberExpression, parent: AnyNode | null, key: string, context: Context): void {
    const { scope, inHelper, guarded } = context;
    const name = staticPropertyName(node);
    if (name === undefined) return;
    const object = node.object;

    // `typeof Math.imul` is the feature test itself, safe when the static is missing.
    const probed = parent !== null && parent.type === 'UnaryExpression' && parent.operator === 'typeof';
    if (object.type === 'Identifier' && !probed && !isDeclared(scope, object.name)) {
      const qualified = `${object.name}.${name}`;
      const hint = MISSING_STATICS.get(qualified);
      if (hint !== undefined && !guarded.has(qualified)) this.flag('missing-builtin', node, `\`${qualified}\` is used`, hint);
      if (qualified === 'Object.setPrototypeOf' && !inHelper) {
        this.flag('extends-helper', node, '`Object.setPrototypeOf` is used');
      }
    }

    if (
      object.type === 'MemberExpression' &&
      object.object.type === 'Identifier' &&
      object.object.name === 'Array' &&
      !isDeclared(scope, 'Array') &&
      staticPropertyName(object) === 'prototype'
    ) {
      this.flag('array-proto', node, `\`Array.prototype.${name}\` is read`, `use [].${name}.call(...) instead`);
    }

    // Point at the property rather than the receiver, which may be a long expression.
    const propertyHint = MISSING_PROPERTIES.get(name);
    if (propertyHint !== undefined) this.flag('missing-builtin', node.property, `\`.${name}\` is used`, propertyHint);
    const isCallee = parent !== null && parent.type === 'CallExpression' && key === 'callee';
    const methodHint = MISSING_METHODS.get(name);
    if (methodHint !== undefined && isCallee) {
      this.flag('missing-builtin', node.property, `\`.${name}(...)\` is called`, methodHint);
    }

    if (name === '__proto__' && !inHelper) this.flag('extends-helper', node.property, '`__proto__` is used');
  }

  /**
   * Espruino defines a function or var only when execution reaches its statement, so a use in an
   * earlier statement of the same scope fails or, worse, silently finds an outer binding. Uses inside
   * nested function bodies are not judged: they run whenever the function is called, which is
   * not known statically. Only the first early use per name is reported, since moving the
   * declaration above it fixes every other.
   */
  private checkHoisting(statements: readonly AnyNode[], params: ReadonlySet<string>): void {
    const functionAt = new Map<string, number>();
    const varAt = new Map<string, number>();
    statements.forEach((statement, index) => {
      if (statement.type === 'FunctionDeclaration' && statement.id && !functionAt.has(statement.id.name)) {
        functionAt.set(statement.id.name, index);
      }
    });
    statements.forEach((statement, index) => {
      for (const name of varNamesIn(statement)) {
        // A var that repeats a parameter or a function name is bound before it runs either way.
        if (params.has(name) || functionAt.has(name) || name === 'arguments' || varAt.has(name)) continue;
        varAt.set(name, index);
      }
    });
    if (functionAt.size === 0 && varAt.size === 0) return;

    const reported = new Set<string>();
    statements.forEach((statement, index) => {
      forEachReference(statement, (id, kind) => {
        if (reported.has(id.name)) return;
        const fnIndex = functionAt.get(id.name);
        const varIndex = varAt.get(id.name);
        let what: string | undefined;
        let declared: AnyNode | undefined;
        if (fnIndex !== undefined && fnIndex > index) {
          what = 'function';
          declared = statements[fnIndex];
        } else if (varIndex !== undefined && varIndex > index && kind === 'read') {
          what = 'var';
          declared = statements[varIndex];
        }
        if (what === undefined || declared === undefined) return;
        reported.add(id.name);
        this.flag('hoisting', id, `${what} \`${id.name}\` is used before its declaration on line ${start(declared).line}`);
      });
    });
  }
}

/** var names declared anywhere in a statement, outside nested functions. */
function varNamesIn(statement: AnyNode): string[] {
  const names: string[] = [];
  const visit = (node: AnyNode): void => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') names.push(node.id.name);
    if (isFunction(node)) return;
    for (const [child] of children(node)) visit(child);
  };
  visit(statement);
  return names;
}

/**
 * Calls back for every variable reference in a statement that runs when the statement runs: nested
 * function bodies are skipped, and names bound by an enclosing catch clause are not references to
 * the scope's own declarations.
 */
function forEachReference(statement: AnyNode, use: (id: Identifier, kind: RefKind) => void): void {
  const visit = (node: AnyNode, parent: AnyNode | null, key: string, shadowed: ReadonlySet<string>): void => {
    if (isFunction(node)) return;
    if (node.type === 'Identifier') {
      const kind = referenceKind(parent, key);
      if (kind !== 'none' && !shadowed.has(node.name)) use(node, kind);
      return;
    }
    let inner = shadowed;
    if (node.type === 'CatchClause' && node.param?.type === 'Identifier') {
      inner = new Set([...shadowed, node.param.name]);
    }
    for (const [child, childKey] of children(node)) visit(child, node, childKey, inner);
  };
  visit(statement, null, '', new Set());
}
