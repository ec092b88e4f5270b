// frugal's command line. Each command lives in its own module; this file only wires arguments.
// Boards are declared as choices and examples checked by the parser, so a wrong name is refused
// before anything is built, with the list of valid ones (and a non-zero exit code). Every command
// that runs or bundles an example loads it through the async/await lowering (load-example.ts).

import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { BOARDS, boardIds } from '../boards/descriptors.ts';
import { DEFAULT_EXAMPLE, exampleNames, isExampleName } from '../examples/names.ts';
import { Tracer } from './trace.ts';

// The bundler and TypeScript take most of a second to load: only the commands that need them do.
const loadBuild = () => import('./build.ts');
const loadExample = async (name: string) => (await import('./load-example.ts')).loadExample(name);

function positiveInt(name: string, unit: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n <= 0) throw new InvalidArgumentError(name + ' must be a whole number of ' + unit + ' > 0, got ' + value);
    return n;
  };
}

const deviceBoards = boardIds().filter((id) => id !== 'sim');

// A name of examples/, or a path to the user's own example module (checked when it is loaded).
function exampleValue(value: string): string {
  if (isExampleName(value) || /[\\/]/.test(value) || /\.ts$/.test(value)) return value;
  throw new InvalidArgumentError('Allowed choices are ' + exampleNames().join(', ') + ', or the path of a .ts file that exports an Example.');
}

function exampleArg(optional: boolean): Argument {
  const a = new Argument(optional ? '[example]' : '<example>', 'example name (' + exampleNames().join(', ') + ') or path to a .ts file exporting an Example')
    .argParser(exampleValue);
  return optional ? a.default(DEFAULT_EXAMPLE) : a;
}

function boardOption(required: boolean): Option {
  const o = new Option('--board <id>', 'board to build for (frugal boards lists them)').choices(deviceBoards);
  return required ? o.makeOptionMandatory() : o;
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
  .addArgument(exampleArg(true))
  .option('--ms <n>', 'board time to simulate, in ms (default: the example\'s own)', positiveInt('--ms', 'milliseconds'))
  .option('--trace <file>', 'write every poll and sleep as a Chrome trace-event JSON file (open it in ui.perfetto.dev)')
  .action(async (name: string, opts: { ms?: number; trace?: string }) => {
    if (opts.trace && !existsSync(dirname(opts.trace) || '.')) {
      throw new Error("--trace '" + opts.trace + "': the directory " + dirname(opts.trace) + ' does not exist; create it or write the trace elsewhere');
    }
    const { example } = await loadExample(name);
    const { describeRun, runOnSim } = await import('./run-sim.ts');
    const ms = opts.ms || example.runMs;
    const tracer = opts.trace ? new Tracer('frugal run ' + example.name + ' (board time)') : undefined;
    const run = runOnSim(example, ms, tracer);
    console.log(describeRun(example, run, ms));
    if (tracer && opts.trace) {
      const file = tracer.finish(run.ex, ms);
      const tmp = join(dirname(opts.trace), '.' + basename(opts.trace) + '.' + process.pid + '.tmp');
      writeFileSync(tmp, JSON.stringify(file));
      renameSync(tmp, opts.trace);
      console.log('\ntrace: ' + file.traceEvents.length + ' events written to ' + opts.trace + ' (open it in ui.perfetto.dev)');
    }
  });

program
  .command('build')
  .description('bundle an example for a board: ES5, minified, checked against the Espruino profile and the board\'s RAM')
  .addArgument(exampleArg(false))
  .addOption(boardOption(true))
  .option('--out <file>', 'write the bundle to this file')
  .action(async (name: string, opts: { board: string; out?: string }) => {
    const { buildExample } = await loadBuild();
    const { describeBuild } = await import('./describe-build.ts');
    const r = await buildExample(name, opts.board, { out: opts.out });
    console.log(describeBuild(r));
  });

program
  .command('flash')
  .description('build an example and upload it to a board through espruino-tools (or write the upload with --out)')
  .addArgument(exampleArg(false))
  .addOption(boardOption(true))
  .option('--port <port>', 'serial device (/dev/ttyACM0, COM3), Bluetooth address (aa:bb:cc:dd:ee:ff) or tcp://host')
  .option('--out <file.js>', 'write exactly what would be sent to this file (espruino -n -o); needs no board')
  .option('--save', 'store the program as .bootcde so that it runs at every boot')
  .option('--baud <n>', 'serial baud rate (default 9600; 115200 for ESP32)', positiveInt('--baud', 'bits per second'))
  .action(async (name: string, opts: { board: string; port?: string; out?: string; save?: boolean; baud?: number }) => {
    const { describeFlash, flashExample } = await import('./flash.ts');
    const r = await flashExample(name, { board: opts.board, port: opts.port, out: opts.out, save: opts.save, baud: opts.baud });
    console.log(describeFlash(r, opts.port));
  });

program
  .command('size')
  .description('static frame and side-stack sizes of the example\'s async functions next to the configured budget and what a simulated run used; with --board, the bundle and its RAM budget too')
  .addArgument(exampleArg(false))
  .addOption(boardOption(false))
  .option('--ms <n>', 'board time to simulate, in ms (default: the example\'s own)', positiveInt('--ms', 'milliseconds'))
  .action(async (name: string, opts: { board?: string; ms?: number }) => {
    const { describeSize, sizeExample } = await import('./size.ts');
    const loaded = await loadExample(name);
    const s = sizeExample(loaded, opts.ms || loaded.example.runMs);
    const build = opts.board ? await (await loadBuild()).buildExample(name, opts.board) : undefined;
    console.log(describeSize(s, build));
  });

program
  .command('audit')
  .description('list every place in the example\'s task code that may allocate at run time (file:line:column), and nothing else')
  .addArgument(exampleArg(false))
  .action(async (name: string) => {
    const { auditExample, describeAudit } = await import('./audit.ts');
    console.log(describeAudit(auditExample(await loadExample(name))));
  });

program
  .command('decode')
  .description('print a device\'s output with every fault line (frugal!E<code>,...) replaced by its message')
  .argument('[file]', 'the device output (default: standard input)')
  .requiredOption('--map <names.json>', 'the name map of the bundle that printed it: task, future and string names by number')
  .action(async (file: string | undefined, opts: { map: string }) => {
    const { decodeDeviceOutput } = await import('./decode.ts');
    process.stdout.write(decodeDeviceOutput(file, opts.map));
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
