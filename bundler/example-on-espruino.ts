// An example's device bundle on an Espruino interpreter the user has (espruino-run.ts): stored in
// Storage and evaluated from there as a board does, fed the serial input the example scripts for
// its simulated run at the same times (pin edges cannot be given), its fault lines decoded with the
// bundle's name map. The run fails on an interpreter error, a task fault, or when memory grew
// between warm-up and the end.

import { buildExample, type BuildResult } from './build-example.ts';
import { runOnEspruino, type EspruinoRun } from './espruino-run.ts';
import { LINUX_SENSOR_GLOBALS, boardGlobals } from './host-globals.ts';
import { decodeText } from '../executor/messages.ts';
import { scriptedInputs } from '../boards/sim/input-recorder.ts';
import { isPinName } from '../boards/board-api.ts';
import { boardApiUses } from './board-api-check.ts';

/** Blocks a watched pin moves in and out on Espruino's Linux build by itself. */
export const WATCH_NOISE_BLOCKS = 1;

export interface EspruinoExampleRun {
  build: BuildResult;
  run: EspruinoRun;
  ms: number;
  /** Why the run failed (interpreter errors, growth), empty when it passed. */
  failures: string[];
  /** Pin edges the example scripts within the run, which the interpreter cannot be given. */
  skippedEdges: number;
}

/**
 * The interpreter as the user named it: a path, or a command with its words (`qemu-i386 ./espruino`
 * for a 32-bit build on a machine that runs 32-bit code only under emulation).
 */
export function interpreterCommand(spec: string): { interpreter: string; prefix: string[] } {
  const words = spec.trim().split(/\s+/);
  return { interpreter: words[words.length - 1], prefix: words.slice(0, -1) };
}

export async function runExampleOnEspruino(name: string, boardId: string, interpreter: string, ms: number): Promise<EspruinoExampleRun> {
  const build = await buildExample(name, boardId);
  const cmd = interpreterCommand(interpreter);
  const inputs = scriptedInputs(build.example);
  const serial: [number, string][] = [];
  for (const i of inputs) if (i.kind === 'serial' && i.port === 0 && i.atMs < ms) serial.push([i.atMs, i.text]);
  // Pins task code names itself (analogWrite(LED3, ...)) need a stand-in there too; the I2C devices
  // the example scripts answer from their registers at the start.
  const pins = build.pins.concat(boardApiUses(build.code).filter((k) => isPinName(k) && build.pins.indexOf(k) < 0));
  const i2c = inputs.flatMap((i) => (i.kind === 'board' ? i.script.i2c ?? [] : []));
  const run = await runOnEspruino(build.code, {
    interpreter: cmd.interpreter,
    prefix: cmd.prefix,
    pins,
    ports: build.ports,
    warmMs: Math.max(1, Math.round(ms / 2)),
    input: serial,
    globals: LINUX_SENSOR_GLOBALS + boardGlobals(build.board, i2c),
  });
  // The device's fault lines, turned back into their messages with the bundle's name map.
  const names = { tasks: build.map.tasks.slice(), futures: build.map.futures.slice(), strings: build.map.strings.slice() };
  run.output = decodeText(run.output, names);
  const failures = run.errors.map((e) => decodeText(e, names));
  if (/frugal: task \d+ \(/.test(run.output)) failures.push('a task faulted (see the output)');
  // Espruino's Linux build moves one block in and out with every setWatch, program or not (a bare
  // setWatch in an empty program does it too): one block is not the program's growth there.
  const noise = build.watched.length > 0 ? WATCH_NOISE_BLOCKS : 0;
  if (run.end > run.warm + noise) failures.push('memory grew from ' + run.warm + ' blocks at warm-up to ' + run.end + ' at the end');
  const skipped = inputs.filter((i) => i.kind === 'edge' && i.atMs < ms).length;
  return { build, run, ms, failures, skippedEdges: skipped };
}
