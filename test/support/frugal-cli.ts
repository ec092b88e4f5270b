// The frugal command line run in the test's own process (cli/cli-program.ts's runFrugal): the same
// command tree, parsing and output as `node cli/frugal.js`, without starting a Node with TypeScript
// and the bundler for each case. What only a process shows (exit on a closed pipe, standard input,
// the bin script itself) is tested by spawning it: cli-info.test.ts, cli-commands.test.ts.

import { runFrugal } from '../../cli/cli-program.ts';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export interface CliOptions {
  /** Variables set for the run (TMPDIR, ...), restored after it. */
  env?: NodeJS.ProcessEnv;
  /** The directory the run starts in, restored after it. */
  cwd?: string;
}

/** Runs `frugal <args>` and returns its exit code and output. */
export async function frugalWith(opts: CliOptions, ...args: string[]): Promise<CliResult> {
  const saved: { [k: string]: string | undefined } = {};
  for (const k of Object.keys(opts.env ?? {})) {
    saved[k] = process.env[k];
    process.env[k] = opts.env![k];
  }
  const cwd = process.cwd();
  if (opts.cwd !== undefined) process.chdir(opts.cwd);
  let out = '';
  let err = '';
  try {
    const code = await runFrugal(args, { out: (t) => { out += t; }, err: (t) => { err += t; }, exitCode: 0 });
    return { code, out, err };
  } finally {
    process.chdir(cwd);
    for (const k of Object.keys(saved)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

export function frugal(...args: string[]): Promise<CliResult> {
  return frugalWith({}, ...args);
}
