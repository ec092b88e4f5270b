// frugal's command line. Each command lives in its own module; this file only wires arguments.

import { Command, InvalidArgumentError } from 'commander';
import { BOARDS } from '../boards/descriptors.ts';
import { DEFAULT_EXAMPLE, findExample } from '../examples/index.ts';
import { describeRun, runOnSim } from './run-sim.ts';

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n <= 0) throw new InvalidArgumentError(name + ' must be a whole number of milliseconds > 0, got ' + value);
    return n;
  };
}

const program = new Command();
program
  .name('frugal')
  .description('A fixed-budget async executor for Espruino-class microcontrollers')
  .showHelpAfterError()
  .exitOverride((err) => {
    process.exit(err.exitCode);
  });

program
  .command('run')
  .description('run an example on the simulated board and print what each task did and the budget report')
  .argument('[example]', 'example name', DEFAULT_EXAMPLE)
  .option('--ms <n>', 'board time to simulate, in ms (default: the example\'s own)', positiveInt('--ms'))
  .action((name: string, opts: { ms?: number }) => {
    const example = findExample(name);
    const ms = opts.ms || example.runMs;
    console.log(describeRun(example, runOnSim(example, ms), ms));
  });

program
  .command('boards')
  .description('list the boards frugal can build for')
  .action(() => {
    for (const b of BOARDS) {
      console.log(b.id.padEnd(10) + b.name.padEnd(34) + String(b.variables).padStart(6) + ' vars x ' + b.bytesPerVariable + ' bytes');
    }
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  console.error('frugal: ' + (e instanceof Error ? e.message : String(e)));
  process.exitCode = 1;
}
