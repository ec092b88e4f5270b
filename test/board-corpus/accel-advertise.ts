// A first Puck.js program as a new user writes it: a task reads the accelerometer and advertises
// the reading over Bluetooth, calling the board's API directly (test/board-api.test.ts). It
// allocates on purpose (an object per Puck.accel(), literals per setAdvertising): the audit lists them.

import { sleep, spawnTask, type Example } from '../../index.ts';

export async function advertiseTilt(): Promise<void> {
  for (;;) {
    const a = Puck.accel();
    NRF.setAdvertising({}, { manufacturer: 0x0590, manufacturerData: [a.acc.z > 0 ? 1 : 0, (a.acc.x >> 8) & 255] });
    await sleep(1000);
  }
}

export const accelAdvertise: Example = {
  name: 'accel-advertise',
  description: 'Puck.accel() advertised with NRF.setAdvertising()',
  config: { maxTasks: 1 },
  setup(ex) {
    spawnTask(ex, advertiseTilt, [], { name: 'advertise' });
  },
  simulate(sim) {
    sim.sensor({ atMs: 0, accel: { x: 512, y: 0, z: 8192 } });
    sim.sensor({ atMs: 1500, accel: { x: -512, y: 0, z: -8192 } });
  },
  runMs: 2500,
};
