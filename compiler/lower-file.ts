// Lowering one source file: each async function declaration and async method is replaced by its
// vtable (host) or its exported poll and drop functions (device); the import of tasks/task-api.ts
// becomes imports of lowered.ts (and lowered-dyn.ts when a dyn call is made) or of device/device-lowered.ts;
// in a device build, calls of the board HAL become Espruino calls everywhere in the file.
// Everything else keeps its text, so source positions in errors stay useful.

import path from 'node:path';
import ts from 'typescript';
import { diagnosticAt, type LowerDiagnostic } from './diagnostics.ts';
import {
  DEVICE_LOWERED_FILE, fileUsesRuntime, functionName, isAsyncDecl, LOWERED_DYN_FILE, LOWERED_FILE, Lowering, type AsyncDecl, type LoweredFunction,
} from './lowering.ts';
import { deviceHalCall } from './device-hal-calls.ts';
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

function isExported(n: ts.Node): boolean {
  const mods = ts.canHaveModifiers(n) ? ts.getModifiers(n) : undefined;
  return mods !== undefined && mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefault(n: ts.Node): boolean {
  const mods = ts.canHaveModifiers(n) ? ts.getModifiers(n) : undefined;
  return mods !== undefined && mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

function paramLetters(fn: LoweredFunction): string {
  return (fn.sig.isMethod ? 'r' : '') + fn.sig.params.map((p) => (p.kind === 'num' ? 'n' : 'r')).join('');
}

function vtableText(fn: LoweredFunction): string {
  return '__frugal.asyncFn(' + JSON.stringify(paramLetters(fn)) + ', ' + (fn.sig.isMethod ? 1 : 0) + ', ' + JSON.stringify(fn.file + ':' + fn.line) + ', ' + fn.spec + ')';
}

export function lowerFile(l: Lowering, fileName: string): LoweredFile {
  const sf = l.program.getSourceFile(fileName);
  if (sf === undefined) throw new Error('lowerFile: ' + fileName + ' is not part of the program');
  const diags: LowerDiagnostic[] = [];
  const functions: LoweredFunction[] = [];
  const decls = l.asyncDecls(sf);
  const usesRuntime = fileUsesRuntime(l, sf);
  const device = l.target === 'device';
  // A device bundle reaches task-api.ts only through a module re-exporting it (the package entry,
  // index.ts): task code's calls of it are lowered and setup cannot call it, so the device needs
  // none of it, and its native implementation (Node's AsyncLocalStorage) cannot go on a device.
  if (device && l.isRuntimeFile(sf)) return { fileName: fileName, code: 'export {};\n', changed: true, functions: [], diagnostics: [] };
  // A device build rewrites HAL calls in every file, async or not.
  if (decls.length === 0 && !usesRuntime && !device) {
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
      let text = fn.prelude;
      if (device) text += fn.spec + (isExported(st) && isDefault(st) ? 'export default ' + name + ';' : '');
      else if (isExported(st) && isDefault(st)) text += 'const ' + name + ' = ' + vtableText(fn) + ';\nexport default ' + name + ';';
      else text += (isExported(st) ? 'export ' : '') + 'const ' + name + ' = ' + vtableText(fn) + ';';
      edits.push({ start: st.getStart(sf), end: st.end, text: text });
      continue;
    }
    if (ts.isClassDeclaration(st)) {
      // The host build tags each class with where it is declared, so that a device build can
      // rebuild an object of it that setup made (bundlers rename classes; names are no guide).
      let after = !device && st.name !== undefined ? '\n__frugal.classSource(' + st.name.text + ', ' + JSON.stringify(fileName) + ');' : '';
      // On the device every object of the program was made by setup, at build time, and is
      // rebuilt without its constructor: constructors (and the checks and messages in them) do
      // not ship, and one called on the device anyway reports a fault.
      for (const m of st.members) {
        if (device && ts.isConstructorDeclaration(m) && m.body !== undefined) {
          edits.push({ start: m.body.getStart(sf), end: m.body.end, text: '{ __frugal.setupOnly(); }' });
        }
      }
      for (const m of st.members) {
        if (!isAsyncDecl(m)) continue;
        const fn = lowered(m);
        if (st.name === undefined || !ts.isIdentifier(m.name)) continue;
        edits.push({ start: m.getStart(sf), end: m.end, text: '' });
        after += '\n' + fn.prelude + (device ? fn.spec : st.name.text + '.prototype.' + m.name.text + ' = ' + vtableText(fn) + ';');
      }
      if (after !== '') edits.push({ start: st.end, end: st.end, text: after });
    }
  }

  // Outside async bodies: runtime constants get the namespace; what needs an executor is refused.
  const scan = (n: ts.Node): void => {
    // A device build replaces constructor bodies whole (above).
    if (isAsyncDecl(n) || device && ts.isConstructorDeclaration(n)) return;
    if ((ts.isFunctionExpression(n) || ts.isArrowFunction(n)) && (ts.getCombinedModifierFlags(n as ts.Declaration) & ts.ModifierFlags.Async) !== 0) {
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
    if (ts.isCallExpression(n) && device) {
      const hal = deviceHalCall(l.checker, n, (a) => halText(a));
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
        edits.push({ start: n.getStart(sf), end: n.end, text: '__frugal.' + rt });
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
  let header = 'import * as __frugal from ' + JSON.stringify(importPath(fileName, device ? DEVICE_LOWERED_FILE : LOWERED_FILE)) + ';\n';
  if (dyn && !device) header += 'import * as __frugalDyn from ' + JSON.stringify(importPath(fileName, LOWERED_DYN_FILE)) + ';\n';
  if (device) header += crossImports(fileName, functions);
  return { fileName: fileName, code: header + code, changed: true, functions: functions, diagnostics: diags };

  // The source text of an argument with the HAL calls inside it rewritten as well.
  function halText(node: ts.Node): string {
    const sf = node.getSourceFile();
    let out = '';
    let pos = node.getStart(sf);
    const visit = (c: ts.Node): void => {
      if (ts.isCallExpression(c)) {
        const hal = deviceHalCall(l.checker, c, halText);
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
  const byFile = new Map<string, Set<string>>();
  for (const fn of functions) {
    fn.device!.imports.forEach((names, file) => {
      const set = byFile.get(file) ?? new Set<string>();
      names.forEach((n) => set.add(n));
      byFile.set(file, set);
    });
  }
  let out = '';
  byFile.forEach((names, file) => {
    out += 'import { ' + Array.from(names).sort().join(', ') + ' } from ' + JSON.stringify(importPath(fileName, file)) + ';\n';
  });
  return out;
}
