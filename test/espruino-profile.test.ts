import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ESPRUINO_RULES,
  checkBundle,
  checkEspruinoProfile,
  formatViolation,
  type EspruinoViolation,
} from '../bundler/espruino-profile.ts';

/** Rule, position and message of each violation, in the compact form the assertions compare. */
function found(code: string): string[] {
  return checkEspruinoProfile(code).map((v) => `${v.line}:${v.column} [${v.rule}] ${v.message}`);
}

function only(code: string): EspruinoViolation {
  const violations = checkEspruinoProfile(code);
  assert.is(violations.length, 1, `expected one violation, got ${JSON.stringify(violations, null, 2)}`);
  return violations[0]!;
}

const HOIST = 'Espruino does not hoist functions or vars; move the declaration above its first use';
const LABEL =
  'Espruino reads a label as a variable; replace the labelled statement with a flag variable or a return from a helper function';
const EXTENDS =
  'Espruino cannot run prototype-swapping inheritance ("Can\'t extend undefined"); use composition, or copy the base methods onto the subclass prototype';
const MISSING = 'Espruino lacks this built-in';
const ALLOCATES = 'a frugal bundle must not grow memory: each Promise keeps 15-38 blocks alive until the event loop idles; await frugal futures instead; wrap a host Promise in the named fromPromise adapter outside device code';

test('a bundle that follows every rule passes', () => {
  const code = [
    '(function () {',
    '  "use strict";',
    '  var Map = function () { this.k = {}; };', // the bundle's own Map shadows the missing global
    '  function helper(a) { return later(a); }', // only defined here, called after `later` exists
    '  function later(a) { return a + 1; }',
    '  var Point = (function () {',
    '    function Point(x) { this.x = x; }',
    '    Point.prototype.get = function () { return this.x; };',
    '    return Point;',
    '  }());',
    '  var o = { at: 1, flat: 2, Map: 3, get v() { return 1; }, set v(x) {} };',
    '  var s = typeof Symbol === "undefined" ? "s" : "t";',
    '  var args = [].slice.call([1, 2]);',
    '  var t = new Uint8Array(4); t.set([1], 0); t.subarray(1);',
    '  var p = 1;',
    '  switch (o.at) { case 1: break; case 2: break; default: break; }',
    '  try { helper(1); } catch (e) { var n = e.message; }',
    '  for (var i = 0; i < 3; i++) { if (i) continue; else break; }',
    '  Object.assign({}, Object.keys(o));',
    '  new Map();',
    '  return n + args + p + s + t;',
    '})();',
  ].join('\n');
  assert.equal(found(code), []);
  assert.not.throws(() => checkBundle(code, 'ok.js'));
});

test('es5-syntax: ES2015 syntax is reported with acorn position and message', () => {
  const v = only('var a = 1;\nvar f = (x) => x;');
  assert.is(v.rule, 'es5-syntax');
  assert.is(v.line, 2);
  // ES5 has no `=>` token: acorn reads `(x) =` as an assignment and stops at the `>`.
  assert.is(v.column, 14);
  assert.is(
    v.message,
    'Unexpected token near `> x;`: the bundle must parse as ES5; lower the bundle to ES5 or remove the newer syntax',
  );
});

test('es5-syntax: let and classes are not ES5', () => {
  assert.equal(found('let x = 1;').map((f) => f.slice(0, 18)), ['1:5 [es5-syntax] U']);
  assert.is(only('class A {}').rule, 'es5-syntax');
});

test('hoisting: a function called in a statement before its declaration', () => {
  const v = only('var a = 1;\nf(a);\nfunction f(x) { return x; }');
  assert.equal(v, {
    rule: 'hoisting',
    line: 2,
    column: 1,
    message: `function \`f\` is used before its declaration on line 3: ${HOIST}`,
  });
});

test('hoisting: checked per function scope, first use only, nested bodies ignored', () => {
  const code = [
    'function outer() {',
    '  var cb = function () { return g(); };', // merely defined: not flagged
    '  var x = g() + g();',
    '  function g() { return 1; }',
    '  return cb() + x;',
    '}',
  ].join('\n');
  assert.equal(found(code), [`3:11 [hoisting] function \`g\` is used before its declaration on line 4: ${HOIST}`]);
});

test('hoisting: TypeScript ES5 subclass output calls __extends before the constructor declaration', () => {
  const code = 'var B = (function (_super) { __extends(B, _super); function B() {} return B; }(A));';
  assert.equal(
    checkEspruinoProfile(code).map((v) => `${v.rule}@${v.line}:${v.column}`),
    ['extends-helper@1:30', 'hoisting@1:40'],
  );
});

test('hoisting: a var read before the statement that declares it', () => {
  const code = 'function f(p) {\n  var a = b * 2 + p;\n  var p = 3;\n  if (a) { var b = 1; }\n  return a;\n}';
  assert.equal(found(code), [`2:11 [hoisting] var \`b\` is used before its declaration on line 4: ${HOIST}`]);
});

test('hoisting: plain writes, typeof and catch parameters are not var reads', () => {
  const code = 'x = 1;\nvar t = typeof y;\ntry { z(); } catch (e) { e.m; }\nvar x, y, e;\nfunction z() {}';
  assert.equal(found(code), [`3:7 [hoisting] function \`z\` is used before its declaration on line 5: ${HOIST}`]);
});

test('label: labelled statements and labelled break/continue', () => {
  const code = 'outer: for (var i = 0; i < 2; i++) {\n  for (;;) { if (i) continue outer; break outer; }\n}';
  assert.equal(found(code), [
    `1:1 [label] label \`outer:\`: ${LABEL}`,
    `2:21 [label] \`continue outer\`: ${LABEL}`,
    `2:37 [label] \`break outer\`: ${LABEL}`,
  ]);
});

test('switch-default: default followed by a case', () => {
  const v = only('switch (x) {\n  case 1: a(); break;\n  default: b();\n  case 2: c();\n}');
  assert.equal(v, {
    rule: 'switch-default',
    line: 3,
    column: 3,
    message:
      '`default:` is followed by a `case`: Espruino mishandles a `default:` followed by a later `case`; move `default:` to the end of the switch',
  });
});

test('do-body: a do whose body is not a block, as a minifier leaves one of a single statement', () => {
  const v = only('var p;\ndo if (p) { p = 1; break; } else { p = 2; break; } while (!1);');
  assert.equal([v.rule, v.line, v.column], ['do-body', 2, 1]);
  assert.equal(found('do { if (p) break; p = 2; } while (!1);'), []);
});

test('extends-helper: the helper declaration, its calls, setPrototypeOf and __proto__', () => {
  const code = [
    'var __extends = (this && this.__extends) || (function () {',
    '  var s = Object.setPrototypeOf || ({ __proto__: [] } instanceof Array && function (d, b) { d.__proto__ = b; });',
    '  return function (d, b) { s(d, b); };',
    '})();',
    '__extends(B, A);',
    'Object.setPrototypeOf(C, A);',
    'var o = { __proto__: p };',
    'D.__proto__ = A;',
    'function __extends2() {}',
  ].join('\n');
  assert.equal(found(code), [
    `1:5 [extends-helper] TypeScript's \`__extends\` helper is declared: ${EXTENDS}`,
    `5:1 [extends-helper] TypeScript's \`__extends\` helper is used: ${EXTENDS}`,
    `6:1 [extends-helper] \`Object.setPrototypeOf\` is used: ${EXTENDS}`,
    `7:11 [extends-helper] \`__proto__\` is set in an object literal: ${EXTENDS}`,
    `8:3 [extends-helper] \`__proto__\` is used: ${EXTENDS}`,
  ]);
});

test('extends-helper: a function declaration named __extends', () => {
  assert.equal(found('function __extends(d, b) {}'), [
    `1:1 [extends-helper] TypeScript's \`__extends\` helper is declared: ${EXTENDS}`,
  ]);
});

test('missing-builtin: globals, statics and methods', () => {
  const code = [
    'var m = new Map(), s = Symbol("x");',
    'var i = Math.imul(a, b) + Math["trunc"](c);',
    'if (Number.isInteger(n)) throw new RangeError("r");',
    'var u = Uint8Array.from(arr), k = u.BYTES_PER_ELEMENT;',
    'arr.lastIndexOf(1); arr.flat(); arr.at(-1); p.finally(f); t.copyWithin(0, 1);',
    'Promise.race([p]); Array.from(x);',
  ].join('\n');
  assert.equal(found(code), [
    `1:13 [missing-builtin] \`Map\` is used: ${MISSING}; use a plain object keyed by string, or an array`,
    `1:24 [missing-builtin] \`Symbol\` is used: ${MISSING}; use a string key`,
    `2:9 [missing-builtin] \`Math.imul\` is used: ${MISSING}; multiply 16-bit halves and finish with |0`,
    `2:27 [missing-builtin] \`Math.trunc\` is used: ${MISSING}; use x|0 for 32-bit values, or x<0?Math.ceil(x):Math.floor(x)`,
    `3:5 [missing-builtin] \`Number.isInteger\` is used: ${MISSING}; use typeof x==='number'&&Math.floor(x)===x`,
    `3:36 [missing-builtin] \`RangeError\` is used: ${MISSING}; throw a plain Error`,
    `4:9 [missing-builtin] \`Uint8Array.from\` is used: ${MISSING}; use new Uint8Array(arrayOrLength) and fill it`,
    `4:37 [missing-builtin] \`.BYTES_PER_ELEMENT\` is used: ${MISSING}; use the element size as a literal`,
    `5:5 [missing-builtin] \`.lastIndexOf\` is used: ${MISSING}; search backwards with a loop`,
    `5:25 [missing-builtin] \`.flat\` is used: ${MISSING}; concatenate the inner arrays in a loop`,
    `5:37 [missing-builtin] \`.at(...)\` is called: ${MISSING}; index with x[i] (x[x.length-1] for the last element)`,
    `5:47 [missing-builtin] \`.finally(...)\` is called: ${MISSING}; pass the cleanup to both then and catch`,
    `5:61 [missing-builtin] \`.copyWithin\` is used: ${MISSING}; use .set(x.subarray(start, end), target)`,
    `6:1 [missing-builtin] \`Promise.race\` is used: ${MISSING}; settle a shared flag from each promise with then/catch`,
    `6:1 [allocating-builtin] \`Promise\` is used: ${ALLOCATES}`,
    `6:20 [missing-builtin] \`Array.from\` is used: ${MISSING}; use [].slice.call(x) or a loop`,
  ]);
});

test('allocating-builtin: a Promise in a device bundle is refused, a local named Promise is not', () => {
  assert.equal(found('var p = new Promise(function (r) { r(1); });\nfunction f(Promise) { return Promise; }'), [
    `1:13 [allocating-builtin] \`Promise\` is used: ${ALLOCATES}`,
  ]);
});

test('missing-builtin: shadowed globals, object keys and typeof guards are not flagged', () => {
  const code = [
    'function f(Map, Math) { return new Map(Math.imul); }',
    'var g = function Symbol() { return Symbol; };',
    'try {} catch (Set) { new Set(); }',
    'var o = { Map: 1, flat: 2, at: 3 }; o.at;',
    'var h = typeof WeakMap === "function";',
  ].join('\n');
  assert.equal(found(code), []);
  // Shadowing is lexical: a sibling scope's declaration does not hide the global.
  assert.equal(
    checkEspruinoProfile('function a(Map) {}\nnew Map();').map((v) => `${v.rule}@${v.line}:${v.column}`),
    ['missing-builtin@2:5'],
  );
});

test('missing-builtin: uses behind a typeof feature test are not flagged, the untested branch is', () => {
  const guarded = [
    // TypeScript's own ES5 __values helper probes Symbol this way and falls back to indexing.
    'var s = typeof Symbol === "function" && Symbol.iterator, m = s && o[s];',
    'var r = typeof Math.imul == "function" ? Math.imul(a, b) : (a * b) | 0;',
    'if (x && typeof Map !== "undefined") { new Map(); }',
  ].join('\n');
  assert.equal(found(guarded), []);
  const unguarded = 'var a = typeof Symbol === "undefined" && Symbol.x;\nif (typeof Set === "function") {} else { new Set(); }';
  assert.equal(
    checkEspruinoProfile(unguarded).map((v) => `${v.rule}@${v.line}:${v.column}`),
    ['missing-builtin@1:42', 'missing-builtin@2:46'],
  );
});

test('array-proto: Array.prototype.x is flagged with a [].x.call hint', () => {
  const v = only('function f() {\n  return Array.prototype.slice.call(arguments, 1);\n}');
  assert.equal(v, {
    rule: 'array-proto',
    line: 2,
    column: 10,
    message:
      '`Array.prototype.slice` is read: Espruino reads Array.prototype.x as undefined; use [].slice.call(...) instead',
  });
  assert.equal(found('Object.create(Array.prototype); [].slice.call(a);'), []);
});

test('minified bundles report columns on one long line', () => {
  const code = '!function(){var a=b();function b(){return 1}x:for(;;)break x}();';
  assert.equal(
    checkEspruinoProfile(code).map((v) => `${v.rule}@${v.line}:${v.column}`),
    ['hoisting@1:19', 'label@1:45', 'label@1:54'],
  );
});

test('checkBundle throws one error listing every violation as file:line:col: [rule] message', () => {
  const code = 'f();\nfunction f() { return new Set(); }';
  let message = '';
  try {
    checkBundle(code, 'dist/app.js');
  } catch (err) {
    message = (err as Error).message;
  }
  assert.is(
    message,
    [
      'dist/app.js: 2 Espruino rule violations:',
      `dist/app.js:1:1: [hoisting] function \`f\` is used before its declaration on line 2: ${HOIST}`,
      `dist/app.js:2:27: [missing-builtin] \`Set\` is used: ${MISSING}; use a plain object keyed by string, or an array`,
    ].join('\n'),
  );
  const v = checkEspruinoProfile(code)[0]!;
  assert.is(formatViolation(v, 'a.js'), `a.js:1:1: [hoisting] ${v.message}`);
});

test('ESPRUINO_RULES lists every rule once with a fix, and messages stay on one line', () => {
  assert.equal(
    ESPRUINO_RULES.map((r) => r.id),
    ['es5-syntax', 'hoisting', 'label', 'switch-default', 'do-body', 'extends-helper', 'missing-builtin', 'array-proto', 'allocating-builtin'],
  );
  for (const r of ESPRUINO_RULES) {
    assert.ok(r.summary.length > 0 && r.fix.length > 0, r.id);
    assert.not.match(r.fix, /\n/);
  }
  const noisy = 'x: 1;\nvar q = `\nnot es5`;';
  for (const v of checkEspruinoProfile(noisy)) assert.not.match(v.message, /\n/);
});

test.run();
