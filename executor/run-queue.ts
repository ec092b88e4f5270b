// Ready tasks in FIFO order. A task is queued at most once (the queued flag makes wake idempotent),
// so capacity >= maxTasks means the ring can never overflow.

export class RunQueue {
  readonly ids: Int16Array;
  readonly queued: Uint8Array;
  /** head, length, high-water mark */
  readonly st: Int32Array;

  constructor(capacity: number, maxTasks: number) {
    this.ids = new Int16Array(capacity);
    this.queued = new Uint8Array(maxTasks);
    this.st = new Int32Array(3);
  }

  push(t: number): void {
    if (this.queued[t] === 1) return;
    this.queued[t] = 1;
    const st = this.st;
    const cap = this.ids.length;
    this.ids[(st[0] + st[1]) % cap] = t;
    st[1]++;
    if (st[1] > st[2]) st[2] = st[1];
  }

  /** Next task id, or -1 when empty. */
  shift(): number {
    const st = this.st;
    if (st[1] === 0) return -1;
    const t = this.ids[st[0]];
    st[0] = (st[0] + 1) % this.ids.length;
    st[1]--;
    this.queued[t] = 0;
    return t;
  }

  /** Takes a task out of the queue (it ended or was cancelled while ready). */
  remove(t: number): void {
    if (this.queued[t] === 0) return;
    this.queued[t] = 0;
    const st = this.st;
    const cap = this.ids.length;
    let kept = 0;
    for (let k = 0; k < st[1]; k++) {
      const id = this.ids[(st[0] + k) % cap];
      if (id !== t) this.ids[(st[0] + kept++) % cap] = id;
    }
    st[1] = kept;
  }

  get length(): number { return this.st[1]; }
  get highWater(): number { return this.st[2]; }
}
