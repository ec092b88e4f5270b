// The pass that makes a parameter every call gives the same constant that constant
// (bundler/constant-arguments.ts): it goes where the header says, stays everywhere else, and the
// program logs the same either way.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { constantArguments } from '../bundler/constant-arguments.ts';
import { sameLogs } from './support/text-pass.ts';

function passed(code: string): string {
  return sameLogs(constantArguments, '(function(){' + code + '})();');
}

test("a frame's place given as the memory's name and a number becomes them, and the calls lose those arguments", () => {
  const out = passed('var r=[5,6,7,8];function S(e,a,n){log(e[a+1],n);e[a]=n}S(r,1,"x");log(r[1])');
  assert.match(out, 'function S(){');
  assert.match(out, 'r[(1)+1]');
  assert.match(out, 'S()');
});

test('a call the first round made constant goes on in the next: `a + 5` with a given 19', () => {
  const out = passed('var r=[];for(var i=0;i<30;i++)r.push(i);function p(e,b){return e[b]}function S(e,a){log(p(e,a+5))}S(r,19);');
  assert.match(out, 'function p(){');
});

test('a parameter stays where the calls differ, where the function assigns it or declares it again', () => {
  assert.match(passed('function f(a){log(a)}f(1);f(2);'), 'function f(a)');
  assert.match(passed('function f(a){a++;log(a)}f(1);'), 'function f(a)');
  assert.match(passed('function f(a){var a=3;log(a)}f(1);'), 'function f(a)');
});

test('a name stays a parameter where code assigns the name, a scope declares it again or it reads arguments', () => {
  assert.match(passed('var k=1;function f(a){log(a)}f(k);k=2;f(k);'), 'function f(a)');
  assert.match(passed('var k=1;function f(a){var k=2;log(a,k)}f(k);'), 'function f(a)');
  assert.match(passed('var k=1;function f(a){log(a,arguments.length)}f(k);'), 'function f(a)');
  assert.match(passed('var k=1;function f(a){log(a)}function g(k){f(k)}g(4);g(5);'), 'function f(a)');
});

test('a function passed as a value or calling itself keeps its parameters', () => {
  assert.match(passed('function f(a){log(a)}f(1);[2].forEach(f);'), 'function f(a)');
  assert.match(passed('function f(a,n){log(a);if(n>0)f(3,n-1)}f(3,2);'), 'function f(a,n)');
});

test('a parameter read in a nested function becomes the constant there, unless that function declares it again', () => {
  const out = passed('function f(a){var g=function(){log(a)};var h=function(a){log(a)};g();h(2)}f(9);');
  assert.match(out, 'function f(){');
  assert.match(out, 'function(a){log(a)}');
});

test.run();
