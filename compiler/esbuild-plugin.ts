// The lowering as an esbuild plugin: every .ts file is lowered (when it has async functions or uses
// tasks/task-api.ts) and transpiled to ES5; build errors carry file:line:column and the fix.
//
//   await esbuild.build({ entryPoints: ['app.ts'], bundle: true, format: 'iife', target: 'es5',
//     plugins: [frugalPlugin()] });

import path from 'node:path';
import type { Plugin } from 'esbuild';
import ts from './typescript.ts';
import { esbuildErrorsOf } from './diagnostics.ts';
import { lowerFile, type LoweredFile } from './lower-file.ts';
import { Lowering } from './lowering.ts';
import { createProgram, transpileES5 } from './ts-program.ts';
import { hideBoardRequires } from './board-requires.ts';

export interface FrugalPluginOptions {
  /** A lowering to reuse (its program must include the entry points); made from them otherwise. */
  lowering?: Lowering;
  /** Called with each lowered file (for size reports, audits, debugging). */
  onLowered?: (file: LoweredFile) => void;
}

function entryList(entryPoints: unknown): string[] {
  if (Array.isArray(entryPoints)) {
    return entryPoints.map((e: unknown) => (typeof e === 'string' ? e : (e as { in: string }).in));
  }
  if (entryPoints !== null && typeof entryPoints === 'object') return Object.values(entryPoints as { [k: string]: string });
  return [];
}

/**
 * The esbuild plugin that lowers every .ts file of the build (those with async functions or a
 * task-api.ts import) and transpiles it to ES5.
 * - `opts.lowering`, when given, has a program that includes the entry points and what they import.
 */
export function frugalPlugin(opts?: FrugalPluginOptions): Plugin {
  const o = opts || {};
  return {
    name: 'frugal-lowering',
    setup(build) {
      let lowering: Lowering | null = o.lowering ?? null;
      const ensure = (): Lowering => {
        if (lowering === null) lowering = new Lowering(createProgram(entryList(build.initialOptions.entryPoints)));
        return lowering;
      };
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const l = ensure();
        const resolveDir = path.dirname(args.path);
        if (l.program.getSourceFile(args.path) === undefined) {
          return { contents: hideBoardRequires(transpileES5(ts.sys.readFile(args.path) ?? '', args.path)), loader: 'js', resolveDir: resolveDir };
        }
        const res = lowerFile(l, args.path);
        if (res.diagnostics.length > 0) return { errors: esbuildErrorsOf(res.diagnostics) };
        if (o.onLowered !== undefined && res.changed) o.onLowered(res);
        return { contents: hideBoardRequires(transpileES5(res.code, args.path)), loader: 'js', resolveDir: resolveDir };
      });
    },
  };
}
