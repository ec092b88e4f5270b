// Loops with break/continue (labelled too), early return, switch, nested and recursive calls.

import { sleep, yieldNow } from '../../tasks/task-api.ts';
import { trace, useEnv, type Env } from './env.ts';

export async function countdown(n: number): Promise<number> {
  let total = 0;
  for (let i = n; i > 0; i--) {
    await sleep(10);
    if (i === 2) continue;
    total += i;
    trace('count ' + i);
  }
  return total;
}

async function firstOver(limit: number, step: number): Promise<number> {
  let x = 0;
  while (true) {
    x += step;
    await yieldNow();
    if (x > limit) return x;
  }
}

async function fib(n: number): Promise<number> {
  if (n < 2) {
    await yieldNow();
    return n;
  }
  const a = await fib(n - 1);
  const b = await fib(n - 2);
  return a + b;
}

async function grid(rows: number, cols: number): Promise<number> {
  let hits = 0;
  outer: for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      await sleep(1);
      if (c === r) continue outer;
      if (r * c > 6) break outer;
      hits++;
    }
  }
  return hits;
}

async function describe(kind: number): Promise<string> {
  let out = '';
  switch (kind) {
    case 0:
      out = 'zero';
      break;
    // @ts-expect-error TS7029: the fall-through is what this case tests the lowering on
    case 1:
      await sleep(5);
      out = 'one';
    // falls through
    case 2:
      await sleep(5);
      out += '+two';
      break;
    default:
      out = 'many:' + (await fib(kind));
  }
  return out;
}

async function doWhile(n: number): Promise<number> {
  let i = 0;
  let acc = 1;
  do {
    acc = acc * 2 + (await firstOver(i, 1));
    i++;
  } while (i < n);
  return acc;
}

async function main(): Promise<void> {
  trace('countdown ' + (await countdown(4)));
  trace('firstOver ' + (await firstOver(10, 3)));
  trace('fib ' + (await fib(7)));
  trace('grid ' + (await grid(4, 4)));
  for (let k = 0; k < 4; k++) trace('describe ' + k + ' ' + (await describe(k)));
  const d = await doWhile(3);
  trace('doWhile ' + d);
  const both = (await countdown(2)) + (await fib(5)) * 10;
  trace('both ' + both);
}

export function setup(env: Env): void {
  useEnv(env);
  env.spawn('main', main, []);
}
