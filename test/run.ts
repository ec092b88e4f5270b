// Runs a suite (test/support/suites.ts) in one process with uvu and ends with the plain line
// "N passed, N failed" taken from uvu's own totals, as CI reads it.
//   test/run.ts [--engines | --package] [regex]
// --engines: the Duktape runs instead of npm test's suite; --package: the install of the packed
// package; regex: only the files whose path matches.

import { run } from 'uvu/run';
import { suiteFiles, type SuiteName } from './support/suites.ts';

const args = process.argv.slice(2);
const named: SuiteName | null = args[0] === '--engines' ? 'engines' : args[0] === '--package' ? 'package' : null;
const filter = named !== null ? args[1] : args[0];
const suites = await suiteFiles(named ?? 'test', filter ? new RegExp(filter) : undefined);

let captured = '';
// uvu prints each file's name as it starts it: FRUGAL_TEST_TIMES=1 ends the run with each file's
// seconds, longest first (what README's test durations are read from).
const times: [string, number][] = [];
const names = new Set(suites.map((s) => s.name));
let started = performance.now();
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  const name = text.replace(/\x1b\[[0-9;]*m/g, '').trim();
  if (names.has(name)) {
    times.push([name, 0]);
    started = performance.now();
  } else if (times.length > 0) {
    times[times.length - 1][1] = (performance.now() - started) / 1000;
  }
  captured += text;
  if (captured.length > 4096) captured = captured.slice(-4096);
  return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

await run(suites, { bail: false });

// uvu colours its totals; strip the escapes before reading them.
const plain = captured.replace(/\x1b\[[0-9;]*m/g, '');
// uvu counts skipped tests apart from its total.
const total = Number((/Total:\s+(\d+)/.exec(plain) || [])[1] || 0);
const passed = Number((/Passed:\s+(\d+)/.exec(plain) || [])[1] || 0);
const skipped = Number((/Skipped:\s+(\d+)/.exec(plain) || [])[1] || 0);
process.stdout.write = write;
if (process.env.FRUGAL_TEST_TIMES) {
  for (const [name, s] of times.sort((a, b) => b[1] - a[1])) console.log(s.toFixed(1).padStart(7) + ' s  ' + name);
}
console.log('\n' + passed + ' passed, ' + (total - passed) + ' failed' + (skipped ? ', ' + skipped + ' skipped' : ''));
if (total === 0) process.exitCode = 1;
