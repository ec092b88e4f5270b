// The lowering as an esbuild plugin: every .ts file is lowered (when it has async functions or uses
// tasks/task-api.ts) and transpiled to ES5; build errors carry file:line:column and the fix.
// In a device bundle the message catalog gives way to the fault line (see executor/fault-line.ts).
//
//   await esbuild.build({ entryPoints: ['app.ts'], bundle: true, format: 'iife', target: 'es5',
//     plugins: [frugalPlugin()] });

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, PartialMessage } from 'esbuild';
import ts from 'typescript';
import * as catalog from '../executor/messages.ts';
import { lowerFile, type LoweredFile } from './lower-file.ts';
import { Lowering } from './lowering.ts';
import { createProgram, transpileES5 } from './ts-program.ts';

export interface FrugalPluginOptions {
  /** A lowering to reuse (its program must include the entry points); made from them otherwise. */
  lowering?: Lowering;
  /** Called with each lowered file (for size reports, audits, debugging). */
  onLowered?: (file: LoweredFile) => void;
  /** A device bundle: executor/fault-line.ts stands in for the message catalog. */
  device?: boolean;
}

const CATALOG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../executor/messages.ts');
const FAULT_LINE = path.resolve(path.dirname(CATALOG), 'fault-line.ts');

const CODES: { [name: string]: number } = {};
for (const [name, value] of Object.entries(catalog)) if (/^M_[A-Z0-9_]+$/.test(name)) CODES[name] = value as number;

// Each message code becomes its number where it is used, so that the codes cost a device no
// variables (an ES5 var is not inlined across modules) and the fault line need not export them.
function inlineCodes(code: string): string {
  return code
    .replace(/import\s*\{([^}]*)\}(\s*from\s*['"][^'"]*\/messages\.ts['"])/g, (all: string, names: string, from: string) =>
      'import { ' + names.split(',').map((n) => n.trim()).filter((n) => n !== '' && CODES[n] === undefined).join(', ') + ' }' + from)
    .replace(/\bM_[A-Z0-9_]+\b/g, (name) => (CODES[name] === undefined ? name : String(CODES[name])));
}

function entryList(entryPoints: unknown): string[] {
  if (Array.isArray(entryPoints)) {
    return entryPoints.map((e: unknown) => (typeof e === 'string' ? e : (e as { in: string }).in));
  }
  if (entryPoints !== null && typeof entryPoints === 'object') return Object.values(entryPoints as { [k: string]: string });
  return [];
}

export function frugalPlugin(opts?: FrugalPluginOptions): Plugin {
  const o = opts || {};
  return {
    name: 'frugal-lowering',
    setup(build) {
      const finish = o.device ? inlineCodes : (code: string): string => code;
      if (o.device) {
        build.onResolve({ filter: /messages\.ts$/ }, (args) =>
          path.resolve(args.resolveDir, args.path) === CATALOG ? { path: FAULT_LINE } : undefined);
      }
      let lowering: Lowering | null = o.lowering ?? null;
      const ensure = (): Lowering => {
        if (lowering === null) lowering = new Lowering(createProgram(entryList(build.initialOptions.entryPoints)));
        return lowering;
      };
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const l = ensure();
        const resolveDir = path.dirname(args.path);
        if (l.program.getSourceFile(args.path) === undefined) {
          return { contents: finish(transpileES5(ts.sys.readFile(args.path) ?? '', args.path)), loader: 'js', resolveDir: resolveDir };
        }
        const res = lowerFile(l, args.path);
        if (res.diagnostics.length > 0) {
          const errors: PartialMessage[] = res.diagnostics.map((d) => ({
            text: d.message + '; fix: ' + d.fix,
            location: { file: d.file, line: d.line, column: d.column - 1 },
          }));
          return { errors: errors };
        }
        if (o.onLowered !== undefined && res.changed) o.onLowered(res);
        return { contents: finish(transpileES5(res.code, args.path)), loader: 'js', resolveDir: resolveDir };
      });
    },
  };
}
