// frugal's command line as a function of its arguments: the command tree, each command's module
// loaded when it runs, all output written through the io it is given. cli/commands.ts runs it on
// the process; the tests run it in the same process, which spares each case the start of a Node
// with TypeScript and the bundler (seconds each, most of what the CLI tests took).
// Boards are declared as choices and examples checked by the parser, so a wrong name is refused
// before anything is built, with the list of valid ones (and a non-zero exit code). Every command
// that runs or bundles an example loads it through the async/await lowering (program/load-program.ts).

import { createRequire } from 'node:module';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { boardIds, findBoard } from '../boards/descriptors.ts';
import { DEFAULT_EXAMPLE, exampleNames, isExampleName } from '../program/example-names.ts';
import { checkOut, writeOut, type OutTarget } from './out-file.ts';
import { describeRun, faultSummary } from '../program/describe-run.ts';
import { boardOf, DEFAULT_BOARD, MAX_RUN_MS, runMsOf, simulateProgram, tooLong } from '../program/simulate-program.ts';

// The bundler and TypeScript take most of a second to load: only the commands that need them do.
const loadExample = async (name: string) => (await import('../program/load-program.ts')).loadExample(name);

function positiveInt(name: string, unit: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+(e\d+)?$/i.test(value) || !Number.isSafeInteger(n) || n <= 0) {
      throw new InvalidArgumentError(name + ' must be a whole number of ' + unit + ' > 0, got ' + value);
    }
    return n;
  };
}

function boardMs(value: string): number {
  const ms = positiveInt('--ms', 'milliseconds')(value);
  const long = tooLong('--ms', ms);
  if (long !== null) throw new InvalidArgumentError(long + '; pass --ms ' + MAX_RUN_MS + ' or less');
  return ms;
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

// Help lists `shown`; 'sim' passes too, for the command to refuse or take, naming what to run instead.
function boardOption(description: string, shown: string[], required: boolean): Option {
  const o = new Option('--board <id>', description).choices(shown).argParser((value: string) => {
    if (value === 'sim' || shown.indexOf(value) >= 0) return value;
    throw new InvalidArgumentError('Allowed choices are ' + shown.join(', ') + '.');
  });
  return required ? o.makeOptionMandatory() : o;
}

// The package's own package.json, by self-reference: where it lies from here differs between a
// checkout (cli/) and the package (dist/cli/).
const { version } = createRequire(import.meta.url)('frugal/package.json') as { version: string };

/** Where a run of the command line writes, and the exit code it sets besides a failure's. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  exitCode: number;
}

function frugalProgram(io: CliIo): Command {
  const say = (text: string): void => io.out(text + '\n');
  const program = new Command();
  program
    .name('frugal')
    .description('A fixed-budget async executor for Espruino-class microcontrollers')
    .version(version, '-V, --version', "print frugal's version")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('run')
    .description('run an example as its board runs it: the bundle frugal build writes, on a model of the board\'s Espruino; print what it did and the budget report read from its memory')
    .addArgument(exampleArg(true))
    .addOption(boardOption('board whose bundle runs (frugal boards lists them; default: the example\'s own board, else ' + DEFAULT_BOARD + ')', deviceBoards, false))
    .option('--ms <n>', 'board time to simulate, in ms, at most ' + MAX_RUN_MS + ' (default: the example\'s own)', boardMs)
    .option('--trace <file>', 'write every poll and sleep as a Chrome trace-event JSON file (open it in ui.perfetto.dev)')
    .option('--espruino <interpreter>', 'run the bundle on this Espruino interpreter (a Linux build of Espruino) instead of the model: its output and the blocks it takes')
    .action(async (name: string, opts: { ms?: number; trace?: string; espruino?: string; board?: string }) => {
      const board = opts.board ?? await boardOf(name);
      if (opts.board === 'sim') {
        throw new Error("there is no board 'sim' to run: frugal run runs the bundle of a real board on a model of it; pass --board <id> (frugal boards lists them) or leave it out for " + DEFAULT_BOARD);
      }
      if (opts.espruino !== undefined) {
        const { describeEspruinoRun } = await import('./describe-espruino-run.ts');
        const { runExampleOnEspruino } = await import('../bundler/example-on-espruino.ts');
        const { example } = await loadExample(name);
        const r = await runExampleOnEspruino(name, board, opts.espruino, runMsOf(example, opts.ms));
        say(describeEspruinoRun(r));
        if (r.failures.length > 0) io.exitCode = 1;
        return;
      }
      const target: OutTarget | null = opts.trace ? { option: '--trace', path: opts.trace, what: 'trace', suggest: 'trace.json', makeDirs: false } : null;
      if (target) checkOut(target);
      const run = await simulateProgram(name, { board, ms: opts.ms, programInputs: true, trace: target !== null });
      for (const w of run.build.build.warnings) io.err('frugal: warning: ' + w + '\n');
      say(describeRun(run));
      if (target && run.trace) {
        writeOut(target, JSON.stringify(run.trace));
        say('\ntrace: ' + run.trace.traceEvents.length + ' events written to ' + target.path + ' (open it in ui.perfetto.dev)');
      }
      const faulted = faultSummary(run);
      if (faulted !== null) throw new Error(faulted);
    });

  program
    .command('build')
    .description('bundle an example for a board: ES5, minified, checked against the Espruino profile and the board\'s RAM')
    .addArgument(exampleArg(false))
    .addOption(boardOption('board to build for (frugal boards lists them)', deviceBoards, true))
    .option('--out <file>', 'write the bundle to this file')
    .action(async (name: string, opts: { board: string; out?: string }) => {
      const { buildCommand } = await import('./build-command.ts');
      const { describeBuild } = await import('./describe-build.ts');
      const r = await buildCommand(name, opts.board, opts.out);
      for (const w of r.build.build.warnings) io.err('frugal: warning: ' + w + '\n');
      say(describeBuild(r.build, r.written));
    });

  program
    .command('flash')
    .description('build an example and upload it to a board through espruino-tools (or write the upload with --out)')
    .addArgument(exampleArg(false))
    .addOption(boardOption('board to flash (frugal boards lists them)', deviceBoards, true))
    .option('--port <port>', 'serial device (/dev/ttyACM0, COM3), Bluetooth address (aa:bb:cc:dd:ee:ff) or tcp://host')
    .option('--out <file.js>', 'write exactly what would be sent to this file (espruino -n -o); needs no board')
    .option('--save', 'store the program as .bootcde so that it runs at every boot')
    .option('--baud <n>', 'serial baud rate (default 9600; 115200 for ESP32)', positiveInt('--baud', 'bits per second'))
    .action(async (name: string, opts: { board: string; port?: string; out?: string; save?: boolean; baud?: number }) => {
      const { describeFlash, flashExample } = await import('./flash.ts');
      const r = await flashExample(name, { board: opts.board, port: opts.port, out: opts.out, save: opts.save, baud: opts.baud });
      say(describeFlash(r, opts.port));
    });

  program
    .command('size')
    .description('static frame and side-stack sizes of the example\'s async functions next to the configured budget and what its device bundle used on the model of the board; with --board, the bundle and its RAM budget too')
    .addArgument(exampleArg(false))
    .addOption(boardOption('board whose bundle runs, and whose build is printed (frugal boards lists them; default ' + DEFAULT_BOARD + ')', deviceBoards, false))
    .option('--ms <n>', 'board time to simulate, in ms, at most ' + MAX_RUN_MS + ' (default: the example\'s own)', boardMs)
    .action(async (name: string, opts: { board?: string; ms?: number }) => {
      const { describeSize } = await import('./size-command.ts');
      const { sizeExample } = await import('../program/size-program.ts');
      const loaded = await loadExample(name);
      if (opts.board === 'sim') throw new Error("there is no board 'sim' to size for: pass --board <id> (frugal boards lists them) or leave it out for " + DEFAULT_BOARD);
      const s = await sizeExample(loaded, runMsOf(loaded.example, opts.ms), opts.board ?? loaded.example.board ?? DEFAULT_BOARD);
      say(describeSize(s, opts.board !== undefined && s.run !== null ? s.run.build : undefined));
    });

  program
    .command('audit')
    .description('list every place in the example\'s task code that may allocate at run time (file:line:column), and nothing else; exits 1 when it lists one')
    .addArgument(exampleArg(false))
    .option('--no-fail', 'list the places and exit 0')
    .action(async (name: string, opts: { fail: boolean }) => {
      const { auditExample, auditFailure, describeAudit } = await import('./audit-command.ts');
      const r = auditExample(await loadExample(name));
      say(describeAudit(r));
      const failure = auditFailure(r);
      if (failure !== null && opts.fail) throw new Error(failure);
    });

  program
    .command('decode')
    .description('print a device\'s output with every fault line (frugal!E<code>,...) replaced by its message')
    .argument('[file]', 'the device output (default: standard input)')
    .requiredOption('--map <names.json>', 'the name map of the bundle that printed it: task, future and string names by number')
    .action(async (file: string | undefined, opts: { map: string }) => {
      const { decodeDeviceOutput } = await import('./decode.ts');
      io.out(decodeDeviceOutput(file, opts.map));
    });

  program
    .command('new')
    .description('create a project: package.json, tsconfig.json, a program and its test, ready for npm install && npm test')
    .argument('<dir>', "the project's directory (new, or empty)")
    .option('--frugal <spec>', 'the dependency on frugal to write (default: as the project running this has it, e.g. file:../frugal-0.1.0.tgz)')
    .action(async (dir: string, opts: { frugal?: string }) => {
      const { describeNewProject, newProject } = await import('./new-project.ts');
      say(describeNewProject(newProject(dir, opts.frugal), dir));
    });

  program
    .command('boards')
    .description('list the boards frugal builds for, simulates and flashes; with an id, what a program may use on it')
    .addArgument(new Argument('[id]', 'a board: its pins, LEDs, buttons, sensors, serial ports and RAM').choices(deviceBoards))
    .action(async (id: string | undefined) => {
      const { boardList, describeBoard } = await import('./describe-board.ts');
      say(id === undefined ? boardList(DEFAULT_BOARD) : describeBoard(findBoard(id)));
    });
  return program;
}

/**
 * Runs the command line on `args` (without node and the script) and returns its exit code.
 * - A refused argument or a failed command is written to io.err as one `frugal: ...` line
 *   (commander's own refusals with their usage), never thrown.
 * - A command tree is made per call: commander keeps parsed values in it.
 */
export async function runFrugal(args: string[], io: CliIo): Promise<number> {
  try {
    await frugalProgram(io).parseAsync(args, { from: 'user' });
    return io.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    io.err('frugal: ' + (e instanceof Error ? e.message : String(e)) + '\n');
    return 1;
  }
}
