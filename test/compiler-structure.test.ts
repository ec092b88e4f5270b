// How compiler/ is built (docs/compiler.md "How the lowering is built"): a target is composed of a
// front end and a back end, not a subclass, so no class of compiler/ extends another; its modules
// import one way, with no circle (type imports included: a circle of types is a circle of modules
// to read); each stays under 600 lines; and generated code is printed from the description's
// structure, so no source of compiler/ holds a control character to find by regex later.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from '../compiler/typescript.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const COMPILER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'compiler');
const files = fs.readdirSync(COMPILER).filter((f) => f.endsWith('.ts')).sort();
const text = new Map(files.map((f) => [f, fs.readFileSync(path.join(COMPILER, f), 'utf8')]));

/** The compiler/ modules a module imports or re-exports from (type-only ones included). */
function importsOf(file: string): string[] {
  return ts.preProcessFile(text.get(file)!, true, true).importedFiles
    .map((i) => i.fileName)
    .filter((spec) => spec.startsWith('./') && !spec.slice(2).includes('/'))
    .map((spec) => spec.slice(2));
}

/** Every import circle among the modules, as the path around it. */
function circles(graph: Map<string, string[]>): string[][] {
  const out: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (!graph.has(g)) continue;
      if (state.get(g) === 'open') out.push(stack.slice(stack.indexOf(g)).concat([g]));
      else if (state.get(g) === undefined) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (state.get(f) === undefined) visit(f);
  return out;
}

test('compiler/ has no import circle', () => {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  assert.ok(graph.get('lowering.ts')!.includes('describe.ts'), 'the check reads the lowering\'s imports');
  assert.equal(circles(graph), []);
});

test('the circle check finds one through a type import', () => {
  const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
  assert.equal(circles(graph), [['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  assert.equal(ts.preProcessFile("import type { X } from './x.ts';", true, true).importedFiles.map((i) => i.fileName), ['./x.ts']);
});

test('no class of compiler/ extends another (targets are composed, not subclassed; an error extends Error)', () => {
  const found: string[] = [];
  for (const f of files) {
    for (const m of text.get(f)!.matchAll(/\bclass\s+(\w+)(?:\s*<[^>]*>)?\s+extends\s+(\w+)/g)) if (m[2] !== 'Error') found.push(f + ': ' + m[1] + ' extends ' + m[2]);
  }
  assert.equal(found, []);
});

test('every module of compiler/ is under 600 lines', () => {
  const long = files.map((f) => [f, text.get(f)!.split('\n').length] as const).filter(([, n]) => n > 600);
  assert.equal(long, []);
});

test('no source of compiler/ holds a control character, written or escaped', () => {
  const escaped = /\\u00[01][0-9a-fA-F]|\\x[01][0-9a-fA-F]/;
  const raw = /[\u0000-\u0008\u000b-\u001f]/;
  const found = files.filter((f) => escaped.test(text.get(f)!) || raw.test(text.get(f)!));
  assert.equal(found, []);
});

test.run();
