// The Promise-based implementation of tasks/task-api.ts: task code run natively by Node, for the
// differential test (the lowered build must trace exactly what this does). Time is virtual and
// moves only when the driver advances it; wakes are batched into passes like the executor's run
// queue, and a primitive's future does its work when it is polled (first awaited, then on each
// wake), as the executor's futures do, so select and cancellation drop work that never happened.
// Node only: it allocates freely and uses AsyncLocalStorage to know the current task.

import { AsyncLocalStorage } from 'node:async_hooks';

export class Cancelled extends Error {
  constructor(task: string) {
    super("task '" + task + "' cancelled");
  }
}

export interface NativeTask {
  readonly name: string;
  /** Futures of this task that are started and not yet settled. */
  readonly live: Set<NativeFuture<unknown>>;
  cancelled: boolean;
}

const taskStore = new AsyncLocalStorage<NativeTask>();

interface Timer { at: number; seq: number; fire: () => void; dead: boolean }

export class NativeWorld {
  now = 0;
  private seq = 0;
  private timers: Timer[] = [];
  private ready: (() => void)[] = [];
  readonly tasks: NativeTask[] = [];

  addTimer(at: number, fire: () => void): Timer {
    const t: Timer = { at: at, seq: this.seq++, fire: fire, dead: false };
    this.timers.push(t);
    return t;
  }

  /** Queues a retry for the next pass (deduplicated like the executor's run queue). */
  wake(fn: () => void): void {
    if (this.ready.indexOf(fn) < 0) this.ready.push(fn);
  }

  spawn<A extends unknown[]>(name: string, fn: (...args: A) => PromiseLike<unknown>, args: A,
    onEnd: (task: NativeTask, value: unknown, error: unknown) => void): NativeTask {
    const task: NativeTask = { name: name, live: new Set(), cancelled: false };
    this.tasks.push(task);
    // The task starts in the next pass, as a spawned executor task waits for its first poll.
    this.wake(() => {
      taskStore.run(task, () => {
        Promise.resolve(fn(...args)).then(
          (v) => onEnd(task, v, undefined),
          (e) => onEnd(task, undefined, e === undefined ? new Error('undefined thrown') : e));
      });
    });
    return task;
  }

  /** Rejects every pending future of the task with Cancelled, which runs its finally blocks. */
  cancel(task: NativeTask): void {
    task.cancelled = true;
    const err = new Cancelled(task.name);
    for (const fut of Array.from(task.live)) fut.fail(err);
  }

  /** Runs passes until nothing is ready and every promise reaction has run. */
  async drain(): Promise<void> {
    for (let guard = 0; ; guard++) {
      await new Promise<void>((r) => setImmediate(r));
      if (this.ready.length === 0) return;
      if (guard > 1000000) throw new Error('native run: tasks stay ready forever');
      const batch = this.ready;
      this.ready = [];
      for (const fn of batch) fn();
    }
  }

  /** Advances virtual time by ms, firing timers in deadline order. */
  async run(ms: number): Promise<void> {
    const end = this.now + ms;
    await this.drain();
    for (;;) {
      this.timers = this.timers.filter((t) => !t.dead);
      let first: Timer | null = null;
      for (const t of this.timers) if (first === null || t.at < first.at || (t.at === first.at && t.seq < first.seq)) first = t;
      if (first === null || first.at > end) break;
      if (first.at > this.now) this.now = first.at;
      const due = this.timers.filter((t) => t.at <= this.now).sort((a, b) => a.at - b.at || a.seq - b.seq);
      for (const t of due) {
        t.dead = true;
        t.fire();
      }
      await this.drain();
    }
    this.now = end;
    await this.drain();
  }
}

let world: NativeWorld | null = null;

export function setWorld(w: NativeWorld | null): void {
  world = w;
}

function currentWorld(): NativeWorld {
  if (world === null) throw new Error('native runtime: no NativeWorld; call setWorld(new NativeWorld()) first');
  return world;
}

export function currentTask(): NativeTask | undefined {
  return taskStore.getStore();
}

/**
 * A lazily started, cancellable thenable. `start` runs on the first then(): it either settles the
 * future or arranges a retry; `stop` undoes what a pending start registered.
 */
export class NativeFuture<T> implements PromiseLike<T> {
  readonly __frugalFuture = true as const;
  private promise: Promise<T> | null = null;
  private res: ((v: T) => void) | null = null;
  private rej: ((e: unknown) => void) | null = null;
  private done = false;
  private readonly task: NativeTask | undefined;

  constructor(private readonly startFn: (fut: NativeFuture<T>) => void, private readonly stopFn: () => void) {
    this.task = taskStore.getStore();
  }

  then<R1 = T, R2 = never>(onok?: ((v: T) => R1 | PromiseLike<R1>) | null, onerr?: ((e: unknown) => R2 | PromiseLike<R2>) | null): PromiseLike<R1 | R2> {
    return this.start().then(onok, onerr);
  }

  start(): Promise<T> {
    if (this.promise === null) {
      this.promise = new Promise<T>((res, rej) => {
        this.res = res;
        this.rej = rej;
      });
      // A dropped future's rejection has nobody waiting for it; that is not an error.
      this.promise.catch(() => {});
      if (this.task !== undefined && this.task.cancelled) {
        this.fail(new Cancelled(this.task.name));
      } else {
        if (this.task !== undefined) this.task.live.add(this as NativeFuture<unknown>);
        this.startFn(this);
      }
    }
    return this.promise;
  }

  get settled(): boolean { return this.done; }

  resolve(v: T): void {
    if (this.done) return;
    this.done = true;
    if (this.task !== undefined) this.task.live.delete(this as NativeFuture<unknown>);
    this.stopFn();
    this.res!(v);
  }

  fail(e: unknown): void {
    if (this.done) return;
    this.done = true;
    if (this.task !== undefined) this.task.live.delete(this as NativeFuture<unknown>);
    this.stopFn();
    if (this.rej !== null) this.rej(e);
  }

  /** Drops the future: it never settles (a select's loser, a join's sibling after a failure). */
  drop(): void {
    if (this.done) return;
    this.done = true;
    if (this.task !== undefined) this.task.live.delete(this as NativeFuture<unknown>);
    this.stopFn();
  }
}

/** A future retried on every wake until `attempt` returns true, like a poll returning READY. */
function polled<T>(attempt: (fut: NativeFuture<T>, retry: () => void) => boolean, unregister: (retry: () => void) => void): NativeFuture<T> {
  let retry: () => void = () => {};
  const fut: NativeFuture<T> = new NativeFuture<T>((f) => {
    retry = () => {
      if (!f.settled) attempt(f, retry);
    };
    attempt(f, retry);
  }, () => unregister(retry));
  return fut;
}

// ---- primitives --------------------------------------------------------------------------------

class Waiters {
  readonly fns: (() => void)[] = [];
  add(fn: () => void): void { if (this.fns.indexOf(fn) < 0) this.fns.push(fn); }
  remove(fn: () => void): void { const i = this.fns.indexOf(fn); if (i >= 0) this.fns.splice(i, 1); }
  wakeAll(): void {
    const w = currentWorld();
    const fns = this.fns.splice(0);
    for (const fn of fns) w.wake(fn);
  }
}

export class NativeChannel {
  readonly items: unknown[] = [];
  readonly receivers = new Waiters();
  readonly senders = new Waiters();
  constructor(readonly capacity: number) {}
}

export class NativeSignal {
  isSet = false;
  value = 0;
  readonly waiters = new Waiters();
}

export class NativePinEdges {
  rises = 0;
  falls = 0;
  level = 0;
  readonly waiters = new Waiters();
  /** What the board's watch callback does on a level change. */
  edge(level: number): void {
    if (level === this.level) return;
    this.level = level;
    if (level) this.rises++;
    else this.falls++;
    this.waiters.wakeAll();
  }
  count(edge: number): number {
    return edge === 1 ? this.rises : edge === 2 ? this.falls : this.rises + this.falls;
  }
}

/** A queue of the board's events, natively: entries of four numbers pushed by whoever plays the board. */
export class NativeBoardEvents {
  readonly entries: [number, number, number, number][] = [];
  readonly waiters = new Waiters();
  push(a: number, b: number, c: number, d: number): void {
    this.entries.push([a, b, c, d]);
    this.waiters.wakeAll();
  }
}

export class NativeSerialLines {
  readonly lines: string[] = [];
  private partial = '';
  readonly readers = new Waiters();
  input(text: string): void {
    for (const c of text) {
      if (c === '\r') continue;
      if (c === '\n') {
        this.lines.push(this.partial);
        this.partial = '';
        this.readers.wakeAll();
      } else {
        this.partial += c;
      }
    }
  }
}

/** A dyn object natively: the implementing object itself. */
export class NativeDyn {
  constructor(readonly self: unknown) {}
}

function chan(ch: unknown): NativeChannel { return ch as NativeChannel; }

export function sleep(ms: number): NativeFuture<void> {
  // The deadline is taken when the future is opened, as the executor's Sleep init does.
  return sleepUntil(currentWorld().now + ms);
}

export function sleepUntil(at: number): NativeFuture<void> {
  const w = currentWorld();
  let timer: Timer | null = null;
  return polled<void>((f, retry) => {
    if (w.now >= at) { f.resolve(undefined); return true; }
    if (timer === null) timer = w.addTimer(at, retry);
    return false;
  }, () => { if (timer !== null) timer.dead = true; });
}

export function yieldNow(): NativeFuture<void> {
  let yielded = false;
  return polled<void>((f, retry) => {
    if (yielded) { f.resolve(undefined); return true; }
    yielded = true;
    currentWorld().wake(retry);
    return false;
  }, () => {});
}

export function recv(ch: unknown): NativeFuture<unknown> {
  const c = chan(ch);
  return polled<unknown>((f, retry) => {
    if (c.items.length > 0) {
      const v = c.items.shift();
      c.senders.wakeAll();
      f.resolve(v);
      return true;
    }
    c.receivers.add(retry);
    return false;
  }, (retry) => c.receivers.remove(retry));
}

export function trySend(ch: unknown, v: unknown): boolean {
  const c = chan(ch);
  if (c.items.length >= c.capacity) return false;
  c.items.push(v);
  c.receivers.wakeAll();
  return true;
}

export function send(ch: unknown, v: unknown): NativeFuture<void> {
  const c = chan(ch);
  return polled<void>((f, retry) => {
    if (trySend(c, v)) { f.resolve(undefined); return true; }
    c.senders.add(retry);
    return false;
  }, (retry) => c.senders.remove(retry));
}

export function setSignal(sig: unknown, value: number): void {
  const s = sig as NativeSignal;
  s.isSet = true;
  s.value = value;
  s.waiters.wakeAll();
}

export function waitSignal(sig: unknown): NativeFuture<number> {
  const s = sig as NativeSignal;
  return polled<number>((f, retry) => {
    if (s.isSet) { s.isSet = false; f.resolve(s.value); return true; }
    s.waiters.add(retry);
    return false;
  }, (retry) => s.waiters.remove(retry));
}

export function waitEdge(src: unknown, edge: number): NativeFuture<number> {
  const p = src as NativePinEdges;
  const start = p.count(edge);
  return polled<number>((f, retry) => {
    if (p.count(edge) > start) { f.resolve(p.level); return true; }
    p.waiters.add(retry);
    return false;
  }, (retry) => p.waiters.remove(retry));
}

export function waitEvent(src: unknown): NativeFuture<[number, number, number, number]> {
  const q = src as NativeBoardEvents;
  return polled<[number, number, number, number]>((f, retry) => {
    const e = q.entries.shift();
    if (e === undefined) { q.waiters.add(retry); return false; }
    f.resolve(e);
    return true;
  }, (retry) => q.waiters.remove(retry));
}

export function logEvent(src: unknown, a: number, b?: number, c?: number, d?: number): boolean {
  (src as NativeBoardEvents).push(a, b ?? 0, c ?? 0, d ?? 0);
  return true;
}

export function readLine(src: unknown, buf: Uint8Array): NativeFuture<number> {
  const s = src as NativeSerialLines;
  return polled<number>((f, retry) => {
    const line = s.lines.shift();
    if (line === undefined) { s.readers.add(retry); return false; }
    const n = Math.min(line.length, buf.length);
    for (let i = 0; i < n; i++) buf[i] = line.charCodeAt(i) & 255;
    f.resolve(n);
    return true;
  }, (retry) => s.readers.remove(retry));
}

/** The first numeric result of a child, as the executor's join/select report it in ex.rn. */
function firstNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && typeof v[0] === 'number') return v[0];
  return 0;
}

function children(list: (PromiseLike<unknown> | undefined)[]): PromiseLike<unknown>[] {
  const out: PromiseLike<unknown>[] = [];
  for (const c of list) if (c !== undefined) out.push(c);
  return out;
}

function dropAll(list: PromiseLike<unknown>[]): void {
  for (const c of list) if (c instanceof NativeFuture) c.drop();
}

export function join(...list: (PromiseLike<unknown> | undefined)[]): NativeFuture<number[]> {
  const kids = children(list);
  return new NativeFuture<number[]>((f) => {
    const values: number[] = kids.map(() => 0);
    let left = kids.length;
    kids.forEach((k, i) => {
      k.then((v) => {
        values[i] = firstNumber(v);
        if (--left === 0) f.resolve(values);
      }, (e) => {
        dropAll(kids);
        f.fail(e);
      });
    });
  }, () => dropAll(kids));
}

export function select(...list: (PromiseLike<unknown> | undefined)[]): NativeFuture<[number, number]> {
  const kids = children(list);
  return new NativeFuture<[number, number]>((f) => {
    kids.forEach((k, i) => {
      k.then((v) => {
        if (f.settled) return;
        f.resolve([i, firstNumber(v)]);
        dropAll(kids);
      }, (e) => {
        if (f.settled) return;
        f.fail(e);
        dropAll(kids);
      });
    });
  }, () => dropAll(kids));
}

export function timeout(ms: number, fut: PromiseLike<unknown>): NativeFuture<[number, number]> {
  return select(fut, sleep(ms));
}

function method<T>(d: unknown, call: (self: never) => PromiseLike<T>): NativeFuture<T> {
  return new NativeFuture<T>((f) => {
    call((d as NativeDyn).self as never).then((v) => f.resolve(v), (e) => f.fail(e));
  }, () => {});
}

export function next(d: unknown): NativeFuture<[number, number]> {
  return method(d, (self: { next(): PromiseLike<[number, number]> }) => self.next());
}

export function read(d: unknown, buf: Uint8Array): NativeFuture<number> {
  return method(d, (self: { read(b: Uint8Array): PromiseLike<number> }) => self.read(buf));
}

export function write(d: unknown, buf: Uint8Array, len: number): NativeFuture<number> {
  return method(d, (self: { write(b: Uint8Array, n: number): PromiseLike<number> }) => self.write(buf, len));
}

export function call(d: unknown, name: string, args: readonly unknown[]): NativeFuture<unknown> {
  return method(d, (self: { [m: string]: (...a: unknown[]) => PromiseLike<unknown> }) => self[name](...args));
}

export function fromPromise<T>(p: PromiseLike<T>): NativeFuture<T> {
  return new NativeFuture<T>((f) => {
    p.then((v) => f.resolve(v), (e) => f.fail(e));
  }, () => {});
}

export function now(): number {
  return currentWorld().now;
}
