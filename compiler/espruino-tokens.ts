// What Espruino 2v29 spends reading code, in the one unit the device build's choices compare:
// tokens it reads past without running them. Espruino interprets the source text as it reads it,
// so text a poll passes over costs time whether or not it runs (bundler/case-blocks.ts). Measured
// with callgrind on the 64-bit Linux build: about 190 to 300 instructions a token scanned inside a
// block, about 1,900 a token run.

/**
 * A call of a two-parameter function against the same statement written in place: 25.6k
 * instructions more a call (20,000 calls of `f(1, 2)` doing `r[a] += b`, against `{ r[1] += 2; }`),
 * as much as scanning about 130 tokens of a block not taken (20,000 passes over ten skipped
 * `r[1] += 2;`: 13.4k instructions, 190 a token).
 */
export const CALL_TOKENS = 130;

/** The tokens of printed code, about as Espruino's lexer reads them. */
export function tokens(text: string): number {
  return (text.match(/[A-Za-z_$][\w$]*|\d[\d.]*|'(?:[^'\\]|\\.)*'|===|!==|[=!<>]=|&&|\|\||\+\+|--|[-+*/]=|\S/g) ?? []).length;
}
