// The pass that takes out what esbuild keeps of a dead branch, its `var` declarations
// (bundler/dead-declarations.ts): gone where nothing else names the variables, kept where something
// does, and the program logs the same either way.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dropDeadDeclarations } from '../bundler/dead-declarations.ts';
import { sameLogs } from './support/text-pass.ts';

function dropped(code: string): string {
  return sameLogs(dropDeadDeclarations, code);
}

test('a dead branch and the statements after a return go when nothing else names their variables', () => {
  assert.not.match(dropped('function f(){if(0)var a,b;log(1)}f();'), 'var a');
  assert.not.match(dropped('function f(c){if(c)return 1;else if(0){var q;if(q)var z}return 2;var t}log(f(0),f(1));'), /var (q|z|t)/);
  assert.not.match(dropped('function f(){log(1);return;var t,o}f();'), 'var t');
});

test('the effects of a test folded to a constant stay, and the live branch with them', () => {
  const out = dropped('var n=[0];function f(){if(n[0]++,0){var a}else log("live",n[0])}f();f();');
  assert.not.match(out, 'var a');
});

test('a dead declaration of a variable named elsewhere stays', () => {
  assert.match(dropped('function f(){x=3;if(0)var x;return x}log(f(),typeof x);'), 'var x');
});

test("a function's local that nothing names goes, alone, in a list or in a loop's head; one something names, or with an effect, stays", () => {
  const out = dropped('(function(){function f(c){var a,b=1,d;for(var i,k=0;k<c;k++)log(k,b);var q=g();return b}function g(){var u;return 3}log(f(2),g())})();');
  assert.not.match(out, /var a|,d|var u|var i/);
  assert.match(out, 'b=1');
  assert.match(out, 'var q=g()');
  assert.match(dropped('(function(){function f(){for(var i;;)return 1}log(f())})();'), 'for(;;)');
  assert.match(dropped('(function(){function f(c){if(c)var t;return 2}log(f(1))})();'), 'if(c);');
});

test("a table of the bundle's scope that nothing names goes; one something names stays", () => {
  const out = dropped('(function(){var r=[1],k=[log],t=[2];function f(){log(r[0],t[0])}f()})();');
  assert.not.match(out, 'k=');
  assert.match(out, 'r=[1]');
  assert.match(out, 't=[2]');
  assert.not.match(dropped('(function(){var k=[log];log(1)})();'), 'var');
});

test.run();
