// The examples as device bundles for the engine runs (boards-engines.test.ts on QuickJS,
// boards-engines.duktape.ts on Duktape), with the inputs their simulated runs script as shim
// driver calls.

import { buildExample, type BuildResult } from '../../cli/build.ts';
import { SimBoard } from '../../boards/sim/sim-board.ts';
import { findExample } from '../../examples/index.ts';

/** Puck.js, Pico and the Original board: nRF52 and two STM32 parts, different pin names. */
export const ENGINE_BOARDS = ['puckjs', 'pico', 'original'];

// The simulated board, recording what an example's simulate() scripts as shim driver calls.
class ScriptRecorder extends SimBoard {
  readonly calls: string[] = [];

  edge(pinName: string, atMs: number, value: number): void {
    this.calls.push('__host.edge(' + pinName + ', ' + atMs + ', ' + (value ? 1 : 0) + ');');
    super.edge(pinName, atMs, value);
  }

  serialInput(port: number, atMs: number, text: string): void {
    if (port !== 0) throw new Error('the shim has Serial1 only; port ' + port + ' cannot be scripted');
    this.calls.push('__host.uart(' + atMs + ', ' + JSON.stringify(text) + ');');
    super.serialInput(port, atMs, text);
  }
}

/** The example's simulated inputs as shim driver calls. */
export function scriptOf(name: string): string {
  const rec = new ScriptRecorder();
  findExample(name).simulate(rec);
  return rec.calls.join('\n');
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
