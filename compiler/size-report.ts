// Static sizes from the lowering, as data (for `frugal size`) and as text: each async function's
// frame, each task entry's worst-case side stack along its deepest await path (unbounded when the
// path recurses, or awaits in a loop beside another call in a join or select: task-sizes.ts), and for each dyn call site the largest frame among the known implementations of
// the interface, which is the scratch size that keeps every such call out of the pool.

import path from 'node:path';
import { lowerFile } from './lower-file.ts';
import { Lowering, type AsyncDecl, type LoweredFunction } from './lowering.ts';
import { createProgram } from './ts-program.ts';
import { TaskSizer } from './task-sizes.ts';

export interface DynSiteReport {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly iface: string;
  readonly method: string;
  /** Stored or passed on: placed in the pool, never in scratch. */
  readonly escaping: boolean;
  readonly implementations: readonly string[];
  /** Largest frame among the implementations: the recommended scratch. */
  readonly scratchWords: number;
  readonly scratchRefs: number;
}

export interface FunctionReport {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly words: number;
  readonly refs: number;
  /** Side stack this function needs as a task entry (its frame + header + deepest path, task-sizes.ts); null: unbounded. */
  readonly stackWords: number | null;
  readonly stackRefs: number | null;
  /** Reaches itself through await calls (each level is pushed on the side stack). */
  readonly recursive: boolean;
  /** Not awaited by any other lowered function: a task entry candidate. */
  readonly root: boolean;
  readonly callees: readonly string[];
  readonly dynSites: readonly DynSiteReport[];
}

export interface ConfiguredSizes {
  sideStackWords: number;
  sideStackRefs: number;
  scratchWords: number;
  scratchRefs: number;
  /** Entries spawned, with per-task overrides; when absent, every root function is checked. */
  tasks?: { entry: string; sideStack?: number; sideStackRefs?: number; scratch?: number; scratchRefs?: number }[];
}

export interface SizeReport {
  readonly functions: readonly FunctionReport[];
  readonly configured: ConfiguredSizes | null;
  readonly warnings: readonly string[];
}

function finite(n: number): number | null {
  return n === Infinity ? null : n;
}

/**
 * The report for already-lowered functions (every function the lowering has seen when absent).
 * - The functions were lowered by `l` (host target).
 */
export function sizeReport(l: Lowering, configured?: ConfiguredSizes, functions?: readonly LoweredFunction[]): SizeReport {
  const fns = (functions ?? l.functions()).slice();
  const called = new Set<AsyncDecl>();
  for (const fn of l.functions()) {
    for (const s of fn.sites) for (const it of s.items) if (it.kind === 'embed' || it.kind === 'push') called.add(it.callee);
    for (const it of fn.persistent) if (it.kind === 'embed' || it.kind === 'push') called.add(it.callee);
  }
  const reports: FunctionReport[] = [];
  for (const fn of fns) {
    // A sizer of its own: it tells whether this function's need is unbounded by recursion or by a loop.
    const sizer = new TaskSizer(l, null, null);
    const need = sizer.need(fn);
    const callees = new Set<string>();
    const dynSites: DynSiteReport[] = [];
    const items = fn.sites.flatMap((s) => s.items).concat(fn.persistent);
    for (const it of items) {
      if (it.kind === 'embed' || it.kind === 'push') callees.add(l.lowerFunction(it.callee).name);
      if (it.kind === 'dyn' && !dynSites.some((d) => d.line === it.line && d.column === it.column)) {
        const impls = l.implementationsOf(it.method);
        dynSites.push({
          file: fn.file, line: it.line, column: it.column, iface: it.iface, method: it.method, escaping: it.escaping,
          implementations: impls.map((i) => i.name),
          scratchWords: impls.reduce((m, i) => Math.max(m, i.words), 0),
          scratchRefs: impls.reduce((m, i) => Math.max(m, i.refs), 0),
        });
      }
    }
    reports.push({
      name: fn.name, file: fn.file, line: fn.line, words: fn.words, refs: fn.refs,
      stackWords: finite(fn.words + 1 + need.w), stackRefs: finite(fn.refs + need.r),
      recursive: need.w === Infinity && sizer.recursion, root: !called.has(fn.decl),
      callees: Array.from(callees).sort(), dynSites: dynSites,
    });
  }
  reports.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { functions: reports, configured: configured ?? null, warnings: configured !== undefined ? warnings(reports, configured) : [] };
}

function warnings(reports: FunctionReport[], c: ConfiguredSizes): string[] {
  const out: string[] = [];
  const entries = c.tasks !== undefined
    ? c.tasks.map((t) => ({ t: t, fn: reports.find((r) => r.name === t.entry) }))
    : reports.filter((r) => r.root).map((r) => ({ t: { entry: r.name } as NonNullable<ConfiguredSizes['tasks']>[number], fn: r as FunctionReport | undefined }));
  for (const { t, fn } of entries) {
    if (fn === undefined) {
      out.push("task entry '" + t.entry + "' is not a lowered async function");
      continue;
    }
    const words = t.sideStack ?? c.sideStackWords;
    const refs = t.sideStackRefs ?? c.sideStackRefs;
    if (fn.stackWords === null && !fn.recursive) {
      out.push("task '" + fn.name + "' awaits in a loop beside another call that awaits, in one join or select: its side stack need is unbounded (configured " +
        words + ' words); spawn the two as tasks of their own, overflow is a runtime error');
    } else if (fn.stackWords === null) {
      out.push("task '" + fn.name + "' recurses: its side stack need is unbounded (configured " + words +
        ' words); bound the recursion depth and size the side stack for it, overflow is a runtime error');
    } else if (fn.stackWords > words || (fn.stackRefs ?? 0) > refs) {
      out.push("task '" + fn.name + "' needs a side stack of " + fn.stackWords + ' words and ' + fn.stackRefs + ' refs, configured ' +
        words + ' words and ' + refs + ' refs: spawn it with { sideStack: ' + Math.max(words, fn.stackWords) + ', sideStackRefs: ' +
        Math.max(refs, fn.stackRefs ?? 0) + ' }');
    }
    const scratch = t.scratch ?? c.scratchWords;
    const scratchRefs = t.scratchRefs ?? c.scratchRefs;
    for (const d of dynSitesReachable(fn, reports)) {
      if (d.escaping) continue;
      if (d.scratchWords > scratch || d.scratchRefs > scratchRefs) {
        out.push(path.basename(d.file) + ':' + d.line + ':' + d.column + ': ' + (d.iface === '' ? '' : d.iface + '.') + d.method + "() in task '" + fn.name +
          "' needs " + d.scratchWords + ' words and ' + d.scratchRefs + ' refs of scratch (' + d.implementations.join(', ') +
          '), configured ' + scratch + ' and ' + scratchRefs + ': calls fall back to the pool');
      }
    }
  }
  return out;
}

function dynSitesReachable(root: FunctionReport, reports: FunctionReport[]): DynSiteReport[] {
  const seen = new Set<string>();
  const out: DynSiteReport[] = [];
  const visit = (r: FunctionReport): void => {
    if (seen.has(r.name)) return;
    seen.add(r.name);
    out.push(...r.dynSites);
    for (const c of r.callees) {
      const cr = reports.find((x) => x.name === c);
      if (cr !== undefined) visit(cr);
    }
  };
  visit(root);
  return out;
}

/**
 * Lowers `files` (and what they call) and reports on their async functions.
 * - The files exist; `lowering`, when given, is a host lowering whose program includes them.
 */
export function sizeReportForFiles(files: readonly string[], configured?: ConfiguredSizes, lowering?: Lowering): SizeReport {
  const l = lowering ?? new Lowering(createProgram(files));
  const fns: LoweredFunction[] = [];
  for (const f of files) fns.push(...lowerFile(l, path.resolve(f)).functions);
  // Dyn implementations may live in files not listed; they are lowered on demand above.
  return sizeReport(l, configured, fns);
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function lpad(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

/**
 * The report as text, for `frugal size`: one line per function, then the dyn call sites and the
 * configured sizes.
 * - Any report, from sizeReport or sizeReportForFiles.
 */
export function formatSizeReport(r: SizeReport): string {
  const lines: string[] = [];
  const cwd = process.cwd();
  lines.push(pad('async function', 34) + lpad('frame', 10) + lpad('as task: side stack', 22) + '  where');
  for (const f of r.functions) {
    const stack = f.stackWords === null ? (f.recursive ? 'unbounded (recursive)' : 'unbounded (loop)') : f.stackWords + 'w ' + f.stackRefs + 'r';
    lines.push(pad(f.name + (f.root ? '' : ' '), 34) + lpad(f.words + 'w ' + f.refs + 'r', 10) + lpad(stack, 22) + '  ' +
      path.relative(cwd, f.file) + ':' + f.line);
  }
  const sites = r.functions.flatMap((f) => f.dynSites.map((d) => ({ f: f, d: d })));
  if (sites.length > 0) {
    lines.push('');
    lines.push('dyn call sites (recommended scratch = largest known implementation):');
    for (const { f, d } of sites) {
      lines.push('  ' + path.relative(cwd, d.file) + ':' + d.line + ':' + d.column + '  ' + (d.iface === '' ? '' : d.iface + '.') + d.method + '() in ' + f.name + ': ' +
        (d.escaping ? 'escaping (pool), ' : '') + 'scratch ' + d.scratchWords + 'w ' + d.scratchRefs + 'r' +
        (d.implementations.length > 0 ? ' (' + d.implementations.join(', ') + ')' : ' (no known implementation)'));
    }
  }
  if (r.configured !== null) {
    const c = r.configured;
    lines.push('');
    lines.push('configured: side stack ' + c.sideStackWords + 'w ' + c.sideStackRefs + 'r, scratch ' + c.scratchWords + 'w ' + c.scratchRefs + 'r');
    if (r.warnings.length === 0) lines.push('ok: every configured size covers the static need');
    for (const w of r.warnings) lines.push('warning: ' + w);
  }
  return lines.join('\n');
}

