// What the lowering knows about each function of tasks/task-api.ts: how its lowered opener is
// called, where its result lands, and the frames its opener pushes on the task's side stack (for
// the static side-stack sizes; test/compiler-sizes.test.ts checks them against the real vtables).

export type ResultShape =
  | 'void'
  /** ex.rn[0] */
  | 'num'
  /** ex.rr */
  | 'ref'
  /** ex.rn[0] for a number T, else ex.rr (fromPromise<T>) */
  | 'typed'
  /** [ex.rn[0], ..., ex.rn[n - 1]], one per argument (join) */
  | 'join'
  /** [ex.which, ex.rn[0]] (select, timeout) */
  | 'select'
  /** [ex.rn[0], ex.rn[1]] (AsyncIterator.next) */
  | 'next'
  /** [ex.rn[0], ..., ex.rn[3]] (waitEvent: an entry of a queue of the board's events) */
  | 'event'
  /** As the called interface method's declared result (call): like a lowered function's. */
  | 'method';

export interface FrameSize {
  readonly name: string;
  readonly words: number;
  readonly refs: number;
}

export interface Primitive {
  readonly name: string;
  /** 'future': returns a future to await; 'sync': called with ex, its value used as is. */
  readonly kind: 'future' | 'sync';
  readonly result: ResultShape;
  /** Namespace of the lowered opener: lowered.ts or lowered-dyn.ts. */
  readonly module: 'core' | 'dyn';
  /** Indices of arguments that are futures (opened first, owned by this future). */
  readonly futureArgs: 'none' | 'all' | 'second';
  /** Frames the opener pushes on the side stack (a header word each besides). */
  readonly pushes: readonly FrameSize[];
  /**
   * The interface method a dyn call goes through; for `call`, the method is its second argument
   * (a string literal) and the interface is whichever of the program's dyn objects has it ('').
   */
  readonly dyn?: { iface: string; method: string };
  /** Allocates when called (listed by the audit). */
  readonly allocates?: string;
}

const SLEEP: FrameSize = { name: 'sleep', words: 2, refs: 0 };

function future(name: string, result: ResultShape, pushes: FrameSize[], extra?: Partial<Primitive>): Primitive {
  return { name: name, kind: 'future', result: result, module: 'core', futureArgs: 'none', pushes: pushes, ...extra };
}

export const PRIMITIVES: { readonly [name: string]: Primitive } = {
  sleep: future('sleep', 'void', [SLEEP]),
  sleepUntil: future('sleepUntil', 'void', [SLEEP]),
  yieldNow: future('yieldNow', 'void', [{ name: 'yield', words: 1, refs: 0 }]),
  recv: future('recv', 'num', [{ name: 'channel.recv', words: 0, refs: 1 }]),
  recvRef: future('recvRef', 'ref', [{ name: 'channel.recv', words: 0, refs: 1 }]),
  send: future('send', 'void', [{ name: 'channel.send', words: 1, refs: 2 }]),
  sendRef: future('sendRef', 'void', [{ name: 'channel.send', words: 1, refs: 2 }]),
  waitSignal: future('waitSignal', 'num', [{ name: 'signal.wait', words: 0, refs: 1 }]),
  waitEdge: future('waitEdge', 'num', [{ name: 'pin.waitEdge', words: 2, refs: 1 }]),
  readLine: future('readLine', 'num', [{ name: 'serial.readLine', words: 0, refs: 2 }]),
  waitEvent: future('waitEvent', 'event', [{ name: 'events.wait', words: 0, refs: 1 }]),
  join: future('join', 'join', [{ name: 'join', words: 9, refs: 0 }], { futureArgs: 'all' }),
  select: future('select', 'select', [{ name: 'select', words: 5, refs: 0 }], { futureArgs: 'all' }),
  timeout: future('timeout', 'select', [{ name: 'select', words: 5, refs: 0 }, SLEEP], { futureArgs: 'second' }),
  next: future('next', 'next', [], { module: 'dyn', dyn: { iface: 'AsyncIterator', method: 'next' } }),
  read: future('read', 'num', [], { module: 'dyn', dyn: { iface: 'AsyncRead', method: 'read' } }),
  write: future('write', 'num', [], { module: 'dyn', dyn: { iface: 'AsyncWrite', method: 'write' } }),
  call: future('call', 'method', [], { module: 'dyn', dyn: { iface: '', method: '' } }),
  fromPromise: future('fromPromise', 'typed', [], { allocates: 'fromPromise boxes a future per call (ex.inBox) and a Promise reaction' }),
  now: { name: 'now', kind: 'sync', result: 'num', module: 'core', futureArgs: 'none', pushes: [] },
  setSignal: { name: 'setSignal', kind: 'sync', result: 'void', module: 'core', futureArgs: 'none', pushes: [] },
  trySend: { name: 'trySend', kind: 'sync', result: 'ref', module: 'core', futureArgs: 'none', pushes: [] },
  logEvent: { name: 'logEvent', kind: 'sync', result: 'ref', module: 'core', futureArgs: 'none', pushes: [] },
};

/** Values of task-api.ts that are not functions; lowered.ts exports them under the same names. */
export const RUNTIME_CONSTANTS = ['EDGE_BOTH', 'EDGE_RISING', 'EDGE_FALLING'];
