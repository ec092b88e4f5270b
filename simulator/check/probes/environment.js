// getTime() is seconds; process.memory()'s fields; 'init' is not emitted when a program is loaded
// (only at boot after save()), and E.emit queues its event after the current callback.
/* global E, done, getTime, out, setTimeout */
out('getTime', typeof getTime());
out('process.memory', JSON.stringify(Object.keys(process.memory())));
out('version', process.env.VERSION, process.version);
E.on('init', function () { out('init'); });
setTimeout(function () {
  out('no init after loading');
  E.emit('init');
  out('after emit');
}, 20);
setTimeout(function () { done(); }, 40);
