// npm test's files split across processes, one per core (two here): each shard gets files by
// their measured CPU seconds, the longest first into the lightest shard, so the shards end close
// together. The seconds are FRUGAL_TEST_TIMES=1's `cpu s` column (test/run.ts), rounded; a file
// not listed (under 3 s) counts as UNMEASURED_S. They only balance the shards: a wrong figure makes
// npm test slower, never wrong.

import type { SuiteFile } from './suites.ts';

const UNMEASURED_S = 1;

const CPU_SECONDS: { [file: string]: number } = {
  'device-allocation.test.ts': 31,
  'build-boards.test.ts': 14,
  'device-fuzz.test.ts': 8,
  'boards-engines.test.ts': 6,
  'cli-commands.test.ts': 6,
  'device-programs.test.ts': 6,
  'bench-twins.test.ts': 5,
  'property-primitives.test.ts': 5,
  'adapter-sizes.test.ts': 4,
  'compiler-profile.test.ts': 4,
  'executor-allocation.test.ts': 4,
  'allocation-check.test.ts': 4,
  'property-programs.test.ts': 3,
  'examples-sim.test.ts': 3,
  'device-faults.test.ts': 3,
  'board-examples.test.ts': 3,
  'doc-outputs.test.ts': 3,
};

/** `files` in `n` shards of about equal CPU time, each in the suite's own order. */
export function shards(files: readonly SuiteFile[], n: number): SuiteFile[][] {
  const load = new Array<number>(n).fill(0);
  const out: SuiteFile[][] = Array.from({ length: n }, () => []);
  const cost = (f: SuiteFile): number => CPU_SECONDS[f.name] ?? UNMEASURED_S;
  for (const f of [...files].sort((a, b) => cost(b) - cost(a))) {
    const k = load.indexOf(Math.min(...load));
    out[k].push(f);
    load[k] += cost(f);
  }
  const order = new Map(files.map((f, i) => [f.file, i]));
  return out.map((s) => s.sort((a, b) => order.get(a.file)! - order.get(b.file)!));
}
