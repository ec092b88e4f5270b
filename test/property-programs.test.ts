// Random task programs over the executor's primitives, with cancellation and injected faults; see
// test/support/property-run.ts for the invariants checked after every run.
import { test } from 'uvu';
import { propertyTests } from './support/property-config.ts';
import { WORLD_PROPERTIES } from './support/property-suite.ts';

propertyTests(WORLD_PROPERTIES.filter((p) => /^(programs|everything)\b/.test(p.name)));

test.run();
