// The layout rules of the README ("Layout"). A source file's name says which one it is: no two files
// outside test/ share a name (index.ts, a folder's entry, aside), so a name in a stack trace, an
// import or a review is never ambiguous; the device runtime's form of a host module carries a
// `device-` prefix (device/device-channel.ts beside executor/channel.ts). Imports point one way:
// cli/ parses arguments and prints, so nothing the command is built from imports it.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', 'test', '.git']);

function sources(dir: string, out: string[]): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.(ts|js)$/.test(e.name)) out.push(path.relative(ROOT, p));
  }
  return out;
}

/** Names shared by more than one source file, each with the files that have it. */
function sharedNames(files: readonly string[]): string[] {
  const byName = new Map<string, string[]>();
  for (const f of files) {
    const name = path.basename(f);
    if (name === 'index.ts') continue;
    byName.set(name, (byName.get(name) ?? []).concat(f));
  }
  const out: string[] = [];
  byName.forEach((fs, name) => {
    if (fs.length > 1) out.push(name + ': ' + fs.join(', '));
  });
  return out;
}

test('no two source files outside test/ share a name (index.ts aside)', () => {
  const files = sources(ROOT, []);
  assert.ok(files.indexOf(path.join('executor', 'executor.ts')) >= 0, 'the walk sees the sources');
  assert.equal(sharedNames(files), [], 'rename so that each name says which one it is (README, Layout)');
});

test('the check names a shared name and the files that share it', () => {
  assert.equal(sharedNames(['cli/build.ts', 'compiler/build.ts', 'index.ts', 'examples/index.ts', 'a/x.ts']), ['build.ts: cli/build.ts, compiler/build.ts']);
});

/** The files among `files` that import a module under cli/, each with the import. */
function importsOfCli(files: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    const text = readFileSync(path.join(ROOT, f), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(f), m[1]));
      if (m[1].startsWith('.') && target.split(path.sep)[0] === 'cli') out.push(f + ' imports ' + m[1]);
    }
  }
  return out;
}

// The package's frugal/testing entry (testing.ts) returns the text frugal run prints, so it may.
const LIBRARY = ['executor', 'adapters', 'tasks', 'compiler', 'bundler', 'boards', 'device', 'examples'];

test('no module the command is built from imports cli/', () => {
  const files = sources(ROOT, []).filter((f) => LIBRARY.indexOf(f.split(path.sep)[0]) >= 0);
  assert.ok(files.length > 50, 'the walk sees the library');
  assert.equal(importsOfCli(files), [], 'move what the module needs out of cli/ (README, Layout)');
  assert.equal(importsOfCli(['cli/commands.ts']).length > 0, true, 'the check sees an import of cli/');
});

test.run();
