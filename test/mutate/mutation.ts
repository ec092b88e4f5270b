// One known-dangerous edit, as mutations.ts and device-mutations.ts list them and run.ts applies them.

export interface Mutation {
  /** Short id, also accepted as a filter: `npm run mutate -- <part of an id>`. */
  id: string;
  /** The bug, as a reader of the table should understand it. */
  what: string;
  /** Path from the repository root. */
  file: string;
  find: string;
  replace: string;
  /** Test files (names under test/) that must catch it: run together, in one process. */
  tests: string[];
}
