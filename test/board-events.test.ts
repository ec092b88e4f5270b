// Queues of the board's events (boards/board-events.ts, device/device-events.ts): refused at setup
// where the board lacks the source, with the boards that have it; a full queue drops and counts,
// in the budget report; a Storage log keeps its entries in its file, 32 bytes each, and counts
// what the file could not take; an event through the queue to a waiting task allocates nothing.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram } from '../testing.ts';
import { Executor } from '../executor/executor.ts';
import { CheckHal } from '../boards/espruino/check-hal.ts';
import { findBoard } from '../boards/descriptors.ts';
import { boardEvents, storageLog } from '../boards/board-events.ts';
import { measureAllocation, WINDOW_NOISE_BYTES } from './support/alloc-meter.ts';
import { deviceBundle, importLines, ProgramDir } from './support/device-program.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OVERFLOW = path.join(ROOT, 'test', 'board-corpus', 'events-overflow.ts');

function throwsText(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('did not throw');
}

test('a queue is refused at setup where the board lacks its source, naming the boards that have it; wrong options name the fix', () => {
  const ex = new Executor({ maxTasks: 1 });
  const pico = new CheckHal(findBoard('pico'));
  const puck = new CheckHal(findBoard('puckjs'));
  assert.is(throwsText(() => boardEvents(ex, pico, 'NRF.connection', 2)),
    "board 'pico' has no NRF.connection events (they need NRF); Puck.js (puckjs), Pixl.js (pixljs), Bangle.js 2 (banglejs2), MDBT42Q Module (mdbt42q), ESP32 (esp32) have them: build for one of those, or make the queue only where hal.board has NRF");
  assert.is(throwsText(() => boardEvents(ex, pico, 'Puck.accel', 2)), "board 'pico' has no Puck.accel events (they need Puck.accel); Puck.js (puckjs) has them: build for one of those, or make the queue only where hal.board has Puck.accel");
  assert.match(throwsText(() => boardEvents(ex, puck, 'Puck.gyro', 2)), "event source 'Puck.gyro' is unknown; the sources are NRF.connection, NRF.write, Puck.accel");
  assert.match(throwsText(() => boardEvents(ex, puck, 'Puck.accel', 2, { hz: 100 })), "events 'Puck.accel': hz 100 is not a rate the firmware takes; use one of 1660, 833");
  assert.match(throwsText(() => boardEvents(ex, puck, 'NRF.write', 2, { service: 0xBCDE })), "events 'NRF.write': characteristic must be a 16-bit number or a UUID string");
  assert.match(throwsText(() => storageLog(ex, puck, 'a-name-longer-than-27-characters', 10, 2)), "events 'Storage.log': file must be a name of 1 to 27 characters");
  assert.match(throwsText(() => storageLog(ex, puck, 'log', 5000, 2)), 'records');
  assert.ok(boardEvents(ex, pico, 'Storage.log', 2, { file: 'x', records: 4 }));
});

test('a full queue drops and counts; a Storage log stores what its file holds, counts the rest, and its readers get every entry', async () => {
  const run = await runProgram(OVERFLOW, { ms: 2000 });
  assert.equal(run.faults, []);
  const [accel, log] = run.report.events;
  assert.is(accel.source, 'Puck.accel');
  // 104 Hz for 2 s: 208 samples; the reader takes one a second (t=0 finds none: it waits for the first).
  assert.is(accel.seen, 208);
  assert.is(accel.capacity, 2);
  assert.is(accel.highWater, 2);
  assert.is(accel.seen - accel.dropped - accel.length, 2, 'two were taken');
  assert.equal([log.source, log.stored, log.records, log.unstored, log.seen, log.dropped], ['Storage.log', 3, 3, 2, 5, 0]);
  assert.is(run.serial, '1 10 -1 0.5\n2 20 -2 0.5\n3 30 -3 0.5\n4 40 -4 0.5\n5 50 -5 0.5\n');
  // The file: three records of four float64s (little-endian), made at once as large as the log.
  const file = run.storage.files.evlog;
  assert.is(file.length, 96);
  const bytes = Uint8Array.from(file, (c) => c.charCodeAt(0));
  assert.equal(Array.from(new Float64Array(bytes.buffer)), [1, 10, -1, 0.5, 2, 20, -2, 0.5, 3, 30, -3, 0.5]);
  assert.equal(run.storage.writes.map((w) => w.offset + '+' + w.length), ['0+32', '32+32', '64+32']);
  assert.match(run.text, "events    task 'logger' argument 'log' (Storage.log): 0 of 8 queued, high-water 1, seen 5, dropped 0; stored 3 of 3 in Storage, not stored 2");
});

test('an event through its queue to the task awaiting it allocates nothing (the connect and disconnect callbacks, 10,000 rounds each)', async () => {
  const dir = new ProgramDir('board-events');
  try {
    const { file, program } = await dir.load('connections', [
      ...importLines([['{ waitEvent, type BoardEvents }', 'tasks/task-api.ts'], ['{ spawnTask }', 'tasks/lowered.ts'],
        ['{ boardEvents }', 'boards/board-events.ts'], ['type { Hal }', 'boards/hal.ts'], ['type { Example }', 'program/example.ts']]),
      'export async function watch(hal: Hal, q: BoardEvents, led: number): Promise<void> {',
      '  for (;;) { const [up] = await waitEvent(q); hal.digitalWrite(led, up); }',
      '}',
      'export const program: Example = {',
      "  name: 'connections', description: 'connections through a queue', config: { maxTasks: 1 },",
      "  setup(ex, hal) { spawnTask(ex, watch, [hal, boardEvents(ex, hal, 'NRF.connection', 2), hal.pin('LED1')], { name: 'watch' }); },",
      '  simulate() {}, runMs: 100,',
      '};',
    ].join('\n'));
    const code = await deviceBundle(file, program, findBoard('puckjs'));
    // The board's globals the bundle needs, none allocating per call: NRF.on keeps the callbacks.
    const st = new Float64Array(2);
    const cb: { [ev: string]: (r?: number) => void } = {};
    const globals = {
      getTime: (): number => st[0] / 1000, setInterval: (): number => 1, changeInterval: (): void => {}, digitalWrite: (): void => { st[1]++; },
      console: { log: (): void => {} }, E: {}, LED1: 1, Serial1: {}, Bluetooth: {}, global: {},
      NRF: { on: (ev: string, fn: (r?: number) => void): void => { cb[ev] = fn; } },
    };
    new Function(...Object.keys(globals), code)(...Object.values(globals));
    const round = (): void => {
      st[0] += 1;
      cb.connect();
      cb.disconnect(19);
    };
    const m = await measureAllocation(() => { for (let i = 0; i < 10000; i++) round(); }, {
      warmStep: () => { for (let i = 0; i < 1000; i++) round(); }, maxWarmSteps: 60, windows: 3, bound: WINDOW_NOISE_BYTES, rounds: 3,
    });
    assert.ok(st[1] >= 20000, 'the task took every event: ' + st[1] + ' LED writes');
    console.log('  connect/disconnect through a queue: ' + m.bytes + ' bytes, ' + m.gcs + ' GCs over 10,000 rounds');
    assert.is(m.gcs, 0);
    assert.ok(m.bytes < WINDOW_NOISE_BYTES, m.bytes + ' bytes');
  } finally {
    dir.remove();
  }
});

test.run();
