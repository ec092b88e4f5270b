// Runs every probe (probes.ts) on Espruino interpreters built for Linux and records what each
// printed in simulator/fixtures/<probe>.json, one run per build, with the interpreter's version,
// word size and variables, and the command that ran it. test/simulator-fixtures.test.ts then
// holds the model to those lines.
//
//   node --import tsx simulator/check/check-espruino.ts --espruino /work/espruino/espruino64 \
//     --espruino "qemu-i386-static /work/espruino/espruino-puck" [--only watch,pins] [--attempts 3]
//
// The interpreter's timers run in real time: on a busy machine a pass of its event loop comes late
// and runs timers together that were due apart, which the model (whose callbacks take no time)
// never does. So each run is compared with the model at once; a run that disagrees is tried again,
// up to --attempts times, and the fixture keeps every disagreement seen on the way with the load
// average of the machine. A run that still disagrees is recorded as it is and the check fails.
//
// An interpreter is a path, or a command with its words (a 32-bit build on a machine that runs
// i386 code only under emulation). The gpio probes drive pins by writing the value files the
// Linux build polls: each runs in its own mount namespace (unshare -m, or unshare -rm when not
// root) with a stand-in directory mounted over /sys/class.

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { interpreterCommand } from '../../bundler/example-on-espruino.ts';
import {
  EMULATED_TOLERANCE_MS, FIXTURES, LINUX_PRELUDE, PROBES, consoleLines, differences, fixturePath, probeSource, readFixture, runOnModel,
  type Fixture, type FixtureRun, type Probe,
} from './probes.ts';

/** What identifies a build in a fixture. */
type Build = Pick<FixtureRun, 'version' | 'gitCommit' | 'bits' | 'variables' | 'blocksize'>;

const TIMEOUT_MS = 30000;

/** Word size from the ELF header of the interpreter's binary (its class byte). */
function elfBits(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    readSync(fd, head, 0, 5, 0);
    return head[4] === 1 ? 32 : 64;
  } finally {
    closeSync(fd);
  }
}

/** Runs one script file in `cwd`, stdin held open and silent, until the interpreter exits. */
function runScript(cmd: string[], file: string, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // At end of input a 32-bit build reads 0xFF bytes into its REPL line until memory runs out.
    const child = spawn(cmd[0], cmd.slice(1).concat([file]), { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString('latin1'); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString('latin1'); });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error("cannot start '" + cmd.join(' ') + "': " + e.message));
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** A stand-in for /sys/class: gpio/export, gpio/unexport and gpio0..32 with value and direction. */
function fakeSysClass(dir: string): string {
  const root = path.join(dir, 'sys-class');
  mkdirSync(path.join(root, 'gpio'), { recursive: true });
  writeFileSync(path.join(root, 'gpio', 'export'), '');
  writeFileSync(path.join(root, 'gpio', 'unexport'), '');
  for (let i = 0; i <= 32; i++) {
    mkdirSync(path.join(root, 'gpio', 'gpio' + i));
    writeFileSync(path.join(root, 'gpio', 'gpio' + i, 'value'), '0');
    writeFileSync(path.join(root, 'gpio', 'gpio' + i, 'direction'), 'in');
  }
  return root;
}

/** The command in its own mount namespace with `sysClass` over /sys/class. */
function withSysClass(cmd: string[], sysClass: string): string[] {
  const userns = typeof process.getuid === 'function' && process.getuid() !== 0 ? ['-r'] : [];
  return ['unshare', ...userns, '-m', '--', 'sh', '-c', 'mount --bind "$0" /sys/class && exec "$@"', sysClass, ...cmd];
}

/** Whether this machine lets us mount in a namespace of our own. */
function canMountNamespace(): boolean {
  const r = spawnSync('unshare', withSysClass(['true'], '/tmp').slice(1), { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

async function identify(cmd: string[]): Promise<Build> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frugal-check-'));
  try {
    writeFileSync(path.join(dir, 'id.js'), 'var m = process.memory(); print("frugal-id " + JSON.stringify({version: process.env.VERSION, ' +
      'git: process.env.GIT_COMMIT, total: m.total, blocksize: m.blocksize})); quit();');
    const raw = await runScript(cmd, 'id.js', dir);
    const line = consoleLines(raw).find((l) => l.startsWith('frugal-id '));
    if (!line) throw new Error("'" + cmd.join(' ') + "' did not run a script: " + raw.slice(-300));
    const id = JSON.parse(line.slice('frugal-id '.length)) as { version: string; git?: string; total: number; blocksize: number };
    return { version: id.version, gitCommit: id.git ?? '', bits: elfBits(cmd[cmd.length - 1]), variables: id.total, blocksize: id.blocksize };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runProbe(cmd: string[], probe: Probe): Promise<{ command: string; lines: string[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frugal-check-'));
  try {
    const file = probe.name + '.js';
    writeFileSync(path.join(dir, file), LINUX_PRELUDE + probeSource(probe.name));
    const full = probe.gpio ? withSysClass(cmd, fakeSysClass(dir)) : cmd;
    const raw = await runScript(full, file, dir);
    const shown = probe.gpio ? withSysClass(cmd, '<stand-in>') : cmd;
    return { command: shown.map((w) => (/\s|[$"]/.test(w) ? "'" + w + "'" : w)).join(' ') + ' ' + file, lines: consoleLines(raw) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function buildName(b: Build): string {
  return 'Espruino ' + b.version + ', ' + b.bits + '-bit, ' + b.variables + ' variables of ' + b.blocksize + ' bytes';
}

/**
 * Whether the build drives pins through /sys/class/gpio: Espruino's Makefile gives that only to a
 * build for the default LINUX board; a build for a board file of its own has no GPIO at all.
 */
async function hasGpio(cmd: string[]): Promise<boolean> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frugal-check-'));
  try {
    writeFileSync(path.join(dir, 'gpio.js'), 'digitalWrite(D0, 1); print("frugal-gpio " + digitalRead(D0)); quit();');
    const raw = await runScript(withSysClass(cmd, fakeSysClass(dir)), 'gpio.js', dir);
    return consoleLines(raw).indexOf('frugal-gpio 1') >= 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function newFixture(probe: Probe): Fixture {
  return { behaviour: probe.name, checks: probe.checks, probe: 'simulator/check/probes/' + probe.name + '.js', runs: [], notRun: [] };
}

function writeFixture(f: Fixture): void {
  writeFileSync(fixturePath(f.behaviour), JSON.stringify(f, null, 2) + '\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const interpreters: string[] = [];
  let only: string[] | null = null;
  let attempts = 3;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--espruino') interpreters.push(args[++i]);
    else if (args[i] === '--only') only = args[++i].split(',');
    else if (args[i] === '--attempts') attempts = Math.max(1, Number(args[++i]) | 0);
    else throw new Error('unknown argument ' + args[i] + '; usage: check-espruino.ts --espruino <interpreter> [--espruino ...] [--only probe,probe] [--attempts n]');
  }
  if (interpreters.length === 0) throw new Error('name at least one interpreter: --espruino /path/to/espruino');
  const probes = PROBES.filter((p) => only === null || only.indexOf(p.name) >= 0);
  const namespaces = canMountNamespace();
  if (!namespaces) console.log('cannot mount in a namespace of our own (unshare -m): the gpio probes are skipped, their fixtures kept');
  const recorded = new Date().toISOString().slice(0, 10);
  let failed = false;
  mkdirSync(FIXTURES.pathname, { recursive: true });
  for (const spec of interpreters) {
    const { interpreter, prefix } = interpreterCommand(spec);
    const cmd = prefix.concat([path.resolve(interpreter)]);
    const emulated = prefix.some((w) => /qemu/.test(w));
    const build = await identify(cmd);
    const gpio = namespaces && await hasGpio(cmd);
    console.log(spec + ': ' + buildName(build) + ' (' + build.gitCommit + ')' + (emulated ? ', emulated' : '') + (gpio ? '' : ', no GPIO'));
    for (const probe of probes) {
      const fixture = readFixture(probe.name) ?? newFixture(probe);
      fixture.checks = probe.checks;
      fixture.runs = fixture.runs.filter((r) => buildName(r) !== buildName(build));
      fixture.notRun = fixture.notRun.filter((n) => n.build !== buildName(build));
      if (probe.gpio && !namespaces) continue;
      if (probe.gpio && !gpio) {
        fixture.notRun.push({ build: buildName(build), why: 'no GPIO: Espruino\'s Makefile drives pins through /sys/class/gpio only for the default LINUX board' });
        writeFixture(fixture);
        console.log('  ' + probe.name.padEnd(16) + 'not run: no GPIO');
        continue;
      }
      const t0 = Date.now();
      const toleranceMs = emulated ? EMULATED_TOLERANCE_MS : probe.toleranceMs;
      const model = runOnModel(probe.name);
      const disagreements: FixtureRun['disagreements'] = [];
      let r = await runProbe(cmd, probe);
      let diffs = differences(r.lines, model, toleranceMs);
      while (diffs.length > 0 && disagreements.length + 1 < attempts) {
        disagreements.push({ loadAverage: round2(os.loadavg()[0]), differences: diffs });
        r = await runProbe(cmd, probe);
        diffs = differences(r.lines, model, toleranceMs);
      }
      if (diffs.length > 0) {
        disagreements.push({ loadAverage: round2(os.loadavg()[0]), differences: diffs });
        failed = true;
        console.log('  ' + probe.name + ' disagrees with the model in every attempt:\n    ' + diffs.join('\n    '));
      }
      fixture.runs.push({
        ...build, command: r.command, emulated, toleranceMs, recorded, loadAverage: round2(os.loadavg()[0]), attempts: disagreements.length + (diffs.length > 0 ? 0 : 1),
        disagreements, lines: r.lines,
      });
      writeFixture(fixture);
      console.log('  ' + probe.name.padEnd(16) + r.lines.length + ' lines, ' + (Date.now() - t0) + ' ms' + (disagreements.length ? ', ' + disagreements.length + ' disagreeing attempt(s)' : ''));
    }
  }
  if (failed) process.exitCode = 1;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

await main();
