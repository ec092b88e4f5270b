// Dyn calls: a class whose `async next()` is lowered into an AsyncIterator method vtable, consumed
// through each adapter; a dyn future stored before it is awaited and one passed to select (both
// escaping: they must not take the caller's scratch).

import { next, select, sleep, type AsyncIteratorSource, type Dyn } from '../../tasks/task-api.ts';
import { trace, useEnv, type AdapterName, type Env } from './env.ts';

export class Counter implements AsyncIteratorSource {
  i: number;
  readonly limit: number;
  readonly delay: number;
  constructor(limit: number, delay: number) {
    this.i = 0;
    this.limit = limit;
    this.delay = delay;
  }

  async next(): Promise<[value: number, done: number]> {
    if (this.delay > 0) await sleep(this.delay);
    if (this.i >= this.limit) return [0, 1];
    this.i++;
    return [this.i * 10, 0];
  }
}

async function sumAll(it: Dyn<AsyncIteratorSource>): Promise<number> {
  let total = 0;
  for (;;) {
    const [v, done] = await next(it);
    if (done) break;
    total += v;
    trace('value ' + v);
  }
  trace('total ' + total);
  return total;
}

async function stored(it: Dyn<AsyncIteratorSource>): Promise<void> {
  const pending = next(it);
  await sleep(1);
  const [v, done] = await pending;
  trace('stored ' + v + ' ' + done);
  const [which, value] = await select(next(it), sleep(100));
  trace('raced ' + which + ' ' + value);
}

const ADAPTERS: AdapterName[] = ['ScratchOrPool', 'SideStack', 'Inline', 'Recycling', 'MaxSpace', 'CallerCachedBox', 'Boxing'];

export function setup(env: Env): void {
  useEnv(env);
  for (let i = 0; i < ADAPTERS.length; i++) {
    const a = ADAPTERS[i];
    env.spawn('sum ' + a, sumAll, [env.iterator('counter', new Counter(3, i), a)]);
  }
  env.spawn('stored', stored, [env.iterator('counter', new Counter(5, 2), 'ScratchOrPool')]);
}
