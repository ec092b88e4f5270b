// frugal audit over a whole program (cli/audit-command.ts): the allocating adapters setup makes in
// any file it imports, inside a function, under another name or as a subclass; and the lowering's
// fix for a closure that captures a frame variable, which must leave nothing for the audit to list.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { auditExample } from '../cli/audit-command.ts';
import { auditFiles } from '../compiler/allocation-audit.ts';
import { lowerToText } from '../compiler/node-build.ts';
import { LowerError } from '../compiler/diagnostics.ts';
import { loadExample } from '../program/load-program.ts';
import { ProgramDir } from './support/device-program.ts';

const dir = new ProgramDir('audit');

function write(name: string, text: string): string {
  const file = path.join(dir.dir, name);
  writeFileSync(file, text);
  return file;
}

const HELPERS = `import { Boxing as B, Recycling } from '../../index.ts';

class Logged extends Recycling {}

// Setup builds its adapters through these: none is task code, all allocate at each call through them.
export const boxing = () => new B();
export function recycling(): Recycling {
  return new Logged();
}
`;

const PROGRAM = `import { AsyncIterator, dyn, implement, next, sleep, spawnTask, type AsyncIteratorSource, type Dyn, type Example, type Hal } from '../../index.ts';
import { boxing, recycling } from './helpers.ts';

export class Counter implements AsyncIteratorSource {
  n = 0;
  async next(): Promise<[number, number]> {
    await sleep(10);
    return [this.n++, 0];
  }
}

export async function show(hal: Hal, a: Dyn<AsyncIteratorSource>, b: Dyn<AsyncIteratorSource>): Promise<void> {
  for (;;) {
    const [x] = await next(a);
    const [y] = await next(b);
    hal.digitalWrite(hal.pin('LED1'), (x + y) & 1);
  }
}

export const app: Example = {
  name: 'adapters',
  config: { maxTasks: 1 },
  setup(ex, hal) {
    const a = dyn(implement(AsyncIterator, 'a', new Counter()), boxing());
    const b = dyn(implement(AsyncIterator, 'b', new Counter()), recycling());
    spawnTask(ex, show, [hal, a, b], { name: 'show' });
  },
};
`;

test('adapters made in a helper setup imports, inside functions, under an alias and as a subclass, are listed where they are made', async () => {
  const helpers = write('helpers.ts', HELPERS);
  const file = write('adapters.ts', PROGRAM);
  const r = auditExample(await loadExample(file));
  assert.equal(r.sites.map((s) => path.basename(s.file) + ':' + s.line + ' ' + s.kind), ['helpers.ts:6 boxing-adapter', 'helpers.ts:8 recycling-adapter']);
  assert.ok(r.files.indexOf(helpers) >= 0, 'the helper was audited');
});

test("the closure-capture refusal's fix lowers and allocates nothing", () => {
  const captured = write('captured.ts', `import { sleep } from '../../tasks/task-api.ts';
export async function f(): Promise<number> {
  let n = 0;
  await sleep(1);
  const g = () => n;
  n++;
  await sleep(1);
  return g() + n;
}
`);
  let fix = '';
  try {
    lowerToText(captured);
  } catch (e) {
    fix = (e as LowerError).diagnostics[0].fix ?? '';
  }
  assert.is(fix, 'declare the function at module level and pass `n` to it as an argument (a closure in task code is made, and allocates, each time it runs)');
  // The fix as written: a module-level function, given n.
  const fixed = write('fixed.ts', `import { sleep } from '../../tasks/task-api.ts';
function g(n: number): number {
  return n;
}
export async function f(): Promise<number> {
  let n = 0;
  await sleep(1);
  n++;
  await sleep(1);
  return g(n) + n;
}
`);
  lowerToText(fixed);
  assert.equal(auditFiles([fixed]), []);
});

test('remove the programs', () => {
  dir.remove();
});

test.run();
