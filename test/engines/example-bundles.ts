// The examples as device bundles for the engine runs (boards-engines.test.ts on QuickJS,
// boards-engines.duktape.ts on Duktape), with the inputs their simulated runs script as driver
// calls to the model.

import { buildExample, type BuildResult } from '../../bundler/build-example.ts';
import { scriptedInputs } from '../../boards/sim/input-recorder.ts';
import { findExample } from '../../program/examples.ts';
import { findBoard } from '../../boards/descriptors.ts';
import { serialPortNames } from '../../boards/espruino/serial-ports.ts';
import { boardScriptCalls } from '../../program/board-io.ts';

/** Puck.js, Pico and the Original board: nRF52 and two STM32 parts, different pin names. */
export const ENGINE_BOARDS = ['puckjs', 'pico', 'original'];

/** The example's simulated inputs as driver calls to the model, on the board's serial port names. */
export function scriptOf(name: string, board: string): string {
  const ports = serialPortNames(findBoard(board));
  return scriptedInputs(findExample(name)).map((i) => {
    if (i.kind === 'edge') return '__host.edge(' + i.pin + ', ' + i.atMs + ', ' + i.value + ');';
    if (i.kind === 'board') return boardScriptCalls(i.script);
    return '__host.serial(' + JSON.stringify(ports[i.port]) + ', ' + i.atMs + ', ' + JSON.stringify(i.text) + ');';
  }).join('\n');
}

const builds = new Map<string, BuildResult>();

/** The example built for the board, once per process. */
export async function built(example: string, board: string): Promise<BuildResult> {
  const key = example + '/' + board;
  let r = builds.get(key);
  if (!r) {
    r = await buildExample(example, board);
    builds.set(key, r);
  }
  return r;
}
