// The host back end: a FunctionIR printed as a vtable spec on the poll ABI of executor/
// (docs/abi.md), for Node and the simulator. Shape (words [state, child, numeric slots...,
// embedded callees...], refs [reference slots..., embedded callees' refs...]):
//
//   { name, words, refs,
//     init(ex, $f, $w, $b, $r, $rb) { copy parameters from ex.an / ex.ar },
//     poll(ex, ...) { var locals; for (;;) { [try {] switch ($w[$b]) { case 0: ... } [} catch] } },
//     drop(ex, ...) { drop the live child and owned futures; run the finally blocks around the state } }
//
// lower-file.ts wraps the spec in `__frugal.asyncFn(...)` (tasks/lowered.ts). A future is a handle:
// the awaited one in word 1, polled by ex.awaitAt; a primitive's frame is pushed on the task's
// side stack by its opener, a lowered callee's embedded in this frame (pushed when recursive or
// stored), a future passed to a combinator held in a local or a frame slot until the combinator
// opens. The names above are the function's FunctionNames when nothing collides (names.ts).

import { lineOf } from './ast.ts';
import { PENDING, READY } from '../contract/poll-result.ts';
import { placeFutures, plainText, soleVar, spawnText, type Code, type FunctionIR, type FutureNode, type Hole, type Line, type Var } from './function-ir.ts';
import type { LoweredFunction } from './program-facts.ts';
import { caseLines, dispatchLines, finallyLines, regionTable } from './state-switch.ts';

/**
 * The host form of a described function.
 * - `ir` is the front end's description with FrontEndForm HOST (lowering.ts).
 */
export function emitHost(ir: FunctionIR): LoweredFunction {
  const name = ir.sig.name;
  const place = placeFutures(ir, (n) => (n.kind === 'callee' && !n.pushed ? { w: n.fn!.words, r: n.fn!.refs } : { w: 0, r: 0 }));
  const words = ir.words + place.groups.w;
  const refs = ir.refs + place.groups.r;
  const done = ir.states.length;
  const p = new HostPrinter(ir, done, { w: ir.words, r: ir.refs }, place.at);
  const { ex } = ir.names;

  const init: string[] = [];
  for (const v of ir.frameVars) {
    if (v.reg < 0) continue;
    init.push(p.varText(v) + ' = ' + ex + (v.kind === 'ref' ? '.ar[' : '.an[') + v.reg + '];');
  }

  const pollLocals = ir.localVars.filter((v) => v.states.size > 0 && !(v.states.size === 1 && v.states.has(-2))).map((v) => v.jsName);
  const body = caseLines(ir.order, (i) => ir.order[i].lines.flatMap((l) => p.line(l)));
  body.push('default:');
  body.push("  throw new Error(\"future '" + name + "' polled after it completed\");");
  const pollLines: string[] = [];
  const declared = pollLocals.concat(Array.from(p.internals).sort());
  if (declared.length > 0) pollLines.push('var ' + declared.join(', ') + ';');
  pollLines.push(...dispatchLines(ir, body, [p.dropAt(p.child)], done, {
    state: p.state, set: (n) => p.state + ' = ' + n + ';', err: p.varText(ir.err), comp: p.varText(ir.completion),
  }));

  const dropLines: string[] = [p.dropAt(p.child)];
  for (const v of ir.frameVars) if (v.kind === 'handle') dropLines.push(p.dropAt(p.slot(v)));
  dropLines.push(...finallyLines(ir, p.state, (c) => p.code(c)));
  const dropLocals = ir.localVars.filter((v) => v.states.has(-2)).map((v) => v.jsName);
  const n = ir.names;
  const params = '(' + [ex, n.frame, n.w, n.b, n.r, n.rb].join(', ') + ')';
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
  return {
    decl: ir.decl, name, file: ir.sf.fileName, line: lineOf(ir.decl), sig: ir.sig, words, refs, sites: ir.sites, persistent: ir.persistent,
    spec: spec.join('\n'), prelude: regionTable(ir, done), diagnostics: ir.diagnostics, usesDyn: ir.usesDyn, device: null,
  };
}

class HostPrinter {
  /** The front end's locals of poll and the printer's own. */
  readonly internals: Set<string>;
  /** How the code names the frame's state word and the awaited child's word (word 1). */
  readonly state: string;
  readonly child: string;
  private readonly ex: string;
  private readonly ns: string;

  constructor(private readonly ir: FunctionIR, private readonly done: number, private readonly embedBase: { w: number; r: number },
    private readonly at: ReadonlyMap<FutureNode, { w: number; r: number }>) {
    const n = ir.names;
    this.ex = n.ex;
    this.ns = ir.file.runtime;
    this.state = n.w + '[' + n.b + ']';
    this.child = n.b + ' + 1';
    this.internals = new Set(ir.internals);
    // Every future opened, the ones in code that cannot run included: the locals are declared anyway.
    for (const o of ir.opened) {
      if (!('kind' in o)) continue;
      if (o.kind === 'taken') this.internals.add(n.taken);
      if (o.kind === 'combinator' && o.children.some((c) => c.holder !== null && 'v' in c.holder)) this.internals.add(n.taken);
      if (o.kind === 'callee' && o.receiver !== null && !simpleReceiver(o.receiver)) this.internals.add(n.once);
    }
  }

  /** The statement that drops the child whose handle is in the word at index `at`, if any. */
  dropAt(at: string): string {
    return this.ns + '.dropAt(' + this.ex + ', ' + this.ir.names.w + ', ' + at + ');';
  }

  /** The index of frame variable v's word. */
  slot(v: Var): string {
    return v.slot < 0 ? v.jsName : this.ir.names.b + ' + ' + v.slot;
  }

  varText(v: Var | null): string {
    if (v === null) return '';
    if (v.slot < 0) return v.jsName;
    const n = this.ir.names;
    return v.kind === 'ref' ? n.r + '[' + n.rb + ' + ' + v.slot + ']' : n.w + '[' + n.b + ' + ' + v.slot + ']';
  }

  code(c: Code): string {
    let out = '';
    for (const part of c) out += typeof part === 'string' ? part : this.hole(part);
    return out;
  }

  /** The result registers a return writes, as the function's result kind says. */
  private resultRegisters(values: readonly string[]): string[] {
    const r = this.ir.sig.result;
    if (r.kind === 'num') return [this.ex + '.rn[0] = ' + values[0] + ';'];
    if (r.kind === 'ref') return [this.ex + '.rr = ' + values[0] + ';'];
    if (r.kind === 'tuple') return values.map((v, i) => this.ex + '.rn[' + i + '] = ' + v + ';');
    return [];
  }

  private hole(h: Hole): string {
    switch (h.kind) {
      case 'var': return this.varText(h.v);
      case 'slot': return this.slot(h.v);
      case 'register': return this.ex + '.rn[' + h.i + ']';
      case 'refRegister': return this.ex + '.rr';
      case 'which': return this.ex + '.which';
      case 'sync':
        if (h.kinds !== undefined) return this.spawnCall(h.args.map((a) => this.code(a)), h.kinds);
        return this.ns + '.' + h.prim.name + '(' + [this.ex].concat(h.args.map((a) => this.code(a))).join(', ') + ')';
      case 'jump': return this.state + ' = ' + h.state + ';';
      case 'return': {
        const parts = this.resultRegisters(h.values.map((v) => this.code(v)));
        return '{ ' + parts.concat([this.state + ' = ' + this.done + ';', 'return ' + READY + ';']).join(' ') + ' }';
      }
      case 'registers': return this.resultRegisters(h.values.map((v) => this.code(v))).join(' ');
      case 'complete': return this.state + ' = ' + this.done + '; ';
      case 'board':
      case 'direct':
        throw new Error('the host form has no ' + h.kind + ' calls');
    }
  }

  /**
   * spawn(pool, ...args): the arguments into the registers the pool's function takes them in (in
   * order, as a call of it would), then the runtime's spawn reads them. `args[0]` is the pool.
   */
  private spawnCall(args: readonly string[], kinds: string): string {
    return spawnText(args, kinds, (i) => this.ex + '.an[' + i + ']', (k) => this.ex + '.ar[' + k + ']', this.ns + '.spawn(' + this.ex + ', ' + args[0] + ')');
  }

  /** The lines an operation prints. */
  line(l: Line): string[] {
    switch (l.op) {
      case 'code': return [this.code(l.code)];
      case 'open': return this.open(l.node);
      case 'await': return [this.ir.names.w + '[' + this.child + '] = ' + this.opener(l.node) + ';'];
      case 'resume': return ['if (' + this.ex + '.awaitAt(' + this.ir.names.w + ', ' + this.child + ') === ' + PENDING + ') return ' + PENDING + ';'];
      case 'store': return [this.dropAt(this.slot(l.v)), this.varText(l.v) + ' = ' + this.opener(l.node) + ';'];
      case 'goto': return [this.state + ' = ' + l.state + ';'];
      case 'direct':
      case 'yield':
        throw new Error('the host form has no ' + l.op + ' operation');
    }
  }

  /** What opening a future writes before its opener runs: a callee's arguments into the registers; a passed future's handle. */
  private open(n: FutureNode): string[] {
    const out: string[] = [];
    if (n.kind === 'callee') {
      let k = 0;
      let m = 0;
      if (n.receiver !== null) {
        if (!simpleReceiver(n.receiver)) out.push(this.ir.names.once + ' = ' + this.code(n.receiver) + ';');
        out.push(this.ex + '.ar[0] = ' + this.receiver(n) + ';');
        k = 1;
      }
      n.sig.params.forEach((p, i) => {
        const v = i < n.args.length ? this.code(n.args[i]) : p.kind === 'num' ? '0' : 'void 0';
        out.push(p.kind === 'num' ? this.ex + '.an[' + m++ + '] = ' + v + ';' : this.ex + '.ar[' + k++ + '] = ' + v + ';');
      });
    }
    if (n.holder !== null) out.push(('local' in n.holder ? n.holder.local : this.varText(n.holder.v)) + ' = ' + this.opener(n) + ';');
    return out;
  }

  private receiver(n: FutureNode & { kind: 'callee' }): string {
    return simpleReceiver(n.receiver!) ? this.code(n.receiver!) : this.ir.names.once;
  }

  /** The expression that opens a future and gives its handle. */
  private opener(n: FutureNode): string {
    const { ex, ns } = this;
    switch (n.kind) {
      case 'taken': return this.take(n.v);
      case 'primitive': return ns + '.' + n.prim.name + '(' + [ex].concat(n.args.map((a) => this.code(a))).join(', ') + ')';
      case 'callee': {
        const vt = n.receiver !== null ? this.receiver(n) + '.' + n.method : this.code(n.spelled!);
        if (n.pushed) return ex + '.push(' + vt + ')';
        const at = this.at.get(n)!;
        const off = (this.embedBase.w + at.w) + ', ' + (this.embedBase.r + at.r);
        if (n.receiver !== null) return ns + '.embedOrPush(' + ex + ', ' + vt + ', ' + this.ir.names.frame + ', ' + off + ', ' + n.fn!.words + ', ' + n.fn!.refs + ')';
        return ex + '.embed(' + vt + ', ' + this.ir.names.frame + ', ' + off + ')';
      }
      case 'dyn': {
        // A stored or passed-on future never takes the caller's scratch (adapters/dyn.ts).
        const escaping = n.mode !== 'await' ? 'true' : 'false';
        let texts = n.args.map((a) => this.code(a));
        if (n.prim.name === 'call') texts = [texts[0], texts[1], escaping, JSON.stringify(n.target.kinds)].concat(texts.slice(2));
        else if (n.mode !== 'await') texts.push(escaping);
        return this.ir.file.dynRuntime + '.' + n.prim.name + '(' + [ex].concat(texts).join(', ') + ')';
      }
      case 'combinator': {
        const texts = n.ms !== null ? [this.code(n.ms)] : [];
        for (const c of n.children) {
          if (c.holder === null) texts.push('0');
          else texts.push('local' in c.holder ? c.holder.local : this.take(c.holder.v));
        }
        return ns + '.' + n.prim.name + '(' + [ex].concat(texts).join(', ') + ')';
      }
      case 'none': return '0';
    }
  }

  /** A handle taken out of frame variable v, which no longer owns it. */
  private take(v: Var): string {
    const t = this.varText(v);
    const h = this.ir.names.taken;
    return '(' + h + ' = ' + t + ', ' + t + ' = 0, ' + h + ')';
  }
}

/** A receiver written once as it is: a name, or one variable. */
function simpleReceiver(c: Code): boolean {
  const plain = plainText(c);
  return plain !== null ? /^[\w$.]+$/.test(plain) : soleVar(c) !== null;
}
