// A Chrome trace-event file (Perfetto, chrome://tracing) of a device bundle's simulated run, made
// from the device memory alone: after every callback the model runs, the words the board itself
// keeps are compared with what they were before. Timestamps are board time in microseconds.
//  - a task whose poll count grew got that many polls at that board instant: complete events
//    ('X', 1 us each) on the task's own track (tid = task number), laid end to end;
//  - a timer entry that became used is a sleep of its task until its deadline, an async span
//    ('b'/'e', category 'sleep') closed when the entry is freed (fired, or dropped with its future).
// Nothing is added to the bundle for it: the bundle traced is the bundle built.

import type { DeviceMap } from '../bundler/device-image.ts';
import { TE_SEQ, TE_TASK } from '../device/layout.ts';

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: Record<string, unknown>;
}

export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: string;
  otherData: Record<string, unknown>;
}

const PID = 1;

export class DeviceTracer {
  readonly events: TraceEvent[] = [];
  private readonly polls: Float64Array;
  /**
   * Per timer entry: the sequence number of the sleep its open span is, or -1 when none is open
   * (a sleep's own number: an entry of one task's has no generation, device/timers.ts).
   */
  private readonly openSeq: Float64Array;
  private readonly openTask: Float64Array;
  private cursor = 0;

  /**
   * - `w` is the bundle's memory (the global `frugal`), read after every callback through sample().
   */
  constructor(readonly title: string, private readonly map: DeviceMap, private readonly w: Float64Array) {
    const L = map.layout;
    this.polls = new Float64Array(L.TASKS);
    this.openSeq = new Float64Array(L.TIMERS).fill(-1);
    this.openTask = new Float64Array(L.TIMERS);
    this.events.push({ name: 'process_name', ph: 'M', ts: 0, pid: PID, tid: 0, args: { name: title } });
    for (let t = 0; t < L.TASKS; t++) {
      this.events.push({ name: 'thread_name', ph: 'M', ts: 0, pid: PID, tid: t, args: { name: 'task ' + t + ' ' + map.tasks[t] } });
    }
  }

  /** What changed in the memory since the last sample, at board time nowMs. */
  sample(nowMs: number): void {
    const L = this.map.layout;
    const w = this.w;
    let ts = Math.round(nowMs * 1000);
    if (ts < this.cursor) ts = this.cursor;
    // A sleep that ended here ended when the callback began; one taken here begins after the polls that took it.
    for (let i = 0; i < L.TIMERS; i++) {
      const e = L.TM + L.TM_WORDS * i;
      if (this.openSeq[i] >= 0 && (w[e] < 0 || w[e + TE_SEQ] !== this.openSeq[i])) this.close(i, ts, nowMs);
    }
    for (let t = 0; t < L.TASKS; t++) {
      const n = w[L.T_POLLS + t] - this.polls[t];
      this.polls[t] = w[L.T_POLLS + t];
      for (let k = 0; k < n; k++) {
        this.events.push({ name: 'poll', cat: 'poll', ph: 'X', ts: ts++, dur: 1, pid: PID, tid: t, args: { task: this.map.tasks[t], boardMs: nowMs } });
      }
    }
    this.cursor = ts;
    for (let i = 0; i < L.TIMERS; i++) {
      const e = L.TM + L.TM_WORDS * i;
      const seq = w[e + TE_SEQ];
      if (w[e] >= 0 && this.openSeq[i] < 0) {
        // Task i's own entry names no task: it is task i's.
        const task = L.TIMER_PER_TASK ? i : w[e + TE_TASK];
        this.openSeq[i] = seq;
        this.openTask[i] = task;
        this.events.push({ name: 'sleep', cat: 'sleep', ph: 'b', ts, pid: PID, tid: task, id: 't' + i + 's' + seq, args: { untilMs: w[e] } });
      }
    }
  }

  private close(i: number, ts: number, nowMs: number): void {
    this.events.push({ name: 'sleep', cat: 'sleep', ph: 'e', ts, pid: PID, tid: this.openTask[i], id: 't' + i + 's' + this.openSeq[i], args: { boardMs: nowMs } });
    this.openSeq[i] = -1;
  }

  /** The trace, with the sleeps still pending closed at the end of the run. */
  finish(endMs: number): TraceFile {
    const end = Math.max(Math.round(endMs * 1000), this.cursor);
    for (let i = 0; i < this.openSeq.length; i++) if (this.openSeq[i] >= 0) this.close(i, end, endMs);
    return {
      traceEvents: this.events, displayTimeUnit: 'ms',
      otherData: { title: this.title, clock: 'board time (virtual), microseconds', source: 'the device memory after each callback' },
    };
  }
}
