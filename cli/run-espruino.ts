// `frugal run <example> --board <id> --espruino <interpreter>`: the device bundle on an Espruino
// interpreter the user has, stored in Storage and evaluated from there as a board does; prints the
// program's output and the blocks it took after loading, at warm-up and at the end, and fails on an
// interpreter error or when memory grew between warm-up and the end. The serial input the example
// scripts for its simulated run is written to the port at the same times; pin edges cannot be given.

import { buildExample, type BuildResult } from '../bundler/build-example.ts';
import { runOnEspruino, type EspruinoRun } from '../bundler/espruino-run.ts';
import { LINUX_SENSOR_GLOBALS, boardGlobals } from '../bundler/host-globals.ts';
import { decodeText } from '../executor/messages.ts';
import { scriptedInputs } from '../boards/sim/input-recorder.ts';

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
  const run = await runOnEspruino(build.code, {
    interpreter: cmd.interpreter,
    prefix: cmd.prefix,
    pins: build.pins,
    ports: build.ports,
    warmMs: Math.max(1, Math.round(ms / 2)),
    input: serial,
    globals: LINUX_SENSOR_GLOBALS + boardGlobals(build.board.id),
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

export function describeEspruinoRun(r: EspruinoExampleRun): string {
  const b = r.build.board;
  const run = r.run;
  const lines: string[] = [];
  lines.push('frugal: ' + r.build.example.name + ' for ' + b.name + ' on an Espruino interpreter (' + run.total + ' variables of ' + run.blockSize +
    ' bytes), ' + r.ms + ' ms');
  lines.push('');
  lines.push('output:');
  const out = run.output.replace(/\n$/, '');
  for (const l of out.length > 0 ? out.split('\n') : ['(none)']) lines.push('  ' + l);
  if (r.skippedEdges > 0) lines.push('  (' + r.skippedEdges + ' scripted pin edges not given: a host interpreter has no pins to drive; serial input is given on port 0)');
  lines.push('');
  lines.push('blocks   the interpreter and this harness ' + run.baseline + ' before loading; the program ' + run.load + ' after loading, ' + run.warm +
    ' at warm-up (' + r.ms / 2 + ' ms), ' + run.end + ' at the end (' + r.ms + ' ms)');
  lines.push('         ' + (run.total - run.baseline - run.end) + ' of ' + run.total + ' free at the end (' +
    Math.round((100 * (run.total - run.baseline - run.end)) / run.total) + '%); frugal build estimated ' + r.build.cost.blocks);
  if (r.failures.length > 0) {
    lines.push('');
    lines.push('failed:');
    for (const f of r.failures) lines.push('  ' + f);
  }
  return lines.join('\n');
}
