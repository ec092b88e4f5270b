// The front end: one async function described as function-ir.ts's FunctionIR, for either back end
// to print. It runs these steps in order (what each does is in the module named):
//
//   1. refusals of the declaration itself, and the special variables of a suspending try
//      (statements.ts setupSpecialVars);
//   2. every local and parameter becomes a variable, before any code is described (here);
//   3. the body, statement by statement, into states (statements.ts, expressions.ts, verbatim.ts);
//   4. the frame: which variables live in it and at which slot, which stay locals (here);
//   5. the finally blocks a drop runs, copied once per distinct chain of them (here).
//
// The form (FrontEndForm, function-builder.ts) says what the runtime the code runs on changes in
// those steps; lowering.ts has one per target.

import ts from './typescript.ts';
import type * as TS from 'typescript';
import { hasModifier, isFunctionLike, type AsyncDecl } from './ast.ts';
import { isHalType } from './device-hal-calls.ts';
import { FunctionBuilder, type FrontEndForm } from './function-builder.ts';
import type { FinallyCopy, FunctionIR, Var, VarKind } from './function-ir.ts';
import { classifyFuture } from './futures.ts';
import type { ProgramFacts } from './program-facts.ts';
import { setupSpecialVars, stmt } from './statements.ts';
import { rewrite } from './verbatim.ts';

/**
 * The description of one async function or method.
 * - `decl` has a body, and `facts` is the program it is in.
 * - Called through facts.lowerFunction, which marks `decl` as in progress (a call of it is recursive).
 */
export function describeFunction(facts: ProgramFacts, decl: AsyncDecl, form: FrontEndForm): FunctionIR {
  const b = new FunctionBuilder(facts, decl, form);
  if (decl.asteriskToken !== undefined) {
    b.refuse(decl, 'generator', 'an async generator', 'write an AsyncIterator implementation: a class with `async next()` returning [value, done]');
  }
  if (ts.isMethodDeclaration(decl) && hasModifier(decl, ts.SyntaxKind.StaticKeyword)) {
    b.refuse(decl, 'static-method', 'a static async method', 'make it a module-level async function');
  }
  if (ts.isMethodDeclaration(decl) && (!ts.isClassDeclaration(decl.parent) || decl.parent.name === undefined)) {
    b.refuse(decl, 'anonymous-class', 'an async method outside a named class declaration', 'declare the class with a name at module level');
  }
  setupSpecialVars(b);
  collectDeclarations(b);
  b.place(b.newState());
  for (const st of decl.body!.statements) stmt(b, st);
  if (b.cur !== null) b.end(b.returnText(b.defaultReturn()));
  if (form.boardCalls) elideHal(b);
  const layout = layoutFrame(b);
  const finallies = copyFinallies(b);
  return {
    decl, sf: b.sf, sig: b.sig, names: b.names, file: b.file, vars: b.vars, self: b.self, states: b.states, order: b.order, resumeStates: b.resumeStates, regions: b.regions,
    hasTry: b.hasTry, completion: b.completion, err: b.err, retVars: b.retVars, ...layout, opened: b.opened, groups: b.groups, stored: b.stored, stores: b.stores,
    internals: b.internals, finallies, sites: b.sites, persistent: b.persistent, usesDyn: b.usesDyn, diagnostics: b.diags,
  };
}

// ---- variables -----------------------------------------------------------------------------------

function declareBinding(b: FunctionBuilder, name: TS.BindingName, isVar: boolean, inFinally: boolean, future: boolean): void {
  if (ts.isIdentifier(name)) {
    const sym = b.checker.getSymbolAtLocation(name);
    if (sym === undefined) return;
    const kind: VarKind = future ? 'handle' : b.typeKind(name);
    const v = b.newVar(name.text, kind, -1);
    if (isVar) v.forceFrame = true;
    v.inFinally = inFinally;
    b.symVar.set(sym, v);
    return;
  }
  for (const el of name.elements) {
    if (ts.isBindingElement(el)) declareBinding(b, el.name, isVar, inFinally, false);
  }
}

/** Registers every parameter and local of the body (nested functions excluded), in source order. */
function collectDeclarations(b: FunctionBuilder): void {
  const sig = b.sig;
  if (sig.isMethod) b.self = b.newVar('this', 'ref', 0);
  let nNum = 0;
  let nRef = sig.isMethod ? 1 : 0;
  b.decl.parameters.forEach((p, i) => {
    if (!ts.isIdentifier(p.name)) {
      b.refuse(p, 'param-pattern', 'a destructured parameter in a lowered async function', 'take the object as one parameter and destructure it in the body');
      return;
    }
    if (p.initializer !== undefined) {
      b.refuse(p, 'param-default', 'a default parameter value in a lowered async function (Espruino has none)', 'make the parameter optional and test `=== undefined` in the body');
    }
    if (p.dotDotDotToken !== undefined) b.refuse(p, 'param-rest', 'a rest parameter in a lowered async function', 'pass an array');
    const kind = sig.params[i].kind;
    const reg = kind === 'num' ? nNum++ : nRef++;
    const v = b.newVar(p.name.text, kind, reg);
    const sym = b.checker.getSymbolAtLocation(p.name);
    if (sym !== undefined) b.symVar.set(sym, v);
  });
  if (nNum > 8) b.refuse(b.decl, 'too-many-params', 'more than 8 numeric parameters (ex.an has 8)', 'pass some of them in a typed array');
  if (nRef > 4) b.refuse(b.decl, 'too-many-params', 'more than ' + (sig.isMethod ? 3 : 4) + ' reference parameters (ex.ar has 4' + (sig.isMethod ? ', one is self' : '') + ')', 'pass some of them in one object');

  const visit = (n: TS.Node, inFinally: boolean): void => {
    if (ts.isFunctionDeclaration(n)) {
      b.refuse(n, 'nested-function', 'a function declaration inside a lowered async function (Espruino does not hoist it, ES5 forbids it in blocks)', 'declare it at module level, or use a const arrow function');
      return;
    }
    if (isFunctionLike(n)) return;
    if (ts.isVariableDeclarationList(n)) {
      const isVar = (n.flags & ts.NodeFlags.BlockScoped) === 0;
      for (const d of n.declarations) {
        const fut = d.initializer !== undefined ? classifyFuture(b, d.initializer) : null;
        const stored = fut !== null && fut.kind !== 'var';
        declareBinding(b, d.name, isVar, inFinally, stored);
        if (stored && ((n.flags & ts.NodeFlags.Const) === 0 || !ts.isIdentifier(d.name))) {
          b.refuse(d, 'future-let', 'a future stored in a `let`/`var` or a pattern', 'store it in a `const` and await it (or pass it to select/join) once');
        }
      }
    }
    if (ts.isCatchClause(n) && n.variableDeclaration !== undefined) {
      declareBinding(b, n.variableDeclaration.name, false, inFinally, false);
      n.block.forEachChild((c) => visit(c, inFinally));
      return;
    }
    if (ts.isTryStatement(n)) {
      visit(n.tryBlock, inFinally);
      if (n.catchClause !== undefined) visit(n.catchClause, inFinally);
      if (n.finallyBlock !== undefined) visit(n.finallyBlock, inFinally || b.facts.containsAwait(n));
      return;
    }
    n.forEachChild((c) => visit(c, inFinally));
  };
  b.decl.body!.forEachChild((c) => visit(c, false));
}

/** A board HAL parameter carries nothing where the HAL calls are the board's own: no slot, and it reads as 0. */
function elideHal(b: FunctionBuilder): void {
  for (const p of b.decl.parameters) {
    const sym = b.checker.getSymbolAtLocation(p.name);
    const v = sym !== undefined ? b.symVar.get(sym) : undefined;
    if (v !== undefined && isHalType(b.checker.getTypeAtLocation(p))) {
      v.elided = true;
      v.jsName = '0';
    }
  }
}

// ---- the frame -----------------------------------------------------------------------------------

/**
 * Decides which variables live in the frame (parameters, what several states use, `var`s,
 * stored futures) and which stay locals of poll, and gives each its slot or its name.
 */
function layoutFrame(b: FunctionBuilder): { frameVars: Var[]; localVars: Var[]; words: number; refs: number } {
  // A local becomes a `var` of poll: it must not shadow another symbol of the same name that the
  // body uses elsewhere (a module-level name, a local of another block).
  const symbolsByName = new Map<string, Set<TS.Symbol | undefined>>();
  const checker = b.checker;
  b.decl.body!.forEachChild(function collect(n: TS.Node): void {
    if (ts.isIdentifier(n)) {
      const set = symbolsByName.get(n.text) ?? new Set<TS.Symbol | undefined>();
      set.add(checker.getSymbolAtLocation(n));
      symbolsByName.set(n.text, set);
    }
    n.forEachChild(collect);
  });
  const symOf = new Map<Var, TS.Symbol>();
  b.symVar.forEach((v, sym) => symOf.set(v, sym));
  const frameVars: Var[] = [];
  const localVars: Var[] = [];
  const taken = (js: string, v: Var): boolean => {
    // A generated name (names.ts) is not the user's; a temporary's name is the temporary's.
    if (b.names.isGenerated(js) || /^\$t\d+$/.test(js) && v.name !== js) return true;
    if (localVars.some((o) => o.jsName === js)) return true;
    const syms = symbolsByName.get(js);
    if (syms === undefined) return false;
    const own = symOf.get(v);
    for (const s2 of syms) if (s2 !== own) return true;
    return false;
  };
  let words = b.form.headerWords;
  let refs = 0;
  const allParams = b.form.slotPerParam;
  // Parameters first, in register order, so a frame dump reads like the signature.
  const ordered = b.vars.slice().sort((x, y) => (x.reg >= 0 ? 0 : 1) - (y.reg >= 0 ? 0 : 1));
  for (const v of ordered) {
    if (v.elided) continue;
    const referenced = v.states.size > 0;
    const frame = v.reg >= 0 || v.forceFrame || v.kind === 'handle' || (!v.inFinally && v.states.size > 1);
    if (v.reg >= 0 && !referenced && !allParams) continue;
    if (frame && referenced || v.forceFrame || v.kind === 'handle' || v.reg >= 0 && allParams) {
      if (v.kind === 'ref') v.slot = refs++;
      else v.slot = words++;
      frameVars.push(v);
    } else {
      let js = v.name;
      let k = 1;
      while (taken(js, v)) js = v.name + '_' + k++;
      v.jsName = js;
      localVars.push(v);
    }
  }
  for (const cr of b.closureRefs) {
    if (cr.v.slot >= 0) {
      b.refuse(cr.node, 'closure-capture', 'a closure captures `' + cr.v.name + '`, which lives across an await (in the frame)',
        'declare the function at module level and pass `' + cr.v.name + '` to it as an argument (a closure in task code is made, and allocates, each time it runs)');
    }
  }
  return { frameVars, localVars, words, refs };
}

/** The finally blocks a drop runs in each region that has some, innermost first, copied once per distinct chain. */
function copyFinallies(b: FunctionBuilder): FinallyCopy[] {
  const copies = new Map<string, { regions: number[]; lines: ReturnType<typeof rewrite>[] }>();
  for (const r of b.regions) {
    if (r.finChain.length === 0) continue;
    const key = r.finChain.map((blk) => blk.pos).join(',');
    let copy = copies.get(key);
    if (copy === undefined) {
      copy = { regions: [], lines: [] };
      b.finallyDepth++;
      for (const blk of r.finChain) {
        for (const st of blk.statements) {
          const t = rewrite(b, st);
          b.record(t, -2);
          copy.lines.push(t);
        }
      }
      b.finallyDepth--;
      copies.set(key, copy);
    }
    copy.regions.push(r.id);
  }
  return Array.from(copies.values());
}
