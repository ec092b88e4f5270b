// Each example's device bundle, as boards-engines.test.ts runs it on QuickJS, on Duktape's `duk`
// (Debian's duktape package; npm run test:engines): the two engines must agree to the byte, output
// and every pin write with its time. What QuickJS must print is checked in boards-engines.test.ts.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EXAMPLES } from '../program/examples.ts';
import { runDuktape } from './engines/duktape.ts';
import { ENGINE_BOARDS, built, scriptOf } from './engines/example-bundles.ts';
import { runQuickJS } from './engines/quickjs.ts';

for (const example of EXAMPLES) {
  for (const board of ENGINE_BOARDS) {
    test(example.name + ' on ' + board + ': Duktape prints what QuickJS prints', async () => {
      const r = await built(example.name, board);
      const code = r.code;
      const script = scriptOf(example.name, board);
      const ms = example.runMs;
      const d = runDuktape({ code, board, driver: script + '\n__host.run(' + ms + ');' });
      assert.is(d.stderr, '', 'duk stderr');
      assert.is(d.exitCode, 0);
      assert.ok(d.report, 'duk reached the report');
      assert.is(d.report!.errors, 0, 'Duktape: exceptions escaped a callback');
      const q = await runQuickJS({ code, board, driver: script, runMs: ms });
      assert.is(d.report!.output, q.output);
      assert.is(d.report!.log, q.log);
    });
  }
}

test.run();
