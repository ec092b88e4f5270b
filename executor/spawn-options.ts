// What one spawn asks for: its options checked against the config's defaults and limits. The label
// naming the task in an error is built only when an option is given and wrong, so a plain spawn
// allocates nothing.

import { checkKeys, checkOptions, checkSize, hasUnknownKey, type ExecutorConfig } from './config.ts';

export interface SpawnOptions {
  name?: string;
  /** Side-stack words for this task instead of the config default. */
  sideStack?: number;
  sideStackRefs?: number;
  /** Scratch words for this task instead of the config default. */
  scratch?: number;
  scratchRefs?: number;
}

const SPAWN_OPTIONS = ['name', 'sideStack', 'sideStackRefs', 'scratch', 'scratchRefs'];
const NO_OPTIONS: SpawnOptions = {};

// Slots of SPAWN_SIZES.
export const SZ_STACK_WORDS = 0;
export const SZ_STACK_REFS = 1;
export const SZ_SCRATCH_WORDS = 2;
export const SZ_SCRATCH_REFS = 3;

/**
 * The sizes of the spawn under way, written by spawnSizes. One array for the process, not one per
 * executor: a spawn reads it at once, and an executor's footprint stays its own budget.
 */
export const SPAWN_SIZES = new Int32Array(4);

// error path: the label names the task in a spawn option's error only
function spawnLabel(name: string): string {
  return "spawn '" + name + "'";
}

/** A spawn option's size; the label that names the task is built only when the size is refused. */
function spawnSize(name: string, key: string, value: unknown, min: number, max: number): number {
  if (typeof value === 'number' && value === Math.floor(value) && value >= min && value <= max) return value;
  return checkSize(spawnLabel(name), key, value, min, max);
}

/**
 * Returns the task's name and writes its side-stack and scratch sizes into SPAWN_SIZES (SZ_*
 * slots); throws a 'config' error naming the task and the option for a wrong option.
 *
 * Contract: the caller reads SPAWN_SIZES before anything can spawn again (before the entry's init).
 */
export function spawnSizes(c: ExecutorConfig, entryName: string, opts: SpawnOptions | undefined): string {
  const out = SPAWN_SIZES;
  const o = opts === undefined ? NO_OPTIONS : checkOptions('spawn', opts) as SpawnOptions;
  const name = o.name || entryName;
  if (opts !== undefined && hasUnknownKey(o, SPAWN_OPTIONS)) checkKeys(spawnLabel(name), o, SPAWN_OPTIONS);
  out[SZ_STACK_WORDS] = o.sideStack === undefined ? c.sideStackWords : spawnSize(name, 'sideStack', o.sideStack, 1, 1 << 20);
  out[SZ_STACK_REFS] = o.sideStackRefs === undefined ? c.sideStackRefs : spawnSize(name, 'sideStackRefs', o.sideStackRefs, 0, 1 << 16);
  out[SZ_SCRATCH_WORDS] = o.scratch === undefined ? c.scratchWords : spawnSize(name, 'scratch', o.scratch, 0, 1 << 20);
  out[SZ_SCRATCH_REFS] = o.scratchRefs === undefined ? c.scratchRefs : spawnSize(name, 'scratchRefs', o.scratchRefs, 0, 1 << 16);
  return name;
}
