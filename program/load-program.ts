// Loading an example to run it in Node: its module is built through the async/await lowering
// (compiler/node-build.ts buildForNode) and imported, so the simulated run, the build's
// board check and the size report execute the same lowered state machines the device runs, not
// native async functions. An example is named (examples/<name>.ts) or given as the path of a .ts
// file that exports one Example.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from '../compiler/typescript.ts';
import type * as TS from 'typescript';
import { buildForNode, importBuilt } from '../compiler/node-build.ts';
import type { LoweredFile } from '../compiler/lower-file.ts';
import { LowerError } from '../compiler/diagnostics.ts';
import { Lowering, otherPackage } from '../compiler/lowering.ts';
import { createProgram } from '../compiler/ts-program.ts';
import { sizeFrom } from '../compiler/program-sizes.ts';
import { completeExample, type Example, type ProgramExample } from './example.ts';
import { EXAMPLE_NAMES, exampleFile, exampleNames, isExampleName } from './example-names.ts';

export interface LoadedExample {
  example: Example;
  /** Absolute path of the example's module. */
  file: string;
  /** The export of `file` that is the example (for the device entry). */
  exportName: string;
  /** The lowering the module was built with; its program holds the file and everything it imports. */
  lowering: Lowering;
  /** The files of the example's bundle that the lowering changed: its task code. */
  taskFiles: LoweredFile[];
}

const CHOICES = 'an example name (' + exampleNames().join(', ') + ') or the path of a .ts file that exports an Example';

// One program for all named examples, for a process that loads them all (program/examples.ts):
// building the TypeScript program is most of the cost, and tour imports three of the others.
let shared: Lowering | null = null;
function sharedLowering(): Lowering {
  if (shared === null) shared = new Lowering(createProgram(EXAMPLE_NAMES.map(exampleFile)));
  return shared;
}

/**
 * A lowering whose program is the example's module and what it imports, nothing else: the size
 * report takes every lowered implementation of an interface in the program as a candidate for a
 * dyn call, so another example's implementations must not be in it.
 */
export function exampleLowering(loaded: LoadedExample): Lowering {
  return loaded.lowering === shared ? new Lowering(createProgram([loaded.file])) : loaded.lowering;
}

const loaded = new Map<string, Promise<LoadedExample>>();

/** The module file of an example given by name or path; throws naming the input and the choices. */
export function resolveExample(nameOrPath: string): { file: string; named: boolean } {
  if (isExampleName(nameOrPath)) return { file: exampleFile(nameOrPath), named: true };
  const looksLikePath = /[\\/]/.test(nameOrPath) || /\.[cm]?[jt]sx?$/.test(nameOrPath);
  if (!looksLikePath) throw new Error("unknown example '" + nameOrPath + "'; pass " + CHOICES);
  const file = path.resolve(nameOrPath);
  if (!/\.ts$/.test(file)) throw new Error("example file '" + nameOrPath + "' is not a .ts file; pass " + CHOICES);
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error("example file '" + nameOrPath + "' does not exist; pass " + CHOICES);
  return { file, named: false };
}

function where(d: TS.Diagnostic): string {
  if (d.file === undefined || d.start === undefined) return '';
  const p = d.file.getLineAndCharacterOfPosition(d.start);
  const rel = path.relative(process.cwd(), d.file.fileName);
  return (rel.startsWith('..') ? d.file.fileName : rel) + ':' + (p.line + 1) + ':' + (p.character + 1) + ': ';
}

// frugal's own sources: the package's build type-checks them. Its examples and a checkout's test
// programs are programs like the user's.
const FRUGAL_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
function isFrugalSource(file: string): boolean {
  const rel = path.relative(FRUGAL_ROOT, file).split(path.sep);
  return rel[0] !== '..' && !path.isAbsolute(rel[0]) && rel[0] !== 'examples' && rel[0] !== 'test';
}

/** The program's own files: the example's module and everything it imports, but frugal's own sources and other packages. */
export function programFiles(l: Lowering): TS.SourceFile[] {
  return l.program.getSourceFiles().filter((sf) => !sf.isDeclarationFile && !otherPackage(sf) && !isFrugalSource(sf.fileName));
}

/**
 * Refuses source the lowering must not see, in any file of the program (programFiles): a syntax
 * error (the parser recovers from a truncated file and the lowering would build what it guessed) or
 * a type error (frame slots are chosen by type, and a name the package does not export would fail
 * only at run time).
 */
function checkSource(l: Lowering, file: string, nameOrPath: string): void {
  if (l.program.getSourceFile(file) === undefined) throw new Error("example '" + nameOrPath + "': " + file + ' is not in the program; pass ' + CHOICES);
  const own = programFiles(l);
  const syntax = own.flatMap((sf) => l.program.getSyntacticDiagnostics(sf));
  const diags = syntax.length > 0 ? syntax : own.flatMap((sf) => l.program.getSemanticDiagnostics(sf));
  if (diags.length === 0) return;
  const lines = diags.slice(0, 5).map((d) => where(d) + ts.flattenDiagnosticMessageText(d.messageText, ' '));
  throw new Error("example '" + nameOrPath + "' does not compile (" + (syntax.length > 0 ? 'syntax' : 'type') + ' errors):\n  ' +
    lines.join('\n  ') + (diags.length > 5 ? '\n  ... ' + (diags.length - 5) + ' more' : '') +
    '\nfix: correct the source (npx tsc --noEmit shows the same errors)');
}

function isExample(v: unknown): v is ProgramExample {
  if (v === null || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return typeof e.name === 'string' && typeof e.setup === 'function' && e.config !== null && typeof e.config === 'object';
}

async function load(nameOrPath: string, all: boolean): Promise<LoadedExample> {
  const { file, named } = resolveExample(nameOrPath);
  const l = named && all ? sharedLowering() : new Lowering(createProgram([file]));
  checkSource(l, file, nameOrPath);
  let mod: Record<string, unknown>;
  let taskFiles: LoweredFile[];
  try {
    const built = await buildForNode(file, l);
    taskFiles = built.files.slice();
    mod = await importBuilt(file, built.code);
  } catch (e) {
    if (e instanceof LowerError) {
      throw new Error("example '" + nameOrPath + "' cannot be lowered:\n  " + e.diagnostics.map((d) =>
        path.relative(process.cwd(), d.file) + ':' + d.line + ':' + d.column + ': ' + d.message + (d.fix ? '; fix: ' + d.fix : '')).join('\n  '));
    }
    throw e;
  }
  const found = Object.keys(mod).filter((k) => isExample(mod[k]));
  const match = named ? found.filter((k) => (mod[k] as ProgramExample).name === nameOrPath) : found;
  if (match.length !== 1) {
    throw new Error("example '" + nameOrPath + "': " + path.relative(process.cwd(), file) + ' exports ' +
      (match.length === 0 ? 'no Example' : match.length + ' Examples (' + match.join(', ') + ')') +
      '; export exactly one object of type Example (program/example.ts: name, config, setup; description, simulate and runMs if you need them)');
  }
  const example = completeExample(mod[match[0]] as ProgramExample);
  sizeFrom(example, l);
  return { example, file, exportName: match[0], lowering: l, taskFiles };
}

/**
 * The example, lowered and imported; each file is built once per process. `all`: the process will
 * load every named example, so they share one program.
 */
export function loadExample(nameOrPath: string, all?: boolean): Promise<LoadedExample> {
  const key = isExampleName(nameOrPath) ? nameOrPath : path.resolve(nameOrPath);
  let p = loaded.get(key);
  if (p === undefined) {
    p = load(nameOrPath, all === true);
    // A failed load is not cached: the file may be fixed and loaded again in the same process.
    p.catch(() => loaded.delete(key));
    loaded.set(key, p);
  }
  return p;
}
