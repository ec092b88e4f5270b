// The layout rules of the README ("Layout").
// Imports run one way. The scheduler core (executor/) reaches nothing outside itself; the
// primitives (primitives/) are built on the core alone; neither they nor the adapters reach the
// tool chain (lowering, bundler, CLI); cli/ parses arguments and prints, so nothing the command is
// built from imports it. Read from every import, export-from and dynamic import of each .ts file,
// so a new file or a re-export cannot slip past.
// A source file's name says which one it is: no two files outside test/ share a name (index.ts, a
// folder's entry, aside), so a name in a stack trace, an import or a review is never ambiguous; the
// device runtime's form of a host module carries a `device-` prefix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOOL_CHAIN = ['compiler', 'bundler', 'cli'];

interface Rule {
  /** Top-level folder whose files are checked (all depths). */
  dir: string;
  /** Top-level folders its files must not import. */
  forbidden: string[];
  /** Whether the package's own entries (index.ts, testing.ts) are forbidden too. */
  entries: boolean;
}

// The package's frugal/testing entry (testing.ts) returns the text frugal run prints, so it may import cli/.
const RULES: Rule[] = [
  { dir: 'executor', forbidden: ['primitives', 'adapters', 'boards', 'device'].concat(TOOL_CHAIN), entries: true },
  { dir: 'primitives', forbidden: ['adapters', 'boards', 'device'].concat(TOOL_CHAIN), entries: true },
  { dir: 'adapters', forbidden: TOOL_CHAIN, entries: true },
].concat(['tasks', 'compiler', 'bundler', 'boards', 'device', 'examples'].map((dir) => ({ dir, forbidden: ['cli'], entries: false })));

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Where a module specifier of `file` points, as a path from root; bare specifiers as they are. */
function target(root: string, file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep).join('/');
}

/** Every import under root/rule.dir that reaches a forbidden folder or the package entries, as "file -> specifier". */
function violations(root: string, rule: Rule): { files: number; found: string[] } {
  const files = tsFiles(path.join(root, rule.dir));
  const found: string[] = [];
  for (const file of files) {
    const imports = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles;
    for (const imp of imports) {
      const to = target(root, file, imp.fileName);
      const top = to.split('/')[0];
      const entry = rule.entries && (to === 'frugal' || to.startsWith('frugal/') || to === 'index.ts' || to === 'testing.ts');
      if (entry || rule.forbidden.indexOf(top) >= 0) found.push(path.relative(root, file) + ' -> ' + imp.fileName);
    }
  }
  return { files: files.length, found };
}

for (const rule of RULES) {
  test(rule.dir + '/ imports none of ' + rule.forbidden.join(', ') + (rule.entries ? ' (nor the package entries)' : ''), () => {
    const r = violations(ROOT, rule);
    assert.ok(r.files > 0, rule.dir + '/ has .ts files to check');
    assert.equal(r.found, [], rule.dir + '/ must not import these (move the shared part into ' + rule.dir + '/ or below it)');
  });
}

test('the check sees a forbidden import in a plain import, a re-export and a dynamic import', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'frugal-layout-'));
  try {
    fs.mkdirSync(path.join(root, 'executor', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(root, 'executor', 'ok.ts'), "import { x } from './abi.ts';\nimport fs from 'node:fs';\n");
    fs.writeFileSync(path.join(root, 'executor', 'a.ts'), "import type { Channel } from '../primitives/channel.ts';\n");
    fs.writeFileSync(path.join(root, 'executor', 'deep', 'b.ts'), "export { main } from '../../cli/main.ts';\n");
    fs.writeFileSync(path.join(root, 'executor', 'c.ts'), "const m = import('../compiler/lower-file.ts');\n");
    const r = violations(root, RULES[0]);
    assert.is(r.files, 4);
    assert.equal(r.found.sort(), [
      'executor/a.ts -> ../primitives/channel.ts',
      'executor/c.ts -> ../compiler/lower-file.ts',
      'executor/deep/b.ts -> ../../cli/main.ts',
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/** Names shared by more than one source file outside test/, each with the files that have it. */
function sharedNames(files: readonly string[]): string[] {
  const byName: { [name: string]: string[] } = {};
  for (const f of files) {
    const name = path.basename(f);
    if (name === 'index.ts') continue;
    (byName[name] = byName[name] || []).push(f);
  }
  return Object.keys(byName).filter((n) => byName[n].length > 1).map((n) => n + ': ' + byName[n].join(', '));
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'test') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|js)$/.test(e.name)) out.push(path.relative(ROOT, p));
  }
  return out;
}

test('no two source files outside test/ share a name (index.ts aside)', () => {
  const files = sources(ROOT);
  assert.ok(files.indexOf(path.join('executor', 'executor.ts')) >= 0, 'the walk sees the sources');
  assert.equal(sharedNames(files), [], 'rename so that each name says which one it is (README, Layout)');
});

test('the check names a shared name and the files that share it', () => {
  assert.equal(sharedNames(['cli/build.ts', 'compiler/build.ts', 'index.ts', 'examples/index.ts', 'a/x.ts']), ['build.ts: cli/build.ts, compiler/build.ts']);
});

test.run();
