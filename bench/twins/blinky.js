// examples/blinky.ts as an Espruino user writes it with Promises: a sleep that resolves after a
// timeout, and one loop per LED that toggles it and sleeps again.
function sleep(ms) {
  return new Promise(function (resolve) { setTimeout(resolve, ms); });
}

function blink(led, ms) {
  var on = false;
  function toggle() {
    on = !on;
    digitalWrite(led, on);
    sleep(ms).then(toggle);
  }
  toggle();
}

blink(LED1, 500);
blink(LED2, 300);
