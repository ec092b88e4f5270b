// `npm run bench`: the same workloads in several forms in one process, a table of ops/s, ratios,
// GC events and bytes per op, the soak of the examples, and bench/results/{latest.json,ratios.svg}.
//
//   npm run bench                   table + goals + soak; writes bench/results/
//   npm run bench -- --json         one JSON object on stdout (progress goes to stderr)
//   npm run bench -- --soak         the soak only
//   npm run bench -- --no-soak      the workloads only
//   npm run bench -- --runs 7       at least this many timed runs per form (default 5; ops/s is their median)
//   npm run bench -- --filter RE    only forms whose "workload / form" matches RE (writes nothing)
//   npm run bench -- --chart        redraws bench/results/ratios.svg from bench/results/latest.json
//   npm run bench -- --espruino PATH  also the await forms and the twins on this Espruino interpreter
//                                   ("qemu-i386 PATH" for a 32-bit build on a machine that runs 32-bit
//                                   code only emulated)
//   npm run bench -- --espruino-ram PATH  the interpreter of the runs with the code in RAM (the await
//                                   forms' timing, the twins' CPU): one with room for the source text
//                                   (default: the --espruino one)
//   npm run bench -- --espruino-only  only the Espruino tables (no V8 workloads, soak or simulator speed)
//   npm run bench -- --espruino PATH --twins  only the twins (no await forms)
//   npm run bench -- --espruino PATH --awaits only the await forms (no twins; written to
//                                   bench/results/espruino-awaits.json)
//   npm run bench -- --cpu-ms N     board time of a twin's CPU run (default 60000)
//
// Method: bench/README.md.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesPerOp, startGcObserver, stopGcObserver, time, warmAll, type Form } from './harness.ts';
import { forms as dynForms } from './workloads/dyn-iterator.ts';
import { devicePrograms, espruinoForms, loadOnV8, runEspruinoForm, type DeviceProgram, type EspruinoResult } from './device-forms.ts';
import { WORKLOAD as DYN_WORKLOAD } from './workloads/dyn-iterator.ts';
import { interpreterCommand } from '../bundler/example-on-espruino.ts';
import { forms as pingPongForms } from './workloads/ping-pong.ts';
import { forms as stormForms } from './workloads/timer-storm.ts';
import { SOAK_MS, soakAll, type SoakResult } from './soak.ts';
import { SPEED_MS, simulatorSpeed, speedTable } from './simulator-speed.ts';
import { ratiosSvg, type Goal } from './chart.ts';
import { checkPair, measureTwins, PAIRS, twinTable, type TwinResult } from './twins.ts';

interface Result {
  workload: string;
  form: string;
  kind: string;
  opsPerSec: number;
  ratioVsNativeAsync: number;
  ratioVsSyncFloor: number;
  gcEvents: number;
  bytesPerOp: number | null;
  nsPerOp: number;
  opsPerRun: number;
  timedRuns: number;
  bytesWindowOps: number;
  bytesWindowGcs: number;
}

interface GoalCheck {
  goal: string;
  form: string;
  measured: string;
  met: boolean;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const soakOnly = args.includes('--soak');
const noSoak = args.includes('--no-soak');
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
const filterArg = args.indexOf('--filter');
const filter = filterArg >= 0 ? new RegExp(args[filterArg + 1], 'i') : null;
const soakArg = args.indexOf('--soak-ms');
const soakMs = soakArg >= 0 ? Number(args[soakArg + 1]) : SOAK_MS;
const espruinoArg = args.indexOf('--espruino');
const espruino = espruinoArg >= 0 ? args[espruinoArg + 1] : null;
const ramArg = args.indexOf('--espruino-ram');
const espruinoRam = ramArg >= 0 ? args[ramArg + 1] : espruino;
const twinsOnly = args.includes('--twins');
const awaitsOnly = args.includes('--awaits');
const espruinoOnly = args.includes('--espruino-only') || twinsOnly || awaitsOnly;
const cpuArg = args.indexOf('--cpu-ms');
const CPU_MS = cpuArg >= 0 ? Number(args[cpuArg + 1]) : 60000;
/** Board time to warm-up in a twin's blocks run (code in Storage); the end is twice as late. */
const TWIN_WARM_MS = 5000;
/**
 * Awaits per round on Espruino, rounds per form, and passes over all the forms: a form's figure is
 * its best round over every pass, so that a slow moment of the machine does not land on one form.
 */
const ESPRUINO_AWAITS = 2000;
const ESPRUINO_ROUNDS = 3;
const ESPRUINO_PASSES = 2;

const log = (s: string): void => { process.stderr.write(s + '\n'); };

/** ~0 bytes/op: one heap object per op would be at least 12 bytes (a heap number). */
const NEAR_ZERO_BYTES = 1;
const GOAL_NATIVE = 5;
const GOAL_FLOOR = 3;
const GOAL_FORM = 'frugal device ScratchOrPool (scratch)';
const DEVICE_OPS = 1000000;

/** The await program's device bundles as forms of the dyn iterator workload, on V8. */
function deviceForms(programs: DeviceProgram[]): Form[] {
  return programs.filter((p) => p.label.indexOf('yield') < 0).map((p): Form => {
    const device = loadOnV8(p);
    return {
      workload: DYN_WORKLOAD, form: 'frugal device ' + p.label, kind: 'frugal', opsPerRun: DEVICE_OPS, allocates: p.allocates,
      allocWindow: p.allocates ? 20000 : DEVICE_OPS, minAllocWindow: 1000,
      run: (n) => device.round(n),
    };
  });
}

function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus.length > 0 ? cpus[0].model : 'unknown',
    cores: cpus.length,
    os: os.type() + ' ' + os.release() + ' ' + os.arch(),
    memoryGB: Math.round(os.totalmem() / 1073741824 * 10) / 10,
    nodeFlags: process.execArgv.filter((a) => a.indexOf('--') === 0 && a !== '--import' && a.indexOf('tsx') < 0).join(' '),
    date: new Date().toISOString(),
    /** 1-minute load average at the start: other processes on the machine skew every number. */
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

async function runWorkloads(programs: DeviceProgram[]): Promise<Result[]> {
  let forms: Form[] = [...dynForms(), ...deviceForms(programs), ...pingPongForms(), ...stormForms()];
  if (filter !== null) {
    const re = filter;
    forms = forms.filter((f) => f.kind !== 'frugal' || re.test(f.workload + ' / ' + f.form));
    // The references of a workload stay so that its ratios can be computed.
    const kept = new Set(forms.filter((f) => f.kind === 'frugal').map((f) => f.workload));
    forms = forms.filter((f) => kept.has(f.workload) || re.test(f.workload + ' / ' + f.form));
  }
  log('warm-up: every form at a tenth of its size, before anything is timed');
  await warmAll(forms, 0.1);
  const measured: { f: Form; ops: number; ns: number; gcs: number; runs: number; checksum: number; bytes: number; win: number; winGcs: number }[] = [];
  for (const f of forms) {
    const t = await time(f, RUNS);
    const a = await bytesPerOp(f);
    measured.push({ f: f, ops: t.opsPerSec, ns: t.nsPerOp, gcs: t.gcEvents, runs: t.runsMs.length, checksum: t.checksum, bytes: a.bytesPerOp, win: a.windowOps, winGcs: a.windowGcs });
    log('  ' + (f.workload + ' / ' + f.form).padEnd(58) + fmtOps(t.opsPerSec).padStart(12) + ' ops/s  ' + t.gcEvents + ' GCs  ' +
      (isNaN(a.bytesPerOp) ? 'GC in every window' : a.bytesPerOp.toFixed(2) + ' B/op (window ' + a.windowOps + ')') +
      '  runs ' + t.runsMs.map((m) => m.toFixed(1)).join('/') + ' ms');
  }
  const results: Result[] = [];
  for (const m of measured) {
    const same = measured.filter((o) => o.f.workload === m.f.workload);
    const native = same.find((o) => o.f.baseline === true);
    const floor = same.find((o) => o.f.kind === 'floor');
    for (const o of same) {
      if (o.checksum !== same[0].checksum) {
        throw new Error(m.f.workload + ': ' + o.f.form + ' computed ' + o.checksum + ', ' + same[0].f.form + ' ' + same[0].checksum);
      }
    }
    results.push({
      workload: m.f.workload,
      form: m.f.form,
      kind: m.f.kind,
      opsPerSec: Math.round(m.ops),
      ratioVsNativeAsync: native ? round3(m.ops / native.ops) : NaN,
      ratioVsSyncFloor: floor ? round3(floor.ops / m.ops) : NaN,
      gcEvents: m.gcs,
      bytesPerOp: isNaN(m.bytes) ? null : round3(m.bytes),
      nsPerOp: round3(m.ns),
      opsPerRun: m.f.opsPerRun,
      timedRuns: m.runs,
      bytesWindowOps: m.win,
      bytesWindowGcs: m.winGcs,
    });
  }
  return results;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function fmtOps(x: number): string {
  if (x >= 1e6) return (x / 1e6).toFixed(2) + 'M';
  if (x >= 1e3) return (x / 1e3).toFixed(1) + 'k';
  return x.toFixed(0);
}

function fmtRatio(x: number): string {
  if (!isFinite(x)) return '-';
  return (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) + 'x';
}

function fmtBytes(x: number | null): string {
  if (x === null) return 'GC in window';
  return x < 10 ? x.toFixed(3) : x.toFixed(0);
}

function goals(results: Result[]): GoalCheck[] {
  const out: GoalCheck[] = [];
  const sp = results.find((r) => r.form === GOAL_FORM);
  if (sp) {
    out.push({ goal: 'ScratchOrPool >= ' + GOAL_NATIVE + 'x native async/await (dyn iterator)', form: sp.form,
      measured: fmtRatio(sp.ratioVsNativeAsync), met: sp.ratioVsNativeAsync >= GOAL_NATIVE });
    out.push({ goal: 'ScratchOrPool <= ' + GOAL_FLOOR + 'x the synchronous floor (dyn iterator)', form: sp.form,
      measured: fmtRatio(sp.ratioVsSyncFloor), met: sp.ratioVsSyncFloor <= GOAL_FLOOR });
  }
  for (const r of results) {
    if (r.kind !== 'frugal' || r.form.indexOf('Boxing') >= 0) continue;
    out.push({ goal: '0 GC events and ~0 bytes/op (< ' + NEAR_ZERO_BYTES + ')', form: r.workload + ' / ' + r.form,
      measured: r.gcEvents + ' GCs, ' + fmtBytes(r.bytesPerOp) + ' B/op',
      met: r.gcEvents === 0 && r.bytesPerOp !== null && r.bytesPerOp < NEAR_ZERO_BYTES });
  }
  return out;
}

function table(results: Result[]): string {
  const head = ['workload', 'form', 'ops/s', 'ns/op', 'vs native async', 'vs sync floor', 'GCs (timed runs)', 'bytes/op'];
  const rows = results.map((r) => [r.workload, r.form, fmtOps(r.opsPerSec), r.nsPerOp.toFixed(1), fmtRatio(r.ratioVsNativeAsync),
    fmtRatio(r.ratioVsSyncFloor), r.gcEvents + ' (' + r.timedRuns + ')', fmtBytes(r.bytesPerOp)]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' | ') + ' |';
  const sep = '|' + w.map((n, i) => (i < 2 ? '-'.repeat(n + 1) + '-' : '-'.repeat(n + 1) + ':')).join('|') + '|';
  return [line(head), sep, ...rows.map(line)].join('\n');
}

function signed(n: number): string {
  return (n >= 0 ? '+' : '') + n;
}

function soakTable(soak: SoakResult[]): string {
  const lines: string[] = [];
  lines.push('| example | board | virtual ms | wall ms | board ms per wall ms | polls | inputs fed every 10 s | heap after full GC: start -> end (code space) | mid -> end | budget counts in the device memory |');
  lines.push('|---|---|---:|---:|---:|---:|---|---|---|---|');
  for (const s of soak) {
    if (s.error !== undefined) {
      lines.push('| ' + s.example + ' | ' + s.board + ' | failed: ' + s.error + ' | | | | | | | |');
      continue;
    }
    lines.push('| ' + s.example + ' | ' + s.board + ' | ' + s.virtualMs + ' | ' + s.wallMs.toFixed(0) + ' | ' + s.speed.toFixed(0) + ' | ' + s.polls + ' | ' +
      s.inputs + ' | ' + s.heapStart.used + ' -> ' + s.heapEnd.used + ' (' + signed(s.heapEnd.used - s.heapStart.used) + ' B, code ' +
      signed(s.heapEnd.code - s.heapStart.code) + ') | ' + signed(s.heapEnd.used - s.heapMid.used) + ' B | ' +
      (s.budgetFlat ? 'unchanged' : 'CHANGED: ' + JSON.stringify(s.budgetStart) + ' -> ' + JSON.stringify(s.budgetEnd)) + ' |');
  }
  return lines.join('\n');
}

function chartFor(results: Result[], m: { node: string; cpu: string; cores: number; os: string; date: string }): string {
  const goalMarks: Goal[] = [{ workload: 'dyn iterator', nativeAtLeast: GOAL_NATIVE, floorAtMost: GOAL_FLOOR }];
  return ratiosSvg(results, goalMarks, 'node ' + m.node + ', ' + m.cpu + ' x' + m.cores + ', ' + m.os + '; median of 5-25 timed runs; ' +
    m.date.slice(0, 10));
}

async function runEspruino(programs: DeviceProgram[], spec: string): Promise<EspruinoResult[]> {
  const { interpreter, prefix } = interpreterCommand(spec);
  const ram = interpreterCommand(espruinoRam ?? spec);
  const out: EspruinoResult[] = [];
  const forms = espruinoForms(programs);
  for (let pass = 0; pass < ESPRUINO_PASSES; pass++) {
    for (let i = 0; i < forms.length; i++) {
      const f = forms[i];
      log('  espruino / ' + f.label + ' (pass ' + (pass + 1) + ' of ' + ESPRUINO_PASSES + ')');
      const r = await runEspruinoForm(f, { interpreter, prefix }, ram, ESPRUINO_AWAITS, ESPRUINO_ROUNDS);
      if (r.checksum !== (ESPRUINO_AWAITS * (ESPRUINO_AWAITS - 1)) / 2) throw new Error('espruino / ' + f.label + ' computed ' + r.checksum);
      if (pass === 0) out.push(r);
      else if (r.usPerAwait < out[i].usPerAwait) out[i].usPerAwait = r.usPerAwait;
    }
  }
  const promise = out.find((r) => r.label === PROMISE_FORM)!;
  for (const r of out) r.ratioVsPromise = r.usPerAwait / promise.usPerAwait;
  return out;
}

const PROMISE_FORM = 'new Promise + .then';

function espruinoRow(r: EspruinoResult): { engine: string; workload: string; form: string; kind: string; usPerAwait: number; ratioVsPromise: number; blocks: number } {
  return { engine: 'espruino', workload: 'await', form: r.label, kind: r.kind, usPerAwait: round3(r.usPerAwait), ratioVsPromise: round3(r.ratioVsPromise), blocks: r.blocks };
}

function espruinoGoals(rs: EspruinoResult[]): GoalCheck[] {
  const out: GoalCheck[] = [];
  const sop = rs.find((r) => r.label === 'frugal ScratchOrPool (scratch)');
  const yielded = rs.find((r) => r.label.indexOf('yield') >= 0);
  if (sop) out.push({ goal: 'Espruino: a ready dyn next() through ScratchOrPool <= 0.5x a new Promise + .then round', form: sop.label, measured: fmtRatio(sop.ratioVsPromise), met: sop.ratioVsPromise <= 0.5 });
  if (yielded) out.push({ goal: 'Espruino: an await that suspends and resumes <= 2x a Promise round', form: yielded.label, measured: fmtRatio(yielded.ratioVsPromise), met: yielded.ratioVsPromise <= 2 });
  // Boxing allocates its frame at every call by design: the baseline the other adapters are measured against.
  for (const r of rs) {
    if (r.kind !== 'frugal' || r.label.indexOf('Boxing') >= 0) continue;
    out.push({ goal: 'Espruino: every await form but Boxing <= 1x a Promise round', form: r.label, measured: fmtRatio(r.ratioVsPromise), met: r.ratioVsPromise <= 1 });
  }
  return out;
}

function espruinoTable(rs: EspruinoResult[]): string {
  const head = ['form', 'us per await', 'vs new Promise + .then', 'blocks'];
  const rows = rs.map((r) => [r.label, r.usPerAwait.toFixed(1), fmtRatio(r.ratioVsPromise), String(r.blocks)]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' | ') + ' |';
  return [line(head), '|' + w.map((n, i) => (i === 0 ? '-'.repeat(n + 2) : '-'.repeat(n + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n');
}

interface TwinsOutcome {
  results: TwinResult[];
  /** CPU s/min of the empty program: the idle interpreter, taken off every figure. */
  idle: number;
  interpreters: { blocks: string; cpu: string };
}

/** Every pair checked on the model, then measured on the interpreters. */
async function runTwins(blocks: string, cpu: string): Promise<TwinsOutcome> {
  const checks = [];
  for (const p of PAIRS) {
    log('  twins / ' + p.name + ': build and check on the model');
    const c = await checkPair(p);
    if (c.differences.length > 0) throw new Error('twin ' + p.name + ' does not do what the frugal program does on the model: ' + c.differences.join('; '));
    checks.push(c);
  }
  log('  twins: measuring every pair at once (' + CPU_MS / 1000 + ' s of board time)');
  const m = await measureTwins(checks, { blocks, cpu, cpuMs: CPU_MS, warmMs: TWIN_WARM_MS, log });
  return { results: m.results, idle: m.idle, interpreters: { blocks, cpu } };
}

function twinGoals(t: TwinsOutcome): GoalCheck[] {
  const out: GoalCheck[] = [];
  for (const r of t.results) {
    out.push({ goal: 'Espruino: frugal <= 1x its twin\'s blocks', form: r.name, measured: r.frugal.blocks + ' vs ' + r.twin.blocks + ' (' + fmtRatio(r.blocksRatio) + ')', met: r.blocksRatio <= 1 });
    out.push({ goal: 'Espruino: frugal <= 1x its twin\'s CPU', form: r.name, measured: r.frugal.cpu.toFixed(3) + ' vs ' + r.twin.cpu.toFixed(3) + ' s/min (' + fmtRatio(r.cpuRatio) + ')', met: r.frugal.cpu <= r.twin.cpu });
    out.push({ goal: 'Espruino: frugal build\'s estimate within 15% of the blocks', form: r.name, measured: r.estimate + ' vs ' + r.frugal.blocks, met: Math.abs(r.estimateError) <= 0.15 });
  }
  const blinky = t.results.find((r) => r.name === 'blinky');
  if (blinky) out.push({ goal: 'Espruino: blinky <= 70 blocks', form: 'blinky', measured: String(blinky.frugal.blocks), met: blinky.frugal.blocks <= 70 });
  return out;
}

async function main(): Promise<void> {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  if (args.includes('--chart')) {
    const doc = JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as { machine: Parameters<typeof chartFor>[1]; results: Result[] };
    writeFileSync(join(dir, 'ratios.svg'), chartFor(doc.results, doc.machine));
    log('redrew bench/results/ratios.svg from bench/results/latest.json');
    return;
  }
  startGcObserver();
  const m = machine();
  log('frugal bench: node ' + m.node + ', ' + m.cpu + ' x' + m.cores + ', ' + m.os);
  const programs = soakOnly || twinsOnly ? [] : await devicePrograms();
  const results = soakOnly || espruinoOnly ? [] : await runWorkloads(programs);
  const espruinoResults = espruino !== null && !soakOnly && !twinsOnly ? await runEspruino(programs, espruino) : [];
  const twins = espruino !== null && !soakOnly && !awaitsOnly && filter === null ? await runTwins(espruino, espruinoRam ?? espruino) : null;
  const soak = noSoak || espruinoOnly ? [] : await soakAll(soakMs, log);
  const speed = soakOnly || espruinoOnly || filter !== null ? [] : await simulatorSpeed(SPEED_MS);
  stopGcObserver();
  const checks = goals(results);
  const machineInfo = { ...m, loadAverageAtEnd: Math.round(os.loadavg()[0] * 100) / 100 };
  const doc = {
    machine: machineInfo, results: [...results, ...espruinoResults.map(espruinoRow)],
    goals: [...checks, ...espruinoGoals(espruinoResults), ...(twins !== null ? twinGoals(twins) : [])], soak: soak, simulator: speed, twins,
  };
  if (!soakOnly && !espruinoOnly && filter === null) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'latest.json'), JSON.stringify(doc, null, 2) + '\n');
    writeFileSync(join(dir, 'ratios.svg'), chartFor(results, m));
    log('wrote bench/results/latest.json and bench/results/ratios.svg');
  }
  if (json) {
    process.stdout.write(JSON.stringify(doc) + '\n');
    return;
  }
  const out: string[] = [];
  out.push('machine: node ' + m.node + ' (V8 ' + m.v8 + '), ' + m.cpu + ', ' + m.cores + ' cores, ' + m.os + ', ' + m.memoryGB + ' GB; ' + m.nodeFlags +
    '; load average ' + m.loadAverage + ' at start, ' + machineInfo.loadAverageAtEnd + ' at end');
  if (results.length > 0) {
    out.push('');
    out.push(table(results));
    out.push('');
    out.push('vs native async: ops/s / the native async/await form\'s ops/s (higher is faster).');
    out.push('vs sync floor: time per op / the synchronous floor\'s time per op (lower is better).');
    out.push('');
    out.push('goals:');
    for (const c of checks) out.push('  ' + (c.met ? 'met   ' : 'MISSED') + '  ' + c.goal + ': ' + c.form + ' ' + c.measured);
  }
  if (espruinoResults.length > 0) {
    out.push('');
    out.push('on Espruino (' + espruino + '; code evaluated from RAM; ' + ESPRUINO_AWAITS + ' awaits a round, best of ' + ESPRUINO_ROUNDS +
      ' rounds in each of ' + ESPRUINO_PASSES + ' passes over the forms):');
    out.push(espruinoTable(espruinoResults));
    for (const c of espruinoGoals(espruinoResults)) out.push('  ' + (c.met ? 'met   ' : 'MISSED') + '  ' + c.goal + ': ' + c.form + ' ' + c.measured);
  }
  if (twins !== null) {
    out.push('');
    out.push('twins (every program next to the same program written by hand; blocks at warm-up, ' + TWIN_WARM_MS / 1000 + ' s after loading, with the code in Storage on ' +
      twins.interpreters.blocks + '; CPU per minute of board time over ' + CPU_MS / 1000 + ' s with the code in RAM on ' + twins.interpreters.cpu +
      ', less the idle interpreter\'s ' + twins.idle.toFixed(3) + ' s/min measured alongside):');
    out.push(twinTable(twins.results));
    for (const c of twinGoals(twins)) out.push('  ' + (c.met ? 'met   ' : 'MISSED') + '  ' + c.goal + ': ' + c.form + ' ' + c.measured);
  }
  if (espruinoOnly && espruino !== null) {
    mkdirSync(dir, { recursive: true });
    // The twins and the await forms are measured apart (one takes minutes, the other a quarter hour):
    // each run keeps its own file.
    const file = twins === null ? 'espruino-awaits.json' : 'espruino.json';
    writeFileSync(join(dir, file), JSON.stringify(doc, null, 2) + '\n');
    log('wrote bench/results/' + file);
  }
  if (speed.length > 0) {
    out.push('');
    out.push('simulator speed (' + SPEED_MS + ' board ms per example, its own inputs; device = its Puck.js bundle on the model, what frugal run runs; host = the reference):');
    out.push(speedTable(speed));
  }
  if (soak.length > 0) {
    out.push('');
    out.push('soak (' + soakMs + ' virtual ms per example; start = after the first 10 s chunk):');
    out.push(soakTable(soak));
  }
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((e) => {
  stopGcObserver();
  process.stderr.write((e instanceof Error ? e.stack || e.message : String(e)) + '\n');
  process.exitCode = 1;
});
