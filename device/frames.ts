// Where task t's entry frame is in W and R (program.ts T_ONE_BASE): a number from the task's index
// where the frames are in a row, else the task's word of the T_BASE table. A function that only
// returns an expression: the build writes it in at each use (bundler/inline-calls.ts).

import { T_BASE, T_ONE_BASE, T_ONE_RBASE, T_RBASE, T_RSTRIDE, T_STRIDE, W } from './program.ts';
import { col } from './ready-queue.ts';

/** The word task t's entry frame begins at. */
export function frameAt(t: number): number {
  return T_ONE_BASE >= 0 ? T_ONE_BASE + T_STRIDE * col(t) : W[T_BASE + col(t)];
}

/** The reference slot task t's entry frame begins at. */
export function refFrameAt(t: number): number {
  return T_ONE_RBASE >= 0 ? T_ONE_RBASE + T_RSTRIDE * col(t) : W[T_RBASE + col(t)];
}
