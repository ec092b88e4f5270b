// The contract's rules written in place in device code. A rule both runtimes obey (contract/fit.ts,
// contract/timer-order.ts) is one exported function whose body is a single `return <expression>`;
// the host calls it, and the device build replaces each call with that expression, its parameters
// replaced by the call's arguments. On Espruino a function object costs RAM and a call costs about
// as much as the comparison it makes, so the rule is stated once without costing the board either.
// esbuild has no inliner of its own; the calls are rewritten in the source of each module before
// esbuild bundles it, and the rule's function, no longer called, is shaken out.

import path from 'node:path';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from '../compiler/typescript.ts';
import type * as TS from 'typescript';

const CONTRACT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'contract');

interface Rule {
  readonly params: readonly string[];
  readonly body: TS.Expression;
  readonly source: TS.SourceFile;
}

let rules: Map<string, Rule> | null = null;

/** The contract's one-expression functions by name, read once per process. */
function contractRules(): Map<string, Rule> {
  if (rules !== null) return rules;
  rules = new Map();
  for (const f of readdirSync(CONTRACT)) {
    if (!f.endsWith('.ts')) continue;
    const sf = ts.createSourceFile(f, readFileSync(path.join(CONTRACT, f), 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const st of sf.statements) {
      if (!ts.isFunctionDeclaration(st) || st.name === undefined || st.body === undefined) continue;
      const only = st.body.statements.length === 1 ? st.body.statements[0] : undefined;
      if (only === undefined || !ts.isReturnStatement(only) || only.expression === undefined) continue;
      rules.set(st.name.text, { params: st.parameters.map((p) => p.name.getText(sf)), body: only.expression, source: sf });
    }
  }
  return rules;
}

/** The rule's expression with each parameter replaced by the argument text at its position. */
function instantiate(rule: Rule, args: readonly string[]): string {
  const sf = rule.source;
  let out = '';
  let pos = rule.body.getStart(sf);
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n)) {
      const k = rule.params.indexOf(n.text);
      if (k >= 0) {
        out += sf.text.slice(pos, n.getStart(sf)) + '(' + args[k] + ')';
        pos = n.end;
      }
      return;
    }
    n.forEachChild(visit);
  };
  visit(rule.body);
  return '(' + out + sf.text.slice(pos, rule.body.end) + ')';
}

function inContract(fileName: string, specifier: string): boolean {
  return path.dirname(path.resolve(path.dirname(fileName), specifier)) === CONTRACT;
}

const reexported = new Map<string, Map<string, string>>();

/**
 * What a module re-exports from contract/ modules (`export { fitsIn } from '../contract/fit.ts'`),
 * by the name it exports, read once per process: device/device-lowered.ts, the namespace generated
 * code calls the runtime through.
 */
function contractReexports(fileName: string): Map<string, string> {
  let names = reexported.get(fileName);
  if (names !== undefined) return names;
  names = new Map();
  const sf = ts.createSourceFile(fileName, readFileSync(fileName, 'utf8'), ts.ScriptTarget.ES2022, true);
  for (const st of sf.statements) {
    if (!ts.isExportDeclaration(st) || st.moduleSpecifier === undefined || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (!inContract(fileName, st.moduleSpecifier.text) || st.exportClause === undefined || !ts.isNamedExports(st.exportClause)) continue;
    for (const e of st.exportClause.elements) names.set(e.name.text, (e.propertyName ?? e.name).text);
  }
  reexported.set(fileName, names);
  return names;
}

/**
 * The contract rules `sf` can call, as it spells the callee: `fitsIn` for a named import from a
 * contract/ module, `ns.fitsIn` for a namespace import of a module that re-exports one.
 */
function contractImports(sf: TS.SourceFile, fileName: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const b = st.importClause?.namedBindings;
    if (b === undefined) continue;
    if (ts.isNamespaceImport(b)) {
      const target = path.resolve(path.dirname(fileName), st.moduleSpecifier.text);
      if (!target.endsWith('.ts') || !existsSync(target)) continue;
      for (const [exported, rule] of contractReexports(target)) names.set(b.name.text + '.' + exported, rule);
      continue;
    }
    if (!inContract(fileName, st.moduleSpecifier.text)) continue;
    for (const e of b.elements) names.set(e.name.text, (e.propertyName ?? e.name).text);
  }
  return names;
}

/**
 * The source of a module with every call of a contract rule it imports replaced by the rule's
 * expression.
 * - `code` is TypeScript or JavaScript text of `fileName`, which resolves its imports relative to
 *   its own folder.
 * - An argument may be evaluated more than once (a parameter used twice in the rule): device code
 *   passes reads of locals and typed arrays, which have no side effects.
 */
export function inlineContractRules(code: string, fileName: string): string {
  const known = contractRules();
  // Most modules neither import a contract module nor call a rule through a namespace: left as
  // they are, unparsed.
  if (code.indexOf('contract/') < 0 && !Array.from(known.keys()).some((name) => code.indexOf('.' + name + '(') >= 0)) return code;
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2022, true);
  const imported = contractImports(sf, fileName);
  if (imported.size === 0) return code;
  // The text of node n with every rule call inside it (n itself included) written in place.
  const textOf = (n: TS.Node, from: number): string => {
    const inner = ruleCall(n);
    if (inner !== null) return sf.text.slice(from, n.getStart(sf)) + inner;
    let text = '';
    let at = from;
    n.forEachChild((c) => {
      text += textOf(c, at);
      at = c.end;
    });
    return text + sf.text.slice(at, n.end);
  };
  const ruleCall = (n: TS.Node): string | null => {
    if (!ts.isCallExpression(n)) return null;
    const callee = n.expression;
    const spelled = ts.isIdentifier(callee) ? callee.text
      : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text + '.' + callee.name.text : null;
    if (spelled === null) return null;
    const name = imported.get(spelled);
    const rule = name === undefined ? undefined : known.get(name);
    if (rule === undefined || rule.params.length !== n.arguments.length) return null;
    return instantiate(rule, n.arguments.map((a) => textOf(a, a.getStart(sf))));
  };
  return textOf(sf, 0);
}
