import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditFile, formatAudit } from '../compiler/allocation-audit.ts';
import { Lowering } from '../compiler/lowering.ts';
import { createProgram } from '../compiler/ts-program.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUNTIME = JSON.stringify(path.join(HERE, '..', 'tasks', 'task-api.ts'));

// Every line marked `// alloc: <kind>` must be listed with that kind, and no other line.
const SOURCE = [
  'import { sleep, next, fromPromise, type Dyn, type AsyncIteratorSource } from ' + RUNTIME + ';',
  'class Boxing { constructor() {} }',
  'class CallerCachedBox { constructor() {} }',
  'class Recycling { constructor() {} }',
  'export const box = new Boxing(); // alloc: boxing-adapter',
  'export const cached = new CallerCachedBox(); // alloc: cached-box-adapter',
  'export const recycled = new Recycling(); // alloc: recycling-adapter',
  'export class Gen implements AsyncIteratorSource {',
  '  n = 0;',
  '  async next(): Promise<[value: number, done: number]> {',
  '    this.n++;',
  '    return [this.n, 0];',
  '  }',
  '}',
  'export async function task(it: Dyn<AsyncIteratorSource>, buf: Float64Array, list: number[], p: Promise<number>): Promise<number> {',
  '  let sum = 0;',
  '  const [v, done] = await next(it);',
  '  buf[0] = v + done;',
  '  sum += buf[0] * 2;',
  '  const o = { a: sum }; // alloc: object-literal',
  '  const arr = [1, 2]; // alloc: array-literal',
  "  const s = 'sum ' + sum; // alloc: string",
  '  const t = `v=${v}`; // alloc: string',
  '  const f = () => sum; // alloc: closure',
  '  list.push(sum); // alloc: array-growth',
  '  const m = new Uint8Array(4); // alloc: new',
  '  const q = await fromPromise(p); // alloc: from-promise',
  '  await sleep(1);',
  '  return o.a + arr[0] + s.length + t.length + f() + m[0] + q;',
  '}',
  '',
];

test('the audit lists exactly the allocating places of task code, with file:line', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frugal-audit-'));
  const file = path.join(dir, 'task.ts');
  writeFileSync(file, SOURCE.join('\n'));
  const l = new Lowering(createProgram([file]));
  const sites = auditFile(l, file);
  const expected: string[] = [];
  SOURCE.forEach((line, i) => {
    const m = /\/\/ alloc: ([\w-]+)/.exec(line);
    if (m !== null) expected.push((i + 1) + ' ' + m[1]);
  });
  assert.equal(sites.map((s) => s.line + ' ' + s.kind), expected, formatAudit(sites));
  assert.ok(sites.every((s) => s.file === file));
  const text = formatAudit(sites);
  assert.match(text, /task\.ts:20:\d+ {2}object literal in task: \{ a: sum \}/);
  assert.match(text, /task\.ts:5:\d+ {2}Boxing adapter \(allocates a frame per call\) in module: new Boxing\(\)/);
  assert.match(text, /task\.ts:6:\d+ {2}CallerCachedBox adapter \(allocates a frame once per calling task/);
  assert.match(text, /task\.ts:7:\d+ {2}Recycling adapter \(allocates a frame on the first call/);
  rmSync(dir, { recursive: true, force: true });
});

test('adapters that allocate are listed in a file with no task code too', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frugal-audit-'));
  const file = path.join(dir, 'setup.ts');
  writeFileSync(file, 'class Boxing { constructor() {} }\nclass CallerCachedBox { constructor() {} }\nexport const a = new Boxing();\nexport const b = new CallerCachedBox();\n');
  const l = new Lowering(createProgram([file]));
  assert.equal(auditFile(l, file).map((s) => s.line + ' ' + s.kind), ['3 boxing-adapter', '4 cached-box-adapter']);
  rmSync(dir, { recursive: true, force: true });
});

test('the allocation-test corpus has nothing to list', () => {
  const file = path.join(HERE, 'compiler-corpus', 'alloc.ts');
  const l = new Lowering(createProgram([file]));
  assert.equal(auditFile(l, file), []);
  assert.is(formatAudit([]), 'no allocation in task code');
});

test.run();
