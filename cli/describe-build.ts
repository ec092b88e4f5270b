// The text frugal build prints: bundle size, checks, pins, and the memory budget line by line.
// Apart from build.ts so that printing a build result does not load the bundler.

import type { BuildResult } from './build.ts';

function pct(n: number, of: number): string {
  return (Math.round((n / of) * 1000) / 10).toFixed(1) + '%';
}

export function describeBuild(r: BuildResult): string {
  const b = r.board;
  const g = r.budget;
  const lines: string[] = [];
  lines.push('frugal: built ' + r.example.name + ' for ' + b.name + ' (' + b.id + ', Espruino ' + b.espruinoBoard + ')');
  lines.push('  bundle   ' + r.bytes + ' bytes, ES5, minified' + (r.out ? ' -> ' + r.out : ' (not written; pass --out file)'));
  lines.push('  checks   parses as ES5 (acorn), Espruino profile check passed');
  lines.push('  uses     pins ' + (r.pins.length ? r.pins.join(', ') : '(none)') + '; serial port 0 = ' + (r.ports[0] || '(none)'));
  lines.push('  memory budget against ' + b.variables + ' variables x ' + b.bytesPerVariable + ' bytes = ' + g.ramBytes + ' bytes:');
  lines.push('    executor footprint   ' + String(g.executor.bytes).padStart(6) + ' bytes (' + g.executor.typedBytes + ' in typed arrays + ' +
    g.executor.refSlots + ' reference slots)');
  lines.push('    program (estimate)   ' + String(g.program.bytes).padStart(6) + ' bytes (' + g.program.variables + ' variables: ' +
    g.program.functions + ' functions, ' + g.program.moduleNames + ' module-level names, ' + g.program.objectVariables + ' for objects made at load and by setup)');
  lines.push('    total                ' + String(g.totalBytes).padStart(6) + ' bytes, ' + pct(g.totalBytes, g.ramBytes) + ' of RAM');
  lines.push('  code text stays in flash when flashed (frugal flash writes it to Storage); uploaded to RAM it would take ~' +
    g.program.codeVariables + ' more variables (' + pct(g.program.codeVariables * b.bytesPerVariable, g.ramBytes) + ' of RAM)');
  return lines.join('\n');
}
