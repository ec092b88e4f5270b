import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runStrategy, STRATEGIES } from '../examples/adapter-strategies.ts';

test('the documented example runs through every adapter with the same results', () => {
  for (const name of Object.keys(STRATEGIES)) {
    const out = runStrategy(name);
    assert.match(out, name + ': read 21 21 21 21 21');
    assert.match(out, '5 calls');
    assert.match(out, name === 'Boxing' ? 'allocations 5' : name === 'Recycling' || name === 'CallerCachedBox' ? 'allocations 1' : 'allocations 0');
  }
});

test.run();
