// npm run docs:outputs: rewrites every marked output block of README.md and docs/ with what its
// command prints now (test/support/doc-outputs.ts), and names the blocks it changed.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { commandText, docFiles, docOutputs, expectedOutput, ROOT } from './support/doc-outputs.ts';

for (const file of docFiles()) {
  const outputs = docOutputs(file);
  if (outputs.length === 0) continue;
  const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  // From the last block up, so that the line indexes of the blocks before it still hold.
  for (const d of outputs.reverse()) {
    const now = await expectedOutput(d);
    if (now === d.shown) continue;
    lines.splice(d.start, d.end - d.start, ...now.split('\n'));
    console.log(file + ':' + d.line + ': rewritten (' + commandText(d) + ')');
  }
  writeFileSync(path.join(ROOT, file), lines.join('\n'));
}
