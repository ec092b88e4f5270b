// Every case of a switch in a device bundle gets its statements inside `{ }`: the last text pass,
// after esbuild, whose minifier takes such braces away.
//
// Why: Espruino interprets the source text as it reads it. A switch whose case does not match, and
// every case after a `return` or `continue`, is still read to the switch's end: a case body written
// as bare statements is read by the full parser with execution off, a block by a scan that only
// counts braces. Measured on Espruino 2v29 (Linux build, instructions counted with callgrind):
// about 500 instructions a token parsed without executing against about 300 a token scanned in a
// block (1,900 a token executed), and a task's state machine is read in full at every poll. The
// yield program of the await bench goes from 588k to 553k instructions an await (-6%), a dyn
// next() that may suspend from 863k to 809k (-6%); each case that gets braces adds 2 bytes.

import { parse, type AnyNode } from 'acorn';
import { children } from './es5-ast.ts';

/**
 * The bundle with each non-empty case body in a block.
 * - `code` parses as ES5 (the caller checks that first).
 * - A case whose body already is one block, or declares a function, is left as it is.
 */
export function blockCaseBodies(code: string): string {
  const at: { pos: number; text: string }[] = [];
  const visit = (node: AnyNode): void => {
    if (node.type === 'SwitchCase') {
      const body = node.consequent;
      const single = body.length === 1 && body[0].type === 'BlockStatement';
      if (body.length > 0 && !single && !body.some((s) => s.type === 'FunctionDeclaration')) {
        at.push({ pos: body[0].start, text: '{' }, { pos: body[body.length - 1].end, text: '}' });
      }
    }
    for (const [child] of children(node)) visit(child);
  };
  visit(parse(code, { ecmaVersion: 5, sourceType: 'script' }) as AnyNode);
  // At one place a case's closing brace comes before the next statement's opening one.
  at.sort((a, b) => a.pos - b.pos || (a.text === '}' ? -1 : 1));
  let out = '';
  let from = 0;
  for (const a of at) {
    out += code.slice(from, a.pos) + a.text;
    from = a.pos;
  }
  return out + code.slice(from);
}
