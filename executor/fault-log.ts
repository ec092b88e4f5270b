// The fault log: the last FAULT_LOG_SIZE faults of an executor, oldest first, each with the task it
// stopped and the error's message. Bounded, so a task that faults on every spawn cannot grow it;
// a fault is rare and cold, the only executor path that allocates after setup besides boxes.

export interface Fault {
  task: number;
  name: string;
  /** 'poll' when the task's future threw, 'drop' when releasing it threw. */
  phase: string;
  error: unknown;
  message: string;
}

export const FAULT_LOG_SIZE = 8;

/** Records error e of task t (named `name`) at the end of the log, dropping the oldest beyond its size. */
// error path: a task faulted; its record is made once per fault and kept in the log
export function logFault(log: Fault[], t: number, name: string, phase: string, e: unknown): Fault {
  const f: Fault = {
    task: t,
    name: name,
    phase: phase,
    error: e,
    message: e !== null && typeof e === 'object' && typeof (e as Error).message === 'string' ? (e as Error).message : String(e),
  };
  if (log.length >= FAULT_LOG_SIZE) log.shift();
  log.push(f);
  return f;
}
