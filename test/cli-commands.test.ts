// The frugal command as a user runs it (frugal ..., in this process: test/support/frugal-cli.ts; the
// bin script itself where only a process shows it): wrong names and options are
// refused with the valid choices and a non-zero exit code; build, run --trace, size, audit, decode
// and flash --out (through espruino-tools) do what they say, on the lowered examples; broken input
// (unknown names and options, truncated or unsupported source) fails naming it and writes nothing.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'acorn';
import { buildExample } from '../bundler/build-example.ts';
import type { TraceEvent } from '../program/device-trace.ts';
import { SILENT_UPLOAD_BYTES, checkPort } from '../cli/flash.ts';
import { writeError, writeOut, type OutTarget } from '../cli/out-file.ts';
import { frugal, frugalWith } from './support/frugal-cli.ts';

const CLI = new URL('../cli/frugal.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'frugal-cli-test-'));

test('unknown board, example or option: refused with the valid choices, exit code 1', async () => {
  const board = await frugal('build', 'blinky', '--board', 'arduino');
  assert.is(board.code, 1);
  assert.match(board.err, "option '--board <id>' argument 'arduino' is invalid. Allowed choices are pico, original, wifi, puckjs, pixljs, banglejs2, mdbt42q, esp32.");
  const example = await frugal('build', 'blinkie', '--board', 'pico');
  assert.is(example.code, 1);
  assert.match(example.err, "value 'blinkie' is invalid for argument 'example'. Allowed choices are tour, blinky, button, uart-echo, sensor-stream, pipeline, adapter-strategies, puck-beacon, pico-i2c, press-tasks, or the path of a .ts file that exports an Example.");
  for (const cmd of ['run', 'size', 'audit']) {
    const r = await frugal(cmd, 'blinkie');
    assert.is(r.code, 1, cmd);
    assert.match(r.err, "value 'blinkie' is invalid for argument 'example'", cmd);
    assert.is(r.out, '', cmd + ' printed nothing');
  }
  const sizeBoard = await frugal('size', 'blinky', '--board', 'arduino');
  assert.is(sizeBoard.code, 1);
  assert.match(sizeBoard.err, "argument 'arduino' is invalid. Allowed choices are pico");
  const auditOption = await frugal('audit', 'blinky', '--board', 'pico');
  assert.is(auditOption.code, 1);
  assert.match(auditOption.err, "unknown option '--board'");
  const option = await frugal('run', 'blinky', '--speed', '2');
  assert.is(option.code, 1);
  assert.match(option.err, "unknown option '--speed'");
  assert.match(option.err, '--ms <n>');
  assert.match(option.err, '--trace <file>');
  const missing = await frugal('build', 'blinky');
  assert.is(missing.code, 1);
  assert.match(missing.err, "required option '--board <id>' not specified");
  const badMs = await frugal('run', 'blinky', '--ms', '-5');
  assert.is(badMs.code, 1);
});

test('boards lists every board; build writes the bundle and prints its bytes and budget', async () => {
  const boards = await frugal('boards');
  assert.is(boards.code, 0);
  for (const id of ['pico', 'original', 'wifi', 'puckjs', 'pixljs', 'banglejs2', 'mdbt42q', 'esp32']) assert.match(boards.out, new RegExp('^' + id + ' ', 'm'));
  assert.not.match(boards.out, /^sim /m);
  assert.match(boards.out, /^puckjs .*\(frugal run's default\)$/m);

  const out = join(dir, 'tour-pico.js');
  const b = await frugal('build', 'tour', '--board', 'pico', '--out', out);
  assert.is(b.code, 0, b.err);
  const code = readFileSync(out, 'utf8');
  parse(code, { ecmaVersion: 5, sourceType: 'script' });
  assert.match(b.out, 'bundle   ' + Buffer.byteLength(code) + ' bytes, ES5, minified -> ' + out);
  assert.match(b.out, /memory {3}about \d+ of 5100 variables once loaded \(\d+\.\d%; estimate\)/);

  const oneLed = await frugal('build', 'tour', '--board', 'esp32');
  assert.is(oneLed.code, 0, oneLed.err);
  assert.match(oneLed.out, 'uses     pins D4, LED1, BTN1');
});

test('run simulates the board it names (puckjs without --board) and says which; sim is no board to run, build or flash', async () => {
  const run = await frugal('run', 'blinky', '--ms', '1000');
  assert.is(run.code, 0, run.err);
  assert.match(run.out, 'on Puck.js (puckjs, simulated: the bundle frugal build writes, ');
  assert.match(run.out, 'LED1: 3 writes, last t=1000 LED1=1');
  const pico = await frugal('run', 'blinky', '--board', 'pico', '--ms', '1000');
  assert.is(pico.code, 0, pico.err);
  assert.match(pico.out, 'on Espruino Pico (pico, simulated: ');
  const sim = await frugal('run', 'blinky', '--board', 'sim');
  assert.is(sim.code, 1);
  assert.is(sim.err, "frugal: there is no board 'sim' to run: frugal run runs the bundle of a real board on a model of it; pass --board <id> (frugal boards lists them) or leave it out for puckjs\n");
  const out = join(dir, 'sim.js');
  const build = await frugal('build', 'blinky', '--board', 'sim', '--out', out);
  assert.is(build.code, 1);
  const flash = await frugal('flash', 'blinky', '--board', 'sim', '--out', out);
  assert.is(flash.code, 1);
  assert.not.ok(existsSync(out));
});

test('run counts every LED write of a long run, beyond what the model\'s log keeps', async () => {
  const r = await frugal('run', 'blinky', '--ms', '1000000000');
  assert.is(r.code, 0, r.err);
  // LED1 every 500 ms and LED2 every 300 ms, from t=0 to the end of the run.
  assert.match(r.out, '  LED1: 2000001 writes, last t=1000000000 LED1=1\n');
  assert.match(r.out, '  LED2: 3333334 writes, last t=999999900 LED2=0\n');
});

test('run --trace writes a Chrome trace: polls per task, sleeps as spans, on board time', async () => {
  const file = join(dir, 'trace.json');
  const r = await frugal('run', 'blinky', '--ms', '1000', '--trace', file);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, 'events written to ' + file);
  const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };
  const ev = trace.traceEvents;
  const names = ev.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args!.name);
  assert.equal(names, ['task 0 blink LED1', 'task 1 blink LED2']);
  // blinky over 1 s: LED1 polled at 0, 500, 1000 and LED2 at 0, 300, 600, 900 (see examples-sim).
  const polls = (tid: number) => ev.filter((e) => e.ph === 'X' && e.tid === tid);
  assert.equal(polls(0).map((e) => e.args!.boardMs), [0, 500, 1000]);
  assert.equal(polls(1).map((e) => e.args!.boardMs), [0, 300, 600, 900]);
  for (const e of [...polls(0), ...polls(1)]) assert.ok(e.dur! >= 1 && e.ts >= (e.args!.boardMs as number) * 1000);
  // Read from the device memory after each callback: the polls and sleeps the board itself counted.
  assert.equal((trace as unknown as { otherData: { source: string } }).otherData.source, 'the device memory after each callback');
  // Each sleep is a begin/end pair with one id, ending when it fired (or at the end of the run).
  const begins = ev.filter((e) => e.ph === 'b');
  const ends = ev.filter((e) => e.ph === 'e');
  assert.is(begins.length, 7);
  assert.equal(begins.map((e) => e.id).sort(), ends.map((e) => e.id).sort());
  const led2First = begins.find((e) => e.tid === 1)!;
  assert.is(led2First.args!.untilMs, 300);
  assert.is(ends.find((e) => e.id === led2First.id)!.ts, 300000);
  // Polls on one track never overlap.
  for (const tid of [0, 1]) {
    const p = polls(tid);
    for (let i = 1; i < p.length; i++) assert.ok(p[i].ts >= p[i - 1].ts + p[i - 1].dur!);
  }
});

test('size prints each task\'s need for its adapters next to the size it got and the run\'s high-water marks', async () => {
  const r = await frugal('size', 'pipeline', '--board', 'puckjs');
  assert.is(r.code, 0, r.err);
  // Per async function: frame words and refs, and as a task entry the side stack of its deepest path.
  assert.match(r.out, /Median\.next\s+3w 1r\s+5w 2r\s+examples\/pipeline\.ts:\d+/);
  assert.match(r.out, /produce\s+2w 2r\s+6w 4r\s+examples\/pipeline\.ts:\d+/);
  assert.match(r.out, /consume\s+4w 2r\s+8w 3r\s+examples\/pipeline\.ts:\d+/);
  // Per dyn call site: the recommended scratch, the largest known implementation.
  assert.match(r.out, /examples\/pipeline\.ts:\d+:\d+ {2}AsyncIterator\.next\(\) in consume: scratch 3w 1r \(SensorSource\.next, Median\.next\)/);
  // Per task: need / run high-water / size, for the adapters its dyn objects have. The consumer's
  // scratch is given below Median.next's frame on purpose: its calls take the pool slot, its need.
  assert.match(r.out, /0 producer\s+produce\s+6\/-\/6\s+4\/4\s+2\/2\/2\s+1\/1\s+0w 0r\s+0/);
  assert.match(r.out, /1 consumer\s+consume\s+6\/-\/6\s+3\/3\s+0\/0\/2\s+0\/1\s+3w 1r\s+6/);
  assert.match(r.out, 'pool       1 slots x 3 words 1 refs, high-water 1');
  assert.match(r.out, 'no warnings: every size covers the need and what the run used');
  assert.not.match(r.out, 'side stack full');
  assert.match(r.out, 'frugal: built pipeline for Puck.js');

  const quiet = await frugal('size', 'blinky');
  assert.is(quiet.code, 0, quiet.err);
  assert.match(quiet.out, /blink\s+5w 1r\s+9w 1r\s+examples\/blinky\.ts:\d+/);
  // blinky gives no sizes: each task gets its need.
  assert.match(quiet.out, /0 blink LED1\s+blink\s+9\/-\/9\s+1\/1\s+0\/-\/0\s+0\/0\s+0w 0r/);
  assert.match(quiet.out, 'no warnings: every size covers the need and what the run used');

  // A program whose setup calls its board's own API (Puck.accel) sizes on that board, not on the sim's.
  const beacon = await frugal('size', 'puck-beacon', '--board', 'puckjs');
  assert.is(beacon.code, 0, beacon.err);
  assert.match(beacon.out, 'frugal: built puck-beacon for Puck.js');
});

// Example modules of the test's own, inside the repository so that their relative imports resolve.
const own = mkdtempSync(join(new URL('..', import.meta.url).pathname, 'examples', '.tmp-cli-'));
const HEADER = "import { sleep } from '../../tasks/task-api.ts';\nimport { spawnTask } from '../../tasks/lowered.ts';\n" +
  "import type { Hal } from '../../boards/hal.ts';\nimport type { Example } from '../../program/example.ts';\n";
function ownExample(file: string, task: string, config: string): string {
  const f = join(own, file);
  writeFileSync(f, HEADER + task + `
export const mine: Example = {
  name: 'mine', description: 'a test example', runMs: 100, simulate: function () {},
  config: ${config},
  setup: function (ex, hal) { spawnTask(ex, chatty, [hal, 10], { name: 'chatty' }); },
};
`);
  return f;
}
const CHATTY = `export async function chatty(hal: Hal, ms: number): Promise<void> {
  const seen: number[] = [];
  for (let n = 0; ; n++) {
    await sleep(ms);
    hal.serialPrint(0, 'tick ' + n + '\\n');
    seen.push(n);
    const last = { n: n, at: seen.length };
    hal.serialPrint(0, \`at \${last.at}\`);
  }
}
`;
const CONFIG = '{ maxTasks: 1, sideStackWords: 12, sideStackRefs: 3, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: 1 }';

test('audit lists exactly the allocation sites of task code with their fixes and exits 1 (0 with --no-fail), and lists nothing for an allocation-free example', async () => {
  const file = ownExample('chatty.ts', CHATTY, CONFIG);
  const rel = relative(process.cwd(), file);
  const r = await frugal('audit', file);
  assert.is(r.code, 1, r.err);
  assert.is(r.out, [
    rel + ':6:26  new array in chatty: []; fix: use a typed array or reference slots made once at set-up, or pass the values as separate arguments',
    rel + ':9:24  string building in chatty: \'tick \' + n + \'\\n\'; fix: print the pieces one by one (printNumber, serialPrint of a constant) ' +
      'or build the text on an error path only',
    rel + ':10:5  array growth in chatty: seen.push(n); fix: give the array its full size at set-up (or use a typed array) and write by index',
    rel + ':11:18  object literal in chatty: { n: n, at: seen.length }; fix: keep the fields in the frame words or a typed array made at set-up, ' +
      'or return them in the result registers',
    rel + ':12:24  string building in chatty: `at ${last.at}`; fix: print the pieces one by one (printNumber, serialPrint of a constant) ' +
      'or build the text on an error path only',
  ].join('\n') + '\n');
  assert.is(r.err, "frugal: audit: 5 places in 'mine' may allocate at run time (listed above); fix: write each without allocating, as its line says, " +
    'or pass --no-fail to list without failing\n');
  const listed = await frugal('audit', file, '--no-fail');
  assert.is(listed.code, 0, listed.err);
  assert.is(listed.out, r.out);
  assert.is(listed.err, '');
  // tour's task code is blinky's, button's and uart-echo's; pipeline has the dyn implementation.
  for (const name of ['tour', 'pipeline', 'sensor-stream']) {
    const clean = await frugal('audit', name);
    assert.is(clean.code, 0, clean.err);
    assert.is(clean.out, 'no allocation in task code\n', name);
  }
});

test('run and size refuse more board time than one simulated run covers, naming the limit and the fix', async () => {
  for (const [cmd, ms] of [['run', '1e12'], ['run', '1000000000000'], ['size', '1000000001']]) {
    const r = await frugal(cmd, 'blinky', '--ms', ms);
    assert.is(r.code, 1, cmd + ' --ms ' + ms);
    assert.match(r.err, "option '--ms <n>' argument '" + ms + "' is invalid. --ms " + Number(ms) +
      ' is more board time than one simulated run covers (at most 1000000000 ms, about 11.6 days); pass --ms 1000000000 or less');
    assert.is(r.out, '');
  }
  // An example's own runMs is held to the same limit.
  const file = ownExample('forever.ts', CHATTY, CONFIG);
  writeFileSync(file, readFileSync(file, 'utf8').replace('runMs: 100', 'runMs: 1e12'));
  const own = await frugal('run', file);
  assert.is(own.code, 1);
  assert.match(own.err, "frugal: example 'mine': runMs 1000000000000 is more board time than one simulated run covers (at most 1000000000 ms, " +
    'about 11.6 days); lower its runMs to 1000000000 or less, or pass --ms');
  const shorter = await frugal('run', file, '--ms', '1000');
  assert.is(shorter.code, 0, shorter.err);
});

test('size of an example given as a path warns where its configured side stack is below the need; run and build refuse it', async () => {
  const file = ownExample('tight.ts', CHATTY, CONFIG.replace('sideStackWords: 12', 'sideStackWords: 7'));
  const r = await frugal('size', file);
  assert.is(r.code, 0, r.err);
  // chatty: 4 words + header, and a sleep (2 words + header) on top: 8 words.
  assert.match(r.out, /chatty\s+4w 2r\s+8w 2r/);
  // The program is refused, so there is no run to take a high-water mark from.
  assert.match(r.out, /0 chatty\s+chatty\s+8\/-\/7/);
  const rel = relative(process.cwd(), file);
  const need = "task 'chatty' (chatty, " + rel + ":5) needs a side stack of 8 words and 2 refs, but the config of 'mine' gives 7 words and 3 refs; " +
    'fix: leave the size out (frugal computes it) or give at least 8 words and 2 refs';
  assert.match(r.out, 'warning: static: ' + need);
  assert.match(r.out, "warning: run: not run, the build refuses it: example 'mine' cannot run on Puck.js (puckjs): example 'mine': sizes below what its tasks need:\n  " + need);
  for (const cmd of [['run', file], ['build', file, '--board', 'puckjs']]) {
    const refused = await frugal(...cmd);
    assert.is(refused.code, 1, cmd[0]);
    assert.match(refused.err, "example 'mine': sizes below what its tasks need:\n  " + need, cmd[0]);
  }
  // Left out, the side stack is the need.
  const computed = await frugal('size', ownExample('computed.ts', CHATTY, CONFIG.replace('sideStackWords: 12, sideStackRefs: 3, ', '')));
  assert.match(computed.out, /0 chatty\s+chatty\s+8\/-\/8\s+2\/2/);
});

test('run of an example whose task faults prints the report, then a line naming the task, and exits 1', async () => {
  const file = ownExample('faulting.ts', CHATTY.replace('seen.push(n);', "if (n === 2) throw new Error('chatty gave up');"), CONFIG);
  const r = await frugal('run', file);
  assert.is(r.code, 1);
  assert.match(r.out, "faults:\n  task 0 ('chatty') poll: chatty gave up");
  assert.match(r.out, 'budget report');
  assert.is(r.err, "frugal: 1 task fault: task 0 ('chatty') in poll; the faults: list above says why\n");
  const fine = await frugal('run', ownExample('fine.ts', CHATTY, CONFIG));
  assert.is(fine.code, 0, fine.err);
  assert.is(fine.err, '');
});

test('the fault line counts every fault of the device and names each faulted task', async () => {
  const f = join(own, 'three.ts');
  writeFileSync(f, HEADER + `export async function boom(hal: Hal, ms: number): Promise<void> {
  await sleep(ms);
  throw new Error('boom');
}
export const three: Example = {
  name: 'three', description: 'three tasks that throw', runMs: 100, simulate: function () {}, config: {},
  setup: function (ex, hal) { for (let t = 0; t < 3; t++) spawnTask(ex, boom, [hal, 10 + t], { name: 'b' + t }); },
};
`);
  const r = await frugal('run', f);
  assert.is(r.code, 1);
  for (let t = 0; t < 3; t++) assert.match(r.out, '  task ' + t + " ('b" + t + "') poll: boom");
  assert.is(r.err, "frugal: 3 task faults: task 0 ('b0') in poll, task 1 ('b1') in poll, task 2 ('b2') in poll; the faults: list above says why\n");
});

test('broken or unsupported source: a clear error naming the file, the place and the fix; exit 1; no output file', async () => {
  const out = join(dir, 'broken.js');
  const trace = join(dir, 'broken.json');
  const good = readFileSync(ownExample('good.ts', CHATTY, CONFIG), 'utf8');
  const truncated = join(own, 'truncated.ts');
  writeFileSync(truncated, good.slice(0, good.indexOf("hal.serialPrint(0, 'tick")));
  const unsupported = join(own, 'unsupported.ts');
  writeFileSync(unsupported, good.replace('await sleep(ms);', 'await new Promise<void>((done) => done());'));
  const cases: [string[], RegExp][] = [
    [['build', truncated, '--board', 'pico', '--out', out], /example '.*truncated\.ts' does not compile \(syntax errors\):\n {2}.*truncated\.ts:\d+:\d+: .*\nfix: correct the source/],
    [['size', truncated], /does not compile \(syntax errors\)/],
    [['build', unsupported, '--board', 'pico', '--out', out], /example '.*unsupported\.ts' cannot be lowered:\n {2}.*unsupported\.ts:8:11: awaiting a Promise.*; fix: .*fromPromise/],
    [['run', unsupported, '--trace', trace], /unsupported\.ts:8:11: awaiting a Promise/],
    [['audit', unsupported], /unsupported\.ts:8:11: awaiting a Promise/],
    [['build', join(own, 'missing.ts'), '--board', 'pico', '--out', out], /example file '.*missing\.ts' does not exist; pass an example name \(tour, blinky/],
    [['run', 'blinky', '--trace', join(dir, 'no-such-dir', 't.json')], /--trace '.*t\.json': the directory .*no-such-dir does not exist/],
  ];
  for (const [args, message] of cases) {
    const r = await frugal(...args);
    assert.is(r.code, 1, args.join(' '));
    assert.match(r.err, message, args.join(' ') + ':\n' + r.err);
    assert.is(r.out, '', args.join(' ') + ' printed nothing');
    assert.not.ok(existsSync(out) || existsSync(trace), args.join(' ') + ' wrote no output');
  }
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});

test('run, size and build leave no temporary directory behind, also when the example fails to load', async () => {
  const tmp = mkdtempSync(join(dir, 'tmpdir-'));
  const env = { ...process.env, TMPDIR: tmp };
  const throws = ownExample('throws.ts', CHATTY + "throw new Error('broken at load');\n", CONFIG);
  const runs: [string[], number][] = [
    [['run', 'blinky', '--ms', '1000'], 0], [['size', 'blinky'], 0], [['build', 'blinky', '--board', 'pico'], 0], [['run', throws], 1],
  ];
  for (const [args, code] of runs) {
    const r = await frugalWith({ env }, ...args);
    assert.is(r.code, code, args.join(' ') + ': ' + r.err);
    // tsx keeps its cache there (tsx-<uid>); frugal's directories are frugal-*.
    assert.equal(readdirSync(tmp).filter((f) => f.startsWith('frugal')), [], args.join(' '));
  }
});

test('--out and --trace paths that cannot take the file: refused before the work, naming the option, the path and the fix', async () => {
  const taken = join(dir, 'taken');
  mkdirSync(join(taken, 'x.js'), { recursive: true });
  const file = join(dir, 'plain.txt');
  writeFileSync(file, '');
  const cases: [string[], string][] = [
    [['build', 'blinky', '--board', 'pico', '--out', taken],
      "frugal: --out '" + taken + "': that is a directory; name the bundle's file, e.g. " + join(taken, 'blinky-pico.js')],
    [['build', 'blinky', '--board', 'pico', '--out', join(file, 'sub', 'b.js')],
      "frugal: --out '" + join(file, 'sub', 'b.js') + "': " + file + ' is a file, not a directory; write the bundle elsewhere or move that file away'],
    [['flash', 'blinky', '--board', 'puckjs', '--out', join(taken, 'x.js')],
      "frugal: --out '" + join(taken, 'x.js') + "': that is a directory; name the upload's file, e.g. " + join(taken, 'x.js', 'blinky-puckjs.js')],
    [['run', 'blinky', '--trace', taken], "frugal: --trace '" + taken + "': that is a directory; name the trace's file, e.g. " + join(taken, 'trace.json')],
  ];
  for (const [args, message] of cases) {
    const r = await frugal(...args);
    assert.is(r.code, 1, args.join(' '));
    assert.is(r.err, message + '\n');
    assert.is(r.out, '', args.join(' ') + ' printed nothing');
  }
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  assert.equal(readdirSync(taken), ['x.js']);
  assert.equal(readdirSync(join(taken, 'x.js')), []);

  // A directory the user cannot write to. Root writes anywhere: its frugal runs without the
  // capabilities that let it (setpriv, util-linux), still as the owner of the checkout, which may be
  // a private 0700 directory no other user could read. Where root cannot be confined, the message is
  // the next test's.
  const locked = join(dir, 'locked');
  mkdirSync(locked, { mode: 0o555 });
  const args = [CLI, 'build', 'blinky', '--board', 'pico', '--out', join(locked, 'b.js')];
  const command = !writable(locked) ? [process.execPath, ...args] :
    spawnSync('setpriv', ['--version']).status === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', process.execPath, ...args] : null;
  if (command !== null) {
    const r = spawnSync(command[0], command.slice(1), { encoding: 'utf8', timeout: 60000 });
    assert.is(r.status, 1, r.stderr);
    assert.is(r.stderr, "frugal: --out '" + join(locked, 'b.js') + "': no permission to write in " + locked +
      '; write the bundle to a directory you can write to, or change its permissions\n');
  }
  chmodSync(locked, 0o755);
});

/** Whether this process can write in `d` (root can, whatever its mode). */
function writable(d: string): boolean {
  try {
    writeFileSync(join(d, 'probe'), '');
    rmSync(join(d, 'probe'));
    return true;
  } catch {
    return false;
  }
}

test('a write that fails after the check is reported the same way and leaves no temporary file', async () => {
  const target: OutTarget = { option: '--out', path: join(dir, 'w', 'b.js'), what: 'bundle', suggest: 'b.js', makeDirs: true };
  const errno = (code: string) => Object.assign(new Error(code + ': raw'), { code });
  assert.is(writeError(target, errno('EACCES')).message, "--out '" + target.path + "': no permission to write in " + dir +
    '; write the bundle to a directory you can write to, or change its permissions');
  assert.is(writeError(target, errno('EROFS')).message, "--out '" + target.path + "': " + dir + ' is on a read-only file system; write the bundle elsewhere');
  assert.is(writeError(target, errno('ENOSPC')).message, "--out '" + target.path + "': cannot write it (ENOSPC: raw); write the bundle elsewhere");
  assert.is(writeOut(target, 'code'), target.path);
  assert.is(readFileSync(target.path, 'utf8'), 'code');
  assert.equal(readdirSync(join(dir, 'w')), ['b.js']);
});

// Runs the upload espruino-tools wrote with stand-ins for Storage and load(), and returns the
// files it would write on the board and what it would load.
function replayUpload(upload: string): { files: Record<string, string>; loaded: string[] } {
  const chunks: Record<string, { off: number; data: string }[]> = {};
  const loaded: string[] = [];
  const storage = {
    write(name: string, data: string, off: number) {
      (chunks[name] = chunks[name] || []).push({ off, data });
    },
  };
  new Function('require', 'load', upload)((m: string) => { assert.is(m, 'Storage'); return storage; }, (f: string) => loaded.push(f));
  const files: Record<string, string> = {};
  for (const [name, cs] of Object.entries(chunks)) {
    let text = '';
    for (const c of cs.sort((a, b) => a.off - b.off)) {
      assert.is(c.off, text.length, 'chunks follow each other');
      text += c.data;
    }
    files[name] = text;
  }
  return { files, loaded };
}

test('flash --out writes, through espruino-tools, the upload that stores the bundle in flash and loads it', async () => {
  const bundle = (await buildExample('blinky', 'puckjs')).code;
  const out = join(dir, 'upload.js');
  const r = await frugal('flash', 'blinky', '--board', 'puckjs', '--out', out);
  assert.is(r.code, 0, r.err);
  const upload = readFileSync(out, 'latin1');
  assert.match(r.out, 'wrote the upload espruino-tools would send (' + Buffer.byteLength(upload, 'latin1') + ' bytes) to ' + out);
  assert.ok(upload.length > SILENT_UPLOAD_BYTES);
  const once = replayUpload(upload);
  assert.equal(Object.keys(once.files), ['frugal.js']);
  assert.is(once.files['frugal.js'], bundle);
  assert.equal(once.loaded, ['frugal.js']);

  const saved = await frugal('flash', 'blinky', '--board', 'puckjs', '--out', out, '--save');
  assert.is(saved.code, 0, saved.err);
  assert.match(saved.out, 'storage file .bootcde (runs at every boot)');
  const boot = replayUpload(readFileSync(out, 'latin1'));
  assert.is(boot.files['.bootcde'], bundle);
  assert.equal(boot.loaded, ['.bootcde']);
});

test('flash without a usable port is refused, listing the ports there are', async () => {
  const none = await frugal('flash', 'blinky', '--board', 'puckjs');
  assert.is(none.code, 1);
  assert.match(none.err, 'flash needs --port <port> (a serial device, or a Bluetooth address) or --out <file.js>');
  const notJs = await frugal('flash', 'blinky', '--board', 'puckjs', '--out', join(dir, 'upload.txt'));
  assert.is(notJs.code, 1);
  assert.match(notJs.err, 'espruino-tools writes the upload only to a .js file');
  assert.throws(() => checkPort('/dev/frugal-no-such-port', () => ['/dev/ttyACM0', '/dev/ttyUSB1']),
    /no port '\/dev\/frugal-no-such-port'; serial ports found: \/dev\/ttyACM0, \/dev\/ttyUSB1; for Bluetooth pass the board's address/);
  checkPort('c7:a1:00:12:34:56', () => { throw new Error('a Bluetooth address needs no port list'); });
  checkPort('tcp://192.168.1.50', () => { throw new Error('nor a network address'); });
  // Through the command, with espruino-tools' own --list (nothing attached here).
  const bad = await frugal('flash', 'blinky', '--board', 'puckjs', '--port', '/dev/frugal-no-such-port');
  assert.is(bad.code, 1);
  assert.match(bad.err, "frugal: no port '/dev/frugal-no-such-port'; serial ports found:");
  assert.ok(!existsSync('/dev/frugal-no-such-port'));
});

test('decode replaces each fault line of a file or of stdin by its message; a missing or broken map is refused naming the fix', async () => {
  const output = join(dir, 'device.txt');
  const names = join(dir, 'names.json');
  writeFileSync(output, 'echo: hello\nfrugal: task 1 (second) stopped in poll: frugal!E27,0,1,2\n> \n');
  writeFileSync(names, JSON.stringify({ tasks: ['first', 'second'], futures: ['sleep'], strings: [] }));
  const expected = 'echo: hello\nfrugal: task 1 (second) stopped in poll: ' +
    "sleep in task 1 ('second'): the timer heap is full (timerCapacity 2 pending deadlines); raise timerCapacity\n> \n";
  const fromFile = await frugal('decode', output, '--map', names);
  assert.is(fromFile.code, 0, fromFile.err);
  assert.is(fromFile.out, expected);
  const fromStdin = spawnSync(process.execPath, [CLI, 'decode', '--map', names], { encoding: 'utf8', input: readFileSync(output, 'utf8') });
  assert.is(fromStdin.status, 0, fromStdin.stderr);
  assert.is(fromStdin.stdout, expected);

  const noMap = await frugal('decode', output);
  assert.is(noMap.code, 1);
  assert.match(noMap.err, "required option '--map <names.json>' not specified");
  const refusals: [string, string][] = [
    [join(dir, 'absent.json'), "--map '" + join(dir, 'absent.json') + "': no such file; pass the name map of the bundle whose output this is"],
    ['{ "tasks": [', 'is not JSON ('],
    ['["sleep"]', 'holds an array, not a name map; a name map is JSON: { "tasks": [names by task index], "futures": [names by vtable id], "strings": [strings by index] }'],
    ['{ "tasks": [], "futures": [] }', "has no 'strings'"],
    ['{ "tasks": ["a", 2], "futures": [], "strings": [] }', "'tasks' must be an array of strings, got an array holding 2"],
  ];
  for (const [content, message] of refusals) {
    let map = content;
    if (!content.endsWith('absent.json')) {
      map = join(dir, 'bad-names.json');
      writeFileSync(map, content);
    }
    const r = await frugal('decode', output, '--map', map);
    assert.is(r.code, 1, content);
    assert.match(r.err, message);
    assert.is(r.out, '', 'nothing decoded with a bad map');
  }
  const noOutput = await frugal('decode', join(dir, 'absent.txt'), '--map', names);
  assert.is(noOutput.code, 1);
  assert.match(noOutput.err, "decode '" + join(dir, 'absent.txt') + "': no such file; give the file that holds the device output, or pipe it in");
});

test('clean up', async () => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(own, { recursive: true, force: true });
});

test.run();
