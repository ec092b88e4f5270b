// try/catch/finally around awaits: exceptions from lowered callees, break/continue/return through
// finally blocks, and cancellation, which runs the finally blocks of every frame on the way out.

import { sleep } from '../../tasks/task-api.ts';
import { trace, useEnv, type Env } from './env.ts';

async function guarded(name: string, ms: number): Promise<number> {
  trace(name + ' start');
  try {
    await sleep(ms);
    trace(name + ' slept');
    return 1;
  } finally {
    trace(name + ' cleanup');
  }
}

async function nested(): Promise<void> {
  try {
    try {
      const r = await guarded('inner', 30);
      trace('inner gave ' + r);
      await sleep(100);
      trace('never');
    } finally {
      trace('middle finally');
    }
  } finally {
    trace('outer finally');
  }
}

async function thrower(n: number): Promise<number> {
  await sleep(5);
  if (n > 2) throw new Error('too big: ' + n);
  return n;
}

async function catches(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    try {
      const v = await thrower(i);
      trace('ok ' + v);
      if (v === 1) continue;
      trace('not one');
    } catch (e) {
      trace('caught ' + (e as Error).message);
      if (i === 4) break;
    } finally {
      trace('finally ' + i);
    }
  }
  trace('after loop');
}

async function throughFinally(): Promise<number> {
  let x = 1;
  try {
    try {
      await sleep(1);
      x = 2;
      return x * 10;
    } finally {
      trace('inner fin x=' + x);
      x = 3;
    }
  } finally {
    trace('outer fin x=' + x);
  }
}

async function rethrows(): Promise<number> {
  try {
    await thrower(7);
    return 0;
  } catch (e) {
    await sleep(2);
    trace('rethrowing');
    throw e;
  } finally {
    trace('rethrow finally');
  }
}

async function outer(): Promise<void> {
  trace('throughFinally ' + (await throughFinally()));
  try {
    await rethrows();
  } catch (e) {
    trace('outer caught ' + (e as Error).message);
  }
  await sleep(4);
  throw new Error('boom at the end');
}

export function setup(env: Env): void {
  useEnv(env);
  env.cancelAt(60, env.spawn('nested', nested, []));
  env.spawn('catches', catches, []);
  env.spawn('outer', outer, []);
  env.cancelAt(20, env.spawn('guarded', guarded, ['g', 50]));
  env.cancelAt(200, env.spawn('finished', guarded, ['f', 10]));
}
