// `frugal new <dir>`: a project that works from the start: package.json (scripts start, build and
// test; frugal, and tsx and TypeScript for the test), the tsconfig.json that type-checks a program
// against frugal, one program (src/app.ts) and its test (test/app.test.ts), from templates/new-project.
// The project is written whole into a temporary directory beside <dir> and then renamed, so a
// failure leaves nothing behind.
//
// frugal is not on the npm registry: the project depends on frugal the way the project running this
// command does (a file: path to the tarball it was installed from, rewritten from the new directory),
// or on what --frugal gives.

import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATE = path.join(ROOT, 'templates', 'new-project');

interface Manifest {
  version: string;
  dependencies?: { [name: string]: string };
  devDependencies?: { [name: string]: string };
  optionalDependencies?: { [name: string]: string };
}

export interface NewProject {
  dir: string;
  name: string;
  /** The dependency on frugal written to package.json. */
  frugal: string;
  /** Where that came from, for the user to check. */
  frugalFrom: string;
  files: string[];
}

const FRUGAL_PACKAGE_JSON = createRequire(import.meta.url).resolve('frugal/package.json');

function frugalManifest(): Manifest {
  return JSON.parse(readFileSync(FRUGAL_PACKAGE_JSON, 'utf8')) as Manifest;
}

/** An npm package name from a directory name: lower case, URL-safe, not starting with . or _. */
export function packageName(dir: string): string {
  const name = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+/, '').slice(0, 214);
  return name.length > 0 ? name : 'frugal-app';
}

/**
 * How the new project depends on frugal: as the project this frugal is installed in does (a file:
 * path is rewritten to hold from `dir`), else the version, which the user must point at a tarball.
 */
export function frugalDependency(dir: string, installedIn: string = path.dirname(FRUGAL_PACKAGE_JSON)): { spec: string; from: string } {
  const parent = path.dirname(installedIn);
  const project = path.dirname(parent);
  const manifestFile = path.join(project, 'package.json');
  if (path.basename(parent) === 'node_modules' && existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    const spec = m.dependencies?.frugal ?? m.devDependencies?.frugal ?? m.optionalDependencies?.frugal;
    if (spec !== undefined) {
      if (!spec.startsWith('file:')) return { spec, from: manifestFile };
      const target = path.resolve(project, spec.slice('file:'.length));
      const rel = path.relative(path.resolve(dir), target).split(path.sep).join('/');
      return { spec: 'file:' + (rel.startsWith('.') ? rel : './' + rel), from: manifestFile };
    }
  }
  return { spec: '^' + frugalManifest().version, from: '' };
}

function projectManifest(name: string, frugal: string): object {
  const own = frugalManifest() as Manifest & { dependencies: { typescript: string }; devDependencies: { tsx: string } };
  return {
    name: name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      start: 'frugal run ./src/app.ts',
      build: 'frugal build ./src/app.ts --board puckjs --out out/app.js',
      test: 'tsc --noEmit && node --import tsx --test test/app.test.ts',
    },
    dependencies: { frugal: frugal },
    devDependencies: { tsx: own.devDependencies.tsx, typescript: own.dependencies.typescript },
  };
}

/** Throws naming the problem and the fix unless `dir` can become the project: absent, or an empty directory, under an existing one. */
function checkTarget(dir: string): void {
  const abs = path.resolve(dir);
  if (existsSync(abs)) {
    if (!statSync(abs).isDirectory()) throw new Error("'" + dir + "' is a file; fix: pass the name of a new directory");
    if (readdirSync(abs).length > 0) throw new Error("'" + dir + "' is not empty; fix: pass the name of a new directory, or empty this one");
  }
  const parent = path.dirname(abs);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new Error("'" + parent + "' does not exist; fix: create it first, or pass another path");
}

export function newProject(dir: string, frugal?: string): NewProject {
  checkTarget(dir);
  const abs = path.resolve(dir);
  const name = packageName(dir);
  const dep = frugal !== undefined ? { spec: frugal, from: '--frugal' } : frugalDependency(abs);
  let tmp: string;
  try {
    tmp = mkdtempSync(path.join(path.dirname(abs), '.frugal-new-'));
  } catch (e) {
    throw new Error("cannot write in '" + path.dirname(abs) + "' (" + (e instanceof Error ? e.message : String(e)) + '); fix: pass a directory you can write to');
  }
  try {
    cpSync(TEMPLATE, tmp, { recursive: true });
    // npm leaves a package's .gitignore out of its tarball: the template keeps it under another name.
    renameSync(path.join(tmp, 'gitignore'), path.join(tmp, '.gitignore'));
    writeFileSync(path.join(tmp, 'package.json'), JSON.stringify(projectManifest(name, dep.spec), null, 2) + '\n');
    // A temporary directory is private; the project gets the mode any new directory gets.
    chmodSync(tmp, 0o777 & ~process.umask());
    if (existsSync(abs)) rmdirSync(abs);
    renameSync(tmp, abs);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { dir: abs, name, frugal: dep.spec, frugalFrom: dep.from, files: ['package.json', 'tsconfig.json', 'src/app.ts', 'test/app.test.ts', '.gitignore', 'README.md'] };
}

export function describeNewProject(p: NewProject, dirArg: string): string {
  const lines = [
    'frugal: created ' + dirArg + ' (' + p.name + '): ' + p.files.join(', '),
    '  frugal  ' + p.frugal + (p.frugalFrom === '--frugal' ? ' (--frugal)' : p.frugalFrom ? ' (as ' + p.frugalFrom + ' has it)' :
      ' (frugal is not on the npm registry: set dependencies.frugal in ' + path.join(dirArg, 'package.json') + ' to your tarball, file:<path to frugal-' +
      p.frugal.slice(1) + '.tgz>, or pass --frugal <spec>)'),
    'next: cd ' + dirArg + ' && npm install && npm test',
  ];
  return lines.join('\n');
}
