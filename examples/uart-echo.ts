// UART echo through channels: a reader task reads Serial1 lines into one of a few preallocated
// buffers and passes the buffer's index to a writer task, which echoes it and hands the buffer back.
// Two number channels (full buffers, free buffers) carry indexes, so nothing is allocated per line.

import { readLine, recv, send, type NumberChannel, type SerialLines } from '../tasks/task-api.ts';
import { spawnTask } from '../tasks/lowered.ts';
import { numberChannel } from '../primitives/channel.ts';
import type { Executor } from '../executor/executor.ts';
import { SerialLines as BoardSerialLines } from '../boards/serial-lines.ts';
import type { Hal } from '../boards/hal.ts';
import type { Example } from '../program/example.ts';

/** What both tasks share; made once in setup. */
export interface EchoShared {
  hal: Hal;
  lines: SerialLines;
  buffers: Uint8Array[];
  lengths: Int32Array;
  /** Indexes of buffers holding a line, and of buffers free for the next one. */
  full: NumberChannel;
  free: NumberChannel;
}

export async function lineReader(s: EchoShared): Promise<void> {
  for (;;) {
    const i = await recv(s.free);
    s.lengths[i] = await readLine(s.lines, s.buffers[i]);
    await send(s.full, i);
  }
}

export async function lineWriter(s: EchoShared): Promise<void> {
  for (;;) {
    const i = await recv(s.full);
    s.hal.serialPrint(0, 'echo: ');
    s.hal.serialWrite(0, s.buffers[i], s.lengths[i]);
    s.hal.serialPrint(0, '\n');
    await send(s.free, i);
  }
}

export function spawnEcho(ex: Executor, hal: Hal, buffers: number, lineBytes: number): void {
  const full = numberChannel(ex, buffers);
  const free = numberChannel(ex, buffers);
  const s: EchoShared = {
    hal: hal,
    // The executor's objects are what the runtime's opaque handle types stand for in a lowered build.
    lines: new BoardSerialLines(ex, hal, 0, 128),
    buffers: [],
    lengths: new Int32Array(buffers),
    full: full,
    free: free,
  };
  for (let i = 0; i < buffers; i++) {
    s.buffers.push(new Uint8Array(lineBytes));
    free.trySend(ex, i);
  }
  spawnTask(ex, lineReader, [s], { name: 'uart reader' });
  spawnTask(ex, lineWriter, [s], { name: 'uart writer' });
}

export const uartEcho: Example = {
  name: 'uart-echo',
  description: 'Serial1 lines echoed back through two channels of buffer indexes',
  config: { maxTasks: 2, timerCapacity: 1 },
  setup: function (ex, hal) {
    spawnEcho(ex, hal, 2, 32);
  },
  simulate: function (sim) {
    sim.serialInput(0, 100, 'hello frugal\n');
    sim.serialInput(0, 400, 'no allocation per line\n');
    sim.serialInput(0, 401, 'two lines at once\n');
  },
  runMs: 1000,
};
