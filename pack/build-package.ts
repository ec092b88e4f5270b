// `npm pack` runs this first (prepack): the package ships compiled JavaScript, so that plain Node and
// every test runner import 'frugal' and 'frugal/testing' without a TypeScript loader. It runs it
// again with --clean last (postpack): the compiled form is the tarball's; a checkout runs its
// TypeScript under tsx.
//   dist/   the folders tsconfig.json includes, as they are (test/, bench/ and pack/ aside), with each
//           module compiled to .js beside its .ts source: the lowering, the size report, the
//           allocation check and the device bundler read frugal's TypeScript (task-api's
//           declarations, the device runtime, the examples), and the simulator its model of
//           Espruino (a .js file), each where it runs from
//   types/  the declaration files ('types' in package.json's exports), apart from dist/ so that a
//           user's tsc resolves frugal to them and never type-checks frugal's sources itself
// The build fails, leaving neither folder, on a type error. It prints nothing on success: `npm pack
// --json` would print the script's output into its JSON.

import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const TYPES = path.join(ROOT, 'types');
/** Folders of tsconfig.json's include that are not part of the package. */
const NOT_SHIPPED = ['test', 'bench', 'pack'];
/** What `frugal new` copies (cli/new-project.ts): shipped as it is, not compiled. */
const TEMPLATES = 'templates';
/** The checkout's launcher; the package's is the same file at its own place (package.json's bin). */
const LAUNCHER = path.join(ROOT, 'cli', 'frugal.js');

function removeGenerated(): void {
  for (const d of [DIST, TYPES]) rmSync(d, { recursive: true, force: true });
}

function fail(message: string): never {
  throw new Error(message);
}

interface RawConfig {
  compilerOptions: object;
  include: string[];
}

function rawConfig(): RawConfig {
  const read = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  if (read.error !== undefined) fail(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return read.config as RawConfig;
}

/** A declaration file's relative imports of ./x.ts become ./x.js: its neighbours in types/ are .d.ts. */
function jsSpecifiers(text: string): string {
  return text.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*)\.ts(['"])/g, '$1$2.js$3');
}

function build(): void {
  const raw = rawConfig();
  const shipped = raw.include.filter((p) => NOT_SHIPPED.indexOf(p) < 0);
  for (const p of shipped) {
    // Dot folders are the tests' scratch space (examples/.tmp-*).
    cpSync(path.join(ROOT, p), path.join(DIST, p), { recursive: true, filter: (src) => !path.basename(src).startsWith('.') && src !== LAUNCHER });
  }
  const parsed = ts.parseJsonConfigFileContent({ ...raw, include: shipped.filter((p) => p !== TEMPLATES) }, ts.sys, ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: false,
    outDir: DIST,
    rootDir: ROOT,
    declaration: true,
    declarationDir: TYPES,
    rewriteRelativeImportExtensions: true,
  };
  const program = ts.createProgram(parsed.fileNames, options);
  const diags = ts.getPreEmitDiagnostics(program);
  if (diags.length > 0) {
    fail('does not compile:\n' + ts.formatDiagnostics(diags, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
  }
  const result = program.emit(undefined, (file, text) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, file.endsWith('.d.ts') ? jsSpecifiers(text) : text);
  });
  if (result.emitSkipped || result.diagnostics.length > 0) fail('emit failed: ' + ts.formatDiagnostics(result.diagnostics, ts.createCompilerHost(options)));
  // The lowering's compiler options (compiler/ts-program.ts reads tsconfig.json beside its root);
  // one file keeps TypeScript from listing dist/ each time it reads them.
  writeFileSync(path.join(DIST, 'tsconfig.json'), JSON.stringify({ compilerOptions: raw.compilerOptions, files: ['index.ts'] }, null, 2) + '\n');
}

removeGenerated();
if (process.argv[2] !== '--clean') {
  try {
    build();
  } catch (e) {
    // Nothing half-built is left for npm to pack.
    removeGenerated();
    process.stderr.write('pack: ' + (e instanceof Error ? e.message : String(e)) + '\n');
    process.exitCode = 1;
  }
}
