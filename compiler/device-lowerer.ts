// One async function or method lowered for the device build: a plain function over the device
// runtime's memory (device/), polled as `f($w, $b, $r, $rb)` with its frame at word $b of $w and
// reference slot $rb of $r. The statements and expressions are lowered as for the host
// (function-lowerer.ts and the lowerer-*.ts layers under it); what differs is where futures live
// and how an await runs:
//
//  - every primitive and callee frame is embedded in its caller's frame at an offset fixed here,
//    so an await is a direct call of the child's poll function: no frame table, no handle, no
//    placement, no init call (the caller writes the child's parameters into its frame);
//  - a function that can never suspend also gets a direct form, `f$now(args)`, returning its
//    result: awaiting it is a call, and a loop whose awaits are all such calls is a plain JS loop;
//  - poll's state and the locals that live across awaits are JS variables inside poll, loaded
//    from the frame on entry and written back only when the function suspends (in a function with
//    a hot loop, only what the loop uses is cached, and its suspends save only what it assigns);
//  - a child that is still pending when its parent is dropped is dropped by the parent's state:
//    each await state knows which child is live there.
//
// Frame: words [state, numeric parameters..., numeric locals..., embedded children..., stored
// futures...], references [self, reference parameters..., reference locals..., embedded children,
// stored futures]. Parameters always have their slots, used or not, so every implementation of an
// interface method takes its arguments at the same places.
//
// The children an await or stored future opens, and the frame space they take, are in
// device-children.ts, the class this one extends.

import ts from 'typescript';
import { isFunctionLike, lineOf, skipOuter } from './ast.ts';
import { DONE_MARK, type FutureExpr, type Result, type Var } from './function-lowerer.ts';
import type { DeviceFunctionInfo, LoweredFunction } from './lowering.ts';
import { isHalType } from './device-hal-calls.ts';
import { DeviceChildren, DNS, RET_SEP, type Child } from './device-children.ts';

export { DNS };

const SUSPEND = '\u000B';
const SUSPEND_HOT = '\u0015';

export class DeviceFunctionLowerer extends DeviceChildren {
  /** Per await state, the expression that drops its live child. */
  private readonly stateCancel = new Map<number, string>();
  /**
   * States whose number the frame must hold while poll runs, not only once it suspends: a drop
   * after a throw reads it to find the live child (poll otherwise keeps its state in `$s`).
   */
  private readonly frameStates = new Set<number>();
  /** States a suspended frame resumes in. */
  private readonly resumeStates = new Set<number>();

  private readonly suspendMemo = new Map<ts.Node, boolean>();

  /** Awaits of callees that never suspend do not suspend, where code emitted as written can take their results. */
  protected suspends(n: ts.Node): boolean {
    const memo = this.suspendMemo.get(n);
    if (memo !== undefined) return memo;
    let found = false;
    const visit = (x: ts.Node): void => {
      if (found || isFunctionLike(x)) return;
      if (ts.isForOfStatement(x) && x.awaitModifier !== undefined) found = true;
      else if (ts.isAwaitExpression(x) && (this.nowCallee(x.expression) === null || !this.takesResult(x))) found = true;
      else x.forEachChild(visit);
    };
    if (this.lowering.containsAwait(n)) visit(n);
    this.suspendMemo.set(n, found);
    return found;
  }

  /**
   * Whether code emitted as written can take the result of the immediate await `a`: any single
   * value; a tuple only where it is destructured into plain names (`const [v, done] = await ...`,
   * `[v, done] = await ...`) or returned.
   */
  private takesResult(a: ts.AwaitExpression): boolean {
    const fx = this.classifyFuture(a.expression)!;
    if (this.resultOf(fx).kind !== 'tuple') return true;
    let p: ts.Node = a.parent;
    while (ts.isParenthesizedExpression(p)) p = p.parent;
    if (ts.isReturnStatement(p)) return this.sig.result.kind === 'tuple';
    if (ts.isVariableDeclaration(p) && ts.isArrayBindingPattern(p.name)) {
      return ts.isVariableDeclarationList(p.parent) && p.parent.declarations.length === 1 && p.name.elements.every((e) => ts.isOmittedExpression(e) || ts.isIdentifier(e.name) && e.initializer === undefined && e.dotDotDotToken === undefined);
    }
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isArrayLiteralExpression(p.left) && ts.isExpressionStatement(p.parent)) {
      return p.left.elements.every((e) => ts.isOmittedExpression(e) || ts.isIdentifier(e));
    }
    return false;
  }

  /** `targets = tuple result of the $now call`, as an expression: the first from the call, the rest from the registers. */
  private nowDestructure(targets: (string | null)[], a: ts.AwaitExpression): string {
    const res = this.resultOf(this.classifyFuture(a.expression)!);
    const texts = res.kind === 'tuple' ? res.texts : [];
    const call = this.nowCallText(a.expression)!;
    const parts = [(targets[0] !== null && targets[0] !== undefined ? targets[0] : this.internal('$v')) + ' = ' + call];
    for (let i = 1; i < targets.length && i < texts.length; i++) if (targets[i] !== null) parts.push(targets[i] + ' = ' + texts[i]);
    return parts.join(', ');
  }

  protected rewriteSpecial(node: ts.Node): string | undefined {
    if (this.fnDepth === 0) {
      if (ts.isAwaitExpression(node)) {
        const call = this.nowCallText(node.expression);
        if (call !== null) return call;
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isArrayLiteralExpression(node.left)) {
        const right = skipOuter(node.right);
        if (ts.isAwaitExpression(right) && this.nowCallee(right.expression) !== null) {
          return '(' + this.nowDestructure(node.left.elements.map((e) => (ts.isIdentifier(e) ? this.targetText(e) : null)), right) + ')';
        }
      }
      if (ts.isReturnStatement(node) && node.expression !== undefined && this.sig.result.kind === 'tuple' && this.finallyDepth === 0) {
        const inner = skipOuter(node.expression);
        if (ts.isAwaitExpression(inner) && this.nowCallee(inner.expression) !== null) {
          const res = this.resultOf(this.classifyFuture(inner.expression)!);
          const v = this.internal('$v');
          const texts = res.kind === 'tuple' ? res.texts.slice(1) : [];
          return '{ ' + v + ' = ' + this.nowCallText(inner.expression) + '; ' + this.returnText([v].concat(texts)) + ' }';
        }
      }
    }
    return super.rewriteSpecial(node);
  }

  protected rewriteDeclList(list: ts.VariableDeclarationList, targetOnly: boolean): string {
    const d = list.declarations[0];
    if (!targetOnly && list.declarations.length === 1 && ts.isArrayBindingPattern(d.name) && d.initializer !== undefined) {
      const inner = skipOuter(d.initializer);
      if (ts.isAwaitExpression(inner) && this.nowCallee(inner.expression) !== null) {
        return this.nowDestructure(d.name.elements.map((e) => (ts.isOmittedExpression(e) ? null : this.targetText(e.name))), inner);
      }
    }
    return super.rewriteDeclList(list, targetOnly);
  }

  // ---- awaits and stored futures -----------------------------------------------------------

  protected awaitExpr(operand: ts.Expression, node: ts.Node): Result {
    const fx = this.classifyFuture(operand);
    if (fx === null) {
      this.refuseAwait(operand);
      return { kind: 'void' };
    }
    // A nested await's children go after the ones already opened for the enclosing site.
    const outer = this.site;
    const saveW = outer !== null ? this.groupW : 0;
    const saveR = outer !== null ? this.groupR : 0;
    this.groupW = saveW;
    this.groupR = saveR;
    this.site = { line: lineOf(node), items: [] };
    const child = this.open(fx, 'await');
    this.site = outer;
    this.groupW = saveW;
    this.groupR = saveR;
    if (child.now !== '') return this.nowResult(child);
    const k = this.newState();
    this.resumeStates.add(k);
    if (child.first !== undefined) {
      this.emit(child.first + ';');
      this.emit('$w[$b] = ' + k + ';');
      this.emit(SUSPEND);
      this.cur = null;
      this.place(k);
      return child.result;
    }
    this.goto(k);
    this.place(k);
    this.emit('if (!(' + child.ready + ')) ' + SUSPEND);
    if (child.done !== '') this.emit(child.done + ';');
    if (child.cancel !== '') {
      this.stateCancel.set(k, child.cancel);
      // A child whose drop must not run twice: past this point the frame is in a state with no live child.
      this.frameStates.add(k);
      if (!child.reentrant) {
        const past = this.newState();
        this.frameStates.add(past);
        this.emit('$w[$b] = ' + past + ';');
      }
    }
    return child.result;
  }

  /**
   * An await of a callee that never suspends is a plain call: its first result comes back as the
   * call's value, into `$v` (read at once, as the registers are), the others in the registers.
   */
  private nowResult(child: Child): Result {
    const r = child.result;
    if (r.kind === 'void') {
      this.emit(child.now + ';');
      return r;
    }
    const v = this.internal('$v');
    this.emit(v + ' = ' + child.now + ';');
    if (r.kind === 'one') return { kind: 'one', text: v };
    return { kind: 'tuple', texts: [v].concat(r.texts.slice(1)) };
  }

  protected storeFuture(v: Var, fx: FutureExpr): void {
    v.result = this.resultOf(fx);
    const prev = this.stored.get(v);
    if (prev !== undefined && prev.cancel !== '') this.emit('if (' + this.varRef(v) + ') ' + prev.cancel + ';');
    const child = this.open(fx, 'stored');
    this.stored.set(v, child);
    this.emit(this.varRef(v) + ' = 1;');
  }

  // ---- the function ------------------------------------------------------------------------

  protected finish(): LoweredFunction {
    // A HAL parameter carries nothing on the device (its calls are Espruino calls): no slot.
    for (const p of this.decl.parameters) {
      const sym = this.checker.getSymbolAtLocation(p.name);
      const v = sym !== undefined ? this.symVar.get(sym) : undefined;
      if (v !== undefined && isHalType(this.checker.getTypeAtLocation(p))) {
        v.elided = true;
        v.jsName = '0';
      }
    }
    const { frameVars, localVars, words: varWords, refs: varRefs } = this.layoutVars(1, true);
    const embedBase = varWords;
    const embedRefBase = varRefs;
    const persistBase = embedBase + this.embedW;
    const persistRefBase = embedRefBase + this.embedR;
    const words = persistBase + this.persistW;
    const refs = persistRefBase + this.persistR;
    const done = this.states.length;

    // Frame variables other than stored-future flags are JS variables of poll: read on entry,
    // written back when the function suspends. The drop reads them from the frame.
    // In a function whose innermost suspending loop is where it spends its time, only what that
    // loop uses is loaded on entry and saved on suspend; the rest is read in the frame where used.
    const hot = this.hotLoop();
    const hotStates = hot === null ? null : this.order.slice(hot[0], hot[1] + 1).map((st) => st.id);
    const cached = frameVars.filter((v) => v.kind !== 'handle' && v.states.size > 0 && !(v.states.size === 1 && v.states.has(-2)) &&
      (hotStates === null || hotStates.some((id) => v.states.has(id))));
    for (const v of cached) v.jsName = '$' + v.id + '_' + v.name.replace(/\W/g, '');
    const frameText = (v: Var): string => (v.kind === 'ref' ? '$r[$rb + ' + v.slot + ']' : '$w[$b + ' + v.slot + ']');
    const offsets = (t: string): string => t
      .replace(/\u0003(\d+)\u0004/g, (_m, n: string) => String(embedBase + parseInt(n, 10)))
      .replace(/\u0005(\d+)\u0006/g, (_m, n: string) => String(embedRefBase + parseInt(n, 10)))
      .replace(/\u000E(\d+)\u000F/g, (_m, n: string) => String(persistBase + parseInt(n, 10)))
      .replace(/\u0010(\d+)\u0011/g, (_m, n: string) => String(persistRefBase + parseInt(n, 10)))
      .split(DONE_MARK).join(String(done));
    const resolve = (t: string, inPoll: boolean): string => offsets(t.replace(/\u0001(\d+)(#?)\u0002/g, (_m, id: string, idx: string) => {
      const v = this.vars[parseInt(id, 10)];
      if (v.slot < 0) return v.jsName;
      if (idx === '#') return '$b + ' + v.slot;
      return inPoll && cached.indexOf(v) >= 0 ? v.jsName : frameText(v);
    }));
    const saves = (vs: Var[]): string => vs.map((v) => frameText(v) + ' = ' + v.jsName + '; ').join('');
    // poll runs on its state in `$s`; the frame gets it when poll suspends.
    const suspend = '{ $w[$b] = $s; ' + saves(cached) + 'return 0; }';
    // A suspend inside the hot loop saves only what the loop's states assign; the other cached
    // variables are saved on every jump into the loop from outside, once per loop entry, when code
    // outside the loop assigns them.
    let hotSuspend = suspend;
    if (hotStates !== null) {
      const hotCode = this.order.filter((st) => hotStates.indexOf(st.id) >= 0).map((st) => st.code.join('\n')).join('\n');
      const coldCode = this.order.filter((st) => hotStates.indexOf(st.id) < 0).map((st) => st.code.join('\n')).join('\n');
      const assigned = cached.filter((v) => assigns(hotCode, v.id));
      // What the loop does not assign reaches the frame when entering it, if anything assigned it
      // before (a parameter nobody assigns is in the frame already).
      const rest = cached.filter((v) => assigned.indexOf(v) < 0 && assigns(coldCode, v.id));
      hotSuspend = '{ $w[$b] = $s; ' + saves(assigned) + 'return 0; }';
      const entering = new RegExp('\\$w\\[\\$b\\] = (' + hotStates.join('|') + ');', 'g');
      for (const st of this.order) {
        const hotState = hotStates.indexOf(st.id) >= 0;
        for (let i = 0; i < st.code.length; i++) {
          st.code[i] = hotState ? st.code[i].split(SUSPEND).join(SUSPEND_HOT) : rest.length > 0 ? st.code[i].replace(entering, (m) => saves(rest) + m) : st.code[i];
        }
      }
    }

    // The live child of each await state, dropped when the frame is dropped there (or a try catches).
    const cancelByState: string[] = [];
    this.stateCancel.forEach((cancel, state) => {
      cancelByState.push((cancelByState.length > 0 ? 'else ' : '') + 'if ($s === ' + state + ') ' + cancel + ';');
    });
    const cancelChild = cancelByState.length > 0 ? ['$s = $w[$b];'].concat(cancelByState) : [];

    // poll
    const pollLocals = localVars.filter((v) => v.states.size > 0 && !(v.states.size === 1 && v.states.has(-2))).map((v) => v.jsName);
    const internals = Array.from(this.internals).sort();
    const firstCode = this.order.length > 0 ? this.order[0].code.join('\n  ') : '';
    const body = this.deviceCaseLines();
    body.push('default:');
    body.push('  return ' + DNS + '.fail(' + DNS + '.M_POLLED_AFTER_DONE, []);');
    const pollLines: string[] = [];
    const entry = cached.map((v) => v.jsName + ' = ' + frameText(v));
    pollLines.push('var ' + ['$s = $w[$b]'].concat(entry, pollLocals, internals).join(', ') + ';');
    pollLines.push(...this.dispatchLines(body, cancelByState, done));
    this.frameStates.add(done);
    const finallies = this.finallyLines();
    let pollText = this.returns(pollLines.join('\n  '), (values) =>
      '{ ' + this.resultRegisters(values).concat(['$w[$b] = ' + DONE_MARK + ';', 'return 1;']).join(' ') + ' }')
      .replace(/\$w\[\$b\] = (\d+);/g, (_m, n: string) => (this.frameStates.has(parseInt(n, 10)) ? '$w[$b] = $s = ' : '$s = ') + n + ';')
      .split('switch ($w[$b])').join('switch ($s)')
      .split('[$w[$b]]').join('[$s]');
    // Nothing reads a completed frame's state but its drop, and a drop with no finally block
    // does nothing there: the write is left out.
    if (finallies.length === 0) pollText = pollText.split('$w[$b] = ' + DONE_MARK + '; ').join('');
    const poll = resolve(pollText, true).split(SUSPEND).join(suspend).split(SUSPEND_HOT).join(hotSuspend);

    // drop
    // A drop with finally blocks marks the frame completed before it runs them, so they run once:
    // a finally that throws leaves its parent still naming the await, and the parent's own drop
    // (a faulted task's release) drops this frame again, as the host's freed frame is not.
    const once = finallies.length > 0;
    const dropLines: string[] = once ? ['$s = $w[$b];', '$w[$b] = ' + done + ';'].concat(cancelByState) : cancelChild.slice();
    this.stored.forEach((child, v) => {
      if (child.cancel !== '') dropLines.push('if (' + this.varRef(v) + ') ' + child.cancel + ';');
    });
    dropLines.push(...(once ? finallies.map((l) => l.split('[$w[$b]]').join('[$s]')) : finallies));
    const dropLocals = localVars.filter((v) => v.states.has(-2)).map((v) => v.jsName);
    if (cancelChild.length > 0 || once) dropLocals.push('$s');
    const pollName = this.devicePollName();
    const dropName = dropLines.length > 0 ? pollName + '$drop' : null;
    const params = refs > 0 ? '($w, $b, $r, $rb)' : '($w, $b)';
    let code = 'export function ' + pollName + params + ' {\n  ' + poll + '\n}\n';
    const now = this.nowForm(firstCode, cached, pollLocals.concat(internals), resolve);
    if (now !== null) code += 'export function ' + pollName + '$now' + now + '\n';
    if (dropName !== null) {
      code += 'export function ' + dropName + params + ' {\n  ' + (dropLocals.length > 0 ? 'var ' + dropLocals.join(', ') + ';\n  ' : '') +
        resolve(dropLines.join('\n  '), false) + '\n}\n';
    }
    const info: DeviceFunctionInfo = {
      poll: pollName,
      drop: dropName,
      dropMatters: finallies.length > 0 || this.calleeDropMatters,
      paramSlots: this.vars.filter((v) => v.reg >= 0 && v !== this.self).map((v) => v.slot),
      now: now !== null ? pollName + '$now' : null,
      zeroWords: [0].concat(frameVars.filter((v) => v.kind === 'handle').map((v) => v.slot)),
      imports: this.imports,
    };
    return this.lowered(words, refs, code, this.regionTable(done), info);
  }

  /**
   * The innermost loop that suspends, as the range of its states in placement order (its head to
   * the state that jumps back to it), or null.
   */
  private hotLoop(): [number, number] | null {
    const index = new Map<number, number>();
    this.order.forEach((st, i) => index.set(st.id, i));
    let loop: [number, number] | null = null;
    this.order.forEach((st, i) => {
      const head = st.gotoEnd >= 0 ? index.get(st.gotoEnd) : undefined;
      if (head !== undefined && head <= i && (loop === null || i - head < loop[1] - loop[0])) loop = [head, i];
    });
    const found: [number, number] | null = loop;
    if (found === null || !this.order.slice(found[0], found[1] + 1).some((st) => this.resumeStates.has(st.id))) return null;
    return found;
  }

  /** `text` with each return's values rendered by `render`. */
  private returns(text: string, render: (values: string[]) => string): string {
    return text.replace(/\u0012([^\u0014]*)\u0014/g, (_m, vs: string) => render(vs === '' ? [] : vs.split(RET_SEP)));
  }

  /**
   * The `$now` form of a function that never suspends (one state, no try, no child of its own in
   * the frame): its parameters and locals are JS variables, it returns its first result and
   * writes the others to the registers. Its callers call it instead of polling a frame. Returns
   * the parameter list and body, or null when the function suspends or needs its frame.
   */
  private nowForm(code: string, cached: Var[], locals: string[], resolve: (t: string, inPoll: boolean) => string): string | null {
    if (this.hasTry || this.order.length !== 1 || this.stored.size > 0 || this.embedW + this.embedR + this.persistW + this.persistR > 0) return null;
    const r = this.sig.result;
    let held = false;
    const body = resolve(this.returns(code, (values) => {
      if (values.length === 0) return '{ return; }';
      const rest = r.kind === 'tuple' ? values.slice(1).map((v, i) => this.num(i + 1) + ' = ' + v + ';') : [];
      if (rest.length === 0) return '{ return ' + values[0] + '; }';
      // The values are evaluated in order: the first is held while the others are written.
      if (values.slice(1).every((v) => /^-?[\d.]+$/.test(v))) return '{ ' + rest.concat(['return ' + values[0] + ';']).join(' ') + ' }';
      held = true;
      return '{ $v = ' + values[0] + '; ' + rest.join(' ') + ' return $v; }';
    }), true);
    if (held && locals.indexOf('$v') < 0) locals = locals.concat(['$v']);
    if (body.indexOf(SUSPEND) >= 0 || /\$(w|b|r|rb)\b/.test(body)) return null;
    const params = this.vars.filter((v) => v.reg >= 0 && !v.elided);
    const names = params.map((v) => (cached.indexOf(v) >= 0 ? v.jsName : '$p' + v.id));
    const own = cached.filter((v) => params.indexOf(v) < 0).map((v) => v.jsName).concat(locals);
    return '(' + names.join(', ') + ') {\n  ' + (own.length > 0 ? 'var ' + own.join(', ') + ';\n  ' : '') + body + '\n}';
  }

  /**
   * The cases in the order Espruino reads them fastest: it evaluates a switch by reading through
   * every case before the match, so the innermost loop's states (the target of the hot backward
   * jump) come first; and a state that falls through into the next case does not write the next
   * state's number unless something reads it there (a try's catch, or the drop of a live child).
   */
  private deviceCaseLines(): string[] {
    const order = this.order;
    const hot = this.hotLoop();
    if (hot !== null) {
      const chain = order.splice(hot[0], hot[1] - hot[0] + 1);
      // Resuming is what the loop does most: its resume state goes first, the others follow in
      // loop order, so that the loop runs through by falling from case to case.
      const r = chain.findIndex((st) => this.resumeStates.has(st.id));
      order.unshift(...chain.slice(r), ...chain.slice(0, r));
    }
    if (!this.hasTry) {
      // A state nothing jumps to (the end of a function that loops forever) is left out: its case
      // would cost bytes and, before the match, a comparison on every poll.
      const reached = new Set<number>([0]);
      for (const st of order) {
        if (st.gotoEnd >= 0) reached.add(st.gotoEnd);
        for (const line of st.code) for (const m of line.matchAll(/\$w\[\$b\] = (\d+);/g)) reached.add(parseInt(m[1], 10));
      }
      for (let i = order.length - 1; i >= 0; i--) if (!reached.has(order[i].id)) order.splice(i, 1);
      order.forEach((st, i) => {
        const next = order[i + 1];
        const last = st.code.length - 1;
        // A state that can suspend saves `$s` to the frame: it must hold that state's number.
        if (next !== undefined && st.gotoEnd === next.id && !next.code.some((l) => l.indexOf(SUSPEND) >= 0 || l.indexOf(SUSPEND_HOT) >= 0) && st.code[last] === '$w[$b] = ' + next.id + ';') {
          st.code.pop();
        }
      });
    }
    return this.caseLines();
  }

  /** The exported name of this function's poll: its own name, or Class$method for a method. */
  private devicePollName(): string {
    const d = this.decl;
    const own = d.name !== undefined && ts.isIdentifier(d.name) ? d.name.text : 'anonymous';
    if (ts.isMethodDeclaration(d) && ts.isClassDeclaration(d.parent) && d.parent.name !== undefined) return d.parent.name.text + '$' + own;
    return own;
  }
}

/**
 * Whether lowered code `text` assigns variable `id` (written `\u0001id\u0002`): as the target of
 * an assignment operator, or incremented or decremented.
 */
function assigns(text: string, id: number): boolean {
  const v = '\u0001' + id + '\u0002';
  return new RegExp(v + '\\s*([-+*/%&|^]|<<|>>>?|\\*\\*)?=(?!=)|' + v + '\\s*(\\+\\+|--)|(\\+\\+|--)\\s*' + v).test(text);
}
