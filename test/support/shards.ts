// npm test's files split across processes, one per core (two here): each shard gets files by
// their measured seconds, the longest first into the lightest shard, so the shards end close
// together. The seconds are FRUGAL_TEST_TIMES=1's `clock s` column of a two-process npm test
// (test/run.ts), rounded: some files mostly wait (a spawned command, a wall-time bound), and the
// clock counts that where CPU would not. A file not listed (under 2 s) counts as UNMEASURED_S.
// They only balance the shards: a wrong figure makes npm test slower, never wrong.

import type { SuiteFile } from './suites.ts';

const UNMEASURED_S = 1;

const SECONDS: { [file: string]: number } = {
  'device-allocation.test.ts': 40,
  'build-boards.test.ts': 26,
  'cli-commands.test.ts': 20,
  'device-fuzz.test.ts': 14,
  'boards-engines.test.ts': 11,
  'testing.test.ts': 10,
  'property-primitives.test.ts': 9,
  'new-project.test.ts': 9,
  'cli-info.test.ts': 8,
  'adapter-sizes.test.ts': 8,
  'examples-sim.test.ts': 7,
  'device-programs.test.ts': 7,
  'flash-failure.test.ts': 6,
  'bench-twins.test.ts': 6,
  'fuzz-runner.test.ts': 6,
  'compiler-profile.test.ts': 6,
  'board-examples.test.ts': 5,
  'device-faults.test.ts': 5,
  'allocation-check.test.ts': 4,
  'simulator-engine.test.ts': 4,
  'busy-loop.test.ts': 4,
  'doc-outputs.test.ts': 4,
  'property-programs.test.ts': 3,
  'executor-allocation.test.ts': 3,
  'adapters-allocation.test.ts': 2,
  'board-api.test.ts': 2,
};

/** `files` in `n` shards of about equal CPU time, each in the suite's own order. */
export function shards(files: readonly SuiteFile[], n: number): SuiteFile[][] {
  const load = new Array<number>(n).fill(0);
  const out: SuiteFile[][] = Array.from({ length: n }, () => []);
  const cost = (f: SuiteFile): number => SECONDS[f.name] ?? UNMEASURED_S;
  for (const f of [...files].sort((a, b) => cost(b) - cost(a))) {
    const k = load.indexOf(Math.min(...load));
    out[k].push(f);
    load[k] += cost(f);
  }
  const order = new Map(files.map((f, i) => [f.file, i]));
  return out.map((s) => s.sort((a, b) => order.get(a.file)! - order.get(b.file)!));
}
