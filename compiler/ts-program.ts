// The TypeScript program the lowering analyses (types decide frame words versus reference slots,
// and callee frames are sized across files), and the final ES5 transpile of lowered text.

import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from './typescript.ts';
import type * as TS from 'typescript';
import { entryPaths } from './package-entries.ts';
import { readSourceText } from './source-text.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The project's compiler options (tsconfig.json), for a program over `rootNames`.
 * - frugal's tsconfig.json is readable (it ships with the package).
 */
export function projectOptions(): TS.CompilerOptions {
  const file = path.join(ROOT, 'tsconfig.json');
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT);
  // The project's own style checks are not a user program's errors: an unused import, a switch
  // case that falls through or a method overridden without `override` is the user's business,
  // and the lowering keeps its meaning.
  return { ...parsed.options, noEmit: true, noUnusedLocals: false, noFallthroughCasesInSwitch: false, noImplicitOverride: false, paths: entryPaths() };
}

// Parsed files, kept for the process: a command or a test process makes many programs over the same
// lib files, @types/node and frugal's own sources, and parsing them is most of making a program.
// A file is reused only unchanged (the same text; in node_modules, the same size and time) and
// under the same parse settings, as TypeScript's own DocumentRegistry does for its language
// service (binding, done once per file, is the same for every program of those settings).
const parsed = new Map<string, { version: string; file: TS.SourceFile }>();

/**
 * The program over `rootNames` and everything they import. Throws, naming the file and the byte, when
 * a file it reads is not UTF-8 (compiler/source-text.ts): TypeScript would only note that it could
 * not read it, and go on without it.
 * - `options` default to projectOptions().
 */
export function createProgram(rootNames: readonly string[], options?: TS.CompilerOptions): TS.Program {
  const opts = options ?? projectOptions();
  const host = ts.createCompilerHost(opts);
  let refused: unknown = null;
  host.readFile = (file) => {
    if (!ts.sys.fileExists(file)) return undefined;
    try {
      return readSourceText(file);
    } catch (e) {
      if (refused === null) refused = e;
      return undefined;
    }
  };
  const getSourceFile = host.getSourceFile;
  const settings = JSON.stringify([opts.target, opts.module, opts.moduleResolution, opts.jsx, opts.allowJs]);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    // An installed package's file is known by its size and time; any other by its text.
    const installed = fileName.indexOf('/node_modules/') >= 0 && ts.sys.fileExists(fileName);
    const stat = installed ? statSync(fileName) : null;
    const version = stat !== null ? stat.size + ':' + stat.mtimeMs : host.readFile(fileName);
    if (version === undefined) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    const key = settings + JSON.stringify(languageVersion) + fileName;
    const kept = parsed.get(key);
    if (kept !== undefined && kept.version === version) return kept.file;
    const file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (file !== undefined) parsed.set(key, { version, file });
    return file;
  };
  const program = ts.createProgram(rootNames.map((f) => path.resolve(f)), opts, host);
  if (refused !== null) throw refused;
  return program;
}

/**
 * Lowered TypeScript text to ES5 (ESM imports kept for the bundler). Comments go: Espruino parses
 * the source text every time it runs it.
 * - `code` is lowered TypeScript text (lowerFile), `fileName` its file.
 */
export function transpileES5(code: string, fileName: string): string {
  const out = ts.transpileModule(code, {
    fileName: fileName,
    compilerOptions: {
      target: ts.ScriptTarget.ES5,
      module: ts.ModuleKind.ESNext,
      removeComments: true,
      importsNotUsedAsValues: undefined,
      verbatimModuleSyntax: false,
      isolatedModules: true,
      allowImportingTsExtensions: true,
      noEmitHelpers: false,
    },
    reportDiagnostics: false,
  });
  // A bundler must keep a call as a possible side effect. TypeScript's ES5 class is an IIFE, and a
  // vtable is made by a call (defineFuture, or asyncFn for a lowered function) that only registers
  // it: the executor looks a vtable up only for frames opened from it, so one nothing opens is dead.
  // Marked pure, the classes and vtables a bundle never uses drop out (the primitives lowered.ts
  // re-exports, for instance: join, select, fromPromise in a bundle that only sleeps). copyArgs only
  // makes a vtable's init, so a call of it is pure too. (The namespace is __frugal$n in a file whose
  // own code has the name __frugal: compiler/names.ts.)
  return out.outputText
    .replace(/(?<!function )\bcopyArgs\(/g, '/* @__PURE__ */ copyArgs(')
    .replace(/^(\s*(?:export )?var [\w$]+ = )\((function \(\) \{)$/gm, '$1/* @__PURE__ */ ($2')
    .replace(/^(\s*(?:export )?var [\w$]+ = )((?:defineFuture|__frugal(?:\$\d+)?\.asyncFn)\()/gm, '$1/* @__PURE__ */ $2');
}
