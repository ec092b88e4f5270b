// The package's main entry, `import { ... } from 'frugal'`: what a program (an Example, see
// docs/programs.md) needs. Task code awaits the primitives of tasks/task-api.ts, re-exported
// whole because the lowering knows them by their declaration there; setup builds the handles those
// primitives take with the executor's and the boards' own constructors, exported here under names
// that do not clash with the task-side handle types (PinEdges, SerialLines, Signal, Dyn).

export * from './tasks/task-api.ts';
export { spawnTask } from './tasks/lowered.ts';

export { Executor } from './executor/executor.ts';
export type { Fault } from './executor/fault-log.ts';
export type { SpawnOptions } from './executor/spawn-options.ts';
export type { ExecutorOptions, PoolFullPolicy } from './executor/config.ts';
export { numberChannel, refChannel, type Channel } from './primitives/channel.ts';
export { Signal as ExecutorSignal } from './primitives/signal.ts';
export { footprint, formatReport, report, type BudgetReport, type Footprint } from './executor/telemetry.ts';

export type { Adapter } from './adapters/adapter.ts';
export { Boxing } from './adapters/boxing.ts';
export { CallerCachedBox } from './adapters/caller-cached-box.ts';
export { dyn } from './adapters/dyn.ts';
export { Inline } from './adapters/inline.ts';
export { AsyncIterator, AsyncRead, AsyncWrite, defineInterface, implement, type AsyncInterface, type Impl } from './adapters/interface.ts';
export { MaxSpace } from './adapters/max-space.ts';
export { Recycling } from './adapters/recycling.ts';
export { ScratchOrPool } from './adapters/scratch-or-pool.ts';
export { SideStack } from './adapters/side-stack.ts';

export type { BoardSensors, Hal } from './boards/hal.ts';
export { PinEdges as BoardPinEdges } from './boards/pin-edge.ts';
export { SerialLines as BoardSerialLines } from './boards/serial-lines.ts';
export { boardEvents, storageLog, EVENT_SOURCES, type BoardEventsOptions } from './boards/board-events.ts';
export { SENSOR_ANALOG, SENSOR_LIGHT, SENSOR_MAG, SENSOR_TEMPERATURE, SensorSource } from './tasks/sensor-source.ts';
export { serialReader, serialWriter } from './boards/serial-stream.ts';
export { SimBoard } from './boards/sim/sim-board.ts';

export type { ProgramExample as Example } from './program/example.ts';
export { printFixed, printNumber } from './tasks/print.ts';
