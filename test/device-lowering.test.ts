// The device lowering against the host one: each program of test/device-corpus runs on the
// simulated board (host lowering, host executor) and as a device bundle for a Puck.js on QuickJS
// (device lowering, device runtime), and both must print the same lines at the same board times.
// The examples are compared the same way (boards-engines.test.ts); these programs aim at the
// device build's shortcuts, where a wrong state number or a missed save shows as a wrong line.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importLowered } from '../compiler/node-build.ts';
import { Lowering } from '../compiler/lowering.ts';
import { createProgram } from '../compiler/ts-program.ts';
import { buildDevice } from '../bundler/device-bundle.ts';
import { findBoard } from '../boards/descriptors.ts';
import { runOnSim } from '../program/reference-run.ts';
import { runQuickJS } from './engines/quickjs.ts';
import type { Example } from '../program/example.ts';

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'device-corpus', 'programs.ts');
const mod = await importLowered<Record<string, Example>>(FILE);
const lowering = new Lowering(createProgram([FILE]));
const board = findBoard('puckjs');

// What each program must print: checked here as well as compared, so that a program that
// silently stopped early on both builds fails too.
const EXPECTED: Record<string, string> = {
  immediateProgram: 'sum 20\nhalf 10\nrest 10\niterated 6\ntotal 15\nslow total 21\nat 7\n',
  handOffProgram: 'sent 0\ngot 0\n  at 0\nsent 1\ngot 1\n  at 2\nsent 4\ngot 4\n  at 2\nsent 9\ngot 9\n  at 2\nsent 16\ngot 16\n  at 4\n' +
    'sent 25\ngot 25\n  at 4\nsent 36\ngot 36\n  at 4\nsent 49\nproducer done at 6\ngot 49\n  at 6\nconsumer saw 8\n',
  // Methods of the program's own interface (other names, arities, results) through call(), placed
  // by ScratchOrPool and by SideStack.
  methodsProgram: 'adjusted 26\nadjusted 46\nadjusted 31\nwhole 3\ntenths 1\nadjusted 51\nwhole 5\ntenths 1\nselect picked 0\nvalue 8\nadjusts 3\nat 14\n' +
    'select picked 0\nvalue 8\nadjusts 3\nat 14\n',
  // A frame without references awaiting a call without: the call passed names the frame did not have.
  loneProgram: 'napped 3\ndropped 2\nselect picked 0\nselect picked 0\nselect picked 0\nlone done at 18\n',
  // Every task's timer its own entry (device/timers.ts): dropped, tied and cancelled sleeps.
  perTaskTimersProgram: 'twin at 5\ngot 1\ntwin at 10\ngot 2\ntwin at 15\ngot 3\nwaited 22\nboss done at 64\n',
  racesProgram: 'cleanup after 30\ntimed out 1\ncleanup after 20\ntimed out 0\nvalue 20\nselect picked 1\nselect picked 0\nreceived 42\ncleanup after 50\nlate 1\nraces done at 65\n',
};

for (const key of Object.keys(EXPECTED)) {
  test(key + ': the device bundle on QuickJS prints what the simulated board prints', async () => {
    const example = mod[key];
    const sim = runOnSim(example, example.runMs);
    assert.is(sim.ex.faultCount, 0, 'no task faulted on the host');
    const b = await buildDevice(example, lowering, board);
    if (key === 'perTaskTimersProgram') assert.is(b.map.layout.TIMER_PER_TASK, 1, 'task i\'s timer is entry i');
    const q = await runQuickJS({ code: b.code, board, runMs: example.runMs });
    assert.is(q.errors, 0, 'no exception escaped a callback on QuickJS');
    assert.is(q.output, sim.sim.output());
    assert.is(q.output, EXPECTED[key]);
  });
}

test.run();
