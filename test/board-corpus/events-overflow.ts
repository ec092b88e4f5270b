// Queues of the board's events under load (test/board-events.test.ts): an accelerometer streaming
// at 104 Hz into a queue of two that its task drains once a second (the rest is dropped and
// counted), and a Storage log of three records given five entries (two are not stored).

import { logEvent, printFixed, sleep, spawnTask, waitEvent, boardEvents, storageLog, type BoardEvents, type Example, type Hal } from '../../index.ts';

export async function slowReader(samples: BoardEvents): Promise<void> {
  for (;;) {
    await waitEvent(samples);
    await sleep(1000);
  }
}

export async function logger(log: BoardEvents): Promise<void> {
  for (let i = 1; i <= 5; i++) {
    logEvent(log, i, i * 10, -i, 0.5);
    await sleep(100);
  }
}

export async function replay(hal: Hal, log: BoardEvents): Promise<void> {
  for (;;) {
    const [a, b, c, d] = await waitEvent(log);
    printFixed(hal, a, 0);
    hal.serialPrint(0, ' ');
    printFixed(hal, b, 0);
    hal.serialPrint(0, ' ');
    printFixed(hal, c, 0);
    hal.serialPrint(0, ' ');
    printFixed(hal, d, 1);
    hal.serialPrint(0, '\n');
  }
}

export const eventsOverflow: Example = {
  name: 'events-overflow',
  description: 'a queue that overflows and a Storage log that fills',
  config: { maxTasks: 3 },
  setup(ex, hal) {
    spawnTask(ex, slowReader, [boardEvents(ex, hal, 'Puck.accel', 2, { hz: 104 })], { name: 'slow' });
    const log = storageLog(ex, hal, 'evlog', 3, 8);
    spawnTask(ex, logger, [log], { name: 'logger' });
    spawnTask(ex, replay, [hal, log], { name: 'replay' });
  },
  simulate() {},
  runMs: 2000,
};
