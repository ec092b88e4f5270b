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
// stored), a future passed to a combinator held in a local or a frame slot until the combinator opens.

import { lineOf } from './ast.ts';
import { NS } from './function-builder.ts';
import { placeFutures, plainText, soleVar, type Code, type FunctionIR, type FutureNode, type Hole, type Line, type Var } from './function-ir.ts';
import type { LoweredFunction, Signature } from './program-facts.ts';
import { caseLines, dispatchLines, finallyLines, regionTable } from './state-switch.ts';

const NS_DYN = '__frugalDyn';

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

  const init: string[] = [];
  for (const v of ir.frameVars) {
    if (v.reg < 0) continue;
    init.push(v.kind === 'ref' ? '$r[$rb + ' + v.slot + '] = ex.ar[' + v.reg + '];' : '$w[$b + ' + v.slot + '] = ex.an[' + v.reg + '];');
  }

  const pollLocals = ir.localVars.filter((v) => v.states.size > 0 && !(v.states.size === 1 && v.states.has(-2))).map((v) => v.jsName);
  const body = caseLines(ir.order, (i) => ir.order[i].lines.flatMap((l) => p.line(l)));
  body.push('default:');
  body.push("  throw new Error(\"future '" + name + "' polled after it completed\");");
  const pollLines: string[] = [];
  const declared = pollLocals.concat(Array.from(p.internals).sort());
  if (declared.length > 0) pollLines.push('var ' + declared.join(', ') + ';');
  pollLines.push(...dispatchLines(ir, body, [NS + '.dropAt(ex, $w, $b + 1);'], done, {
    state: '$w[$b]', set: (n) => '$w[$b] = ' + n + ';', err: p.varText(ir.err), comp: p.varText(ir.completion),
  }));

  const dropLines: string[] = [NS + '.dropAt(ex, $w, $b + 1);'];
  for (const v of ir.frameVars) if (v.kind === 'handle') dropLines.push(NS + '.dropAt(ex, $w, $b + ' + v.slot + ');');
  dropLines.push(...finallyLines(ir, '$w[$b]', (c) => p.code(c)));
  const dropLocals = ir.localVars.filter((v) => v.states.has(-2)).map((v) => v.jsName);
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
  return {
    decl: ir.decl, name, file: ir.sf.fileName, line: lineOf(ir.decl), sig: ir.sig, words, refs, sites: ir.sites, persistent: ir.persistent,
    spec: spec.join('\n'), prelude: regionTable(ir, done), diagnostics: ir.diagnostics, usesDyn: ir.usesDyn, device: null,
  };
}

/** The result registers a return writes, as the function's result kind says. */
function resultRegisters(sig: Signature, values: readonly string[]): string[] {
  const r = sig.result;
  if (r.kind === 'num') return ['ex.rn[0] = ' + values[0] + ';'];
  if (r.kind === 'ref') return ['ex.rr = ' + values[0] + ';'];
  if (r.kind === 'tuple') return values.map((v, i) => 'ex.rn[' + i + '] = ' + v + ';');
  return [];
}

/** A local of poll that holds a handle while it is taken out of a frame slot. */
const TAKE = '$h';

class HostPrinter {
  /** The front end's locals of poll and the printer's own. */
  readonly internals: Set<string>;

  constructor(private readonly ir: FunctionIR, private readonly done: number, private readonly embedBase: { w: number; r: number },
    private readonly at: ReadonlyMap<FutureNode, { w: number; r: number }>) {
    this.internals = new Set(ir.internals);
    // Every future opened, the ones in code that cannot run included: the locals are declared anyway.
    for (const o of ir.opened) {
      if (!('kind' in o)) continue;
      if (o.kind === 'taken') this.internals.add(TAKE);
      if (o.kind === 'combinator' && o.children.some((c) => c.holder !== null && 'v' in c.holder)) this.internals.add(TAKE);
      if (o.kind === 'callee' && o.receiver !== null && !simpleReceiver(o.receiver)) this.internals.add('$o');
    }
  }

  varText(v: Var | null): string {
    if (v === null) return '';
    if (v.slot < 0) return v.jsName;
    return v.kind === 'ref' ? '$r[$rb + ' + v.slot + ']' : '$w[$b + ' + v.slot + ']';
  }

  code(c: Code): string {
    let out = '';
    for (const part of c) out += typeof part === 'string' ? part : this.hole(part);
    return out;
  }

  private hole(h: Hole): string {
    switch (h.kind) {
      case 'var': return this.varText(h.v);
      case 'slot': return h.v.slot < 0 ? h.v.jsName : '$b + ' + h.v.slot;
      case 'register': return 'ex.rn[' + h.i + ']';
      case 'refRegister': return 'ex.rr';
      case 'which': return 'ex.which';
      case 'sync': return NS + '.' + h.prim.name + '(' + ['ex'].concat(h.args.map((a) => this.code(a))).join(', ') + ')';
      case 'jump': return '$w[$b] = ' + h.state + ';';
      case 'return': {
        const parts = resultRegisters(this.ir.sig, h.values.map((v) => this.code(v)));
        return '{ ' + parts.concat(['$w[$b] = ' + this.done + ';', 'return 1;']).join(' ') + ' }';
      }
      case 'registers': return resultRegisters(this.ir.sig, h.values.map((v) => this.code(v))).join(' ');
      case 'complete': return '$w[$b] = ' + this.done + '; ';
      case 'board':
      case 'direct':
        throw new Error('the host form has no ' + h.kind + ' calls');
    }
  }

  /** The lines an operation prints. */
  line(l: Line): string[] {
    switch (l.op) {
      case 'code': return [this.code(l.code)];
      case 'open': return this.open(l.node);
      case 'await': return ['$w[$b + 1] = ' + this.opener(l.node) + ';'];
      case 'resume': return ['if (ex.awaitAt($w, $b + 1) === 0) return 0;'];
      case 'store': return [NS + '.dropAt(ex, $w, ' + this.hole({ kind: 'slot', v: l.v }) + ');', this.varText(l.v) + ' = ' + this.opener(l.node) + ';'];
      case 'goto': return ['$w[$b] = ' + l.state + ';'];
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
        if (!simpleReceiver(n.receiver)) out.push('$o = ' + this.code(n.receiver) + ';');
        out.push('ex.ar[0] = ' + this.receiver(n) + ';');
        k = 1;
      }
      n.sig.params.forEach((p, i) => {
        const v = i < n.args.length ? this.code(n.args[i]) : p.kind === 'num' ? '0' : 'void 0';
        out.push(p.kind === 'num' ? 'ex.an[' + m++ + '] = ' + v + ';' : 'ex.ar[' + k++ + '] = ' + v + ';');
      });
    }
    if (n.holder !== null) out.push(('local' in n.holder ? n.holder.local : this.varText(n.holder.v)) + ' = ' + this.opener(n) + ';');
    return out;
  }

  private receiver(n: FutureNode & { kind: 'callee' }): string {
    return simpleReceiver(n.receiver!) ? this.code(n.receiver!) : '$o';
  }

  /** The expression that opens a future and gives its handle. */
  private opener(n: FutureNode): string {
    switch (n.kind) {
      case 'taken': return this.take(n.v);
      case 'primitive': return NS + '.' + n.prim.name + '(' + ['ex'].concat(n.args.map((a) => this.code(a))).join(', ') + ')';
      case 'callee': {
        const vt = n.receiver !== null ? this.receiver(n) + '.' + n.method : this.code(n.spelled!);
        if (n.pushed) return 'ex.push(' + vt + ')';
        const at = this.at.get(n)!;
        const off = (this.embedBase.w + at.w) + ', ' + (this.embedBase.r + at.r);
        if (n.receiver !== null) return NS + '.embedOrPush(ex, ' + vt + ', $f, ' + off + ', ' + n.fn!.words + ', ' + n.fn!.refs + ')';
        return 'ex.embed(' + vt + ', $f, ' + off + ')';
      }
      case 'dyn': {
        // A stored or passed-on future never takes the caller's scratch (adapters/dyn.ts).
        const escaping = n.mode !== 'await' ? 'true' : 'false';
        let texts = n.args.map((a) => this.code(a));
        if (n.prim.name === 'call') texts = [texts[0], texts[1], escaping, JSON.stringify(n.target.kinds)].concat(texts.slice(2));
        else if (n.mode !== 'await') texts.push(escaping);
        return NS_DYN + '.' + n.prim.name + '(' + ['ex'].concat(texts).join(', ') + ')';
      }
      case 'combinator': {
        const texts = n.ms !== null ? [this.code(n.ms)] : [];
        for (const c of n.children) {
          if (c.holder === null) texts.push('0');
          else texts.push('local' in c.holder ? c.holder.local : this.take(c.holder.v));
        }
        return NS + '.' + n.prim.name + '(' + ['ex'].concat(texts).join(', ') + ')';
      }
      case 'none': return '0';
    }
  }

  /** A handle taken out of frame variable v, which no longer owns it. */
  private take(v: Var): string {
    const t = this.varText(v);
    return '(' + TAKE + ' = ' + t + ', ' + t + ' = 0, ' + TAKE + ')';
  }
}

/** A receiver written once as it is: a name, or one variable. */
function simpleReceiver(c: Code): boolean {
  const plain = plainText(c);
  return plain !== null ? /^[\w$.]+$/.test(plain) : soleVar(c) !== null;
}
