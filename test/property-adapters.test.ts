// Random dyn calls through every adapter, and pool exhaustion under each poolFullPolicy.
import { test } from 'uvu';
import { propertyTests } from './support/property-config.ts';
import { WORLD_PROPERTIES } from './support/property-suite.ts';

propertyTests(WORLD_PROPERTIES.filter((p) => p.name === 'dyn calls' || p.name.indexOf('pool exhausted') === 0));

test.run();
