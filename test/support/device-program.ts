// A program written by a test, as a user's program file: its source imports the repository's own
// modules by relative path (the file lives in a temporary folder inside test/), it is lowered for
// Node and run on the simulated board, and built into the device bundle `frugal build` ships.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importLowered } from '../../compiler/node-build.ts';
import { Lowering } from '../../compiler/lowering.ts';
import { createProgram } from '../../compiler/ts-program.ts';
import { buildDevice } from '../../bundler/device-bundle.ts';
import type { BoardDescriptor } from '../../boards/descriptors.ts';
import { runOnSim, type SimRun } from '../../program/reference-run.ts';
import type { Example } from '../../program/example.ts';
import { runQuickJS } from '../engines/quickjs.ts';

const TEST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The import lines of a program file in a folder one below test/: [names, repository path] each. */
export function importLines(imports: readonly (readonly [names: string, from: string])[]): string[] {
  return imports.map(([names, from]) => 'import ' + names + ' from ' + JSON.stringify('../../' + from) + ';');
}

/** A temporary folder in test/ (gitignored as test/.tmp-*) for one test file's programs. */
export class ProgramDir {
  readonly dir: string;

  constructor(label: string) {
    this.dir = mkdtempSync(path.join(TEST_DIR, '.tmp-' + label + '-'));
  }

  /** Writes the program file without loading it (a program the build refuses cannot be loaded): its path. */
  write(name: string, text: string): string {
    const file = path.join(this.dir, name + '.ts');
    writeFileSync(file, text);
    return file;
  }

  /** Writes the program file and imports its Node lowering: the file and the program it exports as `program`. */
  async load(name: string, text: string): Promise<{ file: string; program: Example }> {
    const file = path.join(this.dir, name + '.ts');
    writeFileSync(file, text);
    const mod = await importLowered<{ program: Example }>(file);
    return { file, program: mod.program };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The device bundle of a loaded program for `board`, as frugal build makes it. */
export async function deviceBundle(file: string, program: Example, board: BoardDescriptor): Promise<string> {
  return (await buildDevice(program, new Lowering(createProgram([file])), board)).code;
}

/** The program on the simulated board and its device bundle on QuickJS, both for runMs of board time. */
export async function simAndQuickJS(file: string, program: Example, board: BoardDescriptor, runMs: number): Promise<{ sim: SimRun; output: string; errors: number }> {
  const sim = runOnSim(program, runMs);
  const q = await runQuickJS({ code: await deviceBundle(file, program, board), board, runMs });
  return { sim, output: q.output, errors: q.errors };
}
