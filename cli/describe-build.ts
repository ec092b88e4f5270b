// The text frugal build prints: bundle size, checks, pins, and what the program takes on the board.
// Apart from build-command.ts so that printing a build result does not load the bundler.

import type { BuildResult } from '../bundler/build-example.ts';
import type { Written } from './build-command.ts';

function pct(n: number, of: number): string {
  return (Math.round((n / of) * 1000) / 10).toFixed(1) + '%';
}

/** `written`: where frugal build wrote it; without it, the bundle was not written (frugal size). */
export function describeBuild(r: BuildResult, written?: Written): string {
  const b = r.board;
  const c = r.cost;
  const lines: string[] = [];
  lines.push('frugal: built ' + r.example.name + ' for ' + b.name + ' (' + b.id + ', Espruino ' + b.espruinoBoard + ')');
  lines.push('  bundle   ' + r.bytes + ' bytes, ES5, minified' + (written?.out ? ' -> ' + written.out : ' (not written; pass --out file)'));
  if (written?.mapOut) lines.push('  names    ' + written.mapOut + ' (task names and the memory map, for frugal decode)');
  lines.push('  checks   parses as ES5 (acorn), Espruino profile check passed');
  lines.push('  tasks    ' + r.map.tasks.length + ': ' + r.map.tasks.join(', '));
  // The pins above are there already; the rest is what task code calls of the board's API.
  const apis = r.build.boardApis.filter((k) => r.pins.indexOf(k) < 0);
  lines.push('  uses     pins ' + (r.pins.length ? r.pins.join(', ') : '(none)') + '; serial ports ' + (r.ports.length ? r.ports.join(', ') : '(none)') +
    (apis.length ? '; board API ' + apis.join(', ') : ''));
  lines.push('  memory   about ' + c.blocks + ' of ' + b.variables + ' variables once loaded (' + pct(c.blocks, b.variables) + '; estimate): ' +
    c.functions + ' functions ' + c.functionBlocks + ', ' + c.names + ' names ' + c.nameBlocks + ', W ' + c.memoryWords + ' words ' + c.memoryBlocks +
    ', objects ' + c.objectBlocks);
  lines.push('           the code stays in flash (frugal flash stores it in Storage); frugal run --espruino <interpreter> measures it');
  return lines.join('\n');
}
