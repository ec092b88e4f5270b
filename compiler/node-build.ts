// Building task code through the lowering for Node: the simulated runs, the build's setup and the
// tests import the lowered module. The executor, primitives, boards, adapters and tasks/ stay external
// (imported by absolute path), so the lowered module shares them with the code that drives it: the
// test's Executor is the bundle's Executor. Device bundles are bundler/'s (device-passes.ts).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { Executor } from '../executor/executor.ts';
import { LowerError, lowerErrorOf } from './diagnostics.ts';
import { frugalPlugin } from './esbuild-plugin.ts';
import { packageEntriesPlugin } from './package-entries.ts';
import type { LoweredFile } from './lower-file.ts';
import { Lowering } from './lowering.ts';
import { lowerFile } from './lower-file.ts';
import { createProgram } from './ts-program.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// tasks/task-api.ts is reached only through a module re-exporting it (the package entry, index.ts;
// a task file's own import of it is lowered away): built in, its native implementation would be lowered.
const SHARED = ['executor', 'primitives', 'boards', 'adapters', 'tasks'].map((d) => path.join(ROOT, d) + path.sep);
// The shared modules in the form this module runs in: compiled .js in the package (dist/), .ts under
// tsx in a checkout. The lowered program must import the very modules its caller runs, or it would
// get an Executor class of its own.
const COMPILED = fileURLToPath(import.meta.url).endsWith('.js');
const runtimePath = (ts: string): string => (COMPILED ? ts.replace(/\.ts$/, '.js') : ts);
// Every lowered module also exports the Executor class it got, for importBuilt to check.
const EXECUTOR_EXPORT = '__frugalExecutor';
const EXECUTOR_FILE = path.join(ROOT, 'executor', 'executor.ts');

export interface NodeBuild {
  readonly code: string;
  readonly files: readonly LoweredFile[];
}

// A shared module with task code of its own (an async method, like the sensor source's next())
// is built into the bundle, lowered, like the example's own files.
function isTaskFile(abs: string): boolean {
  return /from '[./]*\/?tasks\/task-api\.ts'|from '\.\/task-api\.ts'/.test(readFileSync(abs, 'utf8'));
}

function externalShared(): esbuild.Plugin {
  return {
    name: 'frugal-external-runtime',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const abs = path.resolve(args.resolveDir, args.path);
        for (const s of SHARED) {
          if ((abs === s || abs.startsWith(s)) && !isTaskFile(abs)) return { path: runtimePath(abs), external: true };
        }
        return undefined;
      });
    },
  };
}

/**
 * `entry` and what it imports, lowered (host form) as one ES module for Node; a LowerError names what the lowering refused.
 * - `entry` is a .ts file; `lowering`, when given, has a program that includes it and what it imports.
 */
export async function buildForNode(entry: string, lowering?: Lowering): Promise<NodeBuild> {
  const files: LoweredFile[] = [];
  let result: esbuild.BuildResult;
  try {
    result = await esbuild.build({
      entryPoints: [path.resolve(entry)],
      bundle: true,
      write: false,
      format: 'esm',
      target: 'es5',
      platform: 'node',
      logLevel: 'silent',
      footer: { js: 'export { Executor as ' + EXECUTOR_EXPORT + ' } from ' + JSON.stringify(runtimePath(EXECUTOR_FILE)) + ';' },
      plugins: [packageEntriesPlugin(), externalShared(), frugalPlugin({ lowering: lowering, onLowered: (f) => files.push(f) })],
    });
  } catch (e) {
    throw lowerErrorOf(e, entry);
  }
  return { code: result.outputFiles![0].text, files: files };
}

/**
 * Why the lowered module and this code run different copies of frugal, or null when they share one.
 * The lowered module is an ES module; a loader that compiles frugal to CommonJS for the caller (tsx in
 * a project whose package.json has no "type": "module") gives the caller a second copy, whose
 * Executor the program's tasks do not know: every spawn would fail deep inside the executor.
 * - `mod` is a module importBuilt imported.
 */
export function twoCopies(mod: Record<string, unknown>): string | null {
  if (mod[EXECUTOR_EXPORT] === Executor) return null;
  if (typeof module !== 'undefined') {
    return 'frugal is loaded twice: the code loading the program runs it as CommonJS (a loader such as tsx compiles it so in a project ' +
      'whose package.json has no "type": "module"), the program as an ES module; fix: set "type": "module" in your package.json ' +
      '(npm pkg set type=module), or name the test file .mts or .mjs';
  }
  return 'frugal is loaded twice: the program imports ' + runtimePath(EXECUTOR_FILE) + ', the code loading it another copy; ' +
    'fix: install one frugal (npm ls frugal lists them)';
}

/**
 * Imports a Node build of `entry` (buildForNode). Node loads a module from a file, so
 * the code is written to a temporary directory, removed once the import settles: a loaded module
 * no longer needs its file, and its imports of the shared runtime are absolute paths. Throws when
 * the module got another copy of frugal than this code runs (twoCopies).
 * - `code` is buildForNode's code for `entry`.
 */
export async function importBuilt(entry: string, code: string): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frugal-lowered-'));
  let mod: Record<string, unknown>;
  try {
    const file = path.join(dir, path.basename(entry).replace(/\.ts$/, '') + '.mjs');
    writeFileSync(file, code);
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const two = twoCopies(mod);
  if (two !== null) throw new Error(two);
  return mod;
}

/**
 * Builds `entry` through the lowering and imports the result (Node, under tsx).
 * - As buildForNode.
 */
export async function importLowered<T>(entry: string, lowering?: Lowering): Promise<T> {
  const { code } = await buildForNode(entry, lowering);
  return (await importBuilt(entry, code)) as T;
}

/**
 * Lowers one file of a fresh program and returns its TypeScript text, or throws a LowerError.
 * - `fileName` is a .ts file; `lowering`, when given, has a program that includes it.
 */
export function lowerToText(fileName: string, lowering?: Lowering): string {
  const l = lowering ?? new Lowering(createProgram([fileName]));
  const res = lowerFile(l, path.resolve(fileName));
  if (res.diagnostics.length > 0) throw new LowerError(res.diagnostics);
  return res.code;
}
