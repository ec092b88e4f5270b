// What the front end knows about a future before it opens one: what an awaited or stored
// expression is (a task-api.ts primitive, a lowered async function, a stored future), what
// awaiting it yields, where a dyn call goes, and, on a form with direct calls, which awaits run to
// completion at once and so never suspend.

import ts from './typescript.ts';
import type * as TS from 'typescript';
import { isFunctionLike, skipOuter, type AsyncDecl } from './ast.ts';
import type { FunctionBuilder } from './function-builder.ts';
import type { Code, DynTarget, Result, Var } from './function-ir.ts';
import type { Primitive } from './primitives.ts';
import type { DynPlan, LoweredFunction } from './program-facts.ts';

export type FutureExpr =
  | { kind: 'prim'; prim: Primitive; call: TS.CallExpression }
  | { kind: 'fn'; decl: AsyncDecl; call: TS.CallExpression }
  | { kind: 'var'; v: Var };

/**
 * What awaiting `e` opens, if it is a future: a call of a future primitive or of a lowered async
 * function, or a stored future's variable.
 * - `b` is describing the function `e` is in.
 */
export function classifyFuture(b: FunctionBuilder, e: TS.Expression): FutureExpr | null {
  const x = skipOuter(e);
  if (ts.isCallExpression(x)) {
    const t = b.facts.resolveCall(x);
    if (t === null) return null;
    if (t.kind === 'prim') return t.prim.kind === 'future' ? { kind: 'prim', prim: t.prim, call: x } : null;
    return { kind: 'fn', decl: t.decl, call: x };
  }
  if (ts.isIdentifier(x)) {
    const v = b.varOf(x);
    if (v !== undefined && v.kind === 'handle') return { kind: 'var', v };
  }
  return null;
}

/**
 * Numeric result register i, noted in the program's register use: the device sizes its registers
 * to the highest one any code names.
 * - 0 <= i < 8 (the host's ex.rn).
 */
export function register(b: FunctionBuilder, i: number): Code {
  const regs = b.facts.registers;
  if (i + 1 > regs.numbers) regs.numbers = i + 1;
  return [{ kind: 'register', i }];
}

const REF: Code = [{ kind: 'refRegister' }];

/**
 * What awaiting `fx` yields, in the result registers.
 * - A stored future's variable has its result set (storeFuture in expressions.ts).
 */
export function resultOf(b: FunctionBuilder, fx: FutureExpr): Result {
  if (fx.kind === 'var') return fx.v.result;
  if (fx.kind === 'fn') {
    const r = b.facts.signature(fx.decl).result;
    if (r.kind === 'num') return { kind: 'one', value: register(b, 0) };
    if (r.kind === 'ref') return { kind: 'one', value: REF };
    if (r.kind === 'tuple') return { kind: 'tuple', values: Array.from({ length: r.n }, (_, i) => register(b, i)) };
    return { kind: 'void' };
  }
  switch (fx.prim.result) {
    case 'num': return { kind: 'one', value: register(b, 0) };
    case 'ref': return { kind: 'one', value: REF };
    case 'typed': {
      const t = b.checker.getTypeAtLocation(fx.call);
      const promised = b.checker.getAwaitedType(t);
      return { kind: 'one', value: promised !== undefined && b.facts.isNumberType(promised) ? register(b, 0) : REF };
    }
    case 'join': return { kind: 'tuple', values: fx.call.arguments.map((_, i) => register(b, i)) };
    case 'select':
      b.facts.registers.which = true;
      return { kind: 'tuple', values: [[{ kind: 'which' }], register(b, 0)] };
    case 'next': return { kind: 'tuple', values: [register(b, 0), register(b, 1)] };
    case 'event': return { kind: 'tuple', values: [register(b, 0), register(b, 1), register(b, 2), register(b, 3)] };
    case 'method': return methodResult(b, fx.call);
    default: return { kind: 'void' };
  }
}

/** A dyn method's result, as its declared type says (the awaited type of the call). */
function methodResult(b: FunctionBuilder, call: TS.CallExpression): Result {
  const t = b.checker.getAwaitedType(b.checker.getTypeAtLocation(call));
  const r = t === undefined ? null : b.facts.resultOfType(t);
  if (r === null || r.kind === 'ref') return { kind: 'one', value: REF };
  if (r.kind === 'num') return { kind: 'one', value: register(b, 0) };
  if (r.kind === 'tuple') return { kind: 'tuple', values: Array.from({ length: r.n }, (_, i) => register(b, i)) };
  return { kind: 'void' };
}

/**
 * The hole of a synchronous runtime call `call` of `prim` whose arguments are `args`: for spawn,
 * with the register kinds of the pool's function (read from the pool's type, TaskPool<F>),
 * refused when they cannot be known or do not fit the registers.
 * - `prim` is a sync primitive, `call` a call of it in the function `b` describes.
 */
export function syncCall(b: FunctionBuilder, prim: Primitive, call: TS.CallExpression, args: readonly Code[]): Code {
  if (prim.name !== 'spawn') return [{ kind: 'sync', prim, args }];
  const kinds = spawnKinds(b, call);
  if (kinds === null) return ['void 0'];
  const inner = call.arguments.slice(1).find((a) => containsSpawn(b, a));
  if (inner !== undefined) {
    b.refuse(inner, 'spawn-nested', "spawn() in another spawn()'s arguments (both pass their arguments in the same registers)",
      'spawn into a const first, then pass the const');
    return ['void 0'];
  }
  if (args.length - 1 > kinds.length) {
    b.refuse(call, 'spawn-arity', 'spawn() with more arguments than the pool\'s function has parameters', 'pass one argument per parameter');
    return ['void 0'];
  }
  return [{ kind: 'sync', prim, args, kinds }];
}

/** Whether `n` calls spawn() anywhere in it. */
function containsSpawn(b: FunctionBuilder, n: TS.Node): boolean {
  if (ts.isCallExpression(n)) {
    const t = b.facts.resolveCall(n);
    if (t !== null && t.kind === 'prim' && t.prim.name === 'spawn') return true;
  }
  return n.forEachChild((c) => containsSpawn(b, c) || undefined) === true;
}

/** 'n'/'r' per parameter of the function of the pool spawn() is called with, or null after a refusal. */
function spawnKinds(b: FunctionBuilder, call: TS.CallExpression): string | null {
  const pool = call.arguments[0];
  const checker = b.checker;
  const t = pool === undefined ? undefined : checker.getTypeAtLocation(pool);
  const prop = t === undefined ? undefined : t.getProperty('__fn');
  const fnType = prop === undefined ? undefined : checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(prop, call));
  const sigs = fnType === undefined ? [] : fnType.getCallSignatures();
  if (sigs.length !== 1 || sigs[0].getParameters().some((p) => (p.valueDeclaration as TS.ParameterDeclaration | undefined)?.dotDotDotToken !== undefined)) {
    b.refuse(call, 'spawn-pool', "spawn() of a pool whose function is not known from its type (TaskPool<" + (fnType === undefined ? '?' : checker.typeToString(fnType)) + '>)',
      'pass the pool setup made with taskPool(ex, fn, slots), typed TaskPool<typeof fn>');
    return null;
  }
  let kinds = '';
  for (const p of sigs[0].getParameters()) kinds += b.facts.kindOfType(checker.getTypeOfSymbolAtLocation(p, call)) === 'num' ? 'n' : 'r';
  if (kinds.replace(/r/g, '').length > 8 || kinds.replace(/n/g, '').length > 4) {
    b.refuse(call, 'spawn-arity', "spawn() of a function with more than 8 number or 4 reference parameters (the registers they travel in)",
      'pass some of them together in a typed array or an object');
    return null;
  }
  return kinds;
}

/** Setup's own functions of tasks/lowered.ts, refused in task code: what each does, and the fix. */
const SETUP_ONLY: { readonly [name: string]: readonly [what: string, fix: string] } = {
  taskPool: ['taskPool() in task code: a task pool is declared once, in setup, and the build lays its slots out',
    'declare it in setup with taskPool(ex, fn, slots), pass it to this task as an argument typed TaskPool<typeof fn>, and start tasks with spawn(pool, ...args)'],
  spawnTask: ['spawnTask() in task code: it starts the tasks setup starts, with the executor, which task code does not have',
    'declare a task pool of the function in setup (taskPool(ex, fn, slots)), pass it to this task, and start tasks with spawn(pool, ...args)'],
};

/**
 * Refuses `call` when it calls one of setup's own functions (taskPool, spawnTask), which need the
 * executor and lay out memory at build time; true when refused.
 * - `call` is in the function `b` describes.
 */
export function refuseSetupOnly(b: FunctionBuilder, call: TS.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  let sym = b.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  if (sym !== undefined && (sym.flags & ts.SymbolFlags.Alias) !== 0) sym = b.checker.getAliasedSymbol(sym);
  const decl = sym?.valueDeclaration;
  if (sym === undefined || decl === undefined || !Object.prototype.hasOwnProperty.call(SETUP_ONLY, sym.name)) return false;
  if (!/[\\/]tasks[\\/]lowered\.(d\.)?ts$/.test(decl.getSourceFile().fileName)) return false;
  const [what, fix] = SETUP_ONLY[sym.name];
  b.refuse(call, 'setup-only', what, fix);
  return true;
}

/**
 * Refuses awaiting `operand`, which is no frugal future, saying whether it is a Promise.
 * - classifyFuture(operand) was null.
 */
export function refuseAwait(b: FunctionBuilder, operand: TS.Expression): void {
  const t = b.checker.getTypeAtLocation(operand);
  const thenable = t.getProperty('then') !== undefined || b.checker.getAwaitedType(t) !== t;
  if (thenable) {
    b.refuse(operand, 'await-promise', 'awaiting a Promise (' + b.checker.typeToString(t) + ') allocates and cannot be cancelled',
      'await a frugal future, or wrap it explicitly: await fromPromise(p) (boxes; listed by the audit)');
  } else {
    b.refuse(operand, 'await-unknown', 'awaiting a value that is not a frugal future (' + b.checker.typeToString(t) + ')',
      'await a primitive of tasks/task-api.ts or a lowered async function, or wrap a Promise with fromPromise(p)');
  }
}

/**
 * Where a dyn call goes: next, read and write name their interface method; `call(d, 'method',
 * ...args)` names the method in a string literal (the interface is whichever of the program's dyn
 * objects has it). With the program's dyn objects known (a device build), also the plan and the
 * method's index. Null, after a refusal, when the call cannot be lowered.
 * - `prim` is a dyn primitive (prim.dyn set) and `call` a call of it.
 */
export function dynTarget(b: FunctionBuilder, prim: Primitive, call: TS.CallExpression): DynTarget | null {
  let iface = prim.dyn!.iface;
  let method = prim.dyn!.method;
  let kinds = '';
  let argStart = 1;
  if (prim.name === 'call') {
    const args = call.arguments;
    const name = args[1];
    if (name === undefined || !ts.isStringLiteralLike(name)) {
      b.refuse(call, 'call-method-name', 'a dyn call whose method is not a string literal', "name the method in quotes: call(d, 'measure', ...)");
      return null;
    }
    for (let i = 2; i < args.length; i++) {
      if (ts.isSpreadElement(args[i])) {
        b.refuse(call, 'spread-call', 'a spread argument to a dyn call', 'pass the arguments one by one');
        return null;
      }
      kinds += b.typeKind(args[i]) === 'num' ? 'n' : 'r';
    }
    if (kinds.length > 4 || kinds.replace(/n/g, '').length > 2) {
      b.refuse(call, 'call-arity', 'a dyn call with more than four arguments, or more than two references (the registers they travel in)',
        'pass some of them together in a typed array or an object');
      return null;
    }
    iface = '';
    method = name.text;
    argStart = 2;
  }
  const plans = b.facts.dynPlan;
  if (iface !== '') return { iface, method, kinds, argStart, plan: plans?.get(iface + '.' + method), index: 0 };
  let found: DynPlan | undefined;
  if (plans !== null) {
    for (const [key, p] of plans) {
      if (key.slice(key.indexOf('.') + 1) !== method) continue;
      if (found !== undefined && found.index !== p.index) {
        b.refuse(call, 'call-ambiguous', "a dyn call of '" + method + "', a method two interfaces have at different places", 'give the methods different names');
        return null;
      }
      found = p;
    }
  }
  // No dyn object of setup has the method: no task can make this call (the function is lowered
  // because its file is in the program; the bundler drops it when nothing reaches it).
  return { iface, method, kinds, argStart, plan: found, index: found === undefined ? 0 : found.index };
}

/**
 * Whether a dyn call's plan has one implementation in the program, placed by ScratchOrPool: the
 * device may open its frame in the caller's scratch itself, or call it directly.
 * - `plan` is the plan of the call's interface method, undefined where none is known.
 */
export function singleScratchOrPool(plan: DynPlan | undefined): plan is DynPlan {
  return plan !== undefined && plan.impls.length === 1 && plan.strategies.length === 1 && plan.strategies[0] === 'ScratchOrPool';
}

/**
 * The adapter every dyn object of a plan with one implementation uses, when it is one of those
 * whose place the device's call site takes itself once the callee suspends (SideStack, Recycling,
 * CallerCachedBox), else null.
 * - `plan` is the plan of the call's interface method, undefined where none is known.
 */
export function singleStrategy(plan: DynPlan | undefined): 'SideStack' | 'Recycling' | 'CallerCachedBox' | null {
  if (plan === undefined || plan.impls.length !== 1 || plan.strategies.length === 0) return null;
  const s = plan.strategies[0];
  if (s !== 'SideStack' && s !== 'Recycling' && s !== 'CallerCachedBox') return null;
  return plan.strategies.every((x) => x === s) ? s : null;
}

/**
 * Whether a dyn call's plan has one implementation in the program, placed by Inline or MaxSpace:
 * the device may open its frame in the frame the adapter holds itself.
 * - `plan` is the plan of the call's interface method, undefined where none is known.
 */
export function singleHeld(plan: DynPlan | undefined): plan is DynPlan {
  return plan !== undefined && plan.impls.length === 1 && plan.strategies.every((s) => s === 'Inline' || s === 'MaxSpace');
}

/**
 * Whether an await of a dyn call with this plan may call its implementation's direct form, when
 * that implementation never suspends: one implementation in the program, placed by adapters none
 * of which is Boxing. A frame that never outlives its first poll has nothing to place, whatever the
 * adapter; Boxing keeps its allocation per call, the baseline the others are measured against.
 * - `plan` is the plan of the call's interface method, undefined where none is known.
 */
export function directDyn(plan: DynPlan | undefined): plan is DynPlan {
  return plan !== undefined && plan.impls.length === 1 && plan.strategies.indexOf('Boxing') < 0;
}

/**
 * On a form with direct calls, the callee an await of `operand` runs to completion with a plain
 * call of its direct form: a lowered function that never suspends, or the one such implementation
 * of a dyn method (directDyn). Otherwise null.
 * - `operand` is the operand of an await in the function `b` describes.
 */
export function directCallee(b: FunctionBuilder, operand: TS.Expression): { decl: AsyncDecl; fn: LoweredFunction; dyn: boolean } | null {
  if (!b.form.directCalls) return null;
  const fx = classifyFuture(b, operand);
  if (fx === null || fx.kind === 'var') return null;
  let decl: AsyncDecl;
  if (fx.kind === 'fn') {
    decl = fx.decl;
    if (b.facts.signature(decl).isMethod && !ts.isPropertyAccessExpression(skipOuter(fx.call.expression))) return null;
  } else {
    // A `call` takes the dyn path, whose own fast path calls a never-suspending implementation directly.
    if (fx.prim.dyn === undefined || fx.prim.name === 'call') return null;
    const plan = b.facts.dynPlan?.get(fx.prim.dyn.iface + '.' + fx.prim.dyn.method);
    if (!directDyn(plan)) return null;
    decl = plan.impls[0];
  }
  if (decl === b.decl || b.facts.isInProgress(decl)) return null;
  const fn = b.facts.lowerFunction(decl);
  return fn.device!.now !== null ? { decl, fn, dyn: fx.kind === 'prim' } : null;
}

/**
 * Whether `n` has an await at which the function can suspend: a statement that has one becomes
 * states, any other is code run as written (an await in it that cannot suspend is a direct call).
 * - `n` is inside the body of the function `b` describes.
 */
export function suspends(b: FunctionBuilder, n: TS.Node): boolean {
  if (!b.facts.containsAwait(n)) return false;
  if (!b.form.directCalls) return true;
  const memo = b.suspendMemo.get(n);
  if (memo !== undefined) return memo;
  let found = false;
  const visit = (x: TS.Node): void => {
    if (found || isFunctionLike(x)) return;
    if (ts.isForOfStatement(x) && x.awaitModifier !== undefined) found = true;
    else if (ts.isAwaitExpression(x) && (directCallee(b, x.expression) === null || !takesResult(b, x))) found = true;
    else x.forEachChild(visit);
  };
  visit(n);
  b.suspendMemo.set(n, found);
  return found;
}

/**
 * Whether code run as written can take the result of the direct await `a`: any single value; a
 * tuple only where it is destructured into plain names (`const [v, done] = await ...`,
 * `[v, done] = await ...`) or returned.
 * - directCallee(b, a.expression) is not null.
 */
function takesResult(b: FunctionBuilder, a: TS.AwaitExpression): boolean {
  const fx = classifyFuture(b, a.expression)!;
  if (resultOf(b, fx).kind !== 'tuple') return true;
  let p: TS.Node = a.parent;
  while (ts.isParenthesizedExpression(p)) p = p.parent;
  if (ts.isReturnStatement(p)) return b.sig.result.kind === 'tuple';
  if (ts.isVariableDeclaration(p) && ts.isArrayBindingPattern(p.name)) {
    return ts.isVariableDeclarationList(p.parent) && p.parent.declarations.length === 1 && p.name.elements.every((e) => ts.isOmittedExpression(e) || ts.isIdentifier(e.name) && e.initializer === undefined && e.dotDotDotToken === undefined);
  }
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isArrayLiteralExpression(p.left) && ts.isExpressionStatement(p.parent)) {
    return p.left.elements.every((e) => ts.isOmittedExpression(e) || ts.isIdentifier(e));
  }
  return false;
}
