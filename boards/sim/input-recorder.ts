// What an example's simulate() scripts, recorded in order, so that other hosts can replay it: the
// engine shim as driver calls, an Espruino interpreter as text written to its loopback port.

import { SimBoard } from './sim-board.ts';
import type { Example } from '../../program/example.ts';
import type { BoardScript } from '../board-script.ts';

export type ScriptedInput =
  | { kind: 'edge'; pin: string; atMs: number; value: number }
  | { kind: 'serial'; port: number; atMs: number; text: string }
  | { kind: 'board'; script: BoardScript };

/** A simulated board that also keeps each scripted input as it was given. */
class InputRecorder extends SimBoard {
  readonly inputs: ScriptedInput[] = [];

  override edge(pinName: string, atMs: number, value: number): void {
    super.edge(pinName, atMs, value);
    this.inputs.push({ kind: 'edge', pin: pinName, atMs: atMs, value: value ? 1 : 0 });
  }

  override serialInput(port: number, atMs: number, text: string): void {
    super.serialInput(port, atMs, text);
    this.inputs.push({ kind: 'serial', port: port, atMs: atMs, text: text });
  }
}

/** The inputs the example's simulated run scripts, checked by the simulated board as they are given. */
export function scriptedInputs(example: Example): ScriptedInput[] {
  const rec = new InputRecorder();
  example.simulate(rec);
  const board = rec.boardScript;
  const empty = !board.sensors?.length && !board.ble?.length && !board.i2c?.length && !board.spi?.length && Object.keys(board.storage ?? {}).length === 0;
  return empty ? rec.inputs : rec.inputs.concat([{ kind: 'board', script: board }]);
}
