// The lowering: async functions and async methods become poll state machines (docs/compiler.md).
// Built on the TypeScript compiler API: the type checker tells numbers (frame words) from
// references (frame ref slots), resolves which calls are frugal primitives (declared in
// tasks/task-api.ts) or other lowered functions, and sizes every frame statically. This is the
// program-wide part (signatures, call resolution, which functions are lowered) and the one place a
// target is chosen: a target is a form, the front end's options and the back end that prints its
// description. Each function goes through the same two passes:
//
//   describe.ts     front end: the function's states, suspensions and frame (function-ir.ts)
//   host-form.ts    back end for 'host': a vtable on the poll ABI of executor/
//   device-form.ts  back end for 'device': plain functions over the device runtime's memory
//
// Both passes read the program through ProgramFacts (program-facts.ts), which Lowering implements.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from './typescript.ts';
import type * as TS from 'typescript';
import { isAsyncDecl, isFunctionLike, normalPath, skipOuter, type AsyncDecl } from './ast.ts';
import { describeFunction } from './describe.ts';
import { emitDevice } from './device-form.ts';
import type { FrontEndForm } from './function-builder.ts';
import type { FunctionIR } from './function-ir.ts';
import { emitHost } from './host-form.ts';
import { fileNames, type FileNames } from './names.ts';
import { PRIMITIVES } from './primitives.ts';
import type {
  CallTarget, DynPlan, LoweredFunction, LoweringTarget, ParamSig, ProgramFacts, RegisterUse, ResultSig, Signature, SiteCount, ValueKind,
} from './program-facts.ts';

export type { AsyncDecl } from './ast.ts';
export { isAsyncDecl } from './ast.ts';
export type {
  CallTarget, DeviceFunctionInfo, DynPlan, LoweredFunction, LoweringTarget, ParamSig, ResultSig, Signature, Site, SiteItem, ValueKind,
} from './program-facts.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TASKS = path.join(HERE, '..', 'tasks');
export const RUNTIME_FILE = path.join(TASKS, 'task-api.ts');
export const LOWERED_FILE = path.join(TASKS, 'lowered.ts');
export const LOWERED_DYN_FILE = path.join(TASKS, 'lowered-dyn.ts');
/** What device-lowered code imports: the device runtime (device/device-lowered.ts). */
export const DEVICE_LOWERED_FILE = path.join(HERE, '..', 'device', 'device-lowered.ts');

/** A target: what the front end does for it, and the back end that prints the description. */
interface Form {
  readonly frontEnd: FrontEndForm;
  readonly backEnd: (facts: ProgramFacts, ir: FunctionIR) => LoweredFunction;
}

const FORMS: { readonly [t in LoweringTarget]: Form } = {
  // Futures are handles on the executor: primitives push their frames, a recursive or stored call
  // is pushed, fromPromise boxes, word 1 holds the awaited child's handle.
  host: {
    frontEnd: {
      headerWords: 2, slotPerParam: false, boardCalls: false, handles: true, recursion: 'push', promises: true, directCalls: false, yieldInPlace: false,
    },
    backEnd: (_facts, ir) => emitHost(ir),
  },
  // Every frame is embedded in its caller's, fixed at build time: no recursion, no Promise, the
  // HAL is the board's own calls, and a callee that never suspends is a plain call.
  device: {
    frontEnd: {
      headerWords: 1, slotPerParam: true, boardCalls: true, handles: false, recursion: 'refuse', promises: false, directCalls: true, yieldInPlace: true,
    },
    backEnd: emitDevice,
  },
};

export class Lowering implements ProgramFacts {
  readonly program: TS.Program;
  readonly checker: TS.TypeChecker;
  readonly target: LoweringTarget;
  private readonly done = new Map<AsyncDecl, LoweredFunction>();
  private readonly inProgress = new Set<AsyncDecl>();
  private readonly sigs = new Map<AsyncDecl, Signature>();
  private readonly awaitMemo = new Map<TS.Node, boolean>();
  private readonly names = new Map<TS.SourceFile, FileNames>();

  /** Device lowering: how many numeric result registers the code uses, and whether it selects (WHICH). */
  readonly registers: RegisterUse = { numbers: 0, which: false };
  /** Device lowering: the task operations (spawn, cancel, running, waitTask) its code uses (ProgramFacts.taskOps). */
  readonly taskOps = new Set<string>();
  /** Device lowering: the call sites' counters (ProgramFacts.sites). */
  readonly sites: SiteCount[] = [];
  /** Device lowering: the adapters call sites name as numbers (ProgramFacts.siteAdapters). */
  readonly siteAdapters: object[] = [];
  /**
   * Device lowering: what the whole program's dyn objects are, per interface method
   * ('AsyncIterator.next'), known from setup before any task code is lowered. A call site whose
   * method has one implementation and only ScratchOrPool adapters is lowered to an inline scratch
   * placement and a direct call; any other goes through device/device-dyn.ts.
   */
  dynPlan: Map<string, DynPlan> | null = null;

  constructor(program: TS.Program, target?: LoweringTarget) {
    this.program = program;
    this.checker = program.getTypeChecker();
    this.target = target ?? 'host';
  }

  isRuntimeFile(sf: TS.SourceFile): boolean {
    return normalPath(sf.fileName) === normalPath(RUNTIME_FILE);
  }

  /** Follows import aliases to the declared symbol. */
  resolveSymbol(node: TS.Node): TS.Symbol | undefined {
    let sym = this.checker.getSymbolAtLocation(node);
    if (sym !== undefined && (sym.flags & ts.SymbolFlags.Alias) !== 0) sym = this.checker.getAliasedSymbol(sym);
    return sym;
  }

  /** The task-api.ts export a node names, if any. */
  runtimeExport(node: TS.Node): string | undefined {
    const sym = this.resolveSymbol(node);
    const decl = sym?.valueDeclaration ?? sym?.declarations?.[0];
    if (decl === undefined || !this.isRuntimeFile(decl.getSourceFile())) return undefined;
    if (ts.isFunctionDeclaration(decl) || ts.isVariableDeclaration(decl)) return sym!.name;
    return undefined;
  }

  resolveCall(call: TS.CallExpression): CallTarget {
    const callee = skipOuter(call.expression);
    const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    const sym = this.resolveSymbol(at);
    const decl = sym?.valueDeclaration ?? sym?.declarations?.[0];
    if (decl === undefined) return null;
    if (this.isRuntimeFile(decl.getSourceFile())) {
      const prim = ts.isFunctionDeclaration(decl) ? PRIMITIVES[sym!.name] : undefined;
      return prim === undefined ? null : { kind: 'prim', prim: prim };
    }
    if (isAsyncDecl(decl) && !decl.getSourceFile().isDeclarationFile) return { kind: 'fn', decl: decl };
    return null;
  }

  containsAwait(n: TS.Node): boolean {
    const memo = this.awaitMemo.get(n);
    if (memo !== undefined) return memo;
    let found = ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier !== undefined);
    if (!found) {
      n.forEachChild((c) => {
        if (!found && !isFunctionLike(c) && this.containsAwait(c)) found = true;
      });
    }
    this.awaitMemo.set(n, found);
    return found;
  }

  isNumberType(t: TS.Type): boolean {
    if (t.isUnion()) return t.types.every((u) => this.isNumberType(u));
    return (t.flags & ts.TypeFlags.NumberLike) !== 0;
  }

  kindOfType(t: TS.Type): ValueKind {
    return this.isNumberType(t) ? 'num' : 'ref';
  }

  isVoidType(t: TS.Type): boolean {
    if (t.isUnion()) return t.types.every((u) => this.isVoidType(u));
    return (t.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never)) !== 0;
  }

  resultOfType(t: TS.Type): ResultSig {
    if (this.isVoidType(t)) return { kind: 'void' };
    if (this.isNumberType(t)) return { kind: 'num' };
    if (this.checker.isTupleType(t)) {
      const args = this.checker.getTypeArguments(t as TS.TypeReference);
      if (args.length > 0 && args.every((a) => this.isNumberType(a))) return { kind: 'tuple', n: args.length };
    }
    return { kind: 'ref' };
  }

  signature(decl: AsyncDecl): Signature {
    let sig = this.sigs.get(decl);
    if (sig !== undefined) return sig;
    const c = this.checker;
    const s = c.getSignatureFromDeclaration(decl);
    const ret = s === undefined ? undefined : c.getReturnTypeOfSignature(s);
    const awaited = ret === undefined ? undefined : c.getAwaitedType(ret);
    const params: ParamSig[] = [];
    for (const p of decl.parameters) {
      const name = ts.isIdentifier(p.name) ? p.name.text : '?';
      params.push({ name: name, kind: this.kindOfType(c.getTypeAtLocation(p)) });
    }
    sig = {
      name: functionName(decl),
      isMethod: ts.isMethodDeclaration(decl),
      params: params,
      result: awaited === undefined ? { kind: 'ref' } : this.resultOfType(awaited),
    };
    this.sigs.set(decl, sig);
    return sig;
  }

  fileNames(sf: TS.SourceFile): FileNames {
    let n = this.names.get(sf);
    if (n === undefined) {
      n = fileNames(sf);
      this.names.set(sf, n);
    }
    return n;
  }

  /** True while `decl` is being lowered further up the call chain: a call to it is recursive. */
  isInProgress(decl: AsyncDecl): boolean {
    return this.inProgress.has(decl);
  }

  lowerFunction(decl: AsyncDecl): LoweredFunction {
    const known = this.done.get(decl);
    if (known !== undefined) return known;
    this.inProgress.add(decl);
    try {
      const form = FORMS[this.target];
      const fn = form.backEnd(this, describeFunction(this, decl, form.frontEnd));
      this.done.set(decl, fn);
      return fn;
    } finally {
      this.inProgress.delete(decl);
    }
  }

  /**
   * The declaration a lowered vtable was built from, by its `source` (`file:line`, set by the
   * lowering): how setup's objects (a task entry, a dyn object's method) lead back to the code.
   */
  declOfSource(source: string, name: string): AsyncDecl {
    const at = source.lastIndexOf(':');
    const sf = this.program.getSourceFile(source.slice(0, at));
    const line = Number(source.slice(at + 1));
    if (sf !== undefined) {
      for (const d of this.asyncDecls(sf)) {
        if (sf.getLineAndCharacterOfPosition(d.getStart(sf)).line + 1 === line) return d;
      }
    }
    throw new Error("async function '" + name + "' (" + source + ") is not in the lowering's program");
  }

  /** Every lowered function so far. */
  functions(): LoweredFunction[] {
    return Array.from(this.done.values());
  }

  /** Async functions and methods of a file, in source order. */
  asyncDecls(sf: TS.SourceFile): AsyncDecl[] {
    const out: AsyncDecl[] = [];
    const visit = (n: TS.Node): void => {
      if (isAsyncDecl(n)) out.push(n);
      if (ts.isClassDeclaration(n)) n.members.forEach(visit);
    };
    sf.statements.forEach(visit);
    return out;
  }

  /** Lowered async methods named like an interface method: the known implementations of it. */
  implementationsOf(method: string): LoweredFunction[] {
    const out: LoweredFunction[] = [];
    for (const sf of this.program.getSourceFiles()) {
      if (sf.isDeclarationFile || this.isRuntimeFile(sf) || otherPackage(sf)) continue;
      for (const d of this.asyncDecls(sf)) {
        if (ts.isMethodDeclaration(d) && ts.isIdentifier(d.name) && d.name.text === method && fileUsesRuntime(this, sf)) {
          out.push(this.lowerFunction(d));
        }
      }
    }
    return out;
  }
}

const PACKAGE_ROOT = normalPath(path.join(HERE, '..')) + '/';

/**
 * A file of another installed package: frugal's own files count, wherever frugal is installed.
 * - `sf` is a file of a lowering's program.
 */
export function otherPackage(sf: TS.SourceFile): boolean {
  const file = normalPath(sf.fileName);
  return (file.startsWith(PACKAGE_ROOT) ? file.slice(PACKAGE_ROOT.length) : file).indexOf('node_modules/') >= 0;
}

/**
 * Task files are those importing tasks/task-api.ts, or a name it declares through a module that
 * re-exports it (the package entry, `from 'frugal'`); only their async functions are lowered.
 * - `sf` is a file of l.program.
 */
export function fileUsesRuntime(l: Lowering, sf: TS.SourceFile): boolean {
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const sym = l.checker.getSymbolAtLocation(st.moduleSpecifier);
      const decl = sym?.declarations?.[0];
      if (decl !== undefined && ts.isSourceFile(decl) && l.isRuntimeFile(decl)) return true;
      const names = st.importClause?.namedBindings;
      if (names !== undefined && ts.isNamedImports(names) && names.elements.some((e) => {
        const d = l.resolveSymbol(e.name)?.declarations?.[0];
        return d !== undefined && l.isRuntimeFile(d.getSourceFile());
      })) return true;
    }
  }
  return false;
}

/**
 * A lowered function's name in messages and reports: its own, or Class.method for a method.
 * - `decl` is an async declaration (isAsyncDecl).
 */
export function functionName(decl: AsyncDecl): string {
  const own = decl.name !== undefined && ts.isIdentifier(decl.name) ? decl.name.text : 'anonymous';
  if (ts.isMethodDeclaration(decl) && ts.isClassDeclaration(decl.parent) && decl.parent.name !== undefined) {
    return decl.parent.name.text + '.' + own;
  }
  return own;
}
