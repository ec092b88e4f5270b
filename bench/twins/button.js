// examples/button.ts as an Espruino user writes it: a debounced setWatch on BTN1 that toggles
// LED1 and prints the count of presses.
var presses = 0;

setWatch(function () {
  presses++;
  digitalWrite(LED1, presses & 1);
  Serial1.write("button: press " + presses + "\n");
}, BTN1, { repeat: true, edge: "rising", debounce: 25 });
