// `frugal build`: the example's bundle (bundler/build-example.ts), written whole or not at all with
// the name map that `frugal decode` reads beside it.

import { basename } from 'node:path';
import { buildExample, deviceBoard, type BuildResult } from '../bundler/build-example.ts';
import { checkOut, writeOut, type OutTarget } from './out-file.ts';

/** Where a build was written; both null when no --out was given. */
export interface Written {
  out: string | null;
  /** The name map beside the bundle (for frugal decode). */
  mapOut: string | null;
}

/** The map file beside a bundle: x.js -> x.frugal.json. */
export function mapFileFor(out: string): string {
  return out.replace(/\.js$/, '') + '.frugal.json';
}

/** Builds the example and, with `out`, writes the bundle and its name map; nothing is written unless every step passed. */
export async function buildCommand(exampleName: string, boardId: string, out?: string): Promise<{ build: BuildResult; written: Written }> {
  const board = deviceBoard(exampleName, boardId);
  const target: OutTarget | null = out ?
    { option: '--out', path: out, what: 'bundle', suggest: basename(exampleName, '.ts') + '-' + board.id + '.js', makeDirs: true } : null;
  // Before the seconds the build takes.
  if (target) checkOut(target);
  const build = await buildExample(exampleName, boardId);
  const written: Written = { out: null, mapOut: null };
  if (target) {
    written.mapOut = writeOut({ ...target, path: mapFileFor(target.path), what: 'name map' }, JSON.stringify(build.map, null, 1) + '\n');
    written.out = writeOut(target, build.code);
  }
  return { build, written };
}
