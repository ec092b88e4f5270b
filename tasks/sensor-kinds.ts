// The sensor kinds a build reads, as bits (1 << kind: analog, temperature, light, magnetometer):
// SensorSource.read() branches on them, so that a device bundle carries only the reads of the
// kinds its sources have. On the host every kind is there; the device build replaces this module
// with one that names the program's kinds (bundler/sensor-kinds.ts), and the branches of the
// others fold away (a temperature-only program carries no Puck.mag).

export const SENSOR_KINDS = 15;
