// Runs a suite (test/support/suites.ts) with uvu and ends with the plain line "N passed, N failed"
// taken from uvu's own totals, as CI reads it.
//   test/run.ts [--engines | --package] [regex]
// --engines: the Duktape runs instead of npm test's suite; --package: the install of the packed
// package; regex: only the files whose path matches.
// npm test's whole suite runs in one process per core, at most two (test/support/shards.ts): the
// first shard's output as it comes, the others' after it, then the sum. FRUGAL_TEST_JOBS=1 runs it
// in this process. A shard is this script again, given its files in FRUGAL_TEST_FILES.
// The whole suite comes with the type checks (TYPE_CHECKS), run beside the shards, or before the
// tests in one process; a failed check fails the run.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { run } from 'uvu/run';
import { shards } from './support/shards.ts';
import { suiteFiles, type SuiteFile, type SuiteName } from './support/suites.ts';

const args = process.argv.slice(2);
const named: SuiteName | null = args[0] === '--engines' ? 'engines' : args[0] === '--package' ? 'package' : null;
const filter = named !== null ? args[1] : args[0];
const given = process.env.FRUGAL_TEST_FILES;
const all = await suiteFiles(named ?? 'test', filter ? new RegExp(filter) : undefined);
const suites = given === undefined ? all : all.filter((f) => given.split('\n').indexOf(f.name) >= 0);
const jobs = given !== undefined || named !== null || filter !== undefined ? 1 :
  Math.max(1, Math.min(2, Number(process.env.FRUGAL_TEST_JOBS ?? availableParallelism())));

/**
 * `tsc --noEmit` (strict), then the device runtime against ES5's library alone. Incremental, with
 * what the last run learnt kept in node_modules/.cache: a run after a small change checks only what
 * it touched (a fresh clone checks everything).
 */
const CACHE = 'node_modules/.cache/frugal/';
const TYPE_CHECKS = [
  ['--noEmit', '--incremental', '--tsBuildInfoFile', CACHE + 'tsc.tsbuildinfo'],
  ['--noEmit', '-p', 'tsconfig.device.json', '--incremental', '--tsBuildInfoFile', CACHE + 'tsc-device.tsbuildinfo'],
];
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const whole = given === undefined && named === null && filter === undefined;

if (jobs > 1) {
  const [checked, code] = await Promise.all([typeChecks(), runShards(shards(suites, jobs))]);
  process.exitCode = checked ? code : 1;
} else if (!whole || await typeChecks()) {
  await runHere();
} else {
  process.exitCode = 1;
}

/** The type checks of the whole suite, one after the other; their output is printed as it ends. */
async function typeChecks(): Promise<boolean> {
  if (!whole) return true;
  for (const args of TYPE_CHECKS) {
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [TSC, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
      child.on('close', (code) => resolve({ code, out }));
    });
    if (r.code !== 0) {
      process.stderr.write(r.out + 'tsc ' + args.join(' ') + ' failed\n');
      return false;
    }
  }
  return true;
}

/** Each shard in a process of its own; the exit code is 1 when any test failed or any shard broke. */
async function runShards(parts: SuiteFile[][]): Promise<number> {
  const children = parts.map((files, k) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]], {
      env: { ...process.env, FRUGAL_TEST_FILES: files.map((f) => f.name).join('\n') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      if (k === 0) process.stdout.write(d);
      out += d.toString();
    });
    const started = performance.now();
    return new Promise<{ out: string; code: number | null; s: number }>((resolve) =>
      child.on('close', (code) => resolve({ out, code, s: (performance.now() - started) / 1000 })));
  });
  let passed = 0;
  let failed = 0;
  let broken = false;
  const seconds: string[] = [];
  for (let k = 0; k < children.length; k++) {
    const r = await children[k];
    seconds.push(r.s.toFixed(0) + ' s');
    if (k > 0) process.stdout.write(r.out);
    const totals = /\n(\d+) passed, (\d+) failed[^\n]*\n?$/.exec(r.out);
    if (totals === null || (r.code !== 0 && r.code !== 1)) broken = true;
    else {
      passed += Number(totals[1]);
      failed += Number(totals[2]);
    }
  }
  console.log('\n' + jobs + ' processes (' + seconds.join(', ') + '): ' + passed + ' passed, ' + failed + ' failed');
  return failed > 0 || broken || passed === 0 ? 1 : 0;
}

/** The suite in this process, as uvu runs it. */
async function runHere(): Promise<void> {
  let captured = '';
  // uvu prints each file's name as it starts it: FRUGAL_TEST_TIMES=1 ends the run with each file's
  // seconds, longest first (what README's test durations are read from): on the clock, and of this
  // process's CPU, which a loaded machine does not inflate (the bundler's own process not counted).
  const times: [string, number, number][] = [];
  const names = new Set(suites.map((s) => s.name));
  let started = performance.now();
  let cpuAtStart = process.cpuUsage();
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    const name = text.replace(/\x1b\[[0-9;]*m/g, '').trim();
    if (names.has(name)) {
      times.push([name, 0, 0]);
      started = performance.now();
      cpuAtStart = process.cpuUsage();
    } else if (times.length > 0) {
      const cpu = process.cpuUsage(cpuAtStart);
      times[times.length - 1][1] = (performance.now() - started) / 1000;
      times[times.length - 1][2] = (cpu.user + cpu.system) / 1e6;
    }
    captured += text;
    if (captured.length > 4096) captured = captured.slice(-4096);
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;

  await run(suites, { bail: false });

  // uvu colours its totals; strip the escapes before reading them.
  const plain = captured.replace(/\x1b\[[0-9;]*m/g, '');
  // uvu counts skipped tests apart from its total.
  const total = Number((/Total:\s+(\d+)/.exec(plain) || [])[1] || 0);
  const passed = Number((/Passed:\s+(\d+)/.exec(plain) || [])[1] || 0);
  const skipped = Number((/Skipped:\s+(\d+)/.exec(plain) || [])[1] || 0);
  process.stdout.write = write;
  if (process.env.FRUGAL_TEST_TIMES) {
    console.log('  clock s  cpu s  file');
    for (const [name, clock, cpu] of times.sort((a, b) => b[2] - a[2])) console.log(clock.toFixed(1).padStart(9) + cpu.toFixed(1).padStart(7) + '  ' + name);
  }
  console.log('\n' + passed + ' passed, ' + (total - passed) + ' failed' + (skipped ? ', ' + skipped + ' skipped' : ''));
  if (total === 0) process.exitCode = 1;
}
