// The executor's data structures against plain-array models (timer heap, range allocator, run
// queue and waiter set, channel ring).
import { test } from 'uvu';
import { propertyTests } from './support/property-config.ts';
import { MODEL_PROPERTIES } from './support/property-models.ts';

propertyTests(MODEL_PROPERTIES);

test.run();
