// Ready tasks in FIFO order. A task is queued at most once (the queued flag makes wake idempotent),
// so capacity >= maxTasks means the ring can never overflow.

// Slots of RunQueue.st.
export const RQ_HEAD = 0;
export const RQ_LENGTH = 1;
export const RQ_HIGH = 2;

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
    this.ids[(st[RQ_HEAD] + st[RQ_LENGTH]) % cap] = t;
    st[RQ_LENGTH]++;
    if (st[RQ_LENGTH] > st[RQ_HIGH]) st[RQ_HIGH] = st[RQ_LENGTH];
  }

  /** Next task id, or -1 when empty. */
  shift(): number {
    const st = this.st;
    if (st[RQ_LENGTH] === 0) return -1;
    const t = this.ids[st[RQ_HEAD]];
    st[RQ_HEAD] = (st[RQ_HEAD] + 1) % this.ids.length;
    st[RQ_LENGTH]--;
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
    for (let k = 0; k < st[RQ_LENGTH]; k++) {
      const id = this.ids[(st[RQ_HEAD] + k) % cap];
      if (id !== t) this.ids[(st[RQ_HEAD] + kept++) % cap] = id;
    }
    st[RQ_LENGTH] = kept;
  }

  get length(): number { return this.st[RQ_LENGTH]; }
  get highWater(): number { return this.st[RQ_HIGH]; }
}
