// examples/uart-echo.ts as an Espruino user writes it: the bytes Serial1 receives collected into a
// string, each complete line written back with "echo: " in front.
var line = "";

Serial1.setup(9600);
Serial1.on("data", function (data) {
  line += data;
  for (var end = line.indexOf("\n"); end >= 0; end = line.indexOf("\n")) {
    Serial1.write("echo: " + line.slice(0, end) + "\n");
    line = line.slice(end + 1);
  }
});
