// Task pools: spawn into a pool of two (the third is BUSY), a wait for a task's end, a slot's next
// task, cancel by handle (the finally block runs), and a slot taken and freed in a loop. Handles
// are only compared with each other, never printed: the two runs number their task slots alike,
// but the corpus compares behaviour.

import { BUSY, cancel, running, sleep, spawn, waitTask, type TaskPool } from '../../tasks/task-api.ts';
import { trace, useEnv, type Env } from './env.ts';

async function job(id: number, ms: number): Promise<number> {
  trace('job ' + id + ' start');
  try {
    await sleep(ms);
    trace('job ' + id + ' slept');
    return id;
  } finally {
    trace('job ' + id + ' cleanup');
  }
}

async function boss(pool: TaskPool<typeof job>): Promise<void> {
  const a = spawn(pool, 1, 20);
  const b = spawn(pool, 2, 200);
  trace(spawn(pool, 3, 5) === BUSY ? 'third busy' : 'third started');
  await waitTask(a);
  trace('a over: ' + (running(a) ? 'running' : 'stopped'));
  const c = spawn(pool, 4, 500);
  trace(c === a ? 'c has a\'s handle' : 'c has a handle of its own');
  await sleep(30);
  // Natively a cancel finishes in the next microtasks: look at the task once its end was awaited.
  cancel(b);
  await waitTask(b);
  trace('b over: ' + (running(b) ? 'running' : 'stopped'));
  await sleep(10);
  cancel(c);
  await waitTask(c);
  trace('c over');
  for (let i = 0; i < 3; i++) {
    const h = spawn(pool, 10 + i, 5);
    await waitTask(h);
  }
  trace('boss done');
}

export function setup(env: Env): void {
  useEnv(env);
  env.spawn('boss', boss, [env.taskPool('job', job, 2)]);
}
