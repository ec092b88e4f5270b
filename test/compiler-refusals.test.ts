import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildForNode } from '../compiler/node-build.ts';
import { devicePasses } from '../bundler/device-passes.ts';
import { formatDiagnostic, LowerError, type LowerDiagnostic } from '../compiler/diagnostics.ts';
import { lowerFile } from '../compiler/lower-file.ts';
import { Lowering } from '../compiler/lowering.ts';
import { createProgram } from '../compiler/ts-program.ts';

// Each case is a small task file; `at` is the text the diagnostic must point at (its first
// occurrence after the import line), so positions are checked exactly, 1-based.

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUNTIME = JSON.stringify(path.join(HERE, '..', 'tasks', 'task-api.ts'));
const HEADER = 'import { call, sleep, fromPromise, next, type Dyn, type AsyncIteratorSource } from ' + RUNTIME + ';\n';

interface Case { name: string; code: string; src: string; at: string; message: RegExp; fix: RegExp }

const CASES: Case[] = [
  {
    name: 'awaiting a Promise', code: 'await-promise', at: 'p;',
    src: 'export async function f(p: Promise<number>): Promise<number> {\n  return await p;\n}\n',
    message: /awaiting a Promise \(Promise<number>\) allocates and cannot be cancelled/,
    fix: /await fromPromise\(p\)/,
  },
  {
    name: 'awaiting a value that is not a future', code: 'await-unknown', at: 'n + 1',
    src: 'export async function f(n: number): Promise<number> {\n  const x = await n + 1;\n  return x;\n}\n',
    message: /awaiting a value that is not a frugal future \(number\)/,
    fix: /lowered async function/,
  },
  {
    name: 'a closure capturing a local that lives across an await', code: 'closure-capture', at: 'n; // captured',
    src: 'export async function f(): Promise<number> {\n  let n = 0;\n  await sleep(1);\n  const g = () => n; // captured\n  n++;\n  await sleep(1);\n  return g() + n;\n}\n',
    message: /a closure captures `n`, which lives across an await/,
    fix: /declare the function at module level and pass `\w+` to it as an argument/,
  },
  {
    name: 'a generator', code: 'generator', at: 'export function* gen',
    src: 'export function* gen(): Generator<number> {\n  yield 1;\n}\n',
    message: /a generator function/,
    fix: /AsyncIterator implementation/,
  },
  {
    name: 'for await', code: 'for-await', at: 'for await',
    src: 'export async function f(xs: AsyncIterable<number>): Promise<void> {\n  for await (const x of xs) {\n    await sleep(x);\n  }\n}\n',
    message: /`for await`/,
    fix: /await next\(it\)/,
  },
  {
    name: '`arguments` in an async function', code: 'arguments', at: 'arguments.length',
    src: 'export async function f(a: number): Promise<number> {\n  await sleep(a);\n  return arguments.length;\n}\n',
    message: /`arguments` in a lowered async function/,
    fix: /name the parameters/,
  },
  {
    name: 'await inside finally', code: 'await-in-finally', at: '{ await sleep(2)',
    src: 'export async function f(): Promise<void> {\n  try {\n    await sleep(1);\n  } finally { await sleep(2); }\n}\n',
    message: /await inside a finally block \(a cancelled task runs its finally blocks synchronously, in drop\)/,
    fix: /move the awaiting cleanup after the try/,
  },
  {
    name: 'an async arrow function', code: 'async-closure', at: 'async () =>',
    src: 'export const f = async () => {\n  await sleep(1);\n};\n',
    message: /an async function expression in a task file/,
    fix: /module-level async function/,
  },
  {
    name: 'a future neither awaited, stored nor passed on', code: 'future-not-awaited', at: 'sleep(5)',
    src: 'export async function f(): Promise<void> {\n  await sleep(1);\n  void sleep(5);\n}\n',
    message: /a future that is neither awaited, stored in a const, nor passed to select\/join\/timeout/,
    fix: /await it/,
  },
  {
    name: 'a dyn call whose method is not a string literal', code: 'call-method-name', at: 'call(d, name, 1)',
    src: 'interface S { m(x: number): Promise<number> }\nexport async function f(d: Dyn<S>, name: \'m\'): Promise<number> {\n  return await call(d, name, 1);\n}\n',
    message: /a dyn call whose method is not a string literal/,
    fix: /name the method in quotes: call\(d, 'measure', \.\.\.\)/,
  },
  {
    name: 'a dyn call with more references than the registers hold', code: 'call-arity', at: "call(d, 'm', a, a, a)",
    src: 'interface S { m(a: Uint8Array, b: Uint8Array, c: Uint8Array): Promise<number> }\n' +
      "export async function f(d: Dyn<S>, a: Uint8Array): Promise<number> {\n  return await call(d, 'm', a, a, a);\n}\n",
    message: /a dyn call with more than four arguments, or more than two references/,
    fix: /pass some of them together in a typed array or an object/,
  },
];

const dir = mkdtempSync(path.join(os.tmpdir(), 'frugal-refusals-'));
const files = CASES.map((c, i) => {
  const file = path.join(dir, 'case' + i + '.ts');
  writeFileSync(file, HEADER + c.src);
  return file;
});
const lowering = new Lowering(createProgram(files));

function position(c: Case): { line: number; column: number } {
  const text = HEADER + c.src;
  const i = text.indexOf(c.at, HEADER.length);
  assert.ok(i >= 0, 'marker ' + c.at);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

CASES.forEach((c, i) => {
  test('refused: ' + c.name, () => {
    const diags = lowerFile(lowering, files[i]).diagnostics;
    assert.is(diags.length, 1, JSON.stringify(diags, null, 2));
    const d: LowerDiagnostic = diags[0];
    assert.is(d.code, c.code);
    assert.equal({ line: d.line, column: d.column }, position(c), formatDiagnostic(d));
    assert.match(d.message, c.message);
    assert.match(d.fix, c.fix);
    assert.is(formatDiagnostic(d), files[i] + ':' + d.line + ':' + d.column + ': ' + d.message + '; fix: ' + d.fix);
  });
});

const BUILDS: [string, () => Promise<unknown>][] = [
  ['the Node build', () => buildForNode(files[0], lowering)],
  ['the device passes', () => devicePasses({ entry: files[0], lowering: new Lowering(lowering.program, 'device'), generated: {}, name: 'case0.js' })],
];

for (const [what, build] of BUILDS) {
  test(what + ' fails with file:line:column and the fix', async () => {
    let err: unknown = null;
    try {
      await build();
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof LowerError, String(err));
    const p = position(CASES[0]);
    assert.match((err as Error).message, files[0] + ':' + p.line + ':' + p.column + ': awaiting a Promise');
    assert.match((err as Error).message, '; fix: await a frugal future, or wrap it explicitly: await fromPromise(p)');
  });
}

test('accepted: the same constructs written the frugal way lower without diagnostics', () => {
  const file = path.join(dir, 'ok.ts');
  writeFileSync(file, HEADER + [
    'export async function f(p: Promise<number>, it: Dyn<AsyncIteratorSource>): Promise<number> {',
    '  const v = await fromPromise(p);',
    '  let n = 0;',
    '  for (;;) {',
    '    const [x, done] = await next(it);',
    '    if (done) break;',
    '    n += x;',
    '  }',
    '  await sleep(1);',
    '  const m = n;',
    '  const g = () => m;',
    '  return g() + v;',
    '}',
  ].join('\n') + '\n');
  const l = new Lowering(createProgram([file]));
  const res = lowerFile(l, file);
  assert.equal(res.diagnostics, []);
  assert.ok(res.code.indexOf('__frugal.fromPromise(ex, ') >= 0);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
