// The frugal command on this process: its arguments, standard output and error, exit code.
// The commands themselves are cli/cli-program.ts.

import { runFrugal, type CliIo } from './cli-program.ts';

// A reader that stops early (frugal run ... | head) closes the pipe: what is left to print has
// nowhere to go, and the command still finishes (writing its --trace or --out file) and exits as it would.
for (const stream of [process.stdout, process.stderr]) {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') closed = true;
    if (!closed) throw e;
  });
}

const io: CliIo = {
  out: (text) => { process.stdout.write(text); },
  err: (text) => { process.stderr.write(text); },
  exitCode: 0,
};
process.exitCode = await runFrugal(process.argv.slice(2), io);
