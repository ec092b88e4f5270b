// The fixed task table: per task its state, generation, entry future, side stack, scratch and
// counters, all in typed arrays sized by maxTasks at creation. A slot a task pool holds
// (executor/task-pool.ts) keeps its side stack and scratch between its tasks, and only its pool
// starts tasks in it.

import { TASK_LIVE } from '../contract/task-states.ts';

export { TASK_CANCELLED, TASK_ENDED, TASK_FAULTED, TASK_FREE, TASK_LIVE, TASK_STATE_NAMES } from '../contract/task-states.ts';

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
  /** The task pool holding the slot, as its index in ex.taskPools + 1; 0 for a slot spawn() may take. */
  readonly pool: Uint8Array;
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
    this.pool = new Uint8Array(maxTasks);
    this.name = [];
    for (let i = 0; i < maxTasks; i++) {
      this.gen[i] = 1;
      this.name.push('');
    }
  }

  get capacity(): number { return this.state.length; }

  /**
   * Makes slot t a live task named `name` whose side stack and scratch start at word wb and
   * reference rb, with its counters and high-water marks at 0.
   * - Slot t is not live, and [wb, wb + stackWords + scratchWords) and [rb, rb + stackRefs +
   *   scratchRefs) were allocated for it.
   */
  start(t: number, name: string, wb: number, rb: number, stackWords: number, stackRefs: number, scratchWords: number, scratchRefs: number): void {
    this.place(t, name, wb, rb, stackWords, stackRefs, scratchWords, scratchRefs);
    this.state[t] = TASK_LIVE;
    this.polls[t] = 0;
    this.wakes[t] = 0;
    this.scratchHits[t] = 0;
    this.poolFallbacks[t] = 0;
    this.stackHigh[t] = 0;
    this.scratchHigh[t] = 0;
    this.scratchNeed[t] = 0;
  }

  /**
   * Gives slot t its name and memory, its counters at 0, without starting a task in it: what a
   * task pool does for each of its slots at setup (spawn() then restarts it).
   * - As start().
   */
  place(t: number, name: string, wb: number, rb: number, stackWords: number, stackRefs: number, scratchWords: number, scratchRefs: number): void {
    this.name[t] = name;
    this.wordBase[t] = wb;
    this.refBase[t] = rb;
    this.stackWords[t] = stackWords;
    this.stackRefs[t] = stackRefs;
    this.stackTop[t] = wb;
    this.stackRTop[t] = rb;
    this.scratchWords[t] = scratchWords;
    this.scratchRefs[t] = scratchRefs;
    this.scratchUser[t] = 0;
    this.result[t] = 0;
  }

  /**
   * Starts a task again in slot t of a task pool, on the memory place() gave it: its counters and
   * high-water marks go on from its earlier tasks' (the slot's figures in the budget report, as a
   * device keeps them).
   * - Slot t is held by a pool and not live; its side stack is empty and its scratch free.
   */
  restart(t: number): void {
    this.state[t] = TASK_LIVE;
    this.result[t] = 0;
  }
}
