// The last two passes over a device bundle: its IIFE's body at the top level with `$` names
// (bundler/top-level.ts), and the root entry of the class W is made with dropped after the load
// (bundler/builtin-roots.ts). Each program logs the same after the pass.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { atTopLevel } from '../bundler/top-level.ts';
import { dropBuiltinRoots } from '../bundler/builtin-roots.ts';
import { sameLogs } from './support/text-pass.ts';

test("the IIFE's names become $ names at the top level, its locals' names stay", () => {
  const out = sameLogs(atTopLevel, '(function(){var r=[1,2];function g(a){var r=a+1;return r}function E(){return r[0]}log(g(3),E(),r[1])})();');
  assert.ok(!out.startsWith('(function'), out);
  assert.match(out, 'var $r=[1,2]');
  assert.match(out, 'function $g(a){var r=a+1;return r}');
  assert.match(out, 'function $E(){return $r[0]}');
  assert.match(out, 'log($g(3),$E(),$r[1])');
});

test('a name a function, a catch clause or a function expression declares for itself stays', () => {
  const out = sameLogs(atTopLevel, '(function(){var e=5,f=function e(n){return n>0?e(n-1)+1:0};function h(){try{throw 2}catch(e){return e}}log(e,f(3),h())})();');
  assert.match(out, 'var $e=5,$f=function e(n){return n>0?e(n-1)+1:0}');
  assert.match(out, 'catch(e){return e}');
});

test('a $ name already in the bundle is not taken twice', () => {
  const out = sameLogs(atTopLevel, '(function(){var a=1;function b(){var $a=2;return $a+a}log(b())})();');
  assert.match(out, 'var $$a=1');
  assert.match(out, 'return $a+$$a');
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
