// What `frugal run <example> --board <id> --espruino <interpreter>` prints of a run on an Espruino
// interpreter (bundler/example-on-espruino.ts): the program's output and the blocks it took after
// loading, at warm-up and at the end, and why it failed.

import type { EspruinoExampleRun } from '../bundler/example-on-espruino.ts';

export function describeEspruinoRun(r: EspruinoExampleRun): string {
  const b = r.build.board;
  const run = r.run;
  const lines: string[] = [];
  lines.push('frugal: ' + r.build.example.name + ' for ' + b.name + ' on an Espruino interpreter (' + run.total + ' variables of ' + run.blockSize +
    ' bytes), ' + r.ms + ' ms');
  lines.push('');
  lines.push('output:');
  const out = run.output.replace(/\n$/, '');
  for (const l of out.length > 0 ? out.split('\n') : ['(none)']) lines.push('  ' + l);
  if (r.skippedEdges > 0) lines.push('  (' + r.skippedEdges + ' scripted pin edges not given: a host interpreter has no pins to drive; serial input is given on port 0)');
  lines.push('');
  lines.push('blocks   the interpreter and this harness ' + run.baseline + ' before loading; the program ' + run.load + ' after loading, ' + run.warm +
    ' at warm-up (' + r.ms / 2 + ' ms), ' + run.end + ' at the end (' + r.ms + ' ms)');
  lines.push('         ' + (run.total - run.baseline - run.end) + ' of ' + run.total + ' free at the end (' +
    Math.round((100 * (run.total - run.baseline - run.end)) / run.total) + '%); frugal build estimated ' + r.build.cost.blocks);
  if (r.failures.length > 0) {
    lines.push('');
    lines.push('failed:');
    for (const f of r.failures) lines.push('  ' + f);
  }
  return lines.join('\n');
}
