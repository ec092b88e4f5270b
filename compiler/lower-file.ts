// Lowering one source file: each async function declaration and async method is replaced by what
// the target's form prints for it (lowering.ts: a vtable on the host, exported poll, drop and
// direct functions on the device), and the import of tasks/task-api.ts by the import of the
// target's runtime (tasks/lowered.ts, and lowered-dyn.ts when a dyn call is made; or
// device/device-lowered.ts). On the device, calls of the board HAL become Espruino calls in every
// file, and constructors do not ship. Everything else keeps its text, so source positions in
// errors stay useful. A FileForm says what each target writes around the lowered functions.

import path from 'node:path';
import ts from './typescript.ts';
import type * as TS from 'typescript';
import { diagnosticAt, type LowerDiagnostic } from './diagnostics.ts';
import {
  DEVICE_LOWERED_FILE, fileUsesRuntime, functionName, isAsyncDecl, LOWERED_DYN_FILE, LOWERED_FILE, Lowering, type AsyncDecl, type LoweredFunction,
  type LoweringTarget,
} from './lowering.ts';
import { deviceHalCall } from './device-hal-calls.ts';
import type { FileNames } from './names.ts';
import { RUNTIME_CONSTANTS } from './primitives.ts';

export interface LoweredFile {
  readonly fileName: string;
  /** TypeScript text: the source with its async functions lowered. */
  readonly code: string;
  /** False when the file has no async function and does not use the runtime: code is the source. */
  readonly changed: boolean;
  readonly functions: readonly LoweredFunction[];
  readonly diagnostics: readonly LowerDiagnostic[];
}

interface Edit { start: number; end: number; text: string }

function importPath(from: string, to: string): string {
  let rel = path.relative(path.dirname(from), to).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = './' + rel;
  return rel;
}

function isExported(n: TS.Node): boolean {
  const mods = ts.canHaveModifiers(n) ? ts.getModifiers(n) : undefined;
  return mods !== undefined && mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefault(n: TS.Node): boolean {
  const mods = ts.canHaveModifiers(n) ? ts.getModifiers(n) : undefined;
  return mods !== undefined && mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** What a target writes in a lowered file around its lowered functions. */
interface FileForm {
  /** The module lowered code imports as its runtime namespace (names.runtime). */
  readonly runtime: string;
  /** What tasks/task-api.ts itself becomes, or null to lower it like any file. */
  readonly runtimeFile: string | null;
  /** Calls of the board HAL become the board's own in every file, so every file is rewritten. */
  readonly boardCalls: boolean;
  /** Constructors get a body that reports a call of one as a fault, or keep theirs. */
  readonly setupOnlyConstructors: boolean;
  /** The text that replaces an async function declaration. */
  functionText(fn: LoweredFunction, names: FileNames, name: string, exported: boolean, isDefault: boolean): string;
  /** The text after its class that an async method becomes. */
  methodText(fn: LoweredFunction, names: FileNames, className: string, method: string): string;
  /** The text after a class declaration. */
  classTag(names: FileNames, className: string | undefined, fileName: string): string;
  /** The imports the file's lowered code needs besides the runtime. */
  imports(names: FileNames, fileName: string, functions: readonly LoweredFunction[], dyn: boolean): string;
}

function paramLetters(fn: LoweredFunction): string {
  return (fn.sig.isMethod ? 'r' : '') + fn.sig.params.map((p) => (p.kind === 'num' ? 'n' : 'r')).join('');
}

function vtableText(fn: LoweredFunction, names: FileNames): string {
  return names.runtime + '.asyncFn(' + JSON.stringify(paramLetters(fn)) + ', ' + (fn.sig.isMethod ? 1 : 0) + ', ' + JSON.stringify(fn.file + ':' + fn.line) + ', ' + fn.spec + ')';
}

const FILE_FORMS: { readonly [t in LoweringTarget]: FileForm } = {
  host: {
    runtime: LOWERED_FILE,
    runtimeFile: null,
    boardCalls: false,
    setupOnlyConstructors: false,
    functionText: (fn, names, name, exported, isDefault) => fn.prelude + (exported && isDefault ? 'const ' + name + ' = ' + vtableText(fn, names) + ';\nexport default ' + name + ';' :
      (exported ? 'export ' : '') + 'const ' + name + ' = ' + vtableText(fn, names) + ';'),
    methodText: (fn, names, className, method) => fn.prelude + className + '.prototype.' + method + ' = ' + vtableText(fn, names) + ';',
    // Each class is tagged with where it is declared, so that a device build can rebuild an object
    // of it that setup made (bundlers rename classes; names are no guide).
    classTag: (names, className, fileName) => (className !== undefined ? '\n' + names.runtime + '.classSource(' + className + ', ' + JSON.stringify(fileName) + ');' : ''),
    imports: (names, fileName, _functions, dyn) => (dyn ? 'import * as ' + names.dynRuntime + ' from ' + JSON.stringify(importPath(fileName, LOWERED_DYN_FILE)) + ';\n' : ''),
  },
  device: {
    runtime: DEVICE_LOWERED_FILE,
    // A device bundle reaches task-api.ts only through a module re-exporting it (the package entry,
    // index.ts): task code's calls of it are lowered and setup cannot call it, so the device needs
    // none of it, and its native implementation (Node's AsyncLocalStorage) cannot go on a device.
    runtimeFile: 'export {};\n',
    boardCalls: true,
    // On the device every object of the program was made by setup, at build time, and is rebuilt
    // without its constructor: constructors (and the checks and messages in them) do not ship,
    // and one called on the device anyway reports a fault.
    setupOnlyConstructors: true,
    functionText: (fn, _names, name, exported, isDefault) => fn.prelude + fn.spec + (exported && isDefault ? 'export default ' + name + ';' : ''),
    methodText: (fn) => fn.prelude + fn.spec,
    classTag: () => '',
    imports: (_names, fileName, functions) => crossImports(fileName, functions),
  },
};

/**
 * The lowered text of one file, with the functions lowered and the refusals.
 * - `fileName` is a file of l.program (absolute, as the program names it).
 */
export function lowerFile(l: Lowering, fileName: string): LoweredFile {
  const sf = l.program.getSourceFile(fileName);
  if (sf === undefined) throw new Error('lowerFile: ' + fileName + ' is not part of the program');
  const diags: LowerDiagnostic[] = [];
  const functions: LoweredFunction[] = [];
  const decls = l.asyncDecls(sf);
  const usesRuntime = fileUsesRuntime(l, sf);
  const form = FILE_FORMS[l.target];
  const names = l.fileNames(sf);
  if (form.runtimeFile !== null && l.isRuntimeFile(sf)) return { fileName: fileName, code: form.runtimeFile, changed: true, functions: [], diagnostics: [] };
  if (decls.length === 0 && !usesRuntime && !form.boardCalls) {
    return { fileName: fileName, code: sf.text, changed: false, functions: [], diagnostics: [] };
  }
  const edits: Edit[] = [];
  let dyn = false;
  const lowered = (d: AsyncDecl): LoweredFunction => {
    const fn = l.lowerFunction(d);
    functions.push(fn);
    for (const x of fn.diagnostics) if (x.file === sf.fileName) diags.push(x);
    if (fn.usesDyn) dyn = true;
    return fn;
  };

  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const sym = l.checker.getSymbolAtLocation(st.moduleSpecifier);
      const target = sym?.declarations?.[0];
      if (target !== undefined && ts.isSourceFile(target) && l.isRuntimeFile(target)) {
        edits.push({ start: st.getStart(sf), end: st.end, text: '' });
      }
      continue;
    }
    if (ts.isFunctionDeclaration(st) && isAsyncDecl(st)) {
      const fn = lowered(st);
      const name = st.name !== undefined ? st.name.text : 'anonymous';
      edits.push({ start: st.getStart(sf), end: st.end, text: form.functionText(fn, names, name, isExported(st), isDefault(st)) });
      continue;
    }
    if (ts.isClassDeclaration(st)) {
      let after = form.classTag(names, st.name?.text, fileName);
      for (const m of st.members) {
        if (form.setupOnlyConstructors && ts.isConstructorDeclaration(m) && m.body !== undefined) {
          edits.push({ start: m.body.getStart(sf), end: m.body.end, text: '{ ' + names.runtime + '.setupOnly(); }' });
        }
      }
      for (const m of st.members) {
        if (!isAsyncDecl(m)) continue;
        const fn = lowered(m);
        if (st.name === undefined || !ts.isIdentifier(m.name)) continue;
        edits.push({ start: m.getStart(sf), end: m.end, text: '' });
        after += '\n' + form.methodText(fn, names, st.name.text, m.name.text);
      }
      if (after !== '') edits.push({ start: st.end, end: st.end, text: after });
    }
  }

  // Outside async bodies: runtime constants get the namespace; what needs an executor is refused.
  const scan = (n: TS.Node): void => {
    // A form that replaces constructor bodies replaces them whole (above).
    if (isAsyncDecl(n) || form.setupOnlyConstructors && ts.isConstructorDeclaration(n)) return;
    if ((ts.isFunctionExpression(n) || ts.isArrowFunction(n)) && (ts.getCombinedModifierFlags(n as TS.Declaration) & ts.ModifierFlags.Async) !== 0) {
      diags.push(diagnosticAt(n, 'async-closure', 'an async function expression in a task file (only declarations and methods are lowered)',
        'declare it as a module-level async function'));
      return;
    }
    if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) && n.asteriskToken !== undefined) {
      diags.push(diagnosticAt(n, 'generator', 'a generator function (Espruino has none; lowering does not turn them into state machines)',
        'write an AsyncIterator implementation: a class with `async next()` returning [value, done]'));
      return;
    }
    if (ts.isForOfStatement(n) && n.awaitModifier !== undefined) {
      diags.push(diagnosticAt(n, 'for-await', '`for await` (async iteration allocates a Promise per step)',
        'loop with `const [v, done] = await next(it)` over a dyn AsyncIterator'));
    }
    if (ts.isCallExpression(n) && form.boardCalls) {
      const hal = deviceHalCall(l.checker, names.runtime, n, (a) => halText(a));
      // Setup-only calls (hal.pin...) stay legal here: setup is code the device never gets.
      if (hal !== null) {
        edits.push({ start: n.getStart(sf), end: n.end, text: hal.text });
        return;
      }
    }
    if (ts.isCallExpression(n)) {
      const t = l.resolveCall(n);
      if (t !== null) {
        const what = t.kind === 'fn' ? "the async function '" + functionName(t.decl) + "'" : "frugal's `" + t.prim.name + '`';
        diags.push(diagnosticAt(n, 'outside-task', what + ' called outside a lowered async function (there is no executor here)',
          t.kind === 'fn' ? 'spawn it (spawnTask in tasks/lowered.ts) or await it from another async function' : 'call it from an async function'));
      }
    }
    if (ts.isIdentifier(n) && !ts.isImportSpecifier(n.parent) && !ts.isPropertyAccessExpression(n.parent) || ts.isIdentifier(n) && ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n) {
      const rt = l.runtimeExport(n);
      if (rt !== undefined && RUNTIME_CONSTANTS.indexOf(rt) >= 0 && !ts.isImportSpecifier(n.parent)) {
        edits.push({ start: n.getStart(sf), end: n.end, text: names.runtime + '.' + rt });
      }
    }
    n.forEachChild(scan);
  };
  sf.statements.forEach((st) => {
    if (ts.isImportDeclaration(st)) return;
    scan(st);
  });

  // A file the device build had nothing to rewrite in stays as it is: an import added to it would
  // stop esbuild from inlining its constants (it inlines only from modules without imports).
  if (edits.length === 0 && functions.length === 0) return { fileName: fileName, code: sf.text, changed: false, functions: [], diagnostics: diags };
  edits.sort((a, b) => b.start - a.start);
  let code = sf.text;
  for (const e of edits) code = code.slice(0, e.start) + e.text + code.slice(e.end);
  const header = 'import * as ' + names.runtime + ' from ' + JSON.stringify(importPath(fileName, form.runtime)) + ';\n' + form.imports(names, fileName, functions, dyn);
  return { fileName: fileName, code: header + code, changed: true, functions: functions, diagnostics: diags };

  // The source text of an argument with the HAL calls inside it rewritten as well.
  function halText(node: TS.Node): string {
    const sf = node.getSourceFile();
    let out = '';
    let pos = node.getStart(sf);
    const visit = (c: TS.Node): void => {
      if (ts.isCallExpression(c)) {
        const hal = deviceHalCall(l.checker, names.runtime, c, halText);
        if (hal !== null) {
          out += sf.text.slice(pos, c.getStart(sf)) + hal.text;
          pos = c.end;
          return;
        }
      }
      c.forEachChild(visit);
    };
    node.forEachChild(visit);
    return out + sf.text.slice(pos, node.end);
  }
}

/** Imports of other modules' generated device functions (methods, drops) that this file's code calls. */
function crossImports(fileName: string, functions: readonly LoweredFunction[]): string {
  const byFile = new Map<string, Map<string, string>>();
  for (const fn of functions) {
    fn.device!.imports.forEach((names, file) => {
      const all = byFile.get(file) ?? new Map<string, string>();
      names.forEach((local, exported) => all.set(exported, local));
      byFile.set(file, all);
    });
  }
  let out = '';
  byFile.forEach((names, file) => {
    const list = Array.from(names.keys()).sort().map((exported) => (names.get(exported) === exported ? exported : exported + ' as ' + names.get(exported)));
    out += 'import { ' + list.join(', ') + ' } from ' + JSON.stringify(importPath(fileName, file)) + ';\n';
  });
  return out;
}
