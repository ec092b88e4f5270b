// The message catalog: every error frugal throws has a stable number, and its text is made here
// from arguments. A device reports a fault as a line of numbers only (fault-line.ts; device bundles
// get that module in place of this one), and the host turns the line back into the same text with a
// name map: a task travels as its task index, a future as its vtable id, any other string as an
// index into the map's strings.
//
// To add a message: take the number after the last one in contract/fault-codes.ts (never reuse or
// renumber one: device lines carry them, and test/messages.test.ts pins them), add its entry to
// CATALOG, list it in docs/errors.md, and throw it with fail(M_..., [args]).

import type { FrugalError, FrugalErrorKind } from './errors.ts';
import type { Arg, Named } from './fault-line.ts';
import {
  M_CONFIG_NOT_NUMBER, M_CONFIG_NOT_WHOLE, M_CONFIG_TOO_SMALL, M_CONFIG_TOO_LARGE, M_CONFIG_UNKNOWN_OPTION, M_CONFIG_NOT_OBJECT,
  M_CONFIG_POLICY, M_CONFIG_RUN_QUEUE_SMALL, M_CONFIG_FRAMES_SMALL, M_CONFIG_TOTAL_LARGE, M_SPAWN_TASKS_FULL, M_SPAWN_ENTRY_TOO_BIG,
  M_SPAWN_NO_WORDS, M_SPAWN_NO_REFS, M_SPAWN_FRAMES_FULL, M_TASK_HANDLE_STALE, M_TASK_HANDLE_UNKNOWN, M_CANCEL_SELF, M_BUSY_LOOP,
  M_FUTURE_HANDLE_ZERO, M_FUTURE_HANDLE_DROPPED, M_FUTURE_HANDLE_UNKNOWN, M_FUTURE_OUTSIDE_TASK, M_SIDE_STACK_OVERFLOW,
  M_HELD_MEMORY_SMALL, M_FRAMES_FULL, M_TIMERS_FULL, M_BRANCH_COUNT, M_FUTURE_BAD_SIZE, M_MAXSPACE_SMALL, M_POLICY_INVALID,
  M_POOL_FITS_NOWHERE, M_POOL_EXHAUSTED, M_ADAPTER_SHARED, M_NO_ADAPTER, M_HELD_BUSY, M_IMPL_LACKS_METHOD, M_IMPL_EXTRA_METHOD,
  M_UNKNOWN_BOARD, M_SIM_BAD_TIME, M_SIM_NO_PIN, M_PIN_WATCHED, M_SIM_BAD_PORT, M_SIM_SCRIPT_FULL, M_HAL_PIN_COUNT, M_HAL_NO_PIN_OBJECT,
  M_HAL_PIN_NOT_BUILT, M_HAL_NO_PORT, M_BOARD_NO_PIN, M_BOARD_NO_ANALOG, M_BOARD_NO_SENSOR, M_SERIAL_TAKEN, M_BOARD_NO_PORT,
  M_PIN_NUMBER_UNKNOWN, M_SENSOR_KIND, M_SENSOR_NOT_ANALOG, M_SENSOR_MISSING, M_SENSOR_HAL, M_NOT_LOWERED_METHOD, M_NOT_LOWERED_FUNCTION,
  M_SPAWN_ARITY, M_BAD_ARGUMENTS, M_TASK_STOPPED, M_DEVICE_SETUP_ONLY, M_POLLED_AFTER_DONE, M_DEVICE_FITS_NOWHERE, M_DEVICE_POOL_EXHAUSTED,
  M_DEVICE_HELD_BUSY, M_DEVICE_STACK_OVERFLOW, M_DYN_NO_METHOD, M_EVENTS_SOURCE, M_EVENTS_BOARD, M_EVENTS_OPTION, M_TASK_NOT_HANDLE,
  M_CANCEL_NOT_RUNNING, M_WAIT_SELF, M_TASK_POOL_NO_SLOTS, M_TASK_POOL_METHOD, M_TIME_NOT_FINITE,
} from '../contract/fault-codes.ts';

// Every code, for the modules that throw them with fail().
export * from '../contract/fault-codes.ts';

export { encodeFault, taskArg, type Arg, type Named } from './fault-line.ts';

/** A message made from its arguments: what a FrugalError carries, and the kinds of its arguments. */
export interface Message {
  code: number;
  kind: FrugalErrorKind;
  budget: string;
  shortBy: number;
  /** The kinds of its arguments, one letter each (see Entry.args). */
  args: string;
  text: string;
}

// The arguments three ways, one array: as given, as numbers, as tasks or futures (x[i].name).
type View<T> = (a: Arg[], n: number[], x: Named[]) => T;

interface Entry {
  kind: FrugalErrorKind;
  /** The budget or option the error names, or the index of the argument that holds it. */
  budget: string | number;
  /**
   * One letter per argument: n a number, t a task and f a future (a Named: the device carries the
   * task index or vtable id), s any other string (on the device, an index into the name map's strings).
   */
  args: string;
  /** How many words, slots or entries were missing; 0 when left out. */
  shortBy?: number | View<number>;
  text: View<string>;
}


/** The task-code operations that take a task handle, by the number a fault carries. */
const HANDLE_OPS = ['cancel', 'waitTask'];

function plural(n: number, word: string): string {
  return n + ' ' + word + (n === 1 ? '' : 's');
}

function orNone(list: Arg): Arg {
  return list === '' ? '(none)' : list;
}

function staleFuture(what: string): string {
  return what + '; a future may be polled or dropped only until its drop, and a future kept across calls must not use scratch (ask for pool storage)';
}

function spawnLabel(name: Arg): string {
  return "spawn '" + name + "'";
}

// A dyn call, 6 arguments (sssfnn): interface, implementation, method, future, words, refs.
function call(a: Arg[], i: number): string {
  return a[i] + " '" + a[i + 1] + "' " + a[i + 2] + "() (future '" + (a[i + 3] as Named).name + "', " + plural(a[i + 4] as number, 'word') +
    ', ' + plural(a[i + 5] as number, 'ref') + ')';
}

// The caller's scratch, 5 arguments (tnnnn): task (id -1: none), escaping, words, refs, busy.
function scratch(a: Arg[], i: number): string {
  const t = a[i] as Named;
  return t.id === -1 ? 'no calling task' : a[i + 1] === 1 ? 'skipped (the future escapes)' :
    "task '" + t.name + "' scratch is " + plural(a[i + 2] as number, 'word') + (a[i + 4] === 1 ? ' and busy' : '');
}

// The fixes for a ScratchOrPool frame that fits nowhere (arguments as M_POOL_FITS_NOWHERE's). More
// scratch helps only a calling task whose scratch is too small; with no pool slots at all, larger
// slots do not help, more slots do.
function fitsNowhere(n: number[], x: Named[]): string {
  const words = n[4];
  const refs = n[5];
  const raiseScratch = x[6].id !== -1 && n[7] !== 1 && (n[8] < words || n[9] < refs) ? 'raise scratchWords (or the spawn option scratch)' : '';
  if (n[11] > 0) {
    return ', a pool slot is ' + plural(n[12], 'word') + ' and ' + plural(n[13], 'ref') + '; ' +
      (raiseScratch ? raiseScratch + ' or poolSlotWords' : 'raise poolSlotWords') + ' to ' + words + ' (and the refs to ' + refs + ')';
  }
  return ', and the pool has no slots; ' + (raiseScratch ? raiseScratch + ' to ' + words + ' (and the refs to ' + refs + '), or ' : '') +
    'add pool slots: poolSlots 1 or more' + (n[12] < words ? ', poolSlotWords ' + words : '') + (n[13] < refs ? ', poolSlotRefs ' + refs : '');
}

const CATALOG: { [code: number]: Entry } = {
  [M_CONFIG_NOT_NUMBER]: {
    kind: 'config', budget: 1, args: 'sssn',
    text: (a, n) => a[0] + ': ' + a[1] + ' must be a number, got ' + a[2] + '; write e.g. ' + a[1] + ': ' +
      Math.max(n[3], 8),
  },
  [M_CONFIG_NOT_WHOLE]: {
    kind: 'config', budget: 1, args: 'ssn',
    text: (a, n) => a[0] + ': ' + a[1] + ' must be a whole number, got ' + a[2] + '; use ' + Math.floor(n[2]) +
      ' or ' + Math.ceil(n[2]),
  },
  [M_CONFIG_TOO_SMALL]: {
    kind: 'config', budget: 1, args: 'ssnn', shortBy: (a, n) => n[2] - n[3],
    text: (a, n) => a[0] + ': ' + a[1] + ' must be at least ' + a[2] + ', got ' + a[3] +
      (n[2] > 0 ? '; 0 would leave nothing to run' : ''),
  },
  [M_CONFIG_TOO_LARGE]: {
    kind: 'config', budget: 1, args: 'ssnn',
    text: (a) => a[0] + ': ' + a[1] + ' = ' + a[2] + ' is beyond any board (limit ' + a[3] + '); use at most ' + a[3],
  },
  [M_CONFIG_UNKNOWN_OPTION]: {
    kind: 'config', budget: 1, args: 'ssss',
    text: (a) => a[0] + ": unknown option '" + a[1] + "'" + (a[2] !== '' ? " (did you mean '" + a[2] + "'?)" : '') +
      '; valid options: ' + a[3],
  },
  [M_CONFIG_NOT_OBJECT]: {
    kind: 'config', budget: 'options', args: 'ss',
    text: (a) => a[0] + ': options must be an object such as { maxTasks: 8 }, got ' + a[1],
  },
  [M_CONFIG_POLICY]: {
    kind: 'config', budget: 'poolFullPolicy', args: 's',
    text: (a) => "executor config: poolFullPolicy must be 'error', 'wait' or 'box', got " + a[0],
  },
  [M_CONFIG_RUN_QUEUE_SMALL]: {
    kind: 'config', budget: 'runQueueCapacity', args: 'nn', shortBy: (a, n) => n[1] - n[0],
    text: (a) => 'executor config: runQueueCapacity (' + a[0] + ') is smaller than maxTasks (' + a[1] +
      '): every task can be queued at once; set runQueueCapacity >= ' + a[1],
  },
  [M_CONFIG_FRAMES_SMALL]: {
    kind: 'config', budget: 'maxFrames', args: 'nn', shortBy: (a, n) => n[1] - n[0],
    text: (a) => 'executor config: maxFrames (' + a[0] + ') is smaller than maxTasks (' + a[1] +
      '): each task needs a frame for its entry; set maxFrames >= ' + a[1],
  },
  [M_CONFIG_TOTAL_LARGE]: {
    kind: 'config', budget: 'total', args: 'nn', shortBy: (a, n) => n[0] - n[1],
    text: (a, n) => 'executor config: side stacks, scratch and pool add up to ' + a[0] + ' words (' + n[0] * 8 +
      ' bytes), beyond any board (limit ' + a[1] + ' words); lower maxTasks, sideStackWords, scratchWords or poolSlots',
  },
  [M_SPAWN_TASKS_FULL]: {
    kind: 'spawn', budget: 'tasks', args: 'sn', shortBy: 1,
    text: (a) => spawnLabel(a[0]) + ': the task table is full (maxTasks ' + a[1] + ', all running); raise maxTasks or spawn after a task ends',
  },
  [M_SPAWN_ENTRY_TOO_BIG]: {
    kind: 'spawn', budget: 'sideStack', args: 'sfnnnn', shortBy: (a, n) => n[2] + 1 - n[4] > 0 ? n[2] + 1 - n[4] : n[3] - n[5],
    text: (a, n, x) => spawnLabel(a[0]) + ": the entry frame '" + x[1].name +
      "' needs " + (n[2] + 1) + ' words (' + a[2] + ' + 1 header) and ' + a[3] + ' refs, the side stack has ' + a[4] + ' words and ' + a[5] +
      ' refs; pass { sideStack: ' + Math.max(n[2] + 1, n[4]) + ', sideStackRefs: ' + Math.max(n[3], n[5]) + ' } or raise the defaults',
  },
  [M_SPAWN_NO_WORDS]: {
    kind: 'spawn', budget: 'task memory', args: 'snnn', shortBy: (a, n) => n[1] + n[2] - n[3],
    text: (a, n) => spawnLabel(a[0]) + ': needs ' + (n[1] + n[2]) + ' words (side stack ' + a[1] +
      ' + scratch ' + a[2] + '), the task arena has ' + a[3] + ' contiguous words free (short by ' + (n[1] + n[2] - n[3]) +
      '); lower sideStack/scratch for this task or raise maxTasks, sideStackWords or scratchWords',
  },
  [M_SPAWN_NO_REFS]: {
    kind: 'spawn', budget: 'task refs', args: 'snnn', shortBy: (a, n) => n[1] + n[2] - n[3],
    text: (a, n) => spawnLabel(a[0]) + ': needs ' + (n[1] + n[2]) + ' reference slots (side stack ' + a[1] +
      ' + scratch ' + a[2] + '), the task arena has ' + a[3] + ' contiguous slots free (short by ' + (n[1] + n[2] - n[3]) +
      '); lower sideStackRefs/scratchRefs for this task or raise the defaults',
  },
  [M_SPAWN_FRAMES_FULL]: {
    kind: 'spawn', budget: 'frames', args: 'sn', shortBy: 1,
    text: (a) => spawnLabel(a[0]) + ': the frame table is full (maxFrames ' + a[1] + ' live futures); raise maxFrames',
  },
  [M_TASK_HANDLE_STALE]: {
    kind: 'stale-handle', budget: 'tasks', args: 'nt',
    text: (a, n, x) => 'task handle ' + a[0] + ' is stale: task ' + x[1].id + " ('" + x[1].name +
      "') has ended or been cancelled since; keep the handle only while the task runs",
  },
  [M_TASK_HANDLE_UNKNOWN]: {
    kind: 'stale-handle', budget: 'tasks', args: 'nn',
    text: (a) => 'task handle ' + a[0] + ' is stale: task ' + a[1] +
      ' has ended or been cancelled since; keep the handle only while the task runs',
  },
  [M_CANCEL_SELF]: {
    kind: 'misuse', budget: 'tasks', args: 't',
    text: (a, n, x) => "task '" + x[0].name + "' cannot cancel itself from its own poll; return from it instead",
  },
  [M_BUSY_LOOP]: {
    kind: 'budget', budget: 'polls', args: 'nn',
    text: (a) => 'runUntilIdle: still ' + a[0] + ' ready task(s) after ' + a[1] +
      ' polls; a task yields forever (busy loop) or maxPolls is too low',
  },
  [M_FUTURE_HANDLE_ZERO]: {
    kind: 'stale-handle', budget: 'frames', args: '',
    text: () => staleFuture('future handle 0 is stale: it is 0 (no future)'),
  },
  [M_FUTURE_HANDLE_DROPPED]: {
    kind: 'stale-handle', budget: 'frames', args: 'nnnn',
    text: (a) => staleFuture('future handle ' + a[0] + ' is stale: frame ' + a[1] + ' was dropped since (generation ' + a[2] + ', now ' + a[3] + ')'),
  },
  [M_FUTURE_HANDLE_UNKNOWN]: {
    kind: 'stale-handle', budget: 'frames', args: 'n',
    text: (a) => staleFuture('future handle ' + a[0] + ' is stale: no such frame'),
  },
  [M_FUTURE_OUTSIDE_TASK]: {
    kind: 'misuse', budget: 'side stack', args: 'f',
    text: (a, n, x) => "future '" + x[0].name + "' opened outside any task: open futures from a task's poll, or spawn it as a task",
  },
  [M_SIDE_STACK_OVERFLOW]: {
    kind: 'budget', budget: 'side stack', args: 'tfnnnnnn', shortBy: (a, n) => n[2] + 1 - n[4] > 0 ? n[2] + 1 - n[4] : n[3] - n[6],
    text: (a, n, x) => 'side stack overflow in task ' + x[0].id +
      " ('" + x[0].name + "'): future '" + x[1].name + "' needs " + (n[2] + 1) + ' words and ' + a[3] + ' refs, ' + a[4] + ' of ' + a[5] +
      ' words and ' + a[6] + ' of ' + a[7] + ' refs are free; spawn it with a larger sideStack (frugal size tells the need)',
  },
  [M_HELD_MEMORY_SMALL]: {
    kind: 'misuse', budget: 'adapter', args: 'fnnnn', shortBy: (a, n) => n[1] - n[3],
    text: (a, n, x) => "future '" + x[0].name + "' needs " + a[1] + ' words and ' + a[2] +
      ' refs, the memory offered holds ' + a[3] + ' and ' + a[4],
  },
  [M_FRAMES_FULL]: {
    kind: 'budget', budget: 'frames', args: 'fn', shortBy: 1,
    text: (a, n, x) => "future '" + x[0].name + "': the frame table is full (maxFrames " + a[1] + ' live futures); raise maxFrames',
  },
  [M_TIMERS_FULL]: {
    kind: 'budget', budget: 'timers', args: 'ftn', shortBy: 1,
    text: (a, n, x) => x[0].name + ' in task ' + x[1].id + " ('" + x[1].name + "'): the timer heap is full (timerCapacity " + a[2] +
      ' pending deadlines); raise timerCapacity',
  },
  [M_BRANCH_COUNT]: {
    kind: 'misuse', budget: 0, args: 'snn',
    text: (a) => a[0] + ' takes 1 to ' + a[1] + ' futures, got ' + a[2] + '; nest ' + a[0] + 's for more',
  },
  [M_FUTURE_BAD_SIZE]: {
    kind: 'config', budget: 'future', args: 'snn',
    text: (a) => "future '" + a[0] + "': words and refs must be whole numbers >= 0 (got " + a[1] + ' and ' + a[2] + ')',
  },
  [M_MAXSPACE_SMALL]: {
    kind: 'misuse', budget: 'MaxSpace', args: 'nnssnn', shortBy: (a, n) => Math.max(n[4] - n[0], n[5] - n[1]),
    text: (a, n) => 'MaxSpace(' + a[0] + ', ' + a[1] + ') cannot hold ' + a[2] + " '" +
      a[3] + "': its futures need up to " + a[4] + ' words and ' + a[5] + ' refs, the reserve holds ' + a[0] + ' words and ' + a[1] +
      ' refs; reserve new MaxSpace(' + Math.max(n[0], n[4]) + ', ' + Math.max(n[1], n[5]) + ') or pick ScratchOrPool',
  },
  [M_POLICY_INVALID]: {
    kind: 'config', budget: 'policy', args: 's',
    text: (a) => "ScratchOrPool: policy must be 'error', 'wait' or 'box', got " + a[0],
  },
  [M_POOL_FITS_NOWHERE]: {
    kind: 'budget', budget: 'pool', args: 'sssfnntnnnnnnn', shortBy: (a, n) => n[11] === 0 ? 1 : n[4] - n[12],
    text: (a, n, x) => 'ScratchOrPool: ' + call(a, 0) + ' fits nowhere: ' + scratch(a, 6) + fitsNowhere(n, x),
  },
  [M_POOL_EXHAUSTED]: {
    kind: 'budget', budget: 'pool', args: 'sssfnntnnnnnn', shortBy: 1,
    text: (a) => 'ScratchOrPool: ' + call(a, 0) + ': ' + scratch(a, 6) + ', and the pool is exhausted (all ' +
      a[11] + ' slots of ' + a[12] + " words in use); raise poolSlots, or set poolFullPolicy to 'wait' to park the caller until a slot frees",
  },
  [M_ADAPTER_SHARED]: {
    kind: 'misuse', budget: 0, args: 'ss',
    text: (a) => a[0] + " adapter '" + a[1] + "' already serves another executor; give each executor its own adapter (and dyn object)",
  },
  [M_NO_ADAPTER]: {
    kind: 'misuse', budget: 0, args: 'sss',
    text: (a) => 'calling ' + a[0] + '.' + a[1] + "() on '" + a[2] + "' needs an adapter that says where its future lives; " +
      'build it with dyn(impl, adapter), e.g. dyn(impl, new ScratchOrPool()). Adapters: ScratchOrPool (the default on devices: no allocation), ' +
      'SideStack, Inline, MaxSpace, Recycling, CallerCachedBox or Boxing (allocates)',
  },
  [M_HELD_BUSY]: {
    kind: 'misuse', budget: 6, args: 'sssfnnsn',
    text: (a) => a[6] + ': ' + call(a, 0) + ' called while the previous future (handle ' + a[7] + ') is still live: ' +
      a[6] + ' holds one frame; await or drop the previous future first, or pick Recycling or ScratchOrPool for overlapping calls',
  },
  [M_IMPL_LACKS_METHOD]: {
    kind: 'misuse', budget: 1, args: 'sss',
    text: (a) => "implementation '" + a[0] + "' of " + a[1] + ' lacks method ' + a[2] + '(); give its future: implement(' +
      a[1] + ", '" + a[0] + "', self, { " + a[2] + ': MyFuture })',
  },
  [M_IMPL_EXTRA_METHOD]: {
    kind: 'misuse', budget: 2, args: 'ssss',
    text: (a) => "implementation '" + a[0] + "' gives " + a[1] + '(), which ' + a[2] + ' does not have; its methods: ' + a[3],
  },
  [M_UNKNOWN_BOARD]: {
    kind: 'config', budget: 'board', args: 'ss',
    text: (a) => "unknown board '" + a[0] + "'; valid boards: " + a[1],
  },
  [M_SIM_BAD_TIME]: {
    kind: 'config', budget: 'atMs', args: 'ss',
    text: (a) => a[0] + ': the time must be a number of ms >= 0 on the board clock, got ' + a[1],
  },
  [M_SIM_NO_PIN]: {
    kind: 'config', budget: 'pin', args: 'sss',
    text: (a) => "board '" + a[0] + "' has no pin '" + a[1] + "'; valid pins: " + a[2],
  },
  [M_PIN_WATCHED]: {
    kind: 'misuse', budget: 'pin', args: 's',
    text: (a) => "pin '" + a[0] + "' is already watched; create one PinEdges per pin and share it",
  },
  [M_SIM_BAD_PORT]: {
    kind: 'config', budget: 'port', args: 'ns',
    text: (a, n) => 'serialInput: the simulated board has serial ports 0 to ' + (n[0] - 1) + ' (0 = Serial1), got ' + a[1],
  },
  [M_SIM_SCRIPT_FULL]: {
    kind: 'budget', budget: 'script', args: 'n', shortBy: 1,
    text: (a) => 'sim script is full (' + a[0] + ' pending events); pass a larger scriptCapacity to SimBoard',
  },
  [M_HAL_PIN_COUNT]: {
    kind: 'misuse', budget: 'pin', args: 'nn',
    text: (a) => 'EspruinoHal: ' + a[0] + ' pin names but ' + a[1] + ' pin objects; the device entry must pass one object per name',
  },
  [M_HAL_NO_PIN_OBJECT]: {
    kind: 'config', budget: 'pin', args: 'ss',
    text: (a) => "board '" + a[0] + "' has no pin object " + a[1] + '; build the bundle for the board it runs on (frugal build --board)',
  },
  [M_HAL_PIN_NOT_BUILT]: {
    kind: 'config', budget: 'pin', args: 'sss',
    text: (a) => "board '" + a[0] + "': pin '" + a[1] + "' was not named when this bundle was built (it has " + a[2] +
      '); rebuild it with frugal build',
  },
  [M_HAL_NO_PORT]: {
    kind: 'config', budget: 'port', args: 'snn',
    text: (a, n) => "board '" + a[0] + "': this bundle has serial port" + (n[1] === 1 ? ' 0' : 's 0..' + (n[1] - 1)) + ', not ' +
      a[2] + '; a port must be opened in setup (hal.onSerial) for the build to hand it over',
  },
  [M_BOARD_NO_PIN]: {
    kind: 'config', budget: 'pin', args: 'ssssss',
    text: (a) => "board '" + a[0] + "' (" + a[1] + ") has no pin '" + a[2] + "'; it has LEDs " + orNone(a[3]) + ', buttons ' +
      orNone(a[4]) + ' and pins ' + orNone(a[5]) + '; pick one of those or build for a board that has ' + a[2],
  },
  [M_BOARD_NO_ANALOG]: {
    kind: 'config', budget: 'pin', args: 'sss',
    text: (a) => "board '" + a[0] + "': pin '" + a[1] + "' has no analog input; analog pins: " + orNone(a[2]),
  },
  [M_BOARD_NO_SENSOR]: {
    kind: 'config', budget: 'sensor', args: 'sss',
    text: (a) => "board '" + a[0] + "' has no " + a[1] + '; its sensors: ' + orNone(a[2]),
  },
  [M_SERIAL_TAKEN]: {
    kind: 'misuse', budget: 'port', args: 'n',
    text: (a) => 'serial port ' + a[0] + ' already has a receiver; create one SerialLines per port and share it',
  },
  [M_BOARD_NO_PORT]: {
    kind: 'config', budget: 'port', args: 'snsn',
    text: (a, n) => "board '" + a[0] + "' has serial port" + (n[1] === 1 ? ' 0 (' : 's 0..' + (n[1] - 1) + ' (') + a[2] +
      '), not ' + a[3],
  },
  [M_PIN_NUMBER_UNKNOWN]: {
    kind: 'misuse', budget: 'pin', args: 'n',
    text: (a) => 'pin number ' + a[0] + ' did not come from hal.pin(name)',
  },
  [M_SENSOR_KIND]: {
    kind: 'config', budget: 'sensor', args: 'n',
    text: (a) => 'sensor kind ' + a[0] + ' is unknown; use SENSOR_ANALOG, SENSOR_TEMPERATURE, SENSOR_LIGHT or SENSOR_MAG',
  },
  [M_SENSOR_NOT_ANALOG]: {
    kind: 'config', budget: 'sensor', args: 'sss',
    text: (a) => "board '" + a[0] + "': '" + a[1] + "' is not an analog pin; analog pins: " + orNone(a[2]),
  },
  [M_SENSOR_MISSING]: {
    kind: 'config', budget: 'sensor', args: 'sss',
    text: (a) => "board '" + a[0] + "' has no " + a[1] + ' sensor; its sensors: ' + orNone(a[2]) + '; analogRead works on every board',
  },
  [M_SENSOR_HAL]: {
    kind: 'config', budget: 'sensor', args: 's',
    text: (a) => 'this HAL cannot read ' + a[0] + '; it needs light() and magnitude() (EspruinoHal has them)',
  },
  [M_NOT_LOWERED_METHOD]: {
    kind: 'misuse', budget: 0, args: 'sss',
    text: (a) => "implement(" + a[0] + ", '" + a[1] + "', self) without methods: self's " + a[2] + '() is not a lowered async method; declare it `async ' + a[2] +
      "()` in a class built through frugal's lowering, or pass the method futures: implement(" + a[0] + ", '" + a[1] + "', self, { " + a[2] + ': ... })',
  },
  [M_NOT_LOWERED_FUNCTION]: {
    kind: 'misuse', budget: 'spawn', args: 's',
    text: (a) => 'spawnTask: ' + a[0] + " is not a lowered async function; build the module through frugal's lowering (compiler/esbuild-plugin.ts)",
  },
  [M_SPAWN_ARITY]: {
    kind: 'misuse', budget: 'spawn', args: 'fnn',
    text: (a, n, x) => "spawnTask '" + x[0].name + "': takes " + a[1] + ' arguments, got ' + a[2],
  },
  [M_BAD_ARGUMENTS]: {
    kind: 'misuse', budget: 'message', args: 'nss',
    text: (a) => 'frugal error ' + a[0] + ' takes arguments ' + a[1] + ' (n number, t task, f future, s string), got ' +
      a[2] + '; fix the call of fail()',
  },
  // The head of a device's fault report; the line goes on with the error's own message.
  [M_TASK_STOPPED]: {
    kind: 'misuse', budget: 'tasks', args: 'tn',
    text: (a, n, x) => 'frugal: task ' + x[0].id + " ('" + x[0].name + "') stopped in " + (n[1] === 1 ? 'drop' : 'poll') + ':',
  },
  [M_DEVICE_SETUP_ONLY]: {
    kind: 'misuse', budget: 'setup', args: '',
    text: () => 'code on the device named a pin, watched one, opened a serial receiver or constructed an object of the program: setup does ' +
      'that, at build time, and the device gets what it made; move the call into setup',
  },
  [M_POLLED_AFTER_DONE]: {
    kind: 'misuse', budget: 'frames', args: '',
    text: () => 'a lowered async function was polled after it completed; a future is polled only until it is ready',
  },
  [M_DEVICE_FITS_NOWHERE]: {
    kind: 'budget', budget: 'pool', args: 'stn', shortBy: 1,
    text: (a, n, x) => "ScratchOrPool '" + a[0] + "': a call from task '" + x[1].name + "' with a frame of " + plural(n[2], 'word') +
      ' fits nowhere: the task\'s scratch is too small or busy and no pool slot holds it; raise scratchWords (or the spawn option scratch), or poolSlotWords and poolSlots',
  },
  [M_DEVICE_POOL_EXHAUSTED]: {
    kind: 'budget', budget: 'pool', args: 'stn', shortBy: 1,
    text: (a, n, x) => "ScratchOrPool '" + a[0] + "': a call from task '" + x[1].name + "' with a frame of " + plural(n[2], 'word') +
      ' found the scratch taken or too small and the pool exhausted; raise poolSlots, or set poolFullPolicy to \'wait\' to park the caller until a slot frees',
  },
  [M_DEVICE_HELD_BUSY]: {
    kind: 'misuse', budget: 'adapter', args: 'stn',
    text: (a, n, x) => "adapter '" + a[0] + "': task '" + x[1].name + "' called while the previous future is still live: the adapter holds one frame; " +
      'await or drop the previous future first, or pick Recycling or ScratchOrPool for overlapping calls',
  },
  [M_DEVICE_STACK_OVERFLOW]: {
    kind: 'budget', budget: 'side stack', args: 'stn',
    text: (a, n, x) => "SideStack '" + a[0] + "': side stack overflow in task '" + x[1].name + "': a frame of " + plural(n[2], 'word') +
      ' does not fit; spawn the task with a larger sideStack (frugal size tells the need)',
  },
  [M_TIME_NOT_FINITE]: {
    kind: 'misuse', budget: 'timers', args: 'ftn',
    text: (a, n, x) => x[0].name + '(' + a[2] + (x[0].name === 'timeout' ? ', ...' : '') + ') in task ' + x[1].id + " ('" + x[1].name + "'): " +
      (x[0].name === 'sleepUntil' ? 'a deadline must be a finite board time in ms' : 'a time must be a finite number of ms') +
      (n[2] !== n[2] ? ', and NaN never comes: the task would wait for ever' : n[2] === Infinity ? ', and Infinity never comes: the task would wait for ever' :
        n[2] === -Infinity ? ', and -Infinity is no time' : '') +
      '; check the value passed (a division by zero, a field never set, arithmetic on a string)',
  },
  [M_EVENTS_SOURCE]: {
    kind: 'config', budget: 'events', args: 'ss',
    text: (a) => "event source '" + a[0] + "' is unknown; the sources are " + a[1],
  },
  [M_EVENTS_BOARD]: {
    kind: 'config', budget: 'events', args: 'ssss',
    text: (a) => "board '" + a[0] + "' has no " + a[1] + ' events (they need ' + a[2] + '); ' + a[3] + ' ' + (String(a[3]).indexOf(',') >= 0 ? 'have' : 'has') +
      ' them: build for one of those, or make the queue only where hal.board has ' + a[2],
  },
  [M_EVENTS_OPTION]: {
    kind: 'config', budget: 'events', args: 'ss',
    text: (a) => "events '" + a[0] + "': " + a[1],
  },
  [M_DYN_NO_METHOD]: {
    kind: 'misuse', budget: 0, args: 'sss',
    text: (a) => "call(d, '" + a[2] + "'): '" + a[1] + "' implements " + a[0] + ', which has no method ' + a[2] +
      '(); call one of its methods, or pass a dyn object of an interface that has it',
  },
  [M_TASK_NOT_HANDLE]: {
    kind: 'stale-handle', budget: 'tasks', args: 'nn',
    text: (a, n) => (HANDLE_OPS[n[0]] || 'a task operation') + '(' + a[1] + '): ' + (n[1] === 0 ?
      "0 is BUSY, what spawn() gives back when every slot of its pool holds a running task, not a task handle; fix: test spawn()'s result against BUSY before keeping it" :
      a[1] + " is not a task handle of this program (a handle is a whole number spawn() gave back, or one setup's spawnTask returned); fix: pass a handle spawn() gave back"),
  },
  [M_CANCEL_NOT_RUNNING]: {
    kind: 'stale-handle', budget: 'tasks', args: 'nt',
    text: (a, n, x) => 'cancel(' + a[0] + '): task ' + x[1].id + " ('" + x[1].name + "') is no longer running: it ended, faulted or was cancelled " +
      "since that handle was given (its slot's generation moved on), and the slot may hold another task now; fix: test running(h) before cancel(h), or await waitTask(h) to know when it ends",
  },
  [M_WAIT_SELF]: {
    kind: 'misuse', budget: 'tasks', args: 't',
    text: (a, n, x) => 'task ' + x[0].id + " ('" + x[0].name + "') awaits waitTask() of its own handle, which would wait for ever: a task ends after its last poll; " +
      'fix: wait for another task, or return',
  },
  [M_TASK_POOL_NO_SLOTS]: {
    kind: 'spawn', budget: 'tasks', args: 'snnn', shortBy: (a, n) => n[1] - n[2],
    text: (a, n) => "taskPool '" + a[0] + "': needs " + plural(n[1], 'task slot') + ', the task table has ' + a[2] + ' free (maxTasks ' + a[3] +
      ', the others taken by tasks setup spawned and by other pools); fix: raise maxTasks to at least ' + (n[3] + n[1] - n[2]) +
      ', with a slot more for each task setup spawns after it',
  },
  [M_TASK_POOL_METHOD]: {
    kind: 'misuse', budget: 'spawn', args: 'f',
    text: (a, n, x) => "taskPool: '" + x[0].name + "' is an async method; a pool starts async functions, whose arguments spawn() passes; " +
      'fix: write a module-level async function that takes the object as its first parameter and awaits the method',
  },
};

/** The kinds of a code's arguments (Entry.args), or null for a code the catalog does not have. */
export function argKinds(code: number): string | null {
  return Object.prototype.hasOwnProperty.call(CATALOG, code) ? CATALOG[code].args : null;
}

/** The message for `code` made from its arguments, or null for a code the catalog does not have. */
export function message(code: number, a: Arg[]): Message | null {
  if (argKinds(code) === null) return null;
  const e = CATALOG[code];
  const n = a as number[];
  const x = a as Named[];
  return {
    code: code,
    kind: e.kind,
    budget: typeof e.budget === 'number' ? String(a[e.budget]) : e.budget,
    shortBy: e.shortBy === undefined ? 0 : typeof e.shortBy === 'number' ? e.shortBy : e.shortBy(a, n, x),
    args: e.args,
    text: e.text(a, n, x),
  };
}

function isNamed(v: Arg): boolean {
  return typeof v === 'object' && v !== null && typeof v.id === 'number';
}

// Tasks and futures where the kinds say so, and nowhere else: the device sends their ids. Numbers
// and strings are not checked further, as a value a user passed where a number or name belongs
// (an undefined pin name, a port given as a string) is printed as it is, as it always was.
function fits(kinds: string, a: Arg[]): boolean {
  if (kinds.length !== a.length) return false;
  for (let i = 0; i < a.length; i++) {
    const k = kinds.charAt(i);
    if ((k === 't' || k === 'f') !== isNamed(a[i])) return false;
  }
  return true;
}

function describeArg(v: Arg): string {
  return isNamed(v) ? '{ id: ' + (v as Named).id + ", name: '" + (v as Named).name + "' }" : typeof v === 'string' ? "'" + v + "'" : String(v);
}

/**
 * The error for `code`, to throw, with its text, kind, budget and shortBy from the catalog.
 * Arguments are positional; a task is taskArg(ex, t), a future its vtable.
 */
export function fail(code: number, a: Arg[]): FrugalError {
  const kinds = argKinds(code) as string;
  let msg: Message;
  if (fits(kinds, a)) {
    msg = message(code, a) as Message;
  } else {
    const got: string[] = [];
    for (let i = 0; i < a.length; i++) got.push(describeArg(a[i]));
    msg = message(M_BAD_ARGUMENTS, [code, "'" + kinds + "'", '[' + got.join(', ') + ']']) as Message;
  }
  const e = new Error(msg.text) as FrugalError;
  e.code = msg.code;
  e.kind = msg.kind;
  e.budget = msg.budget;
  e.shortBy = msg.shortBy;
  return e;
}

/**
 * Where a device's numbers find their names: tasks by task index, futures by vtable id, and the
 * strings a message names, by the index the device sent.
 */
export interface NameMap {
  tasks: string[];
  futures: string[];
  strings: string[];
}

const FAULT_RE = /frugal!E(\d+)((?:,(?:-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|Infinity)|NaN))*)/g;

function nameOf(names: string[], i: number, what: string): string {
  const s = names[i];
  return i >= 0 && i === Math.floor(i) && typeof s === 'string' ? s : i < 0 ? '<' + what + '?>' : '<' + what + ' ' + i + '?>';
}

function decodeFault(line: string, code: number, numbers: number[], names: NameMap): string {
  const kinds = argKinds(code);
  if (kinds === null) return line + ' (unknown error code ' + code + '; decode with the frugal that built the bundle)';
  if (kinds.length !== numbers.length) {
    return line + ' (error code ' + code + ' carries ' + kinds.length + ' numbers, this line ' + numbers.length +
      '; decode with the frugal that built the bundle)';
  }
  const a: Arg[] = [];
  for (let i = 0; i < numbers.length; i++) {
    const k = kinds.charAt(i);
    const v = numbers[i];
    a.push(k === 't' ? { id: v, name: nameOf(names.tasks, v, 'task') } : k === 'f' ? { id: v, name: nameOf(names.futures, v, 'future') } :
      k === 's' ? nameOf(names.strings, v, 'string') : v);
  }
  return (message(code, a) as Message).text;
}

/** The line with every fault line in it replaced by its text; a line without one comes back as it was. */
export function decodeLine(line: string, names: NameMap): string {
  return line.replace(FAULT_RE, function (token: string, code: string, rest: string): string {
    const numbers: number[] = [];
    const parts = rest.split(',');
    for (let i = 1; i < parts.length; i++) numbers.push(Number(parts[i]));
    return decodeFault(token, Number(code), numbers, names);
  });
}

/** decodeLine over each line of a device's output. */
export function decodeText(text: string, names: NameMap): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) lines[i] = decodeLine(lines[i], names);
  return lines.join('\n');
}
