// Building task code through the lowering, for device bundles and for Node tests. A Node build
// keeps the executor, boards and adapters external (imported by absolute path), so the lowered
// module shares them with the code that drives it: the test's Executor is the bundle's Executor.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { LowerError, type LowerDiagnostic } from './diagnostics.ts';
import { frugalPlugin } from './esbuild-plugin.ts';
import type { LoweredFile } from './lower-file.ts';
import { Lowering } from './lowering.ts';
import { lowerFile } from './lower-file.ts';
import { createProgram } from './ts-program.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// runtime.ts is reached only through a module re-exporting it (the package entry, index.ts; a task
// file's own import of it is lowered away): built in, its native implementation would be lowered.
const SHARED = ['executor', 'boards', 'adapters', 'tasks'].map((d) => path.join(ROOT, d) + path.sep);

export interface BuildOptions {
  /** 'device': one ES5 IIFE with everything in it; 'node': ESM with the runtime modules external. */
  target: 'device' | 'node';
  lowering?: Lowering;
  minify?: boolean;
  /** For device bundles: the global name the entry's exports are put under. */
  globalName?: string;
}

export interface BuildResult {
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
        for (const s of SHARED) if ((abs === s || abs.startsWith(s)) && !isTaskFile(abs)) return { path: abs, external: true };
        return undefined;
      });
    },
  };
}

export async function buildLowered(entry: string, opts: BuildOptions): Promise<BuildResult> {
  const files: LoweredFile[] = [];
  const plugins: esbuild.Plugin[] = [];
  if (opts.target === 'node') plugins.push(externalShared());
  plugins.push(frugalPlugin({ lowering: opts.lowering, onLowered: (f) => files.push(f), device: opts.target === 'device' }));
  let result: esbuild.BuildResult;
  try {
    result = await esbuild.build({
      entryPoints: [path.resolve(entry)],
      bundle: true,
      write: false,
      format: opts.target === 'node' ? 'esm' : 'iife',
      globalName: opts.target === 'device' ? opts.globalName : undefined,
      target: 'es5',
      platform: opts.target === 'node' ? 'node' : 'neutral',
      minify: opts.minify === true,
      logLevel: 'silent',
      plugins: plugins,
    });
  } catch (e) {
    const failure = e as esbuild.BuildFailure;
    if (Array.isArray(failure.errors)) {
      const diags: LowerDiagnostic[] = failure.errors.map((m) => ({
        // esbuild names files relative to its working directory; users get an absolute path.
        file: m.location ? path.resolve(m.location.file) : entry,
        line: m.location?.line ?? 0,
        column: (m.location?.column ?? 0) + 1,
        code: 'build',
        message: m.text.replace(/; fix: .*$/, ''),
        fix: /; fix: (.*)$/.exec(m.text)?.[1] ?? '',
      }));
      throw new LowerError(diags);
    }
    throw e;
  }
  return { code: result.outputFiles![0].text, files: files };
}

/**
 * Imports a Node build of `entry` (buildLowered, target node). Node loads a module from a file, so
 * the code is written to a temporary directory, removed once the import settles: a loaded module
 * no longer needs its file, and its imports of the shared runtime are absolute paths.
 */
export async function importBuilt(entry: string, code: string): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frugal-lowered-'));
  try {
    const file = path.join(dir, path.basename(entry).replace(/\.ts$/, '') + '.mjs');
    writeFileSync(file, code);
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds `entry` through the lowering and imports the result (Node, under tsx). */
export async function importLowered<T>(entry: string, lowering?: Lowering): Promise<T> {
  const { code } = await buildLowered(entry, { target: 'node', lowering: lowering });
  return (await importBuilt(entry, code)) as T;
}

/** Lowers one file of a fresh program and returns its TypeScript text, or throws a LowerError. */
export function lowerToText(fileName: string, lowering?: Lowering): string {
  const l = lowering ?? new Lowering(createProgram([fileName]));
  const res = lowerFile(l, path.resolve(fileName));
  if (res.diagnostics.length > 0) throw new LowerError(res.diagnostics);
  return res.code;
}
