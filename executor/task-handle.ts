// A task handle: the task-table index in the low 8 bits, the slot's generation above them; the
// encoding both runtimes share is contract/task-handle.ts. The generation is a Uint8Array entry of
// the host's task table (task-table.ts), moved on by each release of the slot.

export {
  BUSY, MAX_TASK_GENERATION, nextTaskGeneration, TASK_GEN_SCALE, TASK_INDEX_BITS, TASK_INDEX_MASK, taskGeneration, taskHandle, taskIndex,
} from '../contract/task-handle.ts';
