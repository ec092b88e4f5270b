// print and console.log: strings as they are, anything else in Espruino's JSON-like form (one
// line for numbers, null and undefined; a new line before objects, arrays and strings inside
// arrays and objects; four object members to a line; typed arrays as constructors).
/* global done, print */
print('|', 1, 2.5, -3, true, null, undefined, 'text');
print('|', [1, 2, 3], [null, undefined, true, 1.5]);
print('|', ['a', 'b']);
print('|', { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 });
print('|', { x: { y: 1 } }, [[1], [2]]);
print('|', 'quote"s\nand\ttabs', ['quote"s\nand\ttabs\u0001']);
print('|', new Uint8Array([1, 2]), new Uint8Array(3), new Float32Array([1.5, 2]), new ArrayBuffer(2));
print('|', new Error('m'), new TypeError('t'));
var o = { name: 'self' };
o.self = o;
print('|', o);
function Foo() { this.a = 1; }
print('|', new Foo());
console.log('|', 'console.log', { k: 'v' });
done();
