// The command outputs README.md and docs/*.md show, tied to the commands that print them so they
// cannot go stale. A block is checked when the line before its fence is a marker naming the command:
//
//   <!-- output: frugal run pipeline -->                    everything it prints on stdout
//   <!-- output: frugal run pipeline | from budget report --> from the first line starting so, to the end
//   <!-- output: frugal run pipeline | lines adapter -->     only the lines starting so
//   <!-- output: frugal build x --board pico | stderr -->    what it prints on stderr instead
//   <!-- output: frugal audit a | lines a.ts ; frugal audit b | lines b.ts -->   one after the other
//
// A block whose first line is `$ npx frugal ...` shows the command it ran: that line is kept. The
// command runs in this process (test/support/frugal-cli.ts) from the checkout, its --out going to a
// new directory.
// test/doc-outputs.test.ts compares; `npm run docs:outputs` rewrites the blocks from what the
// commands print now.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { frugalWith } from './frugal-cli.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const MARKER = /^<!-- output: (frugal .+) -->$/;
const COMMAND = /^frugal (.+?)(?: \| (from|lines|stderr)(?: (.+?))?)?$/;

export interface DocCommand {
  args: string[];
  select: { kind: 'all' | 'from' | 'lines' | 'stderr'; text: string };
}

export interface DocOutput {
  /** Path under the checkout. */
  file: string;
  /** 1-based line of the marker. */
  line: number;
  commands: DocCommand[];
  /** The block as the document has it, without its fences. */
  shown: string;
  /** Where the block's text starts and ends in the document (0-based line indexes, fences excluded). */
  start: number;
  end: number;
}

/** The documents that may show outputs. */
export function docFiles(): string[] {
  return ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => 'docs/' + f)];
}

/** Every marked block of `file`; a marker not followed by a fence is an error naming its line. */
export function docOutputs(file: string): DocOutput[] {
  const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const found: DocOutput[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER.exec(lines[i]);
    if (m === null) continue;
    if (!/^```/.test(lines[i + 1] ?? '')) throw new Error(file + ':' + (i + 1) + ': an output marker must be followed by a ``` block');
    let end = i + 2;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    if (end === lines.length) throw new Error(file + ':' + (i + 2) + ': the block after the output marker is never closed');
    const commands = m[1].split(' ; ').map((c) => {
      const cm = COMMAND.exec(c.trim());
      if (cm === null) throw new Error(file + ':' + (i + 1) + ": '" + c + "' is not a frugal command with an optional | from, | lines or | stderr");
      return { args: cm[1].split(/\s+/), select: { kind: (cm[2] ?? 'all') as DocCommand['select']['kind'], text: cm[3] ?? '' } };
    });
    found.push({
      file, line: i + 1, commands,
      shown: lines.slice(i + 2, end).join('\n'), start: i + 2, end,
    });
  }
  return found;
}

/** The commands of a block, as its marker gives them. */
export function commandText(d: DocOutput): string {
  return d.commands.map((c) => 'frugal ' + c.args.join(' ')).join('; ');
}

/** What the block should show now: each command's output, selected as the marker says. */
export async function expectedOutput(d: DocOutput): Promise<string> {
  const shown: string[] = [];
  for (const c of d.commands) shown.push(...await commandOutput(c));
  const command = d.shown.startsWith('$ npx frugal ') ? ['$ npx frugal ' + d.commands[0].args.join(' ')] : [];
  return command.concat(shown).join('\n');
}

async function commandOutput(c: DocCommand): Promise<string[]> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'frugal-doc-'));
  try {
    // Run from the checkout, which the documents name files relative to; what --out writes goes to
    // a new directory instead, shown as the relative path the document gives.
    const args = c.args.map((a, i) => (i > 0 && c.args[i - 1] === '--out' ? path.join(tmp, a) : a));
    const r = await frugalWith({ cwd: ROOT }, ...args);
    const out = (c.select.kind === 'stderr' ? r.err : r.out).replace(/\n$/, '').split(tmp + path.sep).join('').split('\n');
    const from = out.findIndex((l) => l.startsWith(c.select.text));
    return c.select.kind === 'from' ? (from < 0 ? [] : out.slice(from))
      : c.select.kind === 'lines' ? out.filter((l) => l.startsWith(c.select.text)) : out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
