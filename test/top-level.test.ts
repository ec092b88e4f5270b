// The last two passes over a device bundle: its IIFE's body at the top level with `$` names
// (bundler/top-level.ts), and the root entry of the class W is made with dropped after the load
// (bundler/builtin-roots.ts). Each program logs the same after the pass.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { atTopLevel } from '../bundler/top-level.ts';
import { dropBuiltinRoots } from '../bundler/builtin-roots.ts';
import { sameLogs } from './support/text-pass.ts';

test("the IIFE's names at the top level: those a board's global may have become $ names, the others and its locals' names stay", () => {
  const out = sameLogs(atTopLevel, '(function(){var r=[1,2],D5=4;function g(a){var r=a+1,E=2;return r+E}function E(){return r[0]+D5}log(g(3),E(),r[1])})();');
  assert.ok(!out.startsWith('(function'), out);
  assert.match(out, 'var r=[1,2],$D5=4');
  assert.match(out, 'function $g(a){var r=a+1,E=2;return r+E}');
  assert.match(out, 'function $E(){return r[0]+$D5}');
  assert.match(out, 'log($g(3),$E(),r[1])');
});

test('a name a function, a catch clause or a function expression declares for itself stays', () => {
  const out = sameLogs(atTopLevel, '(function(){var E=5,f=function E(n){return n>0?E(n-1)+1:0};function h(){try{throw 2}catch(E){return E}}log(E,f(3),h())})();');
  assert.match(out, 'var $E=5,f=function E(n){return n>0?E(n-1)+1:0}');
  assert.match(out, 'catch(E){return E}');
});

test('a $ name already in the bundle is not taken twice', () => {
  const out = sameLogs(atTopLevel, '(function(){var A=1;function b(){var $A=2;return $A+A}log(b())})();');
  assert.match(out, 'var $$A=1');
  assert.match(out, 'return $A+$$A');
});

test('a bundle whose IIFE uses this or arguments at its own level stays wrapped', () => {
  const code = '(function(){var a=arguments.length;log(a)})();';
  assert.is(atTopLevel(code), code);
});

test("Float64Array's root entry goes after a load that names it only while loading, not when a function names it", () => {
  assert.match(dropBuiltinRoots('(function(){var r=new Float64Array(2);global.frugal=r})();'), 'global.frugal=r;delete global.Float64Array})();');
  const later = '(function(){var r=new Float64Array(2);function f(){return new Float64Array(1)}global.f=f})();';
  assert.is(dropBuiltinRoots(later), later);
  const none = '(function(){var r=[]})();';
  assert.is(dropBuiltinRoots(none), none);
});

test.run();
