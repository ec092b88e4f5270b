// Futures: what an awaited or stored expression opens (a task-api.ts primitive, a lowered async
// function embedded in this frame or pushed when recursive, a stored future's handle), the host
// await (the child in word 1, polled by ex.awaitAt), and the await sites and embedded frame sizes
// that the size report and the frame's words and refs are computed from.

import ts from 'typescript';
import { lineOf, skipOuter, type AsyncDecl } from './ast.ts';
import type { Site, SiteItem } from './lowering.ts';
import type { Primitive } from './primitives.ts';
import { embedR, embedW, NS, NS_DYN, P_CLOSE, P_OPEN, type FutureExpr, type Mode, type Result, type Var } from './lowerer-scopes.ts';
import { LowererExpressions } from './lowerer-expressions.ts';

export abstract class LowererAwaits extends LowererExpressions {
  protected readonly sites: Site[] = [];
  protected readonly persistent: SiteItem[] = [];
  /** The await site being opened; futures opened for it count as its items. */
  protected site: Site | null = null;
  /** Embedded frames of the site being opened, and the most any site needs. */
  protected groupW = 0;
  protected groupR = 0;
  protected embedW = 0;
  protected embedR = 0;
  protected usesDyn = false;

  protected classifyFuture(e: ts.Expression): FutureExpr | null {
    const x = skipOuter(e);
    if (ts.isCallExpression(x)) {
      const t = this.lowering.resolveCall(x);
      if (t === null) return null;
      if (t.kind === 'prim') return t.prim.kind === 'future' ? { kind: 'prim', prim: t.prim, call: x } : null;
      return { kind: 'fn', decl: t.decl, call: x };
    }
    if (ts.isIdentifier(x)) {
      const v = this.varOf(x);
      if (v !== undefined && v.kind === 'handle') return { kind: 'var', v: v };
    }
    return null;
  }

  protected refuseAwait(operand: ts.Expression): void {
    const t = this.checker.getTypeAtLocation(operand);
    const thenable = t.getProperty('then') !== undefined || this.checker.getAwaitedType(t) !== t;
    if (thenable) {
      this.refuse(operand, 'await-promise', 'awaiting a Promise (' + this.checker.typeToString(t) + ') allocates and cannot be cancelled',
        'await a frugal future, or wrap it explicitly: await fromPromise(p) (boxes; listed by the audit)');
    } else {
      this.refuse(operand, 'await-unknown', 'awaiting a value that is not a frugal future (' + this.checker.typeToString(t) + ')',
        'await a primitive of tasks/task-api.ts or a lowered async function, or wrap a Promise with fromPromise(p)');
    }
  }

  protected resultOf(fx: FutureExpr): Result {
    if (fx.kind === 'var') return fx.v.result;
    if (fx.kind === 'fn') {
      const r = this.lowering.signature(fx.decl).result;
      if (r.kind === 'num') return { kind: 'one', text: 'ex.rn[0]' };
      if (r.kind === 'ref') return { kind: 'one', text: 'ex.rr' };
      if (r.kind === 'tuple') return { kind: 'tuple', texts: Array.from({ length: r.n }, (_, i) => 'ex.rn[' + i + ']') };
      return { kind: 'void' };
    }
    switch (fx.prim.result) {
      case 'num': return { kind: 'one', text: 'ex.rn[0]' };
      case 'ref': return { kind: 'one', text: 'ex.rr' };
      case 'typed': {
        const t = this.checker.getTypeAtLocation(fx.call);
        const promised = this.checker.getAwaitedType(t);
        return { kind: 'one', text: promised !== undefined && this.lowering.isNumberType(promised) ? 'ex.rn[0]' : 'ex.rr' };
      }
      case 'join': return { kind: 'tuple', texts: fx.call.arguments.map((_, i) => 'ex.rn[' + i + ']') };
      case 'select': return { kind: 'tuple', texts: ['ex.which', 'ex.rn[0]'] };
      case 'next': return { kind: 'tuple', texts: ['ex.rn[0]', 'ex.rn[1]'] };
      case 'method': return this.methodResult(fx.call, (i) => 'ex.rn[' + i + ']', 'ex.rr');
      default: return { kind: 'void' };
    }
  }

  protected awaitExpr(operand: ts.Expression, node: ts.Node): Result {
    const fx = this.classifyFuture(operand);
    if (fx === null) {
      this.refuseAwait(operand);
      return { kind: 'void' };
    }
    // An await nested in the arguments of another opening (join(f(), g(await x))) runs while the
    // futures opened before it are live: its embedded frames go after theirs, and its site counts them.
    const prevSite = this.site;
    const site: Site = { line: lineOf(node), items: prevSite !== null ? prevSite.items.slice() : [] };
    const saveW = prevSite !== null ? this.groupW : 0;
    const saveR = prevSite !== null ? this.groupR : 0;
    this.groupW = saveW;
    this.groupR = saveR;
    this.site = site;
    const open = this.openFuture(fx, 'await');
    this.site = prevSite;
    this.sites.push(site);
    this.groupW = saveW;
    this.groupR = saveR;
    const k = this.newState();
    this.emit('$w[$b + 1] = ' + open + ';');
    this.goto(k);
    this.place(k);
    this.emit('if (ex.awaitAt($w, $b + 1) === 0) return 0;');
    return this.resultOf(fx);
  }

  protected addItem(item: SiteItem, mode: Mode): void {
    if (mode === 'stored' || this.site === null) this.persistent.push(item);
    else this.site.items.push(item);
  }

  /** Emits what opening needs and returns the opening expression, to be evaluated at once. */
  protected openFuture(fx: FutureExpr, mode: Mode): string {
    if (fx.kind === 'var') {
      const h = this.internal('$h');
      return '(' + h + ' = ' + this.varRef(fx.v) + ', ' + this.varRef(fx.v) + ' = 0, ' + h + ')';
    }
    if (fx.kind === 'prim') return this.openPrim(fx.prim, fx.call, mode);
    return this.openCall(fx.decl, fx.call, mode);
  }

  /**
   * The interface method a dyn call goes to, and its arguments' kinds and first index: next, read
   * and write name theirs; `call(d, 'method', ...args)` names the method in a string literal (the
   * interface is whichever of the program's dyn objects has it). Null, after a refusal, when the
   * call cannot be lowered.
   */
  protected dynSite(prim: Primitive, call: ts.CallExpression): { iface: string; method: string; kinds: string; argStart: number } | null {
    if (prim.name !== 'call') return { iface: prim.dyn!.iface, method: prim.dyn!.method, kinds: '', argStart: 1 };
    const args = call.arguments;
    const name = args[1];
    if (name === undefined || !ts.isStringLiteralLike(name)) {
      this.refuse(call, 'call-method-name', 'a dyn call whose method is not a string literal', "name the method in quotes: call(d, 'measure', ...)");
      return null;
    }
    let kinds = '';
    for (let i = 2; i < args.length; i++) {
      if (ts.isSpreadElement(args[i])) {
        this.refuse(call, 'spread-call', 'a spread argument to a dyn call', 'pass the arguments one by one');
        return null;
      }
      kinds += this.typeKind(args[i]) === 'num' ? 'n' : 'r';
    }
    if (kinds.length > 4 || kinds.replace(/n/g, '').length > 2) {
      this.refuse(call, 'call-arity', 'a dyn call with more than four arguments, or more than two references (the registers they travel in)',
        'pass some of them together in a typed array or an object');
      return null;
    }
    return { iface: '', method: name.text, kinds, argStart: 2 };
  }

  /** A dyn method's result, as its declared type says (the awaited type of the call). */
  protected methodResult(call: ts.CallExpression, num: (i: number) => string, ref: string): Result {
    const t = this.checker.getAwaitedType(this.checker.getTypeAtLocation(call));
    const r = t === undefined ? null : this.lowering.resultOfType(t);
    if (r === null || r.kind === 'ref') return { kind: 'one', text: ref };
    if (r.kind === 'num') return { kind: 'one', text: num(0) };
    if (r.kind === 'tuple') return { kind: 'tuple', texts: Array.from({ length: r.n }, (_, i) => num(i)) };
    return { kind: 'void' };
  }

  protected openPrim(prim: Primitive, call: ts.CallExpression, mode: Mode): string {
    const args = Array.from(call.arguments);
    for (const f of prim.pushes) this.addItem({ kind: 'prim', frame: f }, mode);
    const childMode: Mode = mode === 'stored' ? 'stored' : 'passed';
    let texts: string[];
    if (prim.futureArgs === 'none') {
      texts = this.exprList(args);
    } else {
      texts = [];
      const first = prim.futureArgs === 'all' ? 0 : 1;
      for (let i = 0; i < args.length; i++) {
        const later = args.slice(i + 1).some((x) => this.lowering.containsAwait(x));
        if (i < first) {
          let t = this.expr(args[i]);
          if (later) t = this.spill(t, 'num');
          texts.push(t);
          continue;
        }
        const fx = this.classifyFuture(args[i]);
        if (fx === null) {
          this.refuseAwait(args[i]);
          texts.push('0');
          continue;
        }
        const open = this.openFuture(fx, childMode);
        if (later) {
          const v = this.temp('handle');
          this.emit(this.varRef(v) + ' = ' + open + ';');
          texts.push('(' + this.internal('$h') + ' = ' + this.varRef(v) + ', ' + this.varRef(v) + ' = 0, $h)');
        } else {
          const h = this.internal('$h' + i);
          this.emit(h + ' = ' + open + ';');
          texts.push(h);
        }
      }
    }
    let ns = NS;
    if (prim.module === 'dyn') {
      this.usesDyn = true;
      ns = NS_DYN;
      const site = this.dynSite(prim, call);
      if (site === null) return '0';
      // A stored or passed-on future never takes the caller's scratch (adapters/dyn.ts).
      const escaping = mode !== 'await' ? 'true' : 'false';
      if (prim.name === 'call') texts = [texts[0], texts[1], escaping, JSON.stringify(site.kinds)].concat(texts.slice(2));
      else if (mode !== 'await') texts.push(escaping);
      const pos = this.sf.getLineAndCharacterOfPosition(call.getStart(this.sf));
      this.addItem({ kind: 'dyn', iface: site.iface, method: site.method, escaping: mode !== 'await', line: pos.line + 1, column: pos.character + 1 }, mode === 'stored' ? 'stored' : 'await');
    }
    return ns + '.' + prim.name + '(' + ['ex'].concat(texts).join(', ') + ')';
  }

  protected openCall(callee: AsyncDecl, call: ts.CallExpression, mode: Mode): string {
    const sig = this.lowering.signature(callee);
    const args = Array.from(call.arguments);
    if (args.some((a) => ts.isSpreadElement(a))) {
      this.refuse(call, 'spread-call', 'a spread argument to a lowered async function', 'pass the arguments one by one');
    }
    const ce = skipOuter(call.expression);
    let receiver: string | null = null;
    if (sig.isMethod) {
      if (!ts.isPropertyAccessExpression(ce)) {
        this.refuse(call, 'method-call', 'an async method called without a receiver', 'call it as obj.method(...)');
        return '0';
      }
      receiver = this.expr(ce.expression);
      const later = args.some((a) => this.lowering.containsAwait(a));
      receiver = later ? this.spill(receiver, 'ref') : this.spillLocal(receiver);
    }
    const texts = this.exprList(args);
    let n = 0;
    let k = sig.isMethod ? 1 : 0;
    if (receiver !== null) this.emit('ex.ar[0] = ' + receiver + ';');
    sig.params.forEach((p, i) => {
      const v = i < texts.length ? texts[i] : p.kind === 'num' ? '0' : 'void 0';
      if (p.kind === 'num') this.emit('ex.an[' + n++ + '] = ' + v + ';');
      else this.emit('ex.ar[' + k++ + '] = ' + v + ';');
    });
    const vt = receiver !== null ? receiver + '.' + (ce as ts.PropertyAccessExpression).name.text : this.rewrite(call.expression);
    const recursive = callee === this.decl || this.lowering.isInProgress(callee);
    if (recursive || mode === 'stored') {
      this.addItem({ kind: 'push', callee: callee }, mode);
      return 'ex.push(' + vt + ')';
    }
    const lowered = this.lowering.lowerFunction(callee);
    for (const d of lowered.diagnostics) if (d.file !== this.sf.fileName) this.diags.push(d);
    const off = this.groupW;
    const roff = this.groupR;
    this.groupW += lowered.words;
    this.groupR += lowered.refs;
    if (this.groupW > this.embedW) this.embedW = this.groupW;
    if (this.groupR > this.embedR) this.embedR = this.groupR;
    this.addItem({ kind: 'embed', callee: callee }, mode);
    if (receiver !== null) {
      return NS + '.embedOrPush(ex, ' + vt + ', $f, ' + embedW(off) + ', ' + embedR(roff) + ', ' + lowered.words + ', ' + lowered.refs + ')';
    }
    return 'ex.embed(' + vt + ', $f, ' + embedW(off) + ', ' + embedR(roff) + ')';
  }

  protected spillLocal(text: string): string {
    if (/^[\w$.]+$/.test(text) || text.indexOf(P_OPEN) === 0 && text.indexOf(P_CLOSE) === text.length - 1) return text;
    const o = this.internal('$o');
    this.emit(o + ' = ' + text + ';');
    return o;
  }

  /** `const v = future`: opens the future now, owned by the frame until it is awaited or passed on. */
  protected storeFuture(v: Var, fx: FutureExpr): void {
    v.result = this.resultOf(fx);
    const open = this.openFuture(fx, 'stored');
    this.emit(NS + '.dropAt(ex, $w, ' + this.varSlotIndex(v) + ');');
    this.emit(this.varRef(v) + ' = ' + open + ';');
  }
}
