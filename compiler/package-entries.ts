// 'frugal' and 'frugal/testing' in a program's source mean the frugal that builds it: its own
// TypeScript entries (index.ts, testing.ts), which the lowering reads for task-api's declarations
// and bundles from source. A project resolves the package to its compiled form and declarations
// (dist/, types/), and a checkout to nothing installed at all; the lowering's TypeScript program and
// every esbuild pass over a program use these paths instead.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const PACKAGE_ENTRIES: { readonly [specifier: string]: string } = {
  'frugal': path.join(ROOT, 'index.ts'),
  'frugal/testing': path.join(ROOT, 'testing.ts'),
};

/**
 * The entries as TypeScript `paths`.
 * - None: the entries are frugal's own files.
 */
export function entryPaths(): { [specifier: string]: string[] } {
  const out: { [specifier: string]: string[] } = {};
  for (const k of Object.keys(PACKAGE_ENTRIES)) out[k] = [PACKAGE_ENTRIES[k]];
  return out;
}

/**
 * An esbuild plugin resolving the entries to frugal's own sources.
 * - Given to an esbuild build that bundles the program (node-build.ts).
 */
export function packageEntriesPlugin(): Plugin {
  return {
    name: 'frugal-package-entries',
    setup(build) {
      build.onResolve({ filter: /^frugal(\/testing)?$/ }, (args) => ({ path: PACKAGE_ENTRIES[args.path] }));
    },
  };
}
