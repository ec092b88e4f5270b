// How fast the simulator is: for each example, board ms simulated per wall ms, the device path
// (its Puck.js bundle on the model of Espruino: what frugal run and frugal/testing run) beside the
// host path (the host executor over host-lowered code on the host's board: the reference model),
// the same board time and the example's own inputs on each, in one run.

import { performance } from 'node:perf_hooks';
import { buildExample } from '../bundler/build-example.ts';
import { loadExample } from '../program/load-program.ts';
import { EXAMPLE_NAMES } from '../program/examples.ts';
import { runOnSim } from '../program/reference-run.ts';
import { DEFAULT_BOARD } from '../program/simulate-program.ts';
import { startDevice } from '../program/device-run.ts';
import { scriptedInputs } from '../boards/sim/input-recorder.ts';

export const SPEED_MS = 10000000;

export interface SpeedRow {
  example: string;
  boardMs: number;
  deviceWallMs: number;
  hostWallMs: number;
  /** Board ms per wall ms. */
  device: number;
  host: number;
}

export async function simulatorSpeed(boardMs: number): Promise<SpeedRow[]> {
  const rows: SpeedRow[] = [];
  for (const name of EXAMPLE_NAMES) {
    // Built and loaded first: only the runs are timed.
    const build = await buildExample(name, DEFAULT_BOARD);
    const { example } = await loadExample(name);
    const inputs = scriptedInputs(example);
    const d0 = performance.now();
    const s = startDevice(build);
    for (const i of inputs) {
      if (i.kind === 'edge') s.edge({ pin: i.pin, atMs: i.atMs, value: i.value });
      else if (i.kind === 'serial') s.serial({ port: i.port, atMs: i.atMs, text: i.text });
    }
    s.run(boardMs);
    const d1 = performance.now();
    runOnSim(example, boardMs);
    const h1 = performance.now();
    rows.push({ example: name, boardMs, deviceWallMs: d1 - d0, hostWallMs: h1 - d1, device: boardMs / (d1 - d0), host: boardMs / (h1 - d1) });
  }
  return rows;
}

export function speedTable(rows: readonly SpeedRow[]): string {
  const lines = ['| example | board ms | device: wall ms | device: board ms per wall ms | host: wall ms | host: board ms per wall ms | device / host |',
    '|---|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) {
    lines.push('| ' + r.example + ' | ' + r.boardMs + ' | ' + r.deviceWallMs.toFixed(0) + ' | ' + r.device.toFixed(0) + ' | ' + r.hostWallMs.toFixed(0) + ' | ' +
      r.host.toFixed(0) + ' | ' + (r.device / r.host).toFixed(2) + 'x |');
  }
  return lines.join('\n');
}
