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
import ts from '../compiler/typescript.ts';
import type * as TS from 'typescript';
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

const RULES: Rule[] = [
  { dir: 'executor', forbidden: ['primitives', 'adapters', 'boards', 'device', 'program', 'simulator'].concat(TOOL_CHAIN), entries: true },
  { dir: 'primitives', forbidden: ['adapters', 'boards', 'device'].concat(TOOL_CHAIN), entries: true },
  { dir: 'adapters', forbidden: TOOL_CHAIN, entries: true },
].concat(['tasks', 'compiler', 'bundler', 'boards', 'device', 'examples', 'program', 'simulator'].map((dir) => ({ dir, forbidden: ['cli'], entries: false })));

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
    const r = violations(root, RULES.find((x) => x.dir === 'executor')!);
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

/** Every relative or package import of the files under root/dir, as "file -> specifier". */
function importsOf(root: string, dir: string): string[] {
  const found: string[] = [];
  for (const file of tsFiles(path.join(root, dir))) {
    for (const imp of ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles) found.push(path.relative(root, file) + ' -> ' + imp.fileName);
  }
  return found;
}

test('contract/ imports nothing: both runtimes, the lowering and the sizes build on it', () => {
  assert.ok(tsFiles(path.join(ROOT, 'contract')).length > 0);
  assert.equal(importsOf(ROOT, 'contract'), []);
});

test('testing.ts, the frugal/testing entry, does not import cli/', () => {
  const imports = ts.preProcessFile(fs.readFileSync(path.join(ROOT, 'testing.ts'), 'utf8'), true, true).importedFiles.map((i) => i.fileName);
  assert.ok(imports.length > 0);
  assert.equal(imports.filter((i) => target(ROOT, path.join(ROOT, 'testing.ts'), i).split('/')[0] === 'cli'), []);
});

/**
 * The modules each module imports: imports, re-exports and dynamic imports of relative .ts files,
 * type-only ones too. A circle of types loads nothing at run time, but it ties the modules' meaning
 * together all the same (issue 23 asks for none at all).
 */
function imports(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const add = (spec: TS.Expression | undefined): void => {
    if (spec !== undefined && ts.isStringLiteral(spec) && spec.text.startsWith('.')) out.push(path.resolve(path.dirname(file), spec.text));
  };
  const visit = (n: TS.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) add(n.moduleSpecifier);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) add(n.arguments[0]);
    n.forEachChild(visit);
  };
  visit(sf);
  return out;
}

/** The import circles among the .ts files under root (test/ and node_modules aside), each as its files from root. */
function circles(root: string): string[][] {
  const files = sources(root, root).filter((f) => f.endsWith('.ts')).map((f) => path.join(root, f));
  const edges = new Map<string, string[]>();
  for (const f of files) edges.set(f, imports(f).filter((t) => t !== f));
  // Tarjan's strongly connected components; a component of more than one file is a circle.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!edges.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const part: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      part.push(path.relative(root, w).split(path.sep).join('/'));
    } while (w !== v);
    if (part.length > 1) found.push(part.sort());
  };
  for (const f of files) if (!index.has(f)) connect(f);
  return found;
}

test('no import circles: no module imports, through its imports, a module that imports it, not even for types', () => {
  assert.equal(circles(ROOT), [], 'break the circle: move what both need into a module of its own');
});

test('the circle check sees a circle through a re-export, a dynamic import and type-only imports', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'frugal-circles-'));
  try {
    fs.mkdirSync(path.join(root, 'a'));
    fs.writeFileSync(path.join(root, 'a', 'one.ts'), "export { two } from './two.ts';\nexport const one = 1;\n");
    fs.writeFileSync(path.join(root, 'a', 'two.ts'), "export const two = () => import('../b/three.ts');\n");
    fs.mkdirSync(path.join(root, 'b'));
    fs.writeFileSync(path.join(root, 'b', 'three.ts'), "import { one } from '../a/one.ts';\nexport const three = one;\n");
    fs.writeFileSync(path.join(root, 'b', 'four.ts'), "import type { Five } from './five.ts';\nimport { type Six } from './five.ts';\nexport type Four = Five | Six;\n");
    fs.writeFileSync(path.join(root, 'b', 'five.ts'), "import { three } from './three.ts';\nimport type { Four } from './four.ts';\nexport type Five = Four;\nexport type Six = typeof three;\n");
    assert.equal(circles(root).sort(), [['a/one.ts', 'a/two.ts', 'b/three.ts'], ['b/five.ts', 'b/four.ts']]);
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

// What npm pack builds (pack/build-package.ts) holds copies of the sources while it packs.
const PACKAGE_BUILD = ['dist', 'types'];

/** Source files under dir (test/, node_modules, the package build and dot folders aside), as paths from root. */
function sources(dir: string, root: string = ROOT): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'test' || (dir === root && PACKAGE_BUILD.indexOf(e.name) >= 0)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p, root));
    else if (/\.(ts|js)$/.test(e.name)) out.push(path.relative(root, p));
  }
  return out;
}

test('no two source files outside test/ share a name (index.ts aside)', () => {
  const files = sources(ROOT);
  assert.ok(files.indexOf(path.join('executor', 'executor.ts')) >= 0, 'the walk sees the sources');
  assert.equal(sharedNames(files), [], 'rename so that each name says which one it is (README, Layout)');
});

test('no source file outside test/ is over 600 lines: one concept a file', () => {
  const long = sources(ROOT).map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > 600);
  assert.equal(long.map(([f, n]) => f + ': ' + n + ' lines'), [], 'split the file by what it does');
});

test('the check names a shared name and the files that share it', () => {
  assert.equal(sharedNames(['cli/build.ts', 'compiler/build.ts', 'index.ts', 'examples/index.ts', 'a/x.ts']), ['build.ts: cli/build.ts, compiler/build.ts']);
});

test.run();
