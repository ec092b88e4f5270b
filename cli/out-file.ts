// The files commands write where the user says (build --out, flash --out, run --trace). A path that
// cannot take the file is refused before the command does its work, and an error while writing
// names the option, the path and the fix instead of a bare EACCES or EISDIR. The file is written
// beside its target and renamed, so it appears whole or not at all, and nothing else is left.

import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface OutTarget {
  /** The option that names the file: '--out', '--trace'. */
  option: string;
  /** The path as the user gave it. */
  path: string;
  /** What the file holds, for messages: 'bundle', 'trace'. */
  what: string;
  /** A file name to suggest when the path is a directory. */
  suggest: string;
  /** Create missing directories; otherwise a missing directory is refused. */
  makeDirs: boolean;
}

function refuse(t: OutTarget, problem: string, fix: string): Error {
  return new Error(t.option + " '" + t.path + "': " + problem + '; ' + fix);
}

// The deepest ancestor of dir that exists: the directory a write would have to create entries in.
function existingAncestor(dir: string): string {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

/** Throws naming the option, the path and the fix when the file cannot be written there; returns the absolute path. */
export function checkOut(t: OutTarget): string {
  const file = resolve(t.path);
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw refuse(t, 'that is a directory', 'name the ' + t.what + "'s file, e.g. " + join(t.path, t.suggest));
  }
  const dir = dirname(file);
  const base = existingAncestor(dir);
  if (!statSync(base).isDirectory()) {
    throw refuse(t, base + ' is a file, not a directory', 'write the ' + t.what + ' elsewhere or move that file away');
  }
  if (base !== dir && !t.makeDirs) {
    throw refuse(t, 'the directory ' + dirname(t.path) + ' does not exist', 'create it or write the ' + t.what + ' elsewhere');
  }
  try {
    accessSync(base, constants.W_OK);
  } catch (e) {
    throw writeError(t, e);
  }
  return file;
}

/** The error for a failed write of t: the option, the path, what went wrong in words and the fix. */
export function writeError(t: OutTarget, e: unknown): Error {
  const file = resolve(t.path);
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return refuse(t, 'that is a directory', 'name the ' + t.what + "'s file, e.g. " + join(t.path, t.suggest));
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return refuse(t, existingAncestor(dirname(file)) + ' is a file, not a directory', 'write the ' + t.what + ' elsewhere or move that file away');
  }
  const where = existingAncestor(dirname(file));
  if (code === 'EACCES' || code === 'EPERM') {
    return refuse(t, 'no permission to write in ' + where, 'write the ' + t.what + ' to a directory you can write to, or change its permissions');
  }
  if (code === 'EROFS') return refuse(t, where + ' is on a read-only file system', 'write the ' + t.what + ' elsewhere');
  return refuse(t, 'cannot write it (' + (e instanceof Error ? e.message : String(e)) + ')', 'write the ' + t.what + ' elsewhere');
}

/** Writes data to t's path, whole or not at all; returns the absolute path. */
export function writeOut(t: OutTarget, data: string | Uint8Array): string {
  const file = checkOut(t);
  const tmp = join(dirname(file), '.' + basename(file) + '.' + process.pid + '.tmp');
  try {
    if (t.makeDirs) mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw writeError(t, e);
  }
  return file;
}
