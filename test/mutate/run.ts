// `npm run mutate`: applies each mutation of test/mutate/mutations.ts, one at a time, to a copy of
// the repository in a temporary directory, runs the test files it names there and prints which
// test caught it. Exits 1 when a mutation survives, 2 when the list or the unmutated suite is broken.
//   npm run mutate [-- <part of an id>...]
// Working on a copy means a crash, a kill -9 or Ctrl-C can never leave the real sources mutated.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTATIONS, type Mutation } from './mutations.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// A mutant may loop forever (a lost wakeup busy-polls, a corrupt free list cycles): that counts as
// caught, but only after this long.
const TIMEOUT_MS = 300000;
const NODE_ARGS = ['--expose-gc', '--max-semi-space-size=64', '--min-semi-space-size=16', '--import', 'tsx', 'test/run.ts'];

interface Outcome {
  failed: boolean;
  /** First failing test as "file: name", or how the run ended without one. */
  caughtBy: string;
  ms: number;
}

function occurrences(text: string, find: string): number {
  let n = 0;
  for (let i = text.indexOf(find); i >= 0; i = text.indexOf(find, i + 1)) n++;
  return n;
}

/** Every problem with the list itself: a target that moved, a test file that is gone. */
function checkList(list: Mutation[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const m of list) {
    if (ids.has(m.id)) problems.push(m.id + ': id used twice');
    ids.add(m.id);
    const file = path.join(ROOT, m.file);
    if (!fs.existsSync(file)) {
      problems.push(m.id + ': ' + m.file + ' does not exist');
      continue;
    }
    const n = occurrences(fs.readFileSync(file, 'utf8'), m.find);
    if (n !== 1) problems.push(m.id + ': its target occurs ' + n + ' times in ' + m.file + ', must be exactly once');
    if (m.tests.length === 0) problems.push(m.id + ': names no test file');
    for (const t of m.tests) if (!fs.existsSync(path.join(ROOT, 'test', t))) problems.push(m.id + ': test/' + t + ' does not exist');
  }
  return problems;
}

function copyTree(dir: string): void {
  fs.cpSync(ROOT, dir, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(ROOT, src);
      return rel !== 'node_modules' && rel !== '.git';
    },
  });
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(dir, 'node_modules'));
}

function fileFilter(tests: string[]): string {
  return '^(' + tests.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') + ')$';
}

let child: ChildProcess | null = null;

/** uvu prints each file's name on a line of its own, then a FAIL block per failing test. */
function firstFailure(output: string): string {
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  let file = '';
  for (const line of lines) {
    if (/^\S+\.test\.ts$/.test(line)) file = line;
    const m = /^\s*FAIL\s+(.*)$/.exec(line);
    if (m) return file + ': ' + m[1].trim();
  }
  return '';
}

function runTests(dir: string, tests: string[]): Promise<Outcome> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    let out = '';
    let timedOut = false;
    const c = spawn(process.execPath, NODE_ARGS.concat([fileFilter(tests)]), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    c.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    c.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    const timer = setTimeout(() => { timedOut = true; c.kill('SIGKILL'); }, TIMEOUT_MS);
    c.on('close', (code) => {
      clearTimeout(timer);
      child = null;
      const failed = code !== 0;
      let caughtBy = failed ? firstFailure(out) : '';
      if (failed && caughtBy === '') {
        const last = out.trim().split('\n').filter((l) => l.trim() !== '').pop() || '';
        caughtBy = timedOut ? 'timed out after ' + TIMEOUT_MS / 1000 + ' s' : 'crashed: ' + last.trim().slice(0, 100);
      }
      resolve({ failed, caughtBy, ms: Date.now() - t0 });
    });
  });
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(rows[0]), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|'].concat(rows.slice(1).map(line)).join('\n');
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const list = wanted.length === 0 ? MUTATIONS : MUTATIONS.filter((m) => wanted.some((w) => m.id.indexOf(w) >= 0));
  if (list.length === 0) {
    console.error('no mutation id contains ' + wanted.join(' or ') + '; ids: ' + MUTATIONS.map((m) => m.id).join(', '));
    return 2;
  }
  const problems = checkList(MUTATIONS);
  if (problems.length > 0) {
    console.error('the mutation list is out of date with the sources:\n  ' + problems.join('\n  '));
    return 2;
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frugal-mutate-'));
  const cleanUp = () => fs.rmSync(dir, { recursive: true, force: true });
  // Ctrl-C: the child gets the signal from the terminal too; the copy must still go.
  const onSignal = (sig: NodeJS.Signals) => {
    if (child !== null) child.kill('SIGKILL');
    cleanUp();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    copyTree(dir);
    const allTests = Array.from(new Set(list.flatMap((m) => m.tests))).sort();
    console.log('mutate: copy in ' + dir + '; unmutated run of ' + allTests.join(', '));
    // A mutant is caught only by a failure the mutation causes: the same files must pass without it.
    const base = await runTests(dir, allTests);
    if (base.failed) {
      console.error('mutate: the unmutated tests fail (' + base.caughtBy + '); fix them first');
      return 2;
    }
    console.log('mutate: unmutated run passed in ' + (base.ms / 1000).toFixed(0) + ' s');

    const rows = [['mutation', 'file', 'caught by']];
    let caught = 0;
    for (const m of list) {
      const file = path.join(dir, m.file);
      const original = fs.readFileSync(file, 'utf8');
      let o: Outcome;
      try {
        fs.writeFileSync(file, original.replace(m.find, () => m.replace));
        o = await runTests(dir, m.tests);
      } finally {
        fs.writeFileSync(file, original);
      }
      if (o.failed) caught++;
      rows.push([m.id, m.file, o.failed ? o.caughtBy : 'SURVIVED']);
      console.log('  ' + (o.failed ? 'caught   ' : 'SURVIVED ') + m.id + ' (' + (o.ms / 1000).toFixed(0) + ' s)' + (o.failed ? ': ' + o.caughtBy : ''));
    }
    console.log('\n' + table(rows) + '\n');
    for (const m of list) console.log('  ' + m.id + ': ' + m.what);
    console.log('\nmutate: ' + caught + ' of ' + list.length + ' caught');
    return caught === list.length ? 0 : 1;
  } finally {
    cleanUp();
  }
}

process.exitCode = await main();
