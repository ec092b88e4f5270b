// The last text pass of a device bundle (bundler/case-blocks.ts): case bodies, long `if` branches
// and long statements the minifier made an `&&`, `||` or `?:` of go into blocks (Espruino scans a
// skipped block faster than it parses skipped statements); short ones stay bare, and the program
// logs the same either way.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'acorn';
import { blockCaseBodies } from '../bundler/case-blocks.ts';
import { sameLogs } from './support/text-pass.ts';

function blocked(code: string): string {
  const out = sameLogs(blockCaseBodies, code);
  parse(out, { ecmaVersion: 5, sourceType: 'script' });
  return out;
}

const LONG = 'a[0]=1,a[1]=2,a[2]=3,a[3]=4';

test('a case body goes into a block; one that is a block already, or declares a function, stays', () => {
  assert.is(blocked('for(var i=0;i<3;i++)switch(i){case 0:log(0);case 1:log(1);break;case 2:{log(2)}}'),
    'for(var i=0;i<3;i++)switch(i){case 0:{log(0);}case 1:{log(1);break;}case 2:{log(2)}}');
  assert.match(blocked('switch(1){case 1:function g(){}log(g.name)}'), 'case 1:function g');
});

test("a long branch of an if goes into a block, each one of an if-else and an else-if chain; a short one stays bare", () => {
  const run = (c: number): string => 'var a=[];function f(c){if(c===1)' + LONG + ';else if(c===2)return ' + LONG + ',7;else log("x")}log(f(' + c + '),a);';
  for (const c of [1, 2, 3]) {
    const out = blocked(run(c));
    assert.match(out, 'if(c===1){' + LONG + ';}else {if(c===2){return ' + LONG + ',7;}else log("x")}');
  }
  assert.is(blocked('var a=1;if(a)log(a);else log(2)'), 'var a=1;if(a)log(a);else log(2)');
});

test('a long `&&`, `||` or `?:` statement becomes an if with its long parts in blocks; a short one stays', () => {
  for (const c of [0, 1]) {
    assert.match(blocked('var a=[],c=' + c + ';c&&(' + LONG + ');log(a)'), 'if(c){(' + LONG + ')};');
    assert.match(blocked('var a=[],c=' + c + ';c||(' + LONG + ');log(a)'), 'if(!(c)){(' + LONG + ')};');
    assert.match(blocked('var a=[],c=' + c + ';(c,c)?(' + LONG + '):log(c);log(a)'), 'if((c,c)){(' + LONG + ')}else{log(c)};');
  }
  assert.is(blocked('var c=1;c&&log(c);c?log(1):log(2)'), 'var c=1;c&&log(c);c?log(1):log(2)');
});

test.run();
