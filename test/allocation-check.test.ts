// The static no-allocation check (compiler/allocation-check.ts): the repository's hot code passes,
// each forbidden construct in a snippet is reported at its line with a fix, what the rule exempts
// is not, and the lowering of every example and corpus program adds no allocation of its own.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';
import {
  checkHotFiles, COLD_FILES, formatHotAllocations, hotFiles, HOT_FOLDERS, loweringAllocations,
} from '../compiler/allocation-check.ts';
import { lowerFile } from '../compiler/lower-file.ts';
import { Lowering } from '../compiler/lowering.ts';
import { createProgram } from '../compiler/ts-program.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('the hot code of the repository allocates nothing outside set-up and error paths', () => {
  const found = checkHotFiles();
  assert.equal(found, [], formatHotAllocations(found, ROOT));
});

test('every file of the hot folders is checked or named cold with a reason', () => {
  const files = hotFiles().map((f) => path.relative(ROOT, f));
  for (const dir of HOT_FOLDERS) {
    for (const f of readdirSync(path.join(ROOT, dir))) {
      if (!f.endsWith('.ts')) continue;
      const rel = dir + '/' + f;
      assert.ok((files.indexOf(rel) >= 0) !== (COLD_FILES[rel] !== undefined), rel + ' is either hot or cold');
    }
  }
  for (const rel of Object.keys(COLD_FILES)) assert.ok(readdirSync(path.join(ROOT, path.dirname(rel))).indexOf(path.basename(rel)) >= 0, rel + ' exists');
});

// Every line marked `// hot: <kind>` must be reported with that kind, and no other line.
const SNIPPET = [
  'export class Thing { a: number[]; s: string; constructor() { this.a = [1, 2]; this.s = "x" + 1; } }',
  'export function poll(t: Thing, n: number, xs: number[], f: (...a: number[]) => number): number {',
  '  const o = { n: n }; // hot: object-literal',
  '  const p = [n, 1]; // hot: array-literal',
  '  const g = (): number => n; // hot: closure',
  '  const h = function (): number { return n; }; // hot: closure',
  '  const d = new Date(); // hot: new',
  "  const s = 'n=' + n; // hot: string",
  '  const u = `n=${n}`; // hot: string',
  '  const v = String(n); // hot: string',
  '  const w = n.toFixed(1); // hot: string',
  '  const m = f(...xs); // hot: spread',
  '  const c = xs.slice(1); // hot: array-copy',
  '  const e = xs.map(Math.abs); // hot: array-copy',
  '  xs.push(n); // hot: array-growth',
  '  function inner(): number { return n; } // hot: closure',
  '  if (n < 0) throw new Error("negative: " + n);',
  '  if (n > 9) throw tooBig(n);',
  '  if (n > 99) refuse(n);',
  '  return o.n + p[0] + g() + h() + d.getTime() + s.length + u.length + v.length + w.length + m + c[0] + e[0] + inner() + t.a[0];',
  '}',
  'function tooBig(n: number): Error { return new Error("too big: " + [n].join()); }',
  'function refuse(n: number): never { const parts = ["refused", String(n)]; throw new Error(parts.join(" ")); }',
  '// setup: runs once, before any task',
  'export function make(): Thing { const t = new Thing(); t.a.push(1); return t; }',
  '// error path: builds the message of a fault',
  'export function describe(n: number): string { return "fault " + n; }',
  'export const TABLE = { a: [1, 2], f: function (x: number): number { return x; } };',
  'export function cold(): number[] { return TABLE.a; }',
  '',
];

test('each forbidden construct in hot code is reported with file:line and a fix; set-up and error paths are not', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frugal-hot-'));
  try {
    const file = path.join(dir, 'snippet.ts');
    writeFileSync(file, SNIPPET.join('\n'));
    const found = checkHotFiles([file]);
    const expected: string[] = [];
    SNIPPET.forEach((line, i) => {
      const m = /\/\/ hot: ([\w-]+)/.exec(line);
      if (m !== null) expected.push((i + 1) + ' ' + m[1]);
    });
    assert.equal(found.map((f) => f.line + ' ' + f.kind), expected, formatHotAllocations(found));
    const text = formatHotAllocations(found, dir);
    for (const f of found) {
      assert.ok(f.fix.length > 20 && f.where === 'poll', 'a fix for ' + f.kind);
      assert.ok(text.indexOf('snippet.ts:' + f.line + ':' + f.column + '  ' + f.kind + ' in poll: ') >= 0, text);
    }
    assert.match(text, /snippet\.ts:3:13 {2}object-literal in poll: \{ n: n \}; fix: keep the fields in the frame words/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file the check cannot read is refused naming it', () => {
  assert.throws(() => checkHotFiles([path.join(os.tmpdir(), 'frugal-no-such-file.ts')]), /frugal-no-such-file\.ts is not a file .* fix the path/);
});

function programs(): string[] {
  const dirs = ['examples', 'test/compiler-corpus', 'test/device-corpus'];
  return dirs.flatMap((d) => readdirSync(path.join(ROOT, d)).filter((f) => f.endsWith('.ts')).map((f) => path.join(ROOT, d, f)));
}

test('the lowering adds no allocation to the poll and drop functions of any example or corpus program (host and device)', () => {
  const files = programs();
  const program = createProgram(files);
  let lowered = 0;
  for (const target of ['host', 'device'] as const) {
    const l = new Lowering(program, target);
    for (const f of files) {
      const r = lowerFile(l, f);
      // What a target refuses (a Promise, recursion on the device) is the refusal tests' business.
      if (r.diagnostics.length > 0 || !r.changed) continue;
      lowered += r.functions.length;
      const found = loweringAllocations(program.getSourceFile(f) as TS.SourceFile, r.code);
      assert.equal(found, [], target + ': ' + formatHotAllocations(found, ROOT));
    }
  }
  assert.ok(lowered >= 80, 'lowered ' + lowered + ' async functions');
});

test('an allocation the lowering would add to a poll function is reported', () => {
  const file = path.join(ROOT, 'test', 'compiler-corpus', 'alloc.ts');
  const program = createProgram([file]);
  const r = lowerFile(new Lowering(program, 'device'), file);
  const at = r.code.indexOf('for (;;) {');
  assert.ok(at > 0, 'a lowered poll loop');
  const injected = r.code.slice(0, at) + 'var $tmp = { at: $b }; ' + r.code.slice(at);
  const found = loweringAllocations(program.getSourceFile(file) as TS.SourceFile, injected);
  assert.equal(found.map((f) => f.kind), ['object-literal'], formatHotAllocations(found));
});

test.run();
