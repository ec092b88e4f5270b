// One config object sizes every budget of an executor. Validation happens before anything is
// allocated, so a bad config leaves nothing half-built.

import { POLICY_NAMES } from '../contract/pool-policy.ts';
import {
  fail, M_CONFIG_FRAMES_SMALL, M_CONFIG_NOT_NUMBER, M_CONFIG_NOT_OBJECT, M_CONFIG_NOT_WHOLE, M_CONFIG_POLICY, M_CONFIG_RUN_QUEUE_SMALL,
  M_CONFIG_TOO_LARGE, M_CONFIG_TOO_SMALL, M_CONFIG_TOTAL_LARGE, M_CONFIG_UNKNOWN_OPTION,
} from './messages.ts';

export type PoolFullPolicy = 'error' | 'wait' | 'box';

export interface ExecutorConfig {
  /** Task table size. */
  maxTasks: number;
  /** Default side-stack size per task, in words; the task's entry frame lives at its bottom. */
  sideStackWords: number;
  /** Default reference slots on each side stack. */
  sideStackRefs: number;
  /** Default scratch size per task, in words: lent to one dyn call at a time. 0 = no scratch. */
  scratchWords: number;
  scratchRefs: number;
  /** Bounded pool: slots x slot size, shared by all tasks. */
  poolSlots: number;
  poolSlotWords: number;
  poolSlotRefs: number;
  /** What a dyn call does when its frame fits no scratch and the pool is full. */
  poolFullPolicy: PoolFullPolicy;
  /** Live futures at once across all tasks (frame-table entries). */
  maxFrames: number;
  /** Pending sleeps/timeouts at once. */
  timerCapacity: number;
  /** Run-queue entries; each task is queued at most once, so at least maxTasks. */
  runQueueCapacity: number;
}

export type ExecutorOptions = Partial<ExecutorConfig>;

// Upper bounds that keep handles and typed arrays in range; anything above them is a typo.
const LIMITS: { [k: string]: number } = {
  maxTasks: 255,
  sideStackWords: 1 << 20,
  sideStackRefs: 1 << 16,
  scratchWords: 1 << 20,
  scratchRefs: 1 << 16,
  poolSlots: 4096,
  poolSlotWords: 1 << 20,
  poolSlotRefs: 1 << 16,
  maxFrames: 65535,
  timerCapacity: 65535,
  runQueueCapacity: 65535,
};

// Budgets where 0 would make the executor useless.
const AT_LEAST_ONE: { [k: string]: boolean } = {
  maxTasks: true, sideStackWords: true, maxFrames: true, timerCapacity: true, runQueueCapacity: true,
};

const NUMERIC_KEYS = [
  'maxTasks', 'sideStackWords', 'sideStackRefs', 'scratchWords', 'scratchRefs', 'poolSlots',
  'poolSlotWords', 'poolSlotRefs', 'maxFrames', 'timerCapacity', 'runQueueCapacity',
];

/** Total words the arenas may take; beyond this no microcontroller has the RAM. */
export const MAX_TOTAL_WORDS = 1 << 22;

export function checkSize(what: string, key: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || value !== value) {
    throw fail(M_CONFIG_NOT_NUMBER, [what, key, describe(value), min]);
  }
  if (value !== Math.floor(value)) {
    throw fail(M_CONFIG_NOT_WHOLE, [what, key, value]);
  }
  if (value < min) {
    throw fail(M_CONFIG_TOO_SMALL, [what, key, min, value]);
  }
  if (value > max) {
    throw fail(M_CONFIG_TOO_LARGE, [what, key, value, max]);
  }
  return value;
}

export function describe(v: unknown): string {
  if (typeof v === 'string') return "the string '" + v + "'";
  if (typeof v === 'bigint') return 'the bigint ' + String(v) + 'n';
  if (v !== v) return 'NaN';
  if (v === null) return 'null';
  if (v instanceof Array) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'function') return 'a function';
  return String(v);
}

/** True when opts has a key outside `valid` (checked without building any string). */
export function hasUnknownKey(opts: object, valid: string[]): boolean {
  for (const key in opts) if (valid.indexOf(key) < 0) return true;
  return false;
}

/** Refuses option keys outside `valid`, naming the nearest valid one. */
export function checkKeys(what: string, opts: object, valid: string[]): void {
  for (const key in opts) {
    if (valid.indexOf(key) < 0) {
      throw fail(M_CONFIG_UNKNOWN_OPTION, [what, key, nearest(key, valid), valid.join(', ')]);
    }
  }
}

/** Options must be an object (or left out). */
export function checkOptions(what: string, opts: unknown): object {
  if (opts === undefined || opts === null) return {};
  if (typeof opts !== 'object' || opts instanceof Array) {
    throw fail(M_CONFIG_NOT_OBJECT, [what, describe(opts)]);
  }
  return opts as object;
}

export function defaultConfig(maxTasks: number): ExecutorConfig {
  return {
    maxTasks: maxTasks,
    sideStackWords: 64,
    sideStackRefs: 8,
    scratchWords: 16,
    scratchRefs: 4,
    poolSlots: 4,
    poolSlotWords: 32,
    poolSlotRefs: 4,
    poolFullPolicy: 'error',
    maxFrames: maxTasks * 16,
    timerCapacity: maxTasks * 2,
    runQueueCapacity: maxTasks,
  };
}

export function resolveConfig(options?: ExecutorOptions): ExecutorConfig {
  const opts = checkOptions('executor config', options) as { [k: string]: unknown };
  checkKeys('executor config', opts, NUMERIC_KEYS.concat(['poolFullPolicy']));
  const maxTasks = opts.maxTasks === undefined ? 8 : checkSize('executor config', 'maxTasks', opts.maxTasks, 1, LIMITS.maxTasks);
  const cfg = defaultConfig(maxTasks) as unknown as { [k: string]: number | string };
  for (let i = 0; i < NUMERIC_KEYS.length; i++) {
    const key = NUMERIC_KEYS[i];
    if (opts[key] !== undefined) cfg[key] = checkSize('executor config', key, opts[key], AT_LEAST_ONE[key] ? 1 : 0, LIMITS[key]);
  }
  if (opts.poolFullPolicy !== undefined) {
    if (POLICY_NAMES.indexOf(opts.poolFullPolicy as string) < 0) {
      throw fail(M_CONFIG_POLICY, [describe(opts.poolFullPolicy)]);
    }
    cfg.poolFullPolicy = opts.poolFullPolicy as string;
  }
  const c = cfg as unknown as ExecutorConfig;
  if (c.runQueueCapacity < c.maxTasks) {
    throw fail(M_CONFIG_RUN_QUEUE_SMALL, [c.runQueueCapacity, c.maxTasks]);
  }
  if (c.maxFrames < c.maxTasks) {
    throw fail(M_CONFIG_FRAMES_SMALL, [c.maxFrames, c.maxTasks]);
  }
  const total = c.maxTasks * (c.sideStackWords + c.scratchWords) + c.poolSlots * c.poolSlotWords;
  if (total > MAX_TOTAL_WORDS) {
    throw fail(M_CONFIG_TOTAL_LARGE, [total, MAX_TOTAL_WORDS]);
  }
  return c;
}

// The valid option a mistyped key most likely meant, or ''.
function nearest(key: string, valid: string[]): string {
  const k = key.toLowerCase();
  for (let i = 0; i < valid.length; i++) {
    const cand = valid[i].toLowerCase();
    if (cand === k || cand.indexOf(k) === 0 || k.indexOf(cand) === 0) return valid[i];
  }
  return '';
}
