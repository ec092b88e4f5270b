// examples/tour.ts as an Espruino user writes it: LED2 blinking every 250 ms with Promises, the
// debounced button toggling LED1, and Serial1's lines echoed.
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

var presses = 0;
var line = "";

blink(LED2, 250);
setWatch(function () {
  presses++;
  digitalWrite(LED1, presses & 1);
  Serial1.write("button: press " + presses + "\n");
}, BTN1, { repeat: true, edge: "rising", debounce: 25 });
Serial1.setup(9600);
Serial1.on("data", function (data) {
  line += data;
  for (var end = line.indexOf("\n"); end >= 0; end = line.indexOf("\n")) {
    Serial1.write("echo: " + line.slice(0, end) + "\n");
    line = line.slice(end + 1);
  }
});
