// The board's API in a device bundle: every Espruino name the bundle reaches that frugal knows the
// boards of (boards/board-api.ts: Puck.accel, NRF, analogWrite, I2C1, require('Storage'), LED3...)
// must be one the board has. Read from the bundle itself, after the build dropped what no task
// reaches, so a program may keep a Puck.js task and a Pico task in one file and spawn each where
// it runs; the places named are the calls in the program's own source, found through the type
// checker (the names are declared in boards/espruino-api.ts). A name only frugal's own code
// reaches is not the program's call: frugal's runtime reads a sensor through the HAL only where
// setup found that the board has it (tasks/sensor-source.ts), so it is left out.

import path from 'node:path';
import { parse, type AnyNode } from 'acorn';
import ts from '../compiler/typescript.ts';
import type * as TS from 'typescript';
import { boardHas, boardList, boardsWith, isBoardApi } from '../boards/board-api.ts';
import type { BoardDescriptor } from '../boards/descriptors.ts';
import { children, declaredNames, paramNames, referenceKind, staticPropertyName } from './es5-ast.ts';

/** The module that declares the board's globals (boards/espruino-api.ts; its .d.ts in the published package). */
const DECLARATIONS = /^espruino-api\.(?:d\.)?ts$/;

/** The board API names (boards/board-api.ts keys) an ES5 bundle reaches, in first-use order. */
export function boardApiUses(code: string): string[] {
  const program = parse(code, { ecmaVersion: 5, sourceType: 'script' }) as AnyNode;
  const found: string[] = [];
  const add = (key: string): void => {
    if (found.indexOf(key) < 0) found.push(key);
  };
  const walk = (node: AnyNode, parent: AnyNode | null, key: string, scopes: readonly Set<string>[]): void => {
    let inner = scopes;
    if (node.type === 'Program') inner = [declaredNames(node)];
    else if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') {
      const names = declaredNames(node.body);
      for (const p of paramNames(node)) names.add(p);
      names.add('arguments');
      if (node.type === 'FunctionExpression' && node.id) names.add(node.id.name);
      inner = scopes.concat([names]);
    } else if (node.type === 'CatchClause' && node.param !== null && node.param !== undefined && node.param.type === 'Identifier') {
      inner = scopes.concat([new Set([node.param.name])]);
    } else if (node.type === 'Identifier' && referenceKind(parent, key) === 'read' && !scopes.some((s) => s.has(node.name))) {
      const name = node.name;
      let member: string | undefined;
      if (parent !== null && parent.type === 'MemberExpression' && key === 'object') member = staticPropertyName(parent);
      if (name === 'require' && parent !== null && parent.type === 'CallExpression' && key === 'callee') {
        const a = parent.arguments[0];
        if (a !== undefined && a.type === 'Literal' && typeof a.value === 'string' && isBoardApi(a.value)) add(a.value);
      } else if (member !== undefined && isBoardApi(name + '.' + member)) add(name + '.' + member);
      else if (isBoardApi(name)) add(name);
    }
    for (const [child, childKey] of children(node)) walk(child, node, childKey, inner);
  };
  walk(program, null, '', []);
  return found;
}

/** Where the program's own source names `key` (file:line:column), through the declarations of boards/espruino-api.ts. */
export function boardApiPlaces(program: TS.Program, key: string): string[] {
  const checker = program.getTypeChecker();
  const dot = key.indexOf('.');
  const object = dot < 0 ? key : key.slice(0, dot);
  const member = dot < 0 ? null : key.slice(dot + 1);
  const out: string[] = [];
  const declaredHere = (id: TS.Identifier): boolean => {
    const decl = checker.getSymbolAtLocation(id)?.declarations?.[0];
    return decl !== undefined && DECLARATIONS.test(path.basename(decl.getSourceFile().fileName));
  };
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || sf.fileName.indexOf('/node_modules/') >= 0 || DECLARATIONS.test(path.basename(sf.fileName))) continue;
    const visit = (n: TS.Node): void => {
      let hit: TS.Node | null = null;
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'require' && n.arguments.length > 0 &&
        ts.isStringLiteralLike(n.arguments[0]) && n.arguments[0].text === key) hit = n;
      else if (member !== null && ts.isPropertyAccessExpression(n) && n.name.text === member && ts.isIdentifier(n.expression) &&
        n.expression.text === object && declaredHere(n.expression)) hit = n;
      else if (member === null && ts.isIdentifier(n) && n.text === object && declaredHere(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) hit = n;
      if (hit !== null) {
        const p = sf.getLineAndCharacterOfPosition(hit.getStart(sf));
        out.push(path.relative(process.cwd(), sf.fileName) + ':' + (p.line + 1) + ':' + (p.character + 1));
      }
      n.forEachChild(visit);
    };
    visit(sf);
  }
  return out;
}

/** How a key reads in a message: a call for a member or a function, require('X') for a module. */
function spelled(key: string): string {
  if (key === 'Storage') return "require('Storage')";
  return key;
}

/**
 * Throws when the bundle reaches a board API name the board lacks, naming each, where the program
 * uses it, the boards that have it and the fix; returns the names it reaches otherwise.
 * - `code` is the device bundle built for `board` from `program`'s files.
 */
export function checkBoardApis(code: string, board: BoardDescriptor, program: TS.Program, exampleName: string): string[] {
  const uses = boardApiUses(code);
  const missing: { key: string; places: string[] }[] = [];
  for (const k of uses) {
    if (boardHas(board, k)) continue;
    const places = boardApiPlaces(program, k);
    if (places.length > 0) missing.push({ key: k, places });
  }
  if (missing.length === 0) return uses;
  const lines = missing.map((m) => spelled(m.key) + ' (' + m.places.join(', ') + ') is on ' + boardList(boardsWith(m.key)));
  throw new Error("example '" + exampleName + "' cannot run on " + board.name + ' (' + board.id + '): its task code reaches ' +
    (missing.length === 1 ? 'a name' : missing.length + ' names') + ' of Espruino\'s API that ' + board.name + ' does not have:\n  ' + lines.join('\n  ') +
    '\nfix: build for a board that has ' + (missing.length === 1 ? 'it' : 'them') +
    ', or spawn the task that calls it only where the board has it (setup can test hal.board.sensors and hal.board.apis)');
}
