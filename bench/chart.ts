// The ratios as a small SVG bar chart, written by hand (no dependency): one row per form, grouped
// by workload; left panel ops/s relative to the workload's native async/await form, right panel
// time per op relative to its synchronous floor. Both on log scales, bars drawn from 1.

export interface ChartRow {
  workload: string;
  form: string;
  kind: string;
  ratioVsNativeAsync: number;
  ratioVsSyncFloor: number;
}

export interface Goal {
  workload: string;
  /** Marks drawn on every row of that workload: x native (left) and x floor (right). */
  nativeAtLeast?: number;
  floorAtMost?: number;
}

const ROW = 18;
const LABEL_W = 250;
const PANEL_W = 260;
const GAP = 40;
const TOP = 46;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fmt(x: number): string {
  if (!isFinite(x)) return 'n/a';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function color(kind: string, form: string): string {
  if (kind === 'native') return '#9e9e9e';
  if (kind === 'floor') return '#c8c8c8';
  if (form.indexOf('Boxing') >= 0) return '#e08a3c';
  return '#2f78c4';
}

interface Scale { lo: number; hi: number; x0: number; }

function scale(values: number[], x0: number): Scale {
  let lo = 1;
  let hi = 1;
  for (const v of values) {
    if (!isFinite(v) || v <= 0) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo: Math.pow(10, Math.floor(Math.log10(lo))), hi: Math.pow(10, Math.ceil(Math.log10(hi) + 1e-9)), x0: x0 };
}

function xOf(s: Scale, v: number): number {
  const c = Math.min(Math.max(v, s.lo), s.hi);
  return s.x0 + ((Math.log10(c) - Math.log10(s.lo)) / (Math.log10(s.hi) - Math.log10(s.lo))) * PANEL_W;
}

function panel(out: string[], s: Scale, title: string, height: number): void {
  out.push('<text x="' + (s.x0 + PANEL_W / 2) + '" y="18" text-anchor="middle" font-weight="bold">' + esc(title) + '</text>');
  for (let p = Math.log10(s.lo); p <= Math.log10(s.hi) + 1e-9; p++) {
    const v = Math.pow(10, p);
    const x = xOf(s, v).toFixed(1);
    out.push('<line x1="' + x + '" y1="' + (TOP - 8) + '" x2="' + x + '" y2="' + (height - 16) + '" stroke="' + (v === 1 ? '#333' : '#ddd') + '"/>');
    out.push('<text x="' + x + '" y="' + (TOP - 12) + '" text-anchor="middle" fill="#555">' + (v >= 1 ? v : v.toFixed(-p)) + 'x</text>');
  }
}

export function ratiosSvg(rows: ChartRow[], goals: Goal[], caption: string): string {
  let lines = 0;
  let prev = '';
  for (const r of rows) {
    if (r.workload !== prev) { lines++; prev = r.workload; }
    lines++;
  }
  const height = TOP + lines * ROW + 34;
  const width = LABEL_W + 2 * PANEL_W + GAP + 60;
  const a = scale(rows.map((r) => r.ratioVsNativeAsync), LABEL_W);
  const b = scale(rows.map((r) => r.ratioVsSyncFloor), LABEL_W + PANEL_W + GAP);
  const out: string[] = [];
  out.push('<svg xmlns="http://www.w3.org/2000/svg" width="' + width + '" height="' + height + '" viewBox="0 0 ' + width + ' ' + height +
    '" font-family="Helvetica, Arial, sans-serif" font-size="11">');
  out.push('<rect width="100%" height="100%" fill="#fff"/>');
  panel(out, a, 'ops/s vs native async/await: higher is faster', height);
  panel(out, b, 'time per op vs sync floor: lower is better', height);
  let y = TOP;
  prev = '';
  for (const r of rows) {
    if (r.workload !== prev) {
      prev = r.workload;
      out.push('<text x="4" y="' + (y + 13) + '" font-weight="bold">' + esc(r.workload) + '</text>');
      y += ROW;
    }
    const c = color(r.kind, r.form);
    out.push('<text x="14" y="' + (y + 13) + '">' + esc(r.form) + '</text>');
    const bars: [Scale, number][] = [[a, r.ratioVsNativeAsync], [b, r.ratioVsSyncFloor]];
    for (const [s, v] of bars) {
      if (!isFinite(v) || v <= 0) continue;
      const x1 = xOf(s, 1);
      const x2 = xOf(s, v);
      out.push('<rect x="' + Math.min(x1, x2).toFixed(1) + '" y="' + (y + 3) + '" width="' + Math.max(1, Math.abs(x2 - x1)).toFixed(1) +
        '" height="' + (ROW - 6) + '" fill="' + c + '"/>');
      out.push('<text x="' + (Math.max(x1, x2) + 3).toFixed(1) + '" y="' + (y + 13) + '" fill="#222">' + fmt(v) + '</text>');
    }
    for (const g of goals) {
      if (g.workload !== r.workload) continue;
      if (g.nativeAtLeast !== undefined) {
        const x = xOf(a, g.nativeAtLeast).toFixed(1);
        out.push('<line x1="' + x + '" y1="' + y + '" x2="' + x + '" y2="' + (y + ROW) + '" stroke="#c62828" stroke-dasharray="3,2"/>');
      }
      if (g.floorAtMost !== undefined) {
        const x = xOf(b, g.floorAtMost).toFixed(1);
        out.push('<line x1="' + x + '" y1="' + y + '" x2="' + x + '" y2="' + (y + ROW) + '" stroke="#c62828" stroke-dasharray="3,2"/>');
      }
    }
    y += ROW;
  }
  out.push('<text x="4" y="' + (height - 16) + '" fill="#555">' + esc(caption) + '</text>');
  out.push('<text x="4" y="' + (height - 4) + '" fill="#555">grey: native Promises; light grey: synchronous floor; blue: frugal; orange: frugal Boxing (allocates); red dashes: the goals</text>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}
