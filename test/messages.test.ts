// The message catalog (executor/messages.ts) and the fault line (executor/fault-line.ts): codes are
// unique, pinned and listed in docs/errors.md; for every code, the text made on the host is exactly
// what decoding the device line for the same fault gives, names going through the name map;
// decoding leaves everything else alone; and a device bundle carries no message text, only the
// line, which decodes to the text the simulated run gave.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExample } from '../bundler/build-example.ts';
import { loadExample } from '../program/load-program.ts';
import { runOnSim } from '../program/reference-run.ts';
import { isFrugalError } from '../executor/errors.ts';
import { fail as deviceFail } from '../executor/fault-line.ts';
import * as messages from '../executor/messages.ts';
import {
  argKinds, decodeLine, decodeText, encodeFault, fail, message, M_BAD_ARGUMENTS, M_BOARD_NO_PIN, M_BOARD_NO_PORT, M_CONFIG_TOO_SMALL,
  M_CONFIG_UNKNOWN_OPTION, M_FUTURE_HANDLE_DROPPED, M_HAL_NO_PORT, M_POOL_EXHAUSTED, M_POOL_FITS_NOWHERE, M_TIMERS_FULL,
  type Arg, type Message, type NameMap,
} from '../executor/messages.ts';
import { runQuickJS } from './engines/quickjs.ts';
import * as deviceCodes from '../contract/fault-codes.ts';

// Device lines carry these numbers: a code is never renumbered or reused.
const PINNED: { [name: string]: number } = {
  M_CONFIG_NOT_NUMBER: 1, M_CONFIG_NOT_WHOLE: 2, M_CONFIG_TOO_SMALL: 3, M_CONFIG_TOO_LARGE: 4, M_CONFIG_UNKNOWN_OPTION: 5,
  M_CONFIG_NOT_OBJECT: 6, M_CONFIG_POLICY: 7, M_CONFIG_RUN_QUEUE_SMALL: 8, M_CONFIG_FRAMES_SMALL: 9, M_CONFIG_TOTAL_LARGE: 10,
  M_SPAWN_TASKS_FULL: 11, M_SPAWN_ENTRY_TOO_BIG: 12, M_SPAWN_NO_WORDS: 13, M_SPAWN_NO_REFS: 14, M_SPAWN_FRAMES_FULL: 15,
  M_TASK_HANDLE_STALE: 16, M_TASK_HANDLE_UNKNOWN: 17, M_CANCEL_SELF: 18, M_BUSY_LOOP: 19, M_FUTURE_HANDLE_ZERO: 20,
  M_FUTURE_HANDLE_DROPPED: 21, M_FUTURE_HANDLE_UNKNOWN: 22, M_FUTURE_OUTSIDE_TASK: 23, M_SIDE_STACK_OVERFLOW: 24,
  M_HELD_MEMORY_SMALL: 25, M_FRAMES_FULL: 26, M_TIMERS_FULL: 27, M_BRANCH_COUNT: 28, M_FUTURE_BAD_SIZE: 29, M_MAXSPACE_SMALL: 30,
  M_POLICY_INVALID: 31, M_POOL_FITS_NOWHERE: 32, M_POOL_EXHAUSTED: 33, M_ADAPTER_SHARED: 34, M_NO_ADAPTER: 35, M_HELD_BUSY: 36,
  M_IMPL_LACKS_METHOD: 37, M_IMPL_EXTRA_METHOD: 38, M_UNKNOWN_BOARD: 39, M_SIM_BAD_TIME: 40, M_SIM_NO_PIN: 41, M_PIN_WATCHED: 42,
  M_SIM_BAD_PORT: 43, M_SIM_SCRIPT_FULL: 44, M_HAL_PIN_COUNT: 45, M_HAL_NO_PIN_OBJECT: 46, M_HAL_PIN_NOT_BUILT: 47,
  M_HAL_NO_PORT: 48, M_BOARD_NO_PIN: 49, M_BOARD_NO_ANALOG: 50, M_BOARD_NO_SENSOR: 51, M_SERIAL_TAKEN: 52, M_BOARD_NO_PORT: 53,
  M_PIN_NUMBER_UNKNOWN: 54, M_SENSOR_KIND: 55, M_SENSOR_NOT_ANALOG: 56, M_SENSOR_MISSING: 57, M_SENSOR_HAL: 58,
  M_NOT_LOWERED_METHOD: 59, M_NOT_LOWERED_FUNCTION: 60, M_SPAWN_ARITY: 61, M_BAD_ARGUMENTS: 62, M_TASK_STOPPED: 63,
  M_DEVICE_SETUP_ONLY: 64, M_POLLED_AFTER_DONE: 65, M_DEVICE_FITS_NOWHERE: 66, M_DEVICE_POOL_EXHAUSTED: 67, M_DEVICE_HELD_BUSY: 68,
  M_DEVICE_STACK_OVERFLOW: 69, M_DYN_NO_METHOD: 70, M_EVENTS_SOURCE: 71, M_EVENTS_BOARD: 72, M_EVENTS_OPTION: 73,
  M_TASK_NOT_HANDLE: 74, M_CANCEL_NOT_RUNNING: 75, M_WAIT_SELF: 76, M_TASK_POOL_NO_SLOTS: 77, M_TASK_POOL_METHOD: 78, M_TIME_NOT_FINITE: 79,
};

const CODES = Object.entries(messages).filter(([k]) => /^M_/.test(k)) as [string, number][];

function kindsOf(code: number): string {
  return argKinds(code) as string;
}

// Numbers that exercise the line: a fraction, negatives, an exponent, zero.
const NUMBERS = [3, 0, 2.5, 16, -1, 1, 1e21, 40, 7];

/** Host arguments for a code, one per kind: tasks and futures with ids past 0, strings with commas. */
function sampleArgs(code: number): Arg[] {
  return kindsOf(code).split('').map((k, i): Arg => k === 'n' ? NUMBERS[i % NUMBERS.length] : k === 't' ? { id: 2 + i, name: 'task ' + i } :
    k === 'f' ? { id: 5 + i, name: 'future.' + i } : 'string, ' + i);
}

/** What a device would send, and the name map that resolves it: tasks and futures at their ids, strings indexed. */
function deviceForm(code: number, args: Arg[]): { numbers: number[]; names: NameMap } {
  const names: NameMap = { tasks: ['main'], futures: ['sleep'], strings: ['LED1'] };
  const kinds = kindsOf(code);
  const numbers = args.map((v, i) => {
    const k = kinds.charAt(i);
    if (k === 'n') return v as number;
    if (k === 's') return names.strings.push(v as string) - 1;
    const { id, name } = v as messages.Named;
    (k === 't' ? names.tasks : names.futures)[id] = name;
    return id;
  });
  return { numbers, names };
}

function roundTrip(code: number, args: Arg[]): void {
  const host = fail(code, args);
  assert.is(host.code, code);
  const { numbers, names } = deviceForm(code, args);
  const line = encodeFault(code, numbers);
  assert.match(line, /^frugal!E\d+(,-?[0-9.e+]+)*$/, 'numbers only: ' + line);
  assert.is(decodeLine(line, names), host.message, line);
  const printed = "frugal: task 0 ('main') stopped in poll: ";
  assert.is(decodeLine(printed + line, names), printed + host.message);
}

test('every code is a unique number pinned here, and the catalog has a message for each code and for nothing else', () => {
  assert.equal(Object.fromEntries(CODES), PINNED);
  const numbers = CODES.map(([, c]) => c);
  assert.is(new Set(numbers).size, numbers.length);
  for (let code = -1; code <= Math.max(...numbers) + 10; code++) assert.is(argKinds(code) !== null, numbers.indexOf(code) >= 0, 'code ' + code);
  for (const [name, code] of CODES) assert.is((message(code, sampleArgs(code)) as Message).code, code, name);
});

test('every code: the host text equals the decoded device line, and uses only the arguments it declares', () => {
  for (const [name, code] of CODES) {
    const args = sampleArgs(code);
    const e = fail(code, args);
    assert.ok(isFrugalError(e), name);
    assert.not.match(e.message, /undefined|NaN|\[object/, name + ': ' + e.message);
    roundTrip(code, args);
  }
});

test('the messages that choose their words from their arguments survive the round trip in every branch', () => {
  const call: Arg[] = ['AsyncIterator', 'counter', 'next', { id: 9, name: 'counter.next/20' }, 20, 1];
  const noTask = { id: -1, name: '' };
  const reader = { id: 2, name: 'reader' };
  for (const scratch of [[noTask, 0, 0, 0, 0], [reader, 1, 4, 4, 0], [reader, 0, 4, 4, 1], [reader, 0, 40, 4, 0], [reader, 0, 1, 1, 0]]) {
    for (const slots of [[0, 8, 0], [0, 32, 4], [1, 8, 4], [2, 1, 1]]) roundTrip(M_POOL_FITS_NOWHERE, call.concat(scratch, slots));
    roundTrip(M_POOL_EXHAUSTED, call.concat(scratch, [1, 8]));
  }
  roundTrip(M_CONFIG_UNKNOWN_OPTION, ['executor config', 'maxtask', 'maxTasks', 'maxTasks, sideStackWords']);
  roundTrip(M_CONFIG_UNKNOWN_OPTION, ['executor config', 'zzz', '', 'maxTasks, sideStackWords']);
  roundTrip(M_CONFIG_TOO_SMALL, ['executor config', 'poolSlots', 0, -1]);
  roundTrip(M_HAL_NO_PORT, ['puckjs', 1, 3]);
  roundTrip(M_BOARD_NO_PORT, ['pico', 3, 'Serial1, Serial2, Serial3', 5]);
  roundTrip(M_BOARD_NO_PIN, ['banglejs2', 'Bangle.js 2', 'A0', '', 'BTN1', '']);
  roundTrip(M_FUTURE_HANDLE_DROPPED, [65537, 1, 1, 2]);
});

test("the device's fail makes the line: tasks and futures by id, strings as -1 until a device knows their index", () => {
  for (const [name, code] of CODES) {
    const args = sampleArgs(code);
    const e = deviceFail(code, args);
    assert.is(e.code, code);
    const { numbers, names } = deviceForm(code, args);
    const kinds = kindsOf(code);
    assert.is(e.message, encodeFault(code, numbers.map((n, i) => kinds.charAt(i) === 's' ? -1 : n)), name);
    if (kinds.indexOf('s') < 0) assert.is(decodeLine(e.message, names), fail(code, args).message, name);
  }
});

test('docs/errors.md lists every code with its constant, kind, budget and argument kinds', () => {
  const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| (\d+) \| `(M_\w+)` \| ([\w-]+) \| ([^|]+) \| ([^|]+) \|$/gm)];
  assert.equal(rows.map((r) => r[2]), CODES.slice().sort((p, q) => p[1] - q[1]).map(([name]) => name));
  for (const [, code, name, kind, budget, args] of rows) {
    const msg = message(Number(code), sampleArgs(Number(code))) as Message;
    assert.is(Number(code), PINNED[name], name);
    assert.is(kind, msg.kind, name);
    const fromArg = /^argument (\d+)$/.exec(budget.trim());
    assert.is(fromArg ? String(sampleArgs(Number(code))[Number(fromArg[1])]) : budget.trim(), msg.budget, name);
    assert.is(args.trim(), msg.args ? '`' + msg.args + '`' : '(none)', name);
  }
});

test('fail with arguments that do not match the kinds names the mistake instead of printing a wrong text', () => {
  const e = fail(M_TIMERS_FULL, ['sleep', { id: 1, name: 'second' }, 2]);
  assert.is(e.code, M_BAD_ARGUMENTS);
  assert.is(e.kind, 'misuse');
  assert.is(e.message, "frugal error 27 takes arguments 'ftn' (n number, t task, f future, s string), got ['sleep', { id: 1, name: 'second' }, 2]; " +
    'fix the call of fail()');
  assert.is(fail(M_TIMERS_FULL, [{ id: 0, name: 'sleep' }, { id: 1, name: 'second' }]).code, M_BAD_ARGUMENTS, 'one argument short');
});

test('decode leaves every other line alone and says what it cannot decode', () => {
  const names: NameMap = { tasks: ['blink'], futures: ['sleep'], strings: [] };
  const decoded = "sleep in task 0 ('blink'): the timer heap is full (timerCapacity 2 pending deadlines); raise timerCapacity";
  const output = [
    'echo: hello frugal',
    'frugal!E27,0,0,2',
    '',
    'frugal! not a fault, frugal!Ex, E27,0',
    'Uncaught Error: frugal!E27,0,0,2\r',
    'frugal!E999,1',
    'frugal!E27,0',
    'frugal!E27,3,-1,2',
    '>',
  ].join('\n') + '\n';
  assert.is(decodeText(output, names), [
    'echo: hello frugal',
    decoded,
    '',
    'frugal! not a fault, frugal!Ex, E27,0',
    'Uncaught Error: ' + decoded + '\r',
    'frugal!E999,1 (unknown error code 999; decode with the frugal that built the bundle)',
    'frugal!E27,0 (error code 27 carries 3 numbers, this line 1; decode with the frugal that built the bundle)',
    "<future 3?> in task -1 ('<task?>'): the timer heap is full (timerCapacity 2 pending deadlines); raise timerCapacity",
    '>',
  ].join('\n') + '\n');
  const plain = 'no faults here\nt=0 LED1=1\n';
  assert.is(decodeText(plain, names), plain);
});

// An example whose second task finds the timer heap full, written into examples/ so that its
// imports resolve.
const NAPS = `import { sleep } from '../../tasks/task-api.ts';
import { spawnTask } from '../../tasks/lowered.ts';
import type { Example } from '../../program/example.ts';
export async function nap(ms: number): Promise<void> {
  await sleep(ms);
}
export const naps: Example = {
  name: 'naps', description: 'two sleeps, one timer', runMs: 100, simulate: function () {},
  config: { maxTasks: 2, sideStackWords: 8, sideStackRefs: 1, scratchWords: 0, scratchRefs: 0, poolSlots: 0, timerCapacity: 1 },
  setup: function (ex) {
    spawnTask(ex, nap, [50], { name: 'first' });
    spawnTask(ex, nap, [50], { name: 'second' });
  },
};
`;

test('every code the device runtime says has a catalog entry', () => {
  const dir = new URL('../device/', import.meta.url);
  const said = new Set<string>();
  for (const f of readdirSync(dir)) for (const m of readFileSync(new URL(f, dir), 'utf8').matchAll(/\bM_[A-Z_]+\b/g)) said.add(m[0]);
  assert.ok(said.size >= 8, 'the scan sees the device runtime\'s codes');
  for (const name of said) {
    const code = (deviceCodes as unknown as Record<string, number>)[name];
    assert.type(code, 'number', name + ' is a code of contract/fault-codes.ts');
    assert.type(argKinds(code), 'string', name + ' has a catalog entry');
  }
});

test('a device bundle carries no message text; its fault line decodes, with the build\'s name map, to what the simulated run said', async () => {
  const tmp = mkdtempSync(join(new URL('..', import.meta.url).pathname, 'examples', '.tmp-messages-'));
  try {
    const file = join(tmp, 'naps.ts');
    writeFileSync(file, NAPS);
    const r = await buildExample(file, 'pico');
    assert.not.match(r.code, 'raise timerCapacity');
    assert.not.match(r.code, /\bM_[A-Z]/);
    assert.not.ok(Object.keys(r.inputs).some((f) => f.endsWith('executor/messages.ts')), 'the catalog is not bundled');
    const q = await runQuickJS({ code: r.code, board: 'pico', runMs: 100 });
    const m = /(frugal!E63,1,0 frugal!E27,0,1,1)\n/.exec(q.output);
    assert.ok(m, q.output);
    const sim = runOnSim((await loadExample(file)).example, 100);
    assert.is(sim.ex.faults.length, 1);
    const f = sim.ex.faults[0];
    assert.is(decodeLine(m[1], { tasks: r.map.tasks.slice(), futures: r.map.futures.slice(), strings: r.map.strings.slice() }),
      "frugal: task 1 ('second') stopped in poll: " + f.message);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test.run();
