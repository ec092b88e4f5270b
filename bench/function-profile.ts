// Where a device bundle's CPU goes on an Espruino interpreter, function by function: the bundle
// as frugal build makes it but with its names kept (the build's last passes again, without
// renaming; a function the build writes in where it is called counts in its caller),
// every function declared at its top level wrapped to add the time spent in it, less the time of
// the wrapped functions it called (self time), and its calls; run with the code in RAM and the
// program's scripted serial input, repeated as the twins' CPU runs repeat it. The wrappers cost
// time of their own (an apply and two getTime calls a call), which lands in the callers' self
// time: the table says where the time goes, the bench's twin table what it is.
//
//   npx tsx bench/function-profile.ts <example or program path> "<interpreter>" [board ms] [board]

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { parse } from 'acorn';
import { buildExample } from '../bundler/build-example.ts';
import { runOnEspruino } from '../bundler/espruino-run.ts';
import { interpreterCommand } from '../bundler/example-on-espruino.ts';
import { LINUX_SENSOR_GLOBALS, boardGlobals } from '../bundler/host-globals.ts';
import { restoreBoardRequires } from '../compiler/board-requires.ts';
import { inlineCalls } from '../bundler/inline-calls.ts';
import { dropDeadDeclarations } from '../bundler/dead-declarations.ts';
import { constantArguments } from '../bundler/constant-arguments.ts';
import { forwardResults } from '../bundler/forward-results.ts';
import { blockCaseBodies } from '../bundler/case-blocks.ts';
import { scriptedInputs } from '../boards/sim/input-recorder.ts';

const PROFILE = 'frugal:prof ';

/** The build's first pass turned into ES5 and minified as the build does, but with every name kept. */
async function namedBundle(program: string, board: string): Promise<{ code: string; pins: string[]; ports: string[]; globals: string; input: [number, string][]; runMs: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frugal-prof-'));
  const first = path.join(dir, 'first.js');
  process.env.FRUGAL_DEBUG_BUNDLE = first;
  try {
    const build = await buildExample(program, board);
    const es5 = ts.transpileModule(readFileSync(first, 'utf8'), {
      compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.None, removeComments: true }, reportDiagnostics: false,
    }).outputText;
    const named: esbuild.TransformOptions = { loader: 'js', treeShaking: true, target: 'es5', minifySyntax: true, minifyWhitespace: true, charset: 'ascii' };
    const wrapped = await esbuild.transform(es5, { ...named, format: 'iife' });
    // The build's own passes after it: functions written in where they are called, constant
    // parameters made constants, dead declarations out.
    const inlined = await esbuild.transform(constantArguments(inlineCalls(dropDeadDeclarations(wrapped.code))), named);
    const last = { code: blockCaseBodies(forwardResults(dropDeadDeclarations(inlined.code))) };
    const inputs = scriptedInputs(build.example);
    const i2c = inputs.flatMap((i) => (i.kind === 'board' ? i.script.i2c ?? [] : []));
    const input = inputs.flatMap((i): [number, string][] => (i.kind === 'serial' && i.port === 0 ? [[i.atMs, i.text]] : []));
    return { code: restoreBoardRequires(last.code), pins: build.pins, ports: build.ports, globals: LINUX_SENSOR_GLOBALS + boardGlobals(build.board, i2c), input, runMs: build.example.runMs ?? 1000 };
  } finally {
    delete process.env.FRUGAL_DEBUG_BUNDLE;
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Node { type: string; start: number; end: number; body?: Node | Node[]; id?: { name: string; end: number } | null; expression?: Node; callee?: Node }

/** The function declarations at the top of the bundle's IIFE: name and the end of its name. */
function topFunctions(code: string): { name: string; nameEnd: number }[] {
  const ast = parse(code, { ecmaVersion: 5, sourceType: 'script' }) as unknown as { body: Node[] };
  const call = ast.body[0].expression as Node;
  const fn = call.callee as Node;
  const body = (fn.body as Node).body as Node[];
  return body.filter((s) => s.type === 'FunctionDeclaration' && s.id).map((s) => ({ name: s.id!.name, nameEnd: s.id!.end }));
}

/** Each top-level function renamed to name$p and a wrapper of its name that counts self time and calls. */
function instrument(code: string): { code: string; names: string[] } {
  const fns = topFunctions(code);
  let out = code;
  for (const f of fns.slice().sort((a, b) => b.nameEnd - a.nameEnd)) out = out.slice(0, f.nameEnd) + '$p' + out.slice(f.nameEnd);
  const wrappers = fns.map((f) => 'function ' + f.name + '(){var c=P$c;P$c=0;var t=getTime();var v=' + f.name + '$p.apply(this,arguments);var d=getTime()-t;' +
    'P$t.' + f.name + '+=d-P$c;P$n.' + f.name + '++;P$c=c+d;return v;}').join('');
  const init = 'var P$c=0,P$t={' + fns.map((f) => f.name + ':0').join(',') + '},P$n={' + fns.map((f) => f.name + ':0').join(',') + '};global.P$t=P$t;global.P$n=P$n;';
  const open = out.indexOf('{') + 1;
  return { code: out.slice(0, open) + init + wrappers + out.slice(open), names: fns.map((f) => f.name) };
}

async function main(): Promise<void> {
  const [program, spec, msArg, boardArg] = process.argv.slice(2);
  if (!program || !spec) throw new Error('usage: npx tsx bench/function-profile.ts <program> "<interpreter>" [board ms] [board]');
  const ms = Number(msArg ?? 20000);
  const b = await namedBundle(program, boardArg ?? 'puckjs');
  const { code } = instrument(b.code);
  const input: [number, string][] = [];
  if (b.input.length > 0) for (let at = 0; at + b.runMs <= ms; at += b.runMs) for (const [t, text] of b.input) input.push([at + t, text]);
  // The table is printed just before the end measurement, from a timer of its own.
  const report = 'setTimeout(function () { var k; for (k in P$t) print("' + PROFILE + '" + k + " " + P$n[k] + " " + P$t[k]); }, ' + (ms - 20) + ');';
  const cmd = interpreterCommand(spec);
  const r = await runOnEspruino(code + report, { interpreter: cmd.interpreter, prefix: cmd.prefix, pins: b.pins, ports: b.ports, warmMs: ms / 2, input, globals: b.globals, from: 'ram' });
  const rows = r.raw.split('\n').filter((l) => l.indexOf(PROFILE) >= 0).map((l) => l.slice(l.indexOf(PROFILE) + PROFILE.length).trim().split(' '))
    .map(([name, calls, s]) => ({ name, calls: Number(calls), ms: Number(s) * 1000 })).sort((x, y) => y.ms - x.ms);
  const total = rows.reduce((n, x) => n + x.ms, 0);
  console.log(program + ' on ' + spec + ', ' + ms + ' ms of board time, code in RAM: self time of each function of the bundle (wrappers included)');
  console.log('function'.padEnd(24) + 'calls'.padStart(8) + 'self ms'.padStart(10) + 'us/call'.padStart(10) + 'share'.padStart(8));
  for (const x of rows) {
    if (x.calls === 0) continue;
    console.log(x.name.padEnd(24) + String(x.calls).padStart(8) + x.ms.toFixed(1).padStart(10) + (x.ms * 1000 / x.calls).toFixed(0).padStart(10) + ((100 * x.ms) / total).toFixed(1).padStart(7) + '%');
  }
  if (r.errors.length > 0) console.log('interpreter errors: ' + r.errors.join('; '));
}

await main();
