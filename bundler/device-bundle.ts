// The device build: one program for one board as one ES5 bundle. Setup runs at build time
// (snapshot.ts); the device gets the tasks' starting state as a generated module (device-image.ts),
// the task code lowered for the device (compiler/device-lowerer.ts) and the parts of the device
// runtime (device/) that code reaches. esbuild bundles it in three passes: a first with modern
// syntax, so that the memory map's constants are inlined and every branch on them folds away;
// TypeScript's ES5 transpile of the result; a last esbuild pass that minifies the ES5.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { Lowering } from '../compiler/lowering.ts';
import { lowerFile } from '../compiler/lower-file.ts';
import type { BoardDescriptor } from '../boards/descriptors.ts';
import type { Example } from '../examples/example.ts';
import { parse } from 'acorn';
import { checkBundle } from './espruino-profile.ts';
import { deviceImage, dynPlan, type DeviceMap, type ImageObjects } from './device-image.ts';
import { ARRAY, dataBlocks, estimateDeviceCost, TYPED_ARRAY, type DeviceCost } from './device-cost.ts';
import { takeSnapshot, type Snapshot } from './snapshot.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEVICE = path.join(ROOT, 'device');
const PROGRAM_FILE = path.join(DEVICE, 'program.ts');
const TASKS_FILE = path.join(DEVICE, 'tasks.ts');
const ENTRY = path.join(DEVICE, 'main.ts');

export interface DeviceBuild {
  readonly code: string;
  readonly map: DeviceMap;
  readonly snapshot: Snapshot;
  /** Bytes each input file puts in the first pass's output (esbuild's metafile), for the size report. */
  readonly inputs: { readonly [file: string]: number };
  /** Blocks the program takes on the board once loaded, estimated. */
  readonly cost: DeviceCost;
}

/** Blocks of what the starting state holds besides W: reference slots, rebuilt objects, pins, ports. */
function objectBlocks(o: ImageObjects, board: BoardDescriptor): number {
  return ARRAY + o.refSlots + o.typedArrays * TYPED_ARRAY + dataBlocks(o.typedBytes, board) + o.objects * ARRAY + o.keys +
    2 * (ARRAY + o.pins + o.ports);
}

/** Parses the bundle as ES5 (acorn); throws naming the place. */
export function parseES5(code: string, fileName: string): void {
  try {
    parse(code, { ecmaVersion: 5, sourceType: 'script' });
  } catch (e) {
    throw new Error(fileName + ': not ES5: ' + (e instanceof Error ? e.message : String(e)));
  }
}

/** Source text with the calls that only register a vtable marked pure, so that an unused one drops out. */
function markPure(code: string): string {
  return code.replace(/(\b(?:const|var|let)\s+[\w$]+\s*=\s*)((?:defineFuture|copyArgs|__frugal\.asyncFn)\()/g, '$1/* @__PURE__ */ $2');
}

/** Esbuild plugin: the generated modules, and every file of the program lowered for the device. */
function devicePlugin(lowering: Lowering, generated: { [file: string]: string }): esbuild.Plugin {
  return {
    name: 'frugal-device',
    setup(build) {
      build.onResolve({ filter: /\.ts$/ }, (args) => {
        const abs = path.resolve(args.resolveDir, args.path);
        if (generated[abs] !== undefined) return { path: abs, namespace: 'frugal-generated' };
        // Modules are kept for what they export: a module only setup imports (the host executor,
        // adapters, the board check) drops out of the bundle whole.
        return { path: abs, sideEffects: false };
      });
      build.onLoad({ filter: /.*/, namespace: 'frugal-generated' }, (args) => ({ contents: generated[args.path], loader: 'ts', resolveDir: DEVICE }));
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const sf = lowering.program.getSourceFile(args.path);
        const resolveDir = path.dirname(args.path);
        if (sf === undefined) return { contents: markPure(ts.sys.readFile(args.path) ?? ''), loader: 'ts', resolveDir };
        const res = lowerFile(lowering, args.path);
        if (res.diagnostics.length > 0) {
          return {
            errors: res.diagnostics.map((d) => ({ text: d.message + '; fix: ' + d.fix, location: { file: d.file, line: d.line, column: d.column - 1 } })),
          };
        }
        return { contents: markPure(res.code), loader: 'ts', resolveDir };
      });
    },
  };
}

/** ES5 text of a modern-syntax bundle (TypeScript's transpile: classes, let/const, arrows, templates). */
function toES5(code: string): string {
  return ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.None, removeComments: true, noEmitHelpers: false },
    reportDiagnostics: false,
  }).outputText;
}

/**
 * Builds the device bundle of an example (lowered for the host and loaded, with the lowering
 * whose program holds its files) for a board. Throws a build error naming file:line:column and
 * the fix when device code uses what a device build cannot carry.
 */
export async function buildDevice(example: Example, lowering: Lowering, board: BoardDescriptor): Promise<DeviceBuild> {
  const snapshot = takeSnapshot(example, board);
  const device = new Lowering(lowering.program, 'device');
  device.dynPlan = dynPlan(snapshot, device);
  const image = deviceImage(snapshot, device, TASKS_FILE, example.config.timerCapacity ?? 2 * (example.config.maxTasks ?? 8));
  const first = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    // A module, not yet an IIFE: the last pass wraps it, and as a module's top level its unused
    // functions (reachable only from branches the memory map's constants folded away) drop out.
    format: 'esm',
    target: 'es2017',
    platform: 'neutral',
    minifySyntax: true,
    treeShaking: true,
    // Declared class fields stay plain assignments (no defineProperty helper in the bundle).
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
    charset: 'ascii',
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
    plugins: [devicePlugin(device, { [PROGRAM_FILE]: image.program, [TASKS_FILE]: image.tasks })],
  });
  if (process.env.FRUGAL_DEBUG_BUNDLE) writeFileSync(process.env.FRUGAL_DEBUG_BUNDLE, first.outputFiles[0].text);
  const es5 = toES5(first.outputFiles[0].text);
  const last = await esbuild.transform(es5, { loader: 'js', format: 'iife', treeShaking: true, target: 'es5', minify: true, charset: 'ascii', legalComments: 'none', logLevel: 'silent' });
  // What each input file puts in the bundle (before the ES5 pass and minification): a module that
  // was loaded but shaken out entirely is not listed.
  const inputs: { [file: string]: number } = {};
  for (const out of Object.values(first.metafile.outputs)) {
    for (const [file, info] of Object.entries(out.inputs)) if (info.bytesInOutput > 0) inputs[file] = info.bytesInOutput;
  }
  const name = example.name + '-' + board.id + '.js';
  parseES5(last.code, name);
  checkBundle(last.code, name);
  const cost = estimateDeviceCost(last.code, board, image.map.words, objectBlocks(image.objects, board));
  return { code: last.code, map: image.map, snapshot, inputs, cost };
}
