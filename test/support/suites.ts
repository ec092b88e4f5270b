// The suites test/run.ts runs. `npm test` must pass after `npm ci` alone, so a test that needs
// a program npm cannot install (Debian's `duk`) belongs to the engines suite, which CI runs after
// installing duktape (`npm run test:engines`). Installing the packed package into a new project
// downloads its dependencies and takes minutes: the package suite, `npm run test:package`.

import { parse } from 'uvu/parse';

export const SUITES = {
  /** `npm test` */
  test: /^(?!package-install\.test\.ts$).*\.test\.ts$/,
  /** `npm run test:engines`: device bundles on Duktape */
  engines: /\.duktape\.ts$/,
  /** `npm run test:package`: the packed package installed from its tarball, as a user does */
  package: /^package-install\.test\.ts$/,
};

export type SuiteName = keyof typeof SUITES;

export interface SuiteFile {
  /** Path under test/. */
  name: string;
  /** Absolute path. */
  file: string;
}

/** The files of a suite, those whose path under test/ matches `filter` when it is given. */
export async function suiteFiles(suite: SuiteName, filter?: RegExp): Promise<SuiteFile[]> {
  // The other test process makes and removes its programs' directories under test/ (.tmp-*) while
  // this one lists the files: descending into one that goes away failed the listing (ENOENT).
  const { suites } = await parse('test', SUITES[suite], { ignore: ['(^|[\\/])\\.tmp-'] });
  return filter ? suites.filter((s) => filter.test(s.name)) : suites;
}
