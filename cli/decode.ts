// `frugal decode`: a device's output with every encoded fault (frugal!E<code>,<n>,...) replaced by
// its message from the catalog, the numbers that stand for names looked up in the bundle's name map.
// Everything else in the output is printed as it came.

import { readFileSync } from 'node:fs';
import { describe } from '../executor/config.ts';
import { decodeText, type NameMap } from '../executor/messages.ts';

const SHAPE = 'a name map is JSON: { "tasks": [names by task index], "futures": [names by vtable id], "strings": [strings by index] }';

function readText(file: string, what: string, fix: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(what + " '" + file + "': " + (code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message) + '; ' + fix);
  }
}

/** The name map in `file`, checked: each problem names the key and the shape it must have. */
export function readNameMap(file: string): NameMap {
  const text = readText(file, '--map', 'pass the name map of the bundle whose output this is');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error("--map '" + file + "' is not JSON (" + (e as Error).message + '); ' + SHAPE);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error("--map '" + file + "' holds " + describe(value) + ', not a name map; ' + SHAPE);
  }
  const rec = value as Record<string, unknown>;
  for (const key of ['tasks', 'futures', 'strings']) {
    const list = rec[key];
    const odd = Array.isArray(list) ? list.find((s) => typeof s !== 'string') : undefined;
    if (list === undefined) throw new Error("--map '" + file + "' has no '" + key + "'; " + SHAPE);
    if (!Array.isArray(list) || odd !== undefined) {
      throw new Error("--map '" + file + "': '" + key + "' must be an array of strings, got " +
        (Array.isArray(list) ? 'an array holding ' + describe(odd) : describe(list)) + '; ' + SHAPE);
    }
  }
  return value as NameMap;
}

/** The device output in `file` (stdin when omitted), decoded with the name map in `mapFile`. */
export function decodeDeviceOutput(file: string | undefined, mapFile: string): string {
  const names = readNameMap(mapFile);
  if (file === undefined && process.stdin.isTTY) {
    throw new Error('decode: no device output; give the file that holds it, or pipe it in (... | frugal decode --map names.json)');
  }
  const text = file === undefined ? readFileSync(0, 'utf8') : readText(file, 'decode', 'give the file that holds the device output, or pipe it in');
  return decodeText(text, names);
}
