// One async function or method lowered for the host: a vtable on the poll ABI of executor/
// (docs/abi.md). Shape (words [state, child, numeric slots..., embedded callees...], refs
// [reference slots..., embedded callees' refs...]):
//
//   export const f = __frugal.asyncFn('nr', 0, 'file.ts:12', { name, words, refs,
//     init(ex, $f, $w, $b, $r, $rb) { copy parameters from ex.an / ex.ar },
//     poll(ex, ...) { var locals; for (;;) { [try {] switch ($w[$b]) { case 0: ... } [} catch] } },
//     drop(ex, ...) { drop the live child and owned futures; run the finally blocks around the state } });
//
// The device lowerer (device-lowerer.ts) reuses the statement and expression lowering and emits
// its own frames, awaits and functions.
//
// One class does the lowering, but it is long, and a TypeScript class cannot span files: it is a
// chain of abstract classes, one concern per file, each building on the one before (a layer that
// needs a method of a later one declares it abstract):
//   lowerer-scopes.ts       variables and their placeholders, states, try regions, jumps, frame layout
//   lowerer-verbatim.ts     await-free code copied with locals, this, runtime calls and jumps rewritten
//   lowerer-expressions.ts  expressions containing an await
//   lowerer-awaits.ts       futures: opening primitives and callees, the await, sites and embedded frames
//   lowerer-statements.ts   statements: if, loops, switch, labels, try/catch/finally, declarations
//   function-lowerer.ts     this file: running it all, and emitting the host's init, poll and drop

import ts from 'typescript';
import { hasModifier, lineOf } from './ast.ts';
import type { DeviceFunctionInfo, LoweredFunction } from './lowering.ts';
import { DONE_MARK, NS } from './lowerer-scopes.ts';
import { LowererStatements } from './lowerer-statements.ts';

export {
  DONE_MARK, embedR, embedW, NS, NS_DYN, P_CLOSE, P_OPEN, RESERVED,
  type FutureExpr, type JumpRecord, type Mode, type Region, type Result, type State, type TryCtx, type Var, type VarKind,
} from './lowerer-scopes.ts';

export class FunctionLowerer extends LowererStatements {
  run(): LoweredFunction {
    const decl = this.decl;
    if (decl.asteriskToken !== undefined) {
      this.refuse(decl, 'generator', 'an async generator', 'write an AsyncIterator implementation: a class with `async next()` returning [value, done]');
    }
    if (ts.isMethodDeclaration(decl) && hasModifier(decl, ts.SyntaxKind.StaticKeyword)) {
      this.refuse(decl, 'static-method', 'a static async method', 'make it a module-level async function');
    }
    if (ts.isMethodDeclaration(decl) && (!ts.isClassDeclaration(decl.parent) || decl.parent.name === undefined)) {
      this.refuse(decl, 'anonymous-class', 'an async method outside a named class declaration', 'declare the class with a name at module level');
    }
    this.setupSpecialVars();
    this.collectDeclarations();
    this.place(this.newState());
    for (const st of decl.body!.statements) this.stmt(st);
    if (this.cur !== null) {
      const r = this.sig.result;
      this.end(this.returnText(r.kind === 'tuple' ? new Array<string>(r.n).fill('0') : r.kind === 'void' ? [] : ['void 0']));
    }
    return this.finish();
  }

  protected finish(): LoweredFunction {
    const name = this.sig.name;
    const layout = this.layoutVars(2, false);
    const { frameVars, localVars } = layout;
    let words = layout.words;
    let refs = layout.refs;
    const embedBase = words;
    const embedRefBase = refs;
    words += this.embedW;
    refs += this.embedR;
    const done = this.states.length;

    const resolve = (t: string): string => t
      .replace(/\u0001(\d+)(#?)\u0002/g, (_m, id: string, idx: string) => {
        const v = this.vars[parseInt(id, 10)];
        if (v.slot < 0) return v.jsName;
        if (idx === '#') return '$b + ' + v.slot;
        return v.kind === 'ref' ? '$r[$rb + ' + v.slot + ']' : '$w[$b + ' + v.slot + ']';
      })
      .replace(/\u0003(\d+)\u0004/g, (_m, n: string) => String(embedBase + parseInt(n, 10)))
      .replace(/\u0005(\d+)\u0006/g, (_m, n: string) => String(embedRefBase + parseInt(n, 10)))
      .split(DONE_MARK).join(String(done));

    // init
    const init: string[] = [];
    for (const v of frameVars) {
      if (v.reg < 0) continue;
      init.push(v.kind === 'ref' ? '$r[$rb + ' + v.slot + '] = ex.ar[' + v.reg + '];' : '$w[$b + ' + v.slot + '] = ex.an[' + v.reg + '];');
    }

    // poll
    const pollLocals = localVars.filter((v) => v.states.size > 0 && !(v.states.size === 1 && v.states.has(-2))).map((v) => v.jsName);
    const body = this.caseLines();
    body.push('default:');
    body.push("  throw new Error(\"future '" + name + "' polled after it completed\");");
    const pollLines: string[] = [];
    const declared = pollLocals.concat(Array.from(this.internals).sort());
    if (declared.length > 0) pollLines.push('var ' + declared.join(', ') + ';');
    pollLines.push(...this.dispatchLines(body, [NS + '.dropAt(ex, $w, $b + 1);'], done));

    // drop
    const dropLines: string[] = [];
    dropLines.push(NS + '.dropAt(ex, $w, $b + 1);');
    for (const v of frameVars) if (v.kind === 'handle') dropLines.push(NS + '.dropAt(ex, $w, $b + ' + v.slot + ');');
    dropLines.push(...this.finallyLines());
    const dropLocals = localVars.filter((v) => v.states.has(-2)).map((v) => v.jsName);
    // The drop copies may have referenced frame variables first seen there; those already have slots
    // (a finally's outer variables are referenced in its poll state too).
    const params = '(ex, $f, $w, $b, $r, $rb)';
    const spec: string[] = [];
    spec.push('{');
    spec.push('  name: ' + JSON.stringify(name) + ',');
    spec.push('  words: ' + words + ',');
    spec.push('  refs: ' + refs + ',');
    if (init.length > 0) spec.push('  init: function ' + params + ' {\n    ' + init.join('\n    ') + '\n  },');
    spec.push('  poll: function ' + params + ' {\n    ' + pollLines.join('\n    ') + '\n  },');
    spec.push('  drop: function ' + params + ' {\n    ' + (dropLocals.length > 0 ? 'var ' + dropLocals.join(', ') + ';\n    ' : '') +
      dropLines.join('\n    ') + '\n  }');
    spec.push('}');
    return this.lowered(words, refs, resolve(spec.join('\n')), this.regionTable(done), null);
  }

  /** What finish() returns: the function's sizes, emitted text and what the lowering learnt about it. */
  protected lowered(words: number, refs: number, spec: string, prelude: string, device: DeviceFunctionInfo | null): LoweredFunction {
    return {
      decl: this.decl,
      name: this.sig.name,
      file: this.sf.fileName,
      line: lineOf(this.decl),
      sig: this.sig,
      words: words,
      refs: refs,
      sites: this.sites,
      persistent: this.persistent,
      spec: spec,
      prelude: prelude,
      diagnostics: this.diags,
      usesDyn: this.usesDyn,
      device: device,
    };
  }

  // ---- pieces of the emitted poll and drop, shared with the device lowerer -----------------

  /** Name of the module-level table from state to try region. */
  protected regionTableName(): string {
    return 'REG$' + this.sig.name.replace(/\W/g, '_') + '$' + lineOf(this.decl);
  }

  /** The state -> region table a function with a lowered try needs ('' otherwise). */
  protected regionTable(done: number): string {
    if (!this.hasTry) return '';
    if (this.regions.length > 255) this.refuse(this.decl, 'too-large', 'more than 255 try regions in one function', 'split the function');
    const table: number[] = [];
    for (let i = 0; i <= done; i++) table.push(i < done && i < this.states.length ? this.states[i].region : 0);
    return 'const ' + this.regionTableName() + ' = new Uint8Array([' + table.join(', ') + ']);\n';
  }

  /** One `case` per placed state, in placement order; a jump to the next case falls through. */
  protected caseLines(): string[] {
    const body: string[] = [];
    for (let i = 0; i < this.order.length; i++) {
      const s = this.order[i];
      body.push('case ' + s.id + ':');
      for (const line of s.code) body.push('  ' + line);
      if (s.gotoEnd >= 0) {
        const next = this.order[i + 1];
        if (next === undefined || next.id !== s.gotoEnd) body.push('  continue;');
      }
    }
    return body;
  }

  /**
   * `for (;;) switch` over the cases; with a lowered try, a catch that drops the live child
   * (`dropChild`), then moves to the catch or finally state of the state's region, or marks the
   * frame done and rethrows.
   */
  protected dispatchLines(cases: string[], dropChild: string[], done: number): string[] {
    const out: string[] = ['for (;;) {'];
    if (!this.hasTry) {
      out.push('switch ($w[$b]) {', ...cases, '}', '}');
      return out;
    }
    out.push('try {', 'switch ($w[$b]) {', ...cases, '}', '} catch ($e) {', ...dropChild);
    out.push('switch (' + this.regionTableName() + '[$w[$b]]) {');
    const byTarget = new Map<string, number[]>();
    for (const r of this.regions) {
      if (r.handler.kind === 'none') continue;
      const key = r.handler.kind + ':' + r.handler.state;
      const ids = byTarget.get(key) ?? [];
      ids.push(r.id);
      byTarget.set(key, ids);
    }
    byTarget.forEach((ids, key) => {
      const [kind, st] = key.split(':');
      for (const id of ids) out.push('case ' + id + ':');
      out.push('  ' + this.varRef(this.err!) + ' = $e;');
      if (kind === 'finally') out.push('  ' + this.varRef(this.completion!) + ' = 1;');
      out.push('  $w[$b] = ' + st + ';');
      out.push('  break;');
    });
    out.push('default:', '  $w[$b] = ' + done + ';', '  throw $e;', '}', '}', '}');
    return out;
  }

  /** The drop's part that runs, innermost first, the finally blocks around the frame's state. */
  protected finallyLines(): string[] {
    const chains = this.regions.filter((r) => r.finChain.length > 0);
    if (chains.length === 0) return [];
    const out: string[] = ['switch (' + this.regionTableName() + '[$w[$b]]) {'];
    const seen = new Map<string, number[]>();
    const texts = new Map<string, string[]>();
    for (const r of chains) {
      const key = r.finChain.map((b) => b.pos).join(',');
      if (!seen.has(key)) {
        seen.set(key, []);
        const lines: string[] = [];
        this.finallyDepth++;
        for (const b of r.finChain) for (const st of b.statements) {
          const t = this.rewrite(st);
          this.record(t, -2);
          lines.push(t);
        }
        this.finallyDepth--;
        texts.set(key, lines);
      }
      seen.get(key)!.push(r.id);
    }
    seen.forEach((ids, key) => {
      for (const id of ids) out.push('case ' + id + ':');
      out.push('  { ' + texts.get(key)!.join(' ') + ' }');
      out.push('  break;');
    });
    out.push('default:', '  break;', '}');
    return out;
  }
}
