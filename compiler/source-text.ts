// Reading a program's source: TypeScript and esbuild would read bytes that are not UTF-8 as
// replacement characters, and the lowering would build what it guessed (a string literal the device
// prints wrong, a name that differs from the one the user typed). Such a file is refused instead,
// naming the first byte that is not UTF-8.

import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Byte offset of the first byte of `b` that does not belong to a well-formed UTF-8 sequence.
 * - Any bytes; -1 when they are all UTF-8.
 */
export function firstNonUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    // Sequence length and the range of its second byte (which rules out overlong forms, surrogates
    // and code points above U+10FFFF), from the lead byte; the other continuation bytes are 80-BF.
    let n: number, lo = 0x80, hi = 0xbf;
    if (c < 0x80) n = 1;
    else if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c === 0xe0) { n = 3; lo = 0xa0; }
    else if (c === 0xed) { n = 3; hi = 0x9f; }
    else if (c >= 0xe1 && c <= 0xef) n = 3;
    else if (c === 0xf0) { n = 4; lo = 0x90; }
    else if (c === 0xf4) { n = 4; hi = 0x8f; }
    else if (c >= 0xf1 && c <= 0xf3) n = 4;
    else return i;
    for (let k = 1; k < n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n;
  }
  return -1;
}

/**
 * A source file's text (a leading byte order mark dropped, as TypeScript does); throws naming the
 * file, the byte offset and the line of the first byte that is not UTF-8, and the fix.
 * - `file` exists and is readable.
 */
export function readSourceText(file: string): string {
  const bytes = readFileSync(file);
  if (!isUtf8(bytes)) {
    const at = firstNonUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    const rel = path.relative(process.cwd(), file);
    throw new Error((rel.startsWith('..') ? file : rel) + ': not valid UTF-8 at byte ' + at + ' (line ' + line + ', byte 0x' + bytes[at].toString(16).padStart(2, '0') +
      '); fix: save the file as UTF-8');
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
