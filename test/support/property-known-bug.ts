// A test for a bug that is reported but not fixed yet: it asserts the behaviour wanted, passes
// while that assertion fails, and fails as soon as the bug no longer reproduces, so that the fix
// cannot land without turning it into a plain test. Only assertion failures count as "the bug is
// still there": any other exception (a broken test) fails it. Used instead of test.skip, which
// test/run.ts counts as a negative number of failures.

import { test } from 'uvu';
import { Assertion } from 'uvu/assert';

export function knownBug(name: string, fn: () => void): void {
  test('known bug (passes while it reproduces): ' + name, () => {
    try {
      fn();
    } catch (e) {
      if (e instanceof Assertion) return;
      throw e;
    }
    throw new Error('known bug no longer reproduces: ' + name + '; make it a plain test (and drop its avoidKnownBugs shape, if any)');
  });
}
