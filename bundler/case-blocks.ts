// Every case of a switch in a device bundle gets its statements inside `{ }`, and so does every
// long branch of an `if` and every long statement the minifier made an `&&`, `||` or `?:` of: the
// last text pass, after esbuild, whose minifier takes such braces away.
//
// Why: Espruino interprets the source text as it reads it. A switch whose case does not match, and
// every case after a `return` or `continue`, is still read to the switch's end: a case body written
// as bare statements is read by the full parser with execution off, a block by a scan that only
// counts braces. Measured on Espruino 2v29 (Linux build, instructions counted with callgrind):
// about 500 instructions a token parsed without executing against about 300 a token scanned in a
// block (1,900 a token executed), and a task's state machine is read in full at every poll. The
// yield program of the await bench goes from 588k to 553k instructions an await (-6%), a dyn
// next() that may suspend from 863k to 809k (-6%); each case that gets braces adds 2 bytes.
// The same holds for the branch an `if` does not take: a ready scratch `next()` read past its
// call site's pending branch (`if (!ready) return <13 writes>`) for 333k instructions an await,
// 318k with that return in braces. A branch of fewer than SKIP_TOKENS tokens is left as it is:
// its braces would cost more bytes than its skip saves time. `a && b;` becomes `if (a) { b }`
// (2 bytes more), `a || b;` `if (!(a)) { b }`, `a ? b : c;` `if (a) { b } else { c }`.

import { parse, type AnyNode } from 'acorn';
import { children } from './es5-ast.ts';
import { tokens } from '../compiler/espruino-tokens.ts';

/** Branches shorter than this stay bare (a skipped token in a block saves about 200 instructions; braces cost 2 bytes). */
const SKIP_TOKENS = 10;

/**
 * The bundle with each non-empty case body, and each long branch, in a block.
 * - `code` parses as ES5 (the caller checks that first).
 * - A case whose body already is one block, or declares a function, is left as it is.
 */
export function blockCaseBodies(code: string): string {
  // Text inserted at `pos` in place of the `del` characters there; no two overlap.
  const at: { pos: number; del: number; text: string }[] = [];
  const long = (n: AnyNode): boolean => tokens(code.slice(n.start, n.end)) >= SKIP_TOKENS;
  const wrap = (n: AnyNode | null | undefined): void => {
    if (n === null || n === undefined || n.type === 'BlockStatement' || !long(n)) return;
    at.push({ pos: n.start, del: 0, text: '{' }, { pos: n.end, del: 0, text: '}' });
  };
  // The operator between two operands, found in the text between them (only parentheses and spaces besides).
  const between = (a: AnyNode, b: AnyNode, op: string, text: string): void => {
    at.push({ pos: code.indexOf(op, a.end), del: op.length, text });
  };
  const visit = (node: AnyNode): void => {
    if (node.type === 'SwitchCase') {
      const body = node.consequent;
      const single = body.length === 1 && body[0].type === 'BlockStatement';
      if (body.length > 0 && !single && !body.some((s) => s.type === 'FunctionDeclaration')) {
        at.push({ pos: body[0].start, del: 0, text: '{' }, { pos: body[body.length - 1].end, del: 0, text: '}' });
      }
    } else if (node.type === 'IfStatement') {
      wrap(node.consequent);
      wrap(node.alternate);
    } else if (node.type === 'ExpressionStatement') {
      const e = node.expression;
      if (e.type === 'LogicalExpression' && long(e.right)) {
        at.push({ pos: e.start, del: 0, text: e.operator === '&&' ? 'if(' : 'if(!(' });
        between(e.left, e.right, e.operator, e.operator === '&&' ? '){' : ')){');
        at.push({ pos: e.end, del: 0, text: '}' });
      } else if (e.type === 'ConditionalExpression' && (long(e.consequent) || long(e.alternate))) {
        at.push({ pos: e.start, del: 0, text: 'if(' });
        between(e.test, e.consequent, '?', '){');
        between(e.consequent, e.alternate, ':', '}else{');
        at.push({ pos: e.end, del: 0, text: '}' });
      }
    }
    for (const [child] of children(node)) visit(child);
  };
  visit(parse(code, { ecmaVersion: 5, sourceType: 'script' }) as AnyNode);
  // At one place a block's closing brace comes before the next one's opening.
  at.sort((a, b) => a.pos - b.pos || (a.text === '}' ? -1 : b.text === '}' ? 1 : 0));
  let out = '';
  let from = 0;
  for (const a of at) {
    out += code.slice(from, a.pos) + a.text;
    from = a.pos + a.del;
  }
  return out + code.slice(from);
}
