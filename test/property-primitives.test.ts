// The executor's data structures against plain-array models (timer heap, range allocator, run
// queue and waiter set, pool hand-off, channel ring), 20,000 runs each.
import { test } from 'uvu';
import { MODEL_RUNS, propertyTests } from './support/property-config.ts';
import { MODEL_PROPERTIES } from './support/property-models.ts';

propertyTests(MODEL_PROPERTIES, MODEL_RUNS);

test.run();
