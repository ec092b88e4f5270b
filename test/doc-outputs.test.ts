// Every command output README.md and docs/ show is what the command prints now
// (test/support/doc-outputs.ts says how a block is tied to its command).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandText, docFiles, docOutputs, expectedOutput } from './support/doc-outputs.ts';

const outputs = docFiles().flatMap(docOutputs);

test('the documents show outputs of commands, tied to them', () => {
  // README's quick start, a build, the board examples, a refusal and the report's page at least.
  assert.ok(outputs.length >= 6, outputs.length + ' marked outputs');
  assert.ok(outputs.some((d) => d.file === 'README.md' && commandText(d) === 'frugal run'), "README's quick start (npm start is frugal run)");
});

for (const d of outputs) {
  test(d.file + ':' + d.line + ' shows what ' + commandText(d) + ' prints', async () => {
    assert.fixture(d.shown, await expectedOutput(d), d.file + ':' + d.line + ' is stale: npm run docs:outputs rewrites it');
  });
}

test.run();
