// `frugal run --trace out.json`: the simulated run as a Chrome trace-event file, for Perfetto
// (ui.perfetto.dev) or chrome://tracing. Timestamps are board time (virtual, in microseconds):
//  - every poll of a task is a complete event ('X') on the task's own track (tid = task id), as
//    long as the poll really took in Node; polls at the same board instant are laid end to end,
//    since virtual time does not move while tasks are polled;
//  - every pending timer deadline of a task (a sleep, a sensor period, a timeout) is an async
//    span ('b'/'e', category 'sleep') from the poll that set it to when it fired or was dropped.
//
// It sees each task poll through the executor's onPoll hook (phase 0 before, 1 after), which is
// only set when a trace is asked for, so a run without --trace pays nothing.

import { performance } from 'node:perf_hooks';
import type { Executor } from '../executor/executor.ts';
import { TASK_LIVE } from '../executor/task-table.ts';
import { timerEntry, timerGeneration, timerHandle } from '../executor/timer-handle.ts';

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

interface OpenSleep {
  task: number;
  deadline: number;
}

const PID = 1;

export class Tracer {
  readonly events: TraceEvent[] = [];
  private readonly open = new Map<number, OpenSleep>();
  private readonly named = new Set<number>();
  /** End of the last poll in trace time (us), so polls at one board instant do not overlap. */
  private cursor = 0;
  private pollStart = 0;
  private pollTs = 0;

  constructor(readonly title: string) {
    this.events.push({ name: 'process_name', ph: 'M', ts: 0, pid: PID, tid: 0, args: { name: title } });
  }

  /** Starts tracing every task poll of ex. */
  attach(ex: Executor): void {
    ex.onPoll = (e, t, phase) => (phase === 0 ? this.before(e, t) : this.after(e, t));
  }

  private before(ex: Executor, t: number): void {
    if (!this.named.has(t)) {
      this.named.add(t);
      this.events.push({ name: 'thread_name', ph: 'M', ts: 0, pid: PID, tid: t, args: { name: 'task ' + t + ' ' + ex.tasks.name[t] } });
    }
    const ts = ex.now * 1000;
    this.pollTs = ts > this.cursor ? ts : this.cursor;
    this.closeSleeps(ex, t, this.pollTs);
    this.pollStart = performance.now();
  }

  private after(ex: Executor, t: number): void {
    // At least 1 us so that every poll is visible even when Node timed it at 0.
    const dur = Math.max(1, Math.round((performance.now() - this.pollStart) * 1000));
    const state = ex.tasks.state[t];
    this.events.push({
      name: 'poll', cat: 'poll', ph: 'X', ts: this.pollTs, dur, pid: PID, tid: t,
      args: { task: ex.tasks.name[t], boardMs: ex.now, result: state === TASK_LIVE ? 'pending' : 'ended' },
    });
    this.cursor = this.pollTs + dur;
    this.closeSleeps(ex, t, this.cursor);
    this.openSleeps(ex, t, this.cursor);
  }

  private openSleeps(ex: Executor, t: number, ts: number): void {
    const h = ex.timers;
    for (let i = 0; i < h.size; i++) {
      const id = h.heap[i];
      if (h.task[id] !== t) continue;
      const key = timerHandle(id, h.gen[id]);
      if (this.open.has(key)) continue;
      const deadline = h.deadline[id];
      this.open.set(key, { task: t, deadline });
      this.events.push({ name: 'sleep', cat: 'sleep', ph: 'b', ts, pid: PID, tid: t, id: String(key), args: { untilMs: deadline } });
    }
  }

  // A timer gone from the heap fired at its deadline (or, if that is still ahead, was dropped now).
  private closeSleeps(ex: Executor, t: number, ts: number): void {
    const h = ex.timers;
    for (const [key, s] of this.open) {
      if (s.task !== t) continue;
      const id = timerEntry(key);
      if (h.pos[id] >= 0 && h.gen[id] === timerGeneration(key)) continue;
      this.open.delete(key);
      const end = Math.min(ts, Math.max(s.deadline * 1000, 0));
      this.events.push({ name: 'sleep', cat: 'sleep', ph: 'e', ts: end, pid: PID, tid: t, id: String(key),
        args: { fired: s.deadline <= ex.now } });
    }
  }

  /** The trace, with spans still open at the end closed at the end of the run. */
  finish(ex: Executor, endMs: number): TraceFile {
    const end = Math.max(endMs * 1000, this.cursor);
    for (const [key, s] of this.open) {
      this.events.push({ name: 'sleep', cat: 'sleep', ph: 'e', ts: end, pid: PID, tid: s.task, id: String(key), args: { pendingAtEnd: true } });
    }
    this.open.clear();
    return { traceEvents: this.events, displayTimeUnit: 'ms', otherData: { title: this.title, clock: 'board time (virtual), microseconds', polls: ex.polls } };
  }
}
