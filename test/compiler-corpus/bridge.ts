// The one way to await a Promise in task code: the explicit, boxing fromPromise.

import { fromPromise } from '../../tasks/task-api.ts';

export async function bridged(p: Promise<number>, factor: number): Promise<number> {
  const v = await fromPromise(p);
  return v * factor;
}
