// The pass that has a written-in callee's return write its caller's variables instead of the
// result registers (bundler/forward-results.ts): it forwards where every way into the copies ends
// in the writes, stays everywhere else, and the program logs the same either way.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { forwardResults } from '../bundler/forward-results.ts';
import { devicePrograms } from '../bench/device-forms.ts';
import { sameLogs } from './support/text-pass.ts';

/** The pass over `body` in a function run with each input in turn (k, q: the way taken); what it logs is the variables, not the registers it no longer writes. */
function passed(body: string): string {
  return sameLogs(forwardResults, 'var e=new Float64Array(8);function D(k,q){var o,c;for(var i=0;i<2;i++){' + body + '}log(o,c)}' +
    'D(0,0);D(1,0);D(0,1);D(1,1);D(2,1);');
}

test("a start form's two ways (ready at once, ready when polled again) write the variables; the copies go", () => {
  const out = passed('if(!(k===0?(e[5]=7,e[6]=0,1):(e[2]=1,0))&&!(q>0&&(e[3]++,e[5]=8+i,e[6]=1,1))){log("pending");continue}o=e[5],c=e[6],e[1]=9;');
  assert.match(out, 'o=7,c=0,1');
  assert.match(out, 'o=8+i,c=1,1');
  assert.not.match(out, 'o=e[5]');
});

test('a way through an if around it, with quiet statements after the writes and an else that jumps', () => {
  const out = passed('if(e[0]===0){if(!(k>0?(e[5]=k,e[6]=2,1):0)){if(q>0&&(e[5]=4,e[6]=3,1)){var n=1-e[2];n>e[4]&&(e[4]=n)}else{log("p");break}}}else{continue}o=e[5],c=e[6];');
  assert.match(out, 'o=k,c=2,1');
  assert.match(out, 'o=4,c=3,1');
});

test('the copies inside one sequence: the writes, quiet elements, the copies', () => {
  const out = passed('(e[5]=i+1,e[6]=0,e[2]=0,o=e[5],c=e[6],e[1]=3);');
  assert.match(out, 'o=i+1,c=0,e[2]=0,e[1]=3');
});

test('nothing moves where a way has no writes, calls, reads the registers or a variable, or falls through', () => {
  const kept = [
    // a way that ends in a call's value
    'if(!(k===0?(e[5]=7,e[6]=0,1):log(0))){continue}o=e[5],c=e[6];',
    // a way with one write only
    'if(!(k===0?(e[6]=0,1):(e[2]=1,0))){continue}o=e[5],c=e[6];',
    // the pending way falls through to the copies
    'if(!(k===0?(e[5]=7,e[6]=0,1):(e[2]=1,0))){log("p")}o=e[5],c=e[6];',
    // a written value reads a register or a copy's variable
    'if(!(k===0?(e[5]=7,e[6]=e[5],1):(e[2]=1,0))){continue}o=e[5],c=e[6];',
    'if(!(k===0?(e[5]=o,e[6]=0,1):(e[2]=1,0))){continue}o=e[5],c=e[6];',
    // a statement after the writes writes a word at an index that is not a number
    'if(!(k===0?(e[5]=7,e[6]=0,1):(e[2]=1,0))){continue}else{e[q+4]=1}o=e[5],c=e[6];',
    // in a sequence, a call between the writes and the copies
    '(e[5]=i+1,e[6]=0,log(1),o=e[5],c=e[6]);',
  ];
  for (const body of kept) assert.match(passed(body), 'o=e[5]', body);
});

test('the bench programs: a `next()` that suspends returns into the caller\'s variables, no copy of the registers left in its hot loop', async () => {
  const ps = await devicePrograms();
  for (const label of ['ScratchOrPool (scratch, next suspends)', 'ScratchOrPool (pool slot, next suspends)']) {
    const code = ps.find((p) => p.label === label)!.code;
    // The call site's start form and its poll again write the variables: two ways, each `x=...,y=0,1`.
    assert.ok((code.match(/[a-z]=[a-z]\.st\[0\]\+\+,[a-z]=0,1\)/g) ?? []).length >= 2, label + ':\n' + code);
  }
});

test.run();
