import {
  getQuickJS,
  shouldInterruptAfterDeadline,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
} from 'quickjs-emscripten'
import type { BoardDescriptor } from '../../boards/descriptors.ts'
import { espruinoModelSource, modelPrelude } from '../../simulator/model-source.ts'

export interface QuickJSCheckpoint {
  /** Virtual time (ms since the bundle was loaded) at which to measure. */
  atMs: number
  label: string
}

export interface QuickJSMemoryFigures {
  label: string
  atMs: number
  /** Live objects (QuickJS `obj_count`), after a full collection unless gcBeforeCheckpoint is false. */
  objCount: number
  /** QuickJS `memory_used_size`: bytes of everything the runtime holds. */
  memoryUsedSize: number
  /** Every figure of JS_ComputeMemoryUsage, for a closer look when the two above move. */
  usage: Record<string, number>
}

export interface QuickJSRunOptions {
  /** The ES5 device bundle. */
  code: string
  /** The board the model gives the bundle (its id or descriptor); default the simulated board 'sim'. */
  board?: BoardDescriptor | string
  /**
   * Heap limit in bytes. Passed to runtime.setMemoryLimit, and also checked against
   * memory_used_size after every step: in the WebAssembly build QuickJS cannot ask the
   * allocator for block sizes, so setMemoryLimit alone charges each allocation only its
   * requested size plus 8 bytes of live overhead and lets large buffers through.
   */
  memoryLimitBytes?: number
  checkpoints?: QuickJSCheckpoint[]
  /** Total virtual ms to run; default: the last checkpoint. */
  runMs?: number
  /** Virtual ms per __host.run call between checkpoints; the limit is checked after each. Default 100. */
  stepMs?: number
  /** ES5 run after the bundle and before time starts, to script edges and serial input (__host.edge, __host.serial). */
  driver?: string
  /** Force a full collection before each checkpoint, as Espruino's process.memory() does. Default true. */
  gcBeforeCheckpoint?: boolean
  /** Wall-clock limit for the whole run (ms); an endless loop in the bundle is interrupted. Default 60 s. */
  timeoutMs?: number
}

export interface QuickJSRunResult {
  /** Everything written by console.log, print and Serial1.write/print/println. */
  output: string
  /** digitalWrite calls, one `t=<ms> <pin>=<v>` line each, joined with '\n'. */
  log: string
  /** Lines the engine printed through its raw print (console.log is echoed here too). */
  stdout: string
  checkpoints: QuickJSMemoryFigures[]
  /** The "Uncaught ..." lines the model printed (exceptions that escaped a callback). */
  errors: number
  endMs: number
}

/** A failed run, carrying what had happened so far. */
export class QuickJSRunError extends Error {
  constructor(
    message: string,
    readonly partial: Omit<QuickJSRunResult, 'errors'>,
  ) {
    super(message)
    this.name = 'QuickJSRunError'
  }
}

/**
 * Runs model + bundle in a fresh QuickJS runtime and advances virtual time step by step through
 * __host.run, measuring memory at each checkpoint.
 */
export async function runQuickJS(opts: QuickJSRunOptions): Promise<QuickJSRunResult> {
  const QuickJS = await getQuickJS()
  const checkpoints = [...(opts.checkpoints ?? [])].sort((a, b) => a.atMs - b.atMs)
  const runMs = opts.runMs ?? (checkpoints.length ? checkpoints[checkpoints.length - 1].atMs : 0)
  const stepMs = opts.stepMs ?? 100
  const limit = opts.memoryLimitBytes
  if (!(stepMs > 0)) throw new Error('runQuickJS: stepMs must be positive')
  if (checkpoints.some((c) => c.atMs < 0 || c.atMs > runMs)) {
    throw new Error(`runQuickJS: every checkpoint must lie within 0..${runMs} ms`)
  }

  const out: string[] = []
  const log: string[] = []
  const stdout: string[] = []
  const figures: QuickJSMemoryFigures[] = []
  let nowMs = 0

  const rt = QuickJS.newRuntime()
  if (limit !== undefined) rt.setMemoryLimit(limit)
  rt.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + (opts.timeoutMs ?? 60_000)))
  const vm = rt.newContext()
  const fail = (message: string): QuickJSRunError =>
    new QuickJSRunError(message, {
      output: out.join(''),
      log: log.join('\n'),
      stdout: stdout.join('\n'),
      checkpoints: figures,
      endMs: nowMs,
    })

  let hostRun: QuickJSHandle | undefined
  let hostGc: QuickJSHandle | undefined
  try {
    installHostFunctions(vm, rt, { out, log, stdout, limit: limit ?? 0 })
    evalOrFail(vm, modelPrelude(opts.board ?? 'sim'), 'prelude.js', fail)
    evalOrFail(vm, espruinoModelSource(), 'espruino-model', fail)
    evalOrFail(vm, opts.code, 'bundle.js', fail)
    if (opts.driver) evalOrFail(vm, opts.driver, 'driver.js', fail)

    const host = vm.getProp(vm.global, '__host')
    hostRun = vm.getProp(host, 'run')
    hostGc = vm.getProp(host, 'gc')
    host.dispose()

    let next = 0
    for (;;) {
      while (next < checkpoints.length && checkpoints[next].atMs <= nowMs) {
        figures.push(measure(vm, rt, checkpoints[next], (opts.gcBeforeCheckpoint ?? true) ? hostGc : undefined, limit, fail))
        next++
      }
      if (nowMs >= runMs) break
      const target = Math.min(nowMs + stepMs, runMs, next < checkpoints.length ? checkpoints[next].atMs : Infinity)
      const ms = vm.newNumber(target - nowMs)
      const r = vm.callFunction(hostRun, vm.undefined, ms)
      ms.dispose()
      if (r.error) {
        const message = describeError(vm, r.error)
        r.error.dispose()
        throw fail(`QuickJS: __host.run failed before t=${target}ms: ${message}`)
      }
      r.value.dispose()
      nowMs = target
      if (limit !== undefined) {
        let used = usageNumbers(vm, rt).memory_used_size
        // Cyclic garbage is only freed by QuickJS's occasional collector (Espruino collects
        // when idle): count as over the limit only what survives a collection.
        if (used > limit && hostGc) used = measure(vm, rt, { atMs: nowMs, label: 'limit check' }, hostGc, limit, fail).memoryUsedSize
        if (used > limit) throw fail(`QuickJS: memory limit exceeded at t=${nowMs}ms: memory_used_size ${used} > ${limit} bytes`)
      }
    }

    const errors = readHostNumber(vm, 'errors')
    return { output: out.join(''), log: log.join('\n'), stdout: stdout.join('\n'), checkpoints: figures, errors, endMs: nowMs }
  } finally {
    hostRun?.dispose()
    hostGc?.dispose()
    vm.dispose()
    rt.dispose()
  }
}

interface Sinks {
  out: string[]
  log: string[]
  stdout: string[]
  limit: number
}

/**
 * The model's output and pin log go to the host rather than into arrays inside the VM, so a long
 * run's growing transcript never shows up in the memory figures being compared.
 */
function installHostFunctions(vm: QuickJSContext, rt: QuickJSRuntime, s: Sinks): void {
  const print = vm.newFunction('print', (...args) => {
    s.stdout.push(args.map((a) => vm.getString(a)).join(' '))
  })
  vm.setProp(vm.global, 'print', print)
  print.dispose()

  const hooks = vm.newObject()
  const emit = vm.newFunction('emit', (kind, text) => {
    ;(vm.getNumber(kind) === 0 ? s.out : s.log).push(vm.getString(text))
  })
  const read = vm.newFunction('read', (kind) => vm.newString(vm.getNumber(kind) === 0 ? s.out.join('') : s.log.join('\n')))
  const mem = vm.newFunction('mem', (kind) =>
    vm.newNumber(vm.getNumber(kind) === 0 ? usageNumbers(vm, rt).memory_used_size : s.limit),
  )
  for (const [name, fn] of [['emit', emit], ['read', read], ['mem', mem]] as const) {
    vm.setProp(hooks, name, fn)
    fn.dispose()
  }
  vm.setProp(vm.global, '__hostHooks', hooks)
  hooks.dispose()
}

function usageNumbers(vm: QuickJSContext, rt: QuickJSRuntime): Record<string, number> {
  const h = rt.computeMemoryUsage()
  try {
    return vm.dump(h) as Record<string, number>
  } finally {
    h.dispose()
  }
}

function measure(
  vm: QuickJSContext,
  rt: QuickJSRuntime,
  c: QuickJSCheckpoint,
  gc: QuickJSHandle | undefined,
  limit: number | undefined,
  fail: (m: string) => QuickJSRunError,
): QuickJSMemoryFigures {
  if (gc) {
    // The filler that forces the collection needs headroom that a heap at its limit lacks;
    // it is all freed by the collection it triggers.
    if (limit !== undefined) rt.setMemoryLimit(-1)
    // Called through a handle rather than evalCode so that measuring compiles nothing.
    const r = vm.callFunction(gc, vm.undefined)
    if (limit !== undefined) rt.setMemoryLimit(limit)
    if (r.error) {
      const message = describeError(vm, r.error)
      r.error.dispose()
      throw fail(`QuickJS: collecting garbage for checkpoint '${c.label}' failed: ${message}`)
    }
    const ok = vm.dump(r.value) === true
    r.value.dispose()
    if (!ok) throw fail(`QuickJS: could not force a collection for checkpoint '${c.label}'`)
  }
  const usage = usageNumbers(vm, rt)
  return { label: c.label, atMs: c.atMs, objCount: usage.obj_count, memoryUsedSize: usage.memory_used_size, usage }
}

function evalOrFail(vm: QuickJSContext, code: string, filename: string, fail: (m: string) => QuickJSRunError): void {
  const r = vm.evalCode(code, filename)
  if (r.error) {
    const message = describeError(vm, r.error)
    r.error.dispose()
    throw fail(`QuickJS: ${filename} threw: ${message}`)
  }
  r.value.dispose()
}

function readHostNumber(vm: QuickJSContext, method: string): number {
  const r = vm.evalCode(`__host.${method}()`)
  if (r.error) {
    r.error.dispose()
    return -1
  }
  const n = vm.getNumber(r.value)
  r.value.dispose()
  return n
}

function describeError(vm: QuickJSContext, h: QuickJSHandle): string {
  const e = vm.dump(h) as unknown
  if (e && typeof e === 'object') {
    const o = e as { name?: unknown; message?: unknown; stack?: unknown }
    const head = `${String(o.name ?? 'Error')}: ${String(o.message ?? '')}`
    return typeof o.stack === 'string' && o.stack ? `${head}\n${o.stack}` : head
  }
  // QuickJS throws null when it cannot even allocate the error object.
  if (e === null) return 'null (QuickJS threw without an error object, as it does when out of memory)'
  return String(e)
}
