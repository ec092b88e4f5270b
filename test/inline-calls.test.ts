// The pass that writes a function called from one place in at that place (bundler/inline-calls.ts):
// each program runs before and after the pass and must log the same, and the functions the pass
// may move are gone while the ones it must keep are still there.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, type AnyNode } from 'acorn';
import { inlineCalls } from '../bundler/inline-calls.ts';

/** What the IIFE `code` logs, run with `log` as its only global. */
function logOf(code: string): unknown[] {
  const out: unknown[] = [];
  new Function('log', code)((...v: unknown[]) => { out.push(v.length === 1 ? v[0] : v); });
  return out;
}

/** Names of the functions the IIFE's own scope declares. */
function functionsOf(code: string): string[] {
  const program = parse(code, { ecmaVersion: 5 }) as AnyNode;
  if (program.type !== 'Program') return [];
  const st = program.body[0];
  if (st.type !== 'ExpressionStatement' || st.expression.type !== 'CallExpression' || st.expression.callee.type !== 'FunctionExpression') return [];
  return st.expression.callee.body.body.flatMap((s) => (s.type === 'FunctionDeclaration' ? [s.id.name] : []));
}

/**
 * Runs `body` in an IIFE before and after the pass; returns the functions left. The functions
 * `kept` are also taken as values, so they stay whatever their calls.
 */
function same(body: string, kept: readonly string[] = []): string[] {
  const code = '(function(){' + body + (kept.length > 0 ? 'log.kept=[' + kept.join(',') + '];' : '') + '})();';
  const out = inlineCalls(code);
  parse(out, { ecmaVersion: 5 });
  assert.equal(logOf(out), logOf(code), 'logs differ after the pass:\n' + out);
  return functionsOf(out);
}

test('a function called once as a statement, from a sequence, an && and a ?: , is written in', () => {
  assert.equal(same('var r=[0];function w(t){r[0]+=t}function run(){for(var i=0;i<3;i++)w(i);log(r[0])}run();'), []);
  assert.equal(same('var r=[0];function w(t){r[0]+=t}function run(c){r[0]=1,c&&w(5),log(r[0])}run(1);run(0);', ['run']), ['run']);
  assert.equal(same('var r=[0];function w(t){r[0]+=t}function run(c){c?w(2):r[0]--;log(r[0])}run(1);run(0);', ['run']), ['run']);
});

test('returns: kept for a tail call, the last one as a value, the others in a loop that breaks', () => {
  assert.equal(same('function f(a){if(a>1)return a*2;return a}function g(a){return a>0?f(a):-1}log(g(2),g(1),g(0));'), ['g']);
  assert.equal(same('function f(a){var b=a+1;return b*b}function g(a){var x;x=f(a);return x}log(g(2));'), ['g']);
  assert.equal(same('function f(a){if(a>1)return 7;if(a<0)return;return 3}function g(a){var x=f(a);log(x)}g(2);g(-1);g(0);', ['g']), ['g']);
});

test('a call that is a test (of an if, a ?: or an &&) is written in, its value first in a variable of its own', () => {
  const f = 'function f(a){if(a>1){log("big");return 1}log("small");return 0}';
  assert.equal(same(f + 'function g(a){if(f(a))log("yes");else log("no")}g(2);g(0);', ['g']), ['g']);
  assert.equal(same(f + 'function g(a){var r=[0];f(a)?r[0]=1:r[0]=2;log(r[0])}g(2);g(0);', ['g']), ['g']);
  assert.equal(same(f + 'function g(a){var r=[0];f(a)&&(r[0]=3);f(a+1)||(r[0]+=4);log(r[0])}g(2);g(0);', ['g']), ['g']);
});

test('a function of one expression statement goes in as that expression, even where its value is used; a pure argument it never reads goes', () => {
  // wake(t) in a program of one task: its index folded, its parameter unread, called inside a ?: that is a test.
  const f = 'var r=[0,0];function w(t){r[0]!==1&&(r[0]=1,r[1]++)}';
  assert.equal(same(f + 'function g(a){var x=(a>1?(w(r[1]),1):(w(r[0]),0))?7:8;log(x,r[0],r[1])}g(2);g(0);', ['g']), ['g']);
  // An argument with effects is still evaluated, once, before the body.
  assert.equal(same(f + 'var n=[0];function h(){return n[0]++}function g(){var x=(w(h()),3);log(x,n[0],r[1])}g();g();', ['g']), ['g']);
});

test('a function whose arguments go in variables of the caller, where another is written in at the caller\'s first statement: the declaration goes before that block, once', () => {
  // f's temporaries are declared at c's first statement, which g's block replaces in the same round
  // (applyEdits once made the insertion after the block, writing the statement twice).
  assert.equal(same('var n=[5];function k(){return n[0]++}function g(a){var b=a+1;return b*b}function f(x,z){return x*z}function c(i){var y=g(i);log(f(k(),k()));log(y)}c(0);c(1);', ['k']), ['k', 'c']);
});

test('a body written in as a loop that breaks is not a do-while: minified, Espruino misreads one without braces', () => {
  const out = inlineCalls('(function(){function f(a){if(a>1){return 1}else{return 2}}function g(a){var x=f(a);log(x)}g(2);g(0);log.kept=[g];})();');
  assert.not.match(out, /\bdo\b/);
  assert.match(out, /for\(;;\)/);
});

test('variables start undefined at each pass of a block in a loop, as at each call', () => {
  assert.equal(same('function f(i){var x;if(i===0)x=1;log(x)}function g(){for(var i=0;i<3;i++)f(i)}g();'), []);
  // Declared with a value in a nested block but read after it: not assigned on every way there.
  assert.equal(same('function f(i){if(i===0){var x=1}log(x)}function g(){for(var i=0;i<3;i++)f(i)}g();'), []);
  assert.equal(same('function f(i){switch(i){case 0:var x=1;case 1:log(x)}}function g(){for(var i=0;i<3;i++)f(i)}g();'), []);
});

test('an argument that assigns is read before the body, as a call reads it', () => {
  assert.equal(same('function f(a,b){log(a,b)}function g(){var x=1;f(x,x=5);log(x)}g();'), []);
});

test('a parameter given a variable that something else assigns is copied, not replaced', () => {
  assert.equal(same('var n=1;function bump(){n++}function f(a){bump();log(a,n)}function g(){f(n)}g();'), []);
  // A parameter the body declares again with a value is assigned there: the caller's variable must not be.
  assert.equal(same('function f(a){var a=a+1;log(a)}function g(){var x=1;f(x);log(x)}g();'), []);
});

test('kept: called twice with a long body, recursive, a closure inside, a return in a loop called for its value, a name the caller shadows', () => {
  const long = Array.from({ length: 40 }, (_, i) => 'a+=' + i + ';').join('');
  assert.equal(same('function f(a){' + long + 'log(a)}f(1);f(2);'), ['f']);
  assert.equal(same('function f(a){a++;log(a)}f(1);f(2);'), []);
  assert.equal(same('function f(a){if(a>0)f(a-1);log(a)}function g(){f(2)}g();'), ['f']);
  assert.equal(same('function f(a){var c=function(){return a};log(c())}function g(){f(3)}g();'), ['f']);
  assert.equal(same('function f(a){for(var i=0;i<a;i++)if(i===2)return i;return -1}function g(){var x=f(4);log(x)}g();g();', ['g']), ['f', 'g']);
  assert.equal(same('var k=9;function f(){log(k)}function g(){var k=1;f();log(k)}g();g();', ['g']), ['f', 'g']);
});

test('a long function stays a call where the caller passes over it without running it', () => {
  const long = Array.from({ length: 30 }, (_, i) => 'r[' + (i % 3) + ']+=' + i + ';').join('');
  assert.equal(same('var r=[0,0,0];function f(){' + long + '}function g(c){if(c)f();log(r[0])}g(0);g(1);', ['g']), ['f', 'g']);
  assert.equal(same('var r=[0,0,0];function f(){' + long + '}function g(){f();log(r[0])}g();g();', ['g']), ['g']);
});

test('a function that only returns an expression goes in as the expression, wherever it is called', () => {
  const clock = 'var k=[0.5],n=[0];function now(){n[0]+=0.25;return n[0]}function ms(t){return Math.round((t-k[0])*1e6)/1e3}';
  assert.equal(same(clock + 'function g(){for(var a=ms(now()),b=a;b<1000;b=ms(now()))log(b);log(ms(now())>a)}g();', ['g']), ['now', 'g']);
});

test('an argument with effects is evaluated once and before the body, as a call evaluates it', () => {
  const next = 'var k=[0];function next(){k[0]++;return k[0]}';
  // Read twice, in a branch, after what it changes: the argument goes to a variable of the caller first.
  assert.equal(same(next + 'function sq(x){return x*x}function g(){log(sq(next()),k[0])}g();g();', ['g']), ['next', 'g']);
  assert.equal(same(next + 'function f(c,x){return c?x:0}function g(){log(f(0,next()),k[0])}g();g();', ['g']), ['next', 'g']);
  assert.equal(same(next + 'function f(a){return k[0]+a}function g(){log(f(next()))}g();g();', ['g']), ['next', 'g']);
  // In the IIFE's own scope such a variable would live for ever: the call stays.
  assert.equal(same(next + 'function sq(x){return x*x}log(sq(next()));log(sq(next()));'), ['next', 'sq']);
});

test.run();
