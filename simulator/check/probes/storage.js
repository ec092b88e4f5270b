// require('Storage'): whole writes, a file made larger than its data and filled at offsets (only
// where still erased), the errors, typed-array data, JSON, list() order, getFree() and getStats()
// with the trash erased and replaced files leave, StorageFile lines across appends.
/* global done, out */
var s = require('Storage');
function codes(t) { if (t === undefined) return 'undefined'; var o = []; for (var i = 0; i < t.length; i++) o.push(t.charCodeAt(i)); return o.join(','); }
out('types', typeof s.write, typeof s.read, typeof s.list, typeof s.erase, typeof s.open, typeof s.getFree, typeof s.readJSON, typeof s.writeJSON);
out('write', s.write('a', 'hello'), s.read('a'), s.read('a', 1, 3));
out('sized', s.write('b', 'xx', 0, 8), codes(s.read('b')));
out('offset', s.write('b', 'yy', 2), codes(s.read('b')));
try { s.write('b', 'zz', 2); out('rewrote'); } catch (e) { out('error', e.message); }
try { s.write('b', 'too long', 4); out('wrote'); } catch (e) { out('error', e.message); }
try { s.write('c', 'x', 4); out('wrote'); } catch (e) { out('error', e.message); }
try { s.write('d', ''); out('wrote'); } catch (e) { out('error', e.message); }
out('typed', s.write('b', new Uint8Array([65, 66]), 6), codes(s.read('b')));
out('same', s.write('a', 'hello'), s.write('a', 'HELLO'), s.read('a'));
out('json', s.write('j', { k: [1, 2] }), s.read('j'), s.readJSON('j').k[1], s.writeJSON('j2', 'str'), s.read('j2'));
out('missing', typeof s.read('nope'), typeof s.readJSON('nope', true));
out('name', s.write('a-name-of-more-than-28-characters', '1'), s.list(/^a-/).join('|'));
out('list', s.list().join('|'), s.list(/^j/).join('|'));
var st = s.getStats();
out('stats', st.totalBytes, st.fileCount, st.fileBytes, st.trashCount, st.trashBytes, s.getFree() === st.freeBytes);
s.erase('a');
st = s.getStats();
out('erased', st.fileCount, st.fileBytes, st.trashCount, st.trashBytes, s.list().join('|'));
var f = s.open('log', 'w');
f.write('one\ntw');
f.write('o\n');
var g = s.open('log', 'r');
out('file', JSON.stringify(g.readLine()), JSON.stringify(g.read(2)), JSON.stringify(g.readLine()), typeof g.readLine());
s.open('log', 'a').write('three\n');
out('appended', s.open('log', 'r').getLength(), s.list(/^log/).length, s.list(undefined, { sf: true }).join('|'), s.list(undefined, { sf: false }).length);
try { s.open('log', 'x'); } catch (e) { out('error', e.message); }
done();
