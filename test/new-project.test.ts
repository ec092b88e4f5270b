// frugal new (cli/new-project.ts): the project it writes, how it depends on frugal, and what it
// refuses, leaving nothing behind. The project's program and test run here against the checkout;
// npm run test:package installs one from the tarball and runs npm install && npm test in it.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { frugalDependency, packageName } from '../cli/new-project.ts';
import { frugalWith } from './support/frugal-cli.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'frugal-new-test-'));


test('frugal new writes package.json, tsconfig.json, the program, its test, .gitignore and a README', async () => {
  const r = await frugalWith({ cwd: tmp }, 'new', 'My App', '--frugal', 'file:../frugal-0.1.0.tgz');
  assert.is(r.code, 0, r.err);
  assert.is(r.out, 'frugal: created My App (my-app): package.json, tsconfig.json, src/app.ts, test/app.test.ts, .gitignore, README.md\n' +
    '  frugal  file:../frugal-0.1.0.tgz (--frugal)\nnext: cd My App && npm install && npm test\n');
  const app = path.join(tmp, 'My App');
  assert.equal(readdirSync(app).sort(), ['.gitignore', 'README.md', 'package.json', 'src', 'test', 'tsconfig.json']);
  assert.is(statSync(app).mode & 0o777, 0o777 & ~process.umask(), 'the mode any new directory gets');
  const manifest = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as {
    name: string; type: string; scripts: { [s: string]: string }; dependencies: { [d: string]: string }; devDependencies: { [d: string]: string };
  };
  const own = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: { typescript: string }; devDependencies: { tsx: string } };
  assert.is(manifest.name, 'my-app');
  assert.is(manifest.type, 'module');
  assert.equal(manifest.dependencies, { frugal: 'file:../frugal-0.1.0.tgz' });
  assert.equal(manifest.devDependencies, { tsx: own.devDependencies.tsx, typescript: own.dependencies.typescript });
  assert.is(manifest.scripts.test, 'tsc --noEmit && node --import tsx --test test/app.test.ts');
  assert.is(manifest.scripts.start, 'frugal run ./src/app.ts');
  assert.is(readFileSync(path.join(app, '.gitignore'), 'utf8'), 'node_modules/\nout/\n');
});

test("the project's test passes against this frugal (its program runs where frugal runs it)", () => {
  // tsx takes the checkout's tsconfig.json, whose paths name 'frugal/testing' testing.ts, as an
  // installed frugal would be found from the project.
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', path.join(tmp, 'My App', 'test', 'app.test.ts')], { cwd: ROOT, encoding: 'utf8', timeout: 300000 });
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^# pass 2$/m);
});

test('refused, naming the fix and writing nothing: a directory with files in it, a file, a missing parent', async () => {
  const cases: [string, string][] = [
    ['My App', "frugal: 'My App' is not empty; fix: pass the name of a new directory, or empty this one\n"],
    ['file.txt', "frugal: 'file.txt' is a file; fix: pass the name of a new directory\n"],
    [path.join('no', 'such', 'app'), "frugal: '" + path.join(tmp, 'no', 'such') + "' does not exist; fix: create it first, or pass another path\n"],
  ];
  writeFileSync(path.join(tmp, 'file.txt'), '');
  for (const [dir, message] of cases) {
    const r = await frugalWith({ cwd: tmp }, 'new', dir, '--frugal', '^0.1.0');
    assert.is(r.code, 1, dir);
    assert.is(r.err, message);
  }
  // An empty directory is taken.
  mkdirSync(path.join(tmp, 'empty'));
  assert.is((await frugalWith({ cwd: tmp }, 'new', 'empty', '--frugal', '^0.1.0')).code, 0);
  assert.equal(readdirSync(tmp).filter((f) => f.startsWith('.frugal-new-')), [], 'no temporary directory left');
});

test('the dependency on frugal: as the installing project has it, a file: path rewritten from the new directory', async () => {
  const project = path.join(tmp, 'project');
  const installed = path.join(project, 'node_modules', 'frugal');
  mkdirSync(installed, { recursive: true });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ dependencies: { frugal: 'file:../frugal-0.1.0.tgz' } }));
  assert.equal(frugalDependency(path.join(project, 'apps', 'app'), installed), { spec: 'file:../../../frugal-0.1.0.tgz', from: path.join(project, 'package.json') });
  assert.equal(frugalDependency(tmp, installed), { spec: 'file:./frugal-0.1.0.tgz', from: path.join(project, 'package.json') });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ devDependencies: { frugal: 'github:someone/frugal' } }));
  assert.is(frugalDependency(path.join(project, 'app'), installed).spec, 'github:someone/frugal');
  // Not installed in a project (a checkout): the version, which the output says to point at a tarball.
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(frugalDependency(path.join(tmp, 'x'), ROOT), { spec: '^' + version, from: '' });
  const r = await frugalWith({ cwd: tmp }, 'new', 'unpointed');
  assert.is(r.code, 0, r.err);
  assert.match(r.out, '  frugal  ^' + version + ' (frugal is not on the npm registry: set dependencies.frugal in ' + path.join('unpointed', 'package.json') +
    ' to your tarball, file:<path to frugal-' + version + '.tgz>, or pass --frugal <spec>)');
});

test('package names from directory names', async () => {
  assert.is(packageName('My App'), 'my-app');
  assert.is(packageName('/x/.hidden'), 'hidden');
  assert.is(packageName('___'), 'frugal-app');
});

test('remove the projects', async () => {
  rmSync(tmp, { recursive: true, force: true });
});

test.run();
