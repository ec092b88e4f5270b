// The bundle's own scope becomes the board's root scope: the last pass takes the IIFE's body out
// of the function that wraps it, its names renamed to names no board global has.
//
// Why: a board runs the bundle at its root scope (`load()` of the Storage file, `.bootcde` at
// boot), and a function Espruino makes inside a function keeps that function's scope (a name
// and a reference, 1 block a function); made at the root it keeps none, the root is searched
// anyway. With the wrapper gone, its scope object goes too: blinky 79 -> 73 blocks (measured on
// the Puck.js-geometry build, the bundle evaluated at the root as bundler/espruino-run.ts does).
//
// The names: the minifier gives the IIFE's names one to three characters, which at the root would
// replace a board's global of that name: Espruino's globals that short begin with a capital (`E`,
// the pins `D5` and `A0`, `NRF`, `USB`, `I2C`), but for Bangle.js's and Pixl.js's screen `g`.
// Such a name becomes `$` and the name (more `$` until it names nothing else in the bundle): no
// board global begins with `$`. The others stay as they are: a `$` before every name made the
// bundles 4-8% longer, text Espruino reads at every call. A use of the name inside a function
// that declares the name for itself is left alone.

import { parse } from 'acorn';
import type { AnyNode } from 'acorn';
import { applyEdits, children, declaredNames, iifeOf, isFunction, paramNames, referenceKind, type Edit } from './es5-ast.ts';

/** Every identifier written in `root`, whatever it names. */
function identifiers(root: AnyNode): Set<string> {
  const out = new Set<string>();
  const visit = (n: AnyNode): void => {
    if (n.type === 'Identifier') out.add(n.name);
    for (const [child] of children(n)) visit(child);
  };
  visit(root);
  return out;
}

/**
 * The bundle's statements at the top level, the IIFE's names renamed; the code unchanged when it
 * is not one IIFE without parameters, `this` or `arguments` at its own level.
 * - `code` is a minified device bundle (device-passes.ts), past every pass that needs its IIFE.
 */
export function atTopLevel(code: string): string {
  const program = parse(code, { ecmaVersion: 5, sourceType: 'script' }) as AnyNode;
  const iife = iifeOf(program);
  if (iife === null || iife.type !== 'FunctionExpression' || iife.params.length > 0) return code;
  const taken = identifiers(program);
  const renamed = new Map<string, string>();
  for (const name of declaredNames(iife)) {
    if (!/^[A-Z]/.test(name) && name !== 'g') continue;
    let to = '$' + name;
    while (taken.has(to)) to = '$' + to;
    taken.add(to);
    renamed.set(name, to);
  }
  const edits: Edit[] = [];
  let ownLevel = true;
  const scopes: Set<string>[] = [];
  const visit = (n: AnyNode, parent: AnyNode, key: string): void => {
    if (scopes.length === 0 && (n.type === 'ThisExpression' || (n.type === 'Identifier' && n.name === 'arguments' && referenceKind(parent, key) !== 'none'))) ownLevel = false;
    if (n.type === 'Identifier' && renamed.has(n.name) && !scopes.some((s) => s.has(n.name))) {
      const declares = (parent.type === 'VariableDeclarator' && key === 'id') || (parent.type === 'FunctionDeclaration' && key === 'id');
      if (declares || referenceKind(parent, key) !== 'none') edits.push({ start: n.start, end: n.end, text: renamed.get(n.name)! });
    }
    if (isFunction(n)) {
      // A declaration's name belongs to the scope around it; an expression's to its own body.
      const own = new Set([...paramNames(n), ...declaredNames(n)]);
      if (n.type === 'FunctionExpression' && n.id) own.add(n.id.name);
      for (const [child, childKey] of children(n)) {
        if (childKey === 'id') visit(child, n, childKey);
      }
      scopes.push(own);
      for (const [child, childKey] of children(n)) {
        if (childKey !== 'id') visit(child, n, childKey);
      }
      scopes.pop();
      return;
    }
    if (n.type === 'CatchClause' && n.param?.type === 'Identifier') {
      scopes.push(new Set([n.param.name]));
      for (const [child, childKey] of children(n)) visit(child, n, childKey);
      scopes.pop();
      return;
    }
    for (const [child, childKey] of children(n)) visit(child, n, childKey);
  };
  for (const [child, childKey] of children(iife.body)) visit(child, iife.body, childKey);
  if (!ownLevel) return code;
  return applyEdits(code, iife.body.start + 1, iife.body.end - 1, edits);
}

/**
 * The bundle as the body of a function called at once, for V8: a `vm` context reaches its global
 * variables through the context object's interceptors, so a bundle whose names are globals ran
 * its ScratchOrPool await at 0.13x native async/await there, against 11x as a function's locals.
 * The code inside is the bundle's to the byte; only where its names live differs, and nothing in
 * a bundle reads its own names through `global`.
 */
export function inFunctionScope(code: string): string {
  return '(function(){\n' + code + '\n})();';
}
