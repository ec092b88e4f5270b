// The dyn objects a task can call: those its spawn arguments reach, through arrays, objects and
// the implementations behind other dyn objects (a method of one may call another). Setup-time
// only (it allocates freely). The executor and a HAL hold no dyn object of the program and are
// large, so the walk does not enter them.

import { Dyn } from '../adapters/dyn.ts';
import { Executor } from '../executor/executor.ts';

function isHal(v: object): boolean {
  return typeof (v as { digitalWrite?: unknown }).digitalWrite === 'function';
}

/**
 * The dyn objects `values` reach, each once, in the order they are found.
 * - Setup-time only: the walk allocates; `values` are a task's spawn arguments.
 */
export function reachableDyns(values: readonly unknown[]): Dyn[] {
  const out: Dyn[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v) || ArrayBuffer.isView(v) || v instanceof Executor || isHal(v)) return;
    seen.add(v);
    if (v instanceof Dyn) {
      out.push(v);
      visit(v.impl.self);
      return;
    }
    if (Array.isArray(v)) v.forEach(visit);
    else for (const k of Object.keys(v)) visit((v as Record<string, unknown>)[k]);
  };
  values.forEach(visit);
  return out;
}
