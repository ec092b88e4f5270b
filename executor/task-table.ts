// The fixed task table: per task its state, generation, entry future, side stack, scratch and
// counters, all in typed arrays sized by maxTasks at creation.

export const TASK_FREE = 0;
export const TASK_LIVE = 1;
export const TASK_ENDED = 2;   // finished; slot reusable, telemetry kept until reuse
export const TASK_FAULTED = 3; // stopped by a throw; slot reusable
export const TASK_CANCELLED = 4;

export const TASK_STATE_NAMES = ['free', 'live', 'ended', 'faulted', 'cancelled'];

export class TaskTable {
  readonly state: Uint8Array;
  readonly gen: Uint8Array;
  readonly root: Int32Array;
  readonly wordBase: Int32Array;
  readonly refBase: Int32Array;
  readonly stackWords: Int32Array;
  readonly stackRefs: Int32Array;
  readonly stackTop: Int32Array;
  readonly stackRTop: Int32Array;
  readonly stackHigh: Int32Array;
  readonly scratchWords: Int32Array;
  readonly scratchRefs: Int32Array;
  /** Handle of the frame occupying the scratch, 0 when free. */
  readonly scratchUser: Int32Array;
  readonly scratchHigh: Int32Array;
  /** Largest frame ever offered to this task's scratch, fitting or not: the size it would need. */
  readonly scratchNeed: Int32Array;
  readonly scratchHits: Uint32Array;
  readonly poolFallbacks: Uint32Array;
  readonly polls: Uint32Array;
  readonly wakes: Uint32Array;
  readonly result: Float64Array;
  readonly name: string[];

  constructor(maxTasks: number) {
    this.state = new Uint8Array(maxTasks);
    this.gen = new Uint8Array(maxTasks);
    this.root = new Int32Array(maxTasks);
    this.wordBase = new Int32Array(maxTasks);
    this.refBase = new Int32Array(maxTasks);
    this.stackWords = new Int32Array(maxTasks);
    this.stackRefs = new Int32Array(maxTasks);
    this.stackTop = new Int32Array(maxTasks);
    this.stackRTop = new Int32Array(maxTasks);
    this.stackHigh = new Int32Array(maxTasks);
    this.scratchWords = new Int32Array(maxTasks);
    this.scratchRefs = new Int32Array(maxTasks);
    this.scratchUser = new Int32Array(maxTasks);
    this.scratchHigh = new Int32Array(maxTasks);
    this.scratchNeed = new Int32Array(maxTasks);
    // Counters wrap after 2^32; Uint32 reads stay small integers in V8's unoptimized code.
    this.scratchHits = new Uint32Array(maxTasks);
    this.poolFallbacks = new Uint32Array(maxTasks);
    this.polls = new Uint32Array(maxTasks);
    this.wakes = new Uint32Array(maxTasks);
    this.result = new Float64Array(maxTasks);
    this.name = [];
    for (let i = 0; i < maxTasks; i++) {
      this.gen[i] = 1;
      this.name.push('');
    }
  }

  get capacity(): number { return this.state.length; }
}
