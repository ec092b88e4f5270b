// The names generated code binds, chosen so that none is a name the user's code uses: the lowered
// code copies the user's code into functions of its own, and a parameter or local of those that
// had the name of a user's module-level function or variable would capture it. Each name has a
// base (the name the output has when nothing collides, so that programs that use none of them
// lower as before); when the user's code has an identifier of that text, the name becomes
// base$1, base$2, ... the first that it does not have.
//
// A function's names are chosen against the identifiers of its declaration (parameters, body,
// the closures in it): the code copied into its poll, drop and direct form comes from there. A
// file's names (its runtime namespace, its module-level tables, the device's exported
// functions and what it imports of other files' generated ones) are chosen against every
// identifier of the file.

import ts from './typescript.ts';
import type * as TS from 'typescript';

/** The bases of the names every lowered function's code may bind, by what binds them. */
export const FUNCTION_NAME_BASES = {
  /** Host: the executor, first parameter of init, poll and drop. */
  ex: 'ex',
  /** Host: the frame's index in the frame table, for ex.embed. */
  frame: '$f',
  /** The memory a frame is in and where it starts: words, word base, references, reference base. */
  w: '$w',
  b: '$b',
  r: '$r',
  rb: '$rb',
  /** Device: poll's state while it runs. */
  state: '$s',
  /** The exception a suspending try's catch took. */
  caught: '$e',
  /** The completion a finally block was entered with, while it is tested. */
  completion: '$c',
  /** A value held while its parts are read (a destructured result, a rethrown exception). */
  held: '$x',
  /** Host: a handle taken out of a frame slot. */
  taken: '$h',
  /** A receiver or dyn value evaluated once before it is used several times. */
  once: '$o',
  /** Device: a direct call's first result. */
  value: '$v',
  /** Device, a dyn call its call site places: the task (then the pool slot), and the frame's word and reference base. */
  task: '$k',
  /** Device, a dyn call placed inline or called directly: its adapter (the index of its record in W). */
  adapter: '$ad',
  scratchBase: '$fb',
  scratchRefBase: '$frb',
} as const;

export type FunctionNameKey = keyof typeof FUNCTION_NAME_BASES;

/**
 * Bases of the names made per item: a host's handle held for a combinator (`$h` + argument index),
 * a device direct form's parameter (`$p` + variable id), a device poll's local for a frame
 * variable (`$` + variable id + `_` + name), a temporary (`$t` + n, chosen by the frame layout).
 */
export const NUMBERED_NAME_BASES = ['$h0', '$p0', '$0_x', '$t0'] as const;

/** The bases of the names a lowered file binds at module level. */
export const FILE_NAME_BASES = {
  /** The runtime namespace import (tasks/lowered.ts, device/device-lowered.ts). */
  runtime: '__frugal',
  /** Host: tasks/lowered-dyn.ts's namespace. */
  dynRuntime: '__frugalDyn',
} as const;

/**
 * The text of every identifier in a node that can name a binding: a property's name (after a dot,
 * in an object literal, in a class or interface) cannot, so it is left out.
 * - `node` is from a source file with parent pointers (as a program's are).
 */
export function identifiersIn(node: TS.Node): Set<string> {
  const out = new Set<string>();
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n) && !isPropertyName(n)) out.add(n.text);
    n.forEachChild(visit);
  };
  visit(node);
  return out;
}

function isPropertyName(id: TS.Identifier): boolean {
  const p = id.parent;
  if (p === undefined) return false;
  if (ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) return (ts.isPropertyAccessExpression(p) ? p.name : p.right) === id;
  if (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p) ||
    ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p) || ts.isEnumMember(p)) return p.name === id;
  return ts.isBindingElement(p) && p.propertyName === id;
}

/** Names chosen against the identifiers the user's code has, and against each other. */
export class NameScope {
  private readonly chosen = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(private readonly used: ReadonlySet<string>) {}

  /**
   * The name for `base`, the same each time: base itself unless the user's code has it or the
   * scope gave it out already, else the first free base$1, base$2, ...
   * - `base` is a valid identifier.
   */
  name(base: string): string {
    const known = this.chosen.get(base);
    if (known !== undefined) return known;
    const n = this.fresh(base);
    this.chosen.set(base, n);
    return n;
  }

  /**
   * A name not given out before, from `base` as name() chooses one: for a thing of its own that
   * happens to have the base of another (another file's export named like one of this file's).
   * - `base` is a valid identifier.
   */
  fresh(base: string): string {
    let n = base;
    for (let k = 1; this.used.has(n) || this.taken.has(n); k++) n = base + '$' + k;
    this.taken.add(n);
    return n;
  }

  /** Whether `name` is one this scope gave out. */
  gave(name: string): boolean {
    return this.taken.has(name);
  }
}

/** The names of one lowered function, each chosen against its declaration's identifiers. */
export type FunctionNames = { readonly [k in FunctionNameKey]: string } & {
  /** Host: the local that holds the handle of a combinator's argument i. */
  holder(i: number): string;
  /** Device: the direct form's parameter for a variable that has no local. */
  param(id: number): string;
  /** Device: poll's local for frame variable `id` named `name`. */
  cached(id: number, name: string): string;
  /** Whether a name is one of these (a local of the user's function must not take it). */
  isGenerated(name: string): boolean;
};

/**
 * The generated names of one lowered function.
 * - `decl` is the function's declaration: all the code copied into its functions is inside it.
 */
export function functionNames(decl: TS.Node): FunctionNames {
  const scope = new NameScope(identifiersIn(decl));
  const out: { [k: string]: unknown } = {};
  for (const k of Object.keys(FUNCTION_NAME_BASES) as FunctionNameKey[]) out[k] = scope.name(FUNCTION_NAME_BASES[k]);
  out.holder = (i: number): string => scope.name('$h' + i);
  out.param = (id: number): string => scope.name('$p' + id);
  out.cached = (id: number, name: string): string => scope.name('$' + id + '_' + name.replace(/\W/g, ''));
  out.isGenerated = (name: string): boolean => scope.gave(name);
  return out as FunctionNames;
}

/** The module-level names of one lowered file. */
export interface FileNames {
  readonly runtime: string;
  readonly dynRuntime: string;
  /** A module-level name the lowering generates (a table, a device function): `base`, or base$n when the file has it. */
  name(base: string): string;
  /** The local name of another file's generated export that this file's code calls. */
  imported(file: string, exported: string): string;
}

/**
 * The generated module-level names of one file.
 * - `sf` is the source file being lowered; one FileNames per file and lowering, shared by its functions.
 */
export function fileNames(sf: TS.SourceFile): FileNames {
  const scope = new NameScope(identifiersIn(sf));
  const runtime = scope.name(FILE_NAME_BASES.runtime);
  const dynRuntime = scope.name(FILE_NAME_BASES.dynRuntime);
  const imports = new Map<string, string>();
  return {
    runtime,
    dynRuntime,
    name: (base) => scope.name(base),
    imported: (file, exported) => {
      const key = file + '\n' + exported;
      let local = imports.get(key);
      if (local === undefined) {
        local = scope.fresh(exported);
        imports.set(key, local);
      }
      return local;
    },
  };
}
