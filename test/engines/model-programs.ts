// Small Espruino programs for the model (simulator/espruino-model/) and what each must print on
// the simulated board, run by engines.test.ts on QuickJS and by engines.duktape.ts on Duktape: the
// two engines must agree.

// Blinks LED1 every 500 ms and echoes complete Serial1 lines, then stops the blinking at 2.2 s.
export const BLINK_ECHO = `
var on = 0;
var line = '';
var blink = setInterval(function () { on = !on; digitalWrite(LED1, on); }, 500);
Serial1.setup(9600);
Serial1.on('data', function (d) {
  line += d;
  var i = line.indexOf('\\n');
  while (i >= 0) {
    var l = line.slice(0, i);
    line = line.slice(i + 1);
    Serial1.write('echo:' + l + '\\r\\n');
    console.log('got ' + l + ' at ' + getTime());
    i = line.indexOf('\\n');
  }
});
setTimeout(function () { clearInterval(blink); digitalWrite(LED1, 0); console.log('done'); }, 2200);
`

// Bytes arrive split across 'data' events, as they do from a UART.
export const BLINK_DRIVER = `__host.serial('Serial1', 700, 'hel'); __host.serial('Serial1', 750, 'lo\\nwor'); __host.serial('Serial1', 1600, 'ld\\n');`

export const BLINK_OUTPUT = 'echo:hello\r\ngot hello at 0.75\necho:world\r\ngot world at 1.6\ndone\n'
export const BLINK_LOG = ['t=500 LED1=1', 't=1000 LED1=0', 't=1500 LED1=1', 't=2000 LED1=0', 't=2200 LED1=0'].join('\n')

// Model semantics that both engines must agree on: ordering of equal deadlines, changeInterval,
// debounced watches, Espruino's clearTimeout rules, an exception escaping a callback, Promises.
export const SEMANTICS = `
var id = setInterval(function () { console.log('iv ' + getTime()); if (getTime() >= 0.3) changeInterval(id, 250); }, 100);
setTimeout(function () { console.log('a'); }, 50);
setTimeout(function (x, y) { console.log('b ' + x + y); }, 50, 1, 2);
setTimeout(function () { clearInterval(id); clearInterval(id); }, 900);
setTimeout(function () { throw new Error('boom'); }, 60);
try { clearTimeout(undefined); } catch (e) { console.log('caught ' + e.message); }
setWatch(function (e) { console.log('btn ' + e.state + ' ' + e.time + ' ' + e.lastTime); }, BTN1, { edge: 'rising', repeat: true, debounce: 20 });
setWatch(function (e) { console.log('once ' + e.state + ' ' + e.time); }, D3, { edge: 'both' });
Promise.resolve(7).then(function (v) { console.log('then ' + v + ' ' + getTime()); });
`
export const SEMANTICS_DRIVER = `
__host.edge(BTN1, 200, 1); __host.edge(BTN1, 205, 0); __host.edge(BTN1, 210, 1);
__host.edge(BTN1, 400, 0); __host.edge(BTN1, 500, 1);
__host.edge(D3, 120, 1); __host.edge(D3, 130, 0);
`
// A debounced watch reports a level that held for the debounce time, with the time of the edge
// that started it: the press bouncing 200-210 ms is reported at 0.21 s (once it has held until
// 230); the release at 400 ms is not reported (rising edges only) but is the next report's
// lastTime. The Promise's then runs in the first pass of the event loop, at 0.
export const SEMANTICS_OUTPUT = [
  'caught clearTimeout(undefined) not allowed. Use clearTimeout() instead',
  'then 7 0',
  'a',
  'b 12',
  'Uncaught Error: boom',
  'iv 0.1',
  'once true 0.12',
  'iv 0.2',
  'btn true 0.21 undefined',
  'iv 0.3',
  'btn true 0.5 0.4',
  'iv 0.55',
  'iv 0.8',
  '',
].join('\n')

// Stops at its second statement: a top-level throw must stop the run, as it does on a board.
export const TOP_LEVEL_THROW = 'console.log("before"); undefinedFunction();'
