// Top self-time functions of a V8 .cpuprofile (as written by node --cpu-prof), for the bench's
// profiling notes:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --expose-gc --import tsx bench/run.ts --filter 'ScratchOrPool \(scratch' --no-soak
//   npx tsx bench/cpuprofile-top.ts /tmp/prof/*.cpuprofile [count]

import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: tsx bench/cpuprofile-top.ts <file.cpuprofile> [count]\n');
  process.exit(2);
}
const count = Number(process.argv[3] || 25);
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map<number, ProfileNode>();
for (const n of p.nodes) byId.set(n.id, n);
// Self time per sample: the delta that follows a sample is time spent in that sample's leaf.
const self = new Map<string, number>();
let total = 0;
for (let i = 0; i < p.samples.length; i++) {
  const n = byId.get(p.samples[i]);
  const dt = i + 1 < p.timeDeltas.length ? p.timeDeltas[i + 1] : 0;
  if (!n) continue;
  const cf = n.callFrame;
  const where = cf.url ? cf.url.replace(/^.*\/(?=[^/]+\/[^/]+$)/, '') + ':' + (cf.lineNumber + 1) : '';
  const key = (cf.functionName || '(anonymous)') + (where ? ' ' + where : '');
  self.set(key, (self.get(key) || 0) + dt);
  total += dt;
}
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
process.stdout.write('total ' + (total / 1000).toFixed(1) + ' ms sampled\n');
for (const [k, us] of rows) {
  process.stdout.write(((us / total) * 100).toFixed(1).padStart(6) + '%  ' + (us / 1000).toFixed(1).padStart(9) + ' ms  ' + k + '\n');
}
