// The one way a device bundle is made, whatever its entry: `frugal build` gives it device/main.ts
// and the generated memory image (device-bundle.ts); the engine tests give it their own entries.
// esbuild bundles in passes: a first with modern syntax, so that the memory map's constants are
// inlined and every branch on them folds away; TypeScript's ES5 transpile of the result; two last
// esbuild passes that minify the ES5; then case bodies go back into blocks (case-blocks.ts). The
// result must parse as ES5 and pass the Espruino profile check, or the build fails.

import path from 'node:path';
import { writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import ts from '../compiler/typescript.ts';
import { parse } from 'acorn';
import { esbuildErrorsOf, lowerErrorOf } from '../compiler/diagnostics.ts';
import type { Lowering } from '../compiler/lowering.ts';
import { lowerFile } from '../compiler/lower-file.ts';
import { hideBoardRequires, restoreBoardRequires } from '../compiler/board-requires.ts';
import { packageEntriesPlugin } from '../compiler/package-entries.ts';
import { checkBundle } from './espruino-profile.ts';
import { inlineContractRules } from './inline-rules.ts';
import { blockCaseBodies } from './case-blocks.ts';
import { dropBuiltinRoots } from './builtin-roots.ts';
import { atTopLevel } from './top-level.ts';
import { inlineCalls } from './inline-calls.ts';
import { dropDeadDeclarations } from './dead-declarations.ts';
import { forwardResults } from './forward-results.ts';
import { constantArguments } from './constant-arguments.ts';

export interface DevicePassesInput {
  /** The module that runs when the bundle loads. */
  entry: string;
  /** Every file of `lowering.program` is lowered with it (its target decides the form). */
  lowering: Lowering;
  /** Modules made by the build, by absolute path: they replace the file of that path. */
  generated: { readonly [file: string]: string };
  /** The bundle's name in error messages, e.g. blinky-puckjs.js. */
  name: string;
}

export interface DevicePassesOutput {
  readonly code: string;
  /** Bytes each input file puts in the first pass's output (esbuild's metafile), for the size report. */
  readonly inputs: { readonly [file: string]: number };
}

/** Parses the bundle as ES5 (acorn); throws naming the place. */
function parseES5(code: string, fileName: string): void {
  try {
    parse(code, { ecmaVersion: 5, sourceType: 'script' });
  } catch (e) {
    throw new Error(fileName + ': not ES5: ' + (e instanceof Error ? e.message : String(e)));
  }
}

/** Source text with the calls that only register a vtable marked pure, so that an unused one drops out. */
function markPure(code: string): string {
  return code.replace(/(\b(?:const|var|let)\s+[\w$]+\s*=\s*)((?:defineFuture|copyArgs|__frugal\.asyncFn)\()/g, '$1/* @__PURE__ */ $2');
}

/** Esbuild plugin: the generated modules, and every file of the program lowered. */
function devicePlugin(lowering: Lowering, generated: { readonly [file: string]: string }): esbuild.Plugin {
  return {
    name: 'frugal-device',
    setup(build) {
      build.onResolve({ filter: /\.ts$/ }, (args) => {
        const abs = path.resolve(args.resolveDir, args.path);
        if (generated[abs] !== undefined) return { path: abs, namespace: 'frugal-generated' };
        // Modules are kept for what they export: a module only setup imports (the host executor,
        // adapters, the board check) drops out of the bundle whole.
        return { path: abs, sideEffects: false };
      });
      build.onLoad({ filter: /.*/, namespace: 'frugal-generated' }, (args) =>
        ({ contents: generated[args.path], loader: 'ts', resolveDir: path.dirname(args.path) }));
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const sf = lowering.program.getSourceFile(args.path);
        const resolveDir = path.dirname(args.path);
        if (sf === undefined) return { contents: hideBoardRequires(markPure(inlineContractRules(ts.sys.readFile(args.path) ?? '', args.path))), loader: 'ts', resolveDir };
        const res = lowerFile(lowering, args.path);
        if (res.diagnostics.length > 0) return { errors: esbuildErrorsOf(res.diagnostics) };
        return { contents: hideBoardRequires(markPure(inlineContractRules(res.code, args.path))), loader: 'ts', resolveDir };
      });
    },
  };
}

/** ES5 text of a modern-syntax bundle (TypeScript's transpile: classes, let/const, arrows, templates). */
function toES5(code: string): string {
  return ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.None, removeComments: true, noEmitHelpers: false },
    reportDiagnostics: false,
  }).outputText;
}

/**
 * Bundles `entry` for a device. Throws a LowerError naming file:line:column and the fix when code
 * uses what the lowering refuses, and an error naming the bundle when the result is not ES5 or
 * fails the Espruino profile check.
 */
export async function devicePasses(input: DevicePassesInput): Promise<DevicePassesOutput> {
  let first: esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    first = await esbuild.build({
      entryPoints: [path.resolve(input.entry)],
      bundle: true,
      write: false,
      // A module, not yet an IIFE: the last pass wraps it, and as a module's top level its unused
      // functions (reachable only from branches the memory map's constants folded away) drop out.
      format: 'esm',
      target: 'es2017',
      platform: 'neutral',
      minifySyntax: true,
      treeShaking: true,
      // Declared class fields stay plain assignments (no defineProperty helper in the bundle).
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
      charset: 'ascii',
      legalComments: 'none',
      logLevel: 'silent',
      metafile: true,
      plugins: [packageEntriesPlugin(), devicePlugin(input.lowering, input.generated)],
    });
  } catch (e) {
    throw lowerErrorOf(e, input.entry);
  }
  if (process.env.FRUGAL_DEBUG_BUNDLE) writeFileSync(process.env.FRUGAL_DEBUG_BUNDLE, first.outputFiles[0].text);
  const es5 = toES5(first.outputFiles[0].text);
  // Minified twice: the first folds branches inside functions (a return before a call), which
  // leaves some functions called from nowhere; the second, wrapping the module, drops them.
  const options: esbuild.TransformOptions = { loader: 'js', treeShaking: true, target: 'es5', minify: true, charset: 'ascii', legalComments: 'none', logLevel: 'silent' };
  const folded = await esbuild.transform(es5, { ...options, format: 'esm' });
  const wrapped = await esbuild.transform(folded.code, { ...options, format: 'iife' });
  // Functions are written in where they are called (inline-calls.ts), the parameters every call
  // gives the same constant become it (constant-arguments.ts), then minified again (folding their
  // arithmetic); what the folds left of dead branches goes before (a `return; var t;` is not a last
  // return) and after (dead-declarations.ts).
  const inlined = await esbuild.transform(constantArguments(inlineCalls(dropDeadDeclarations(wrapped.code))), options);
  // A written-in callee's return writes the caller's variables, not the registers (forward-results.ts).
  const last0 = { code: forwardResults(dropDeadDeclarations(inlined.code)) };
  // What each input file puts in the bundle (before the ES5 pass and minification): a module that
  // was loaded but shaken out entirely is not listed.
  const inputs: { [file: string]: number } = {};
  for (const out of Object.values(first.metafile.outputs)) {
    for (const [file, info] of Object.entries(out.inputs)) if (info.bytesInOutput > 0) inputs[file] = info.bytesInOutput;
  }
  const minified = restoreBoardRequires(last0.code);
  parseES5(minified, input.name);
  // The class W is made with leaves the root scope once the bundle has loaded (builtin-roots.ts);
  // the bundle's scope is the board's root scope (top-level.ts).
  const last = { code: atTopLevel(dropBuiltinRoots(blockCaseBodies(minified))) };
  parseES5(last.code, input.name);
  checkBundle(last.code, input.name);
  return { code: last.code, inputs };
}
