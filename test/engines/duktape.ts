import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BoardDescriptor } from '../../boards/descriptors.ts'
import { espruinoModelSource, modelPrelude } from '../../simulator/model-source.ts'
import { REPORT_SNIPPET, extractReport, type ModelReport } from './report.ts'

export const DUK_INSTALL_HINT = "install Debian's duktape package: apt-get install -y duktape"

/** Pin writes a Duktape run keeps: more than any test run makes. */
const DUK_LOG_CAPACITY = 1 << 20

export class DuktapeNotInstalledError extends Error {
  constructor(binary: string) {
    super(`the Duktape command-line interpreter '${binary}' was not found; ${DUK_INSTALL_HINT}`)
    this.name = 'DuktapeNotInstalledError'
  }
}

export interface DuktapeRunOptions {
  /** The ES5 device bundle. */
  code: string
  /** The board the model gives the bundle (its id or descriptor); default the simulated board 'sim'. */
  board?: BoardDescriptor | string
  /**
   * ES5 run after the bundle, e.g. `__host.serial('Serial1', 700, 'hi\n'); __host.run(5000)`.
   * Defaults to `__host.run(runMs)`.
   */
  driver?: string
  /** Virtual ms for the default driver. */
  runMs?: number
  /** Wall-clock limit for the `duk` process (ms); a hung bundle is killed. Default 30 s. */
  timeoutMs?: number
  /** The interpreter to run; default `duk` from PATH (or $DUK). */
  binary?: string
}

export interface DuktapeRunResult {
  /** What the engine printed, without the report line. */
  stdout: string
  stderr: string
  /** `duk`'s exit status; 1 when the script threw, null when killed by the wall-clock limit. */
  exitCode: number | null
  timedOut: boolean
  /** Null when the script stopped (threw or was killed) before the report was printed. */
  report: ModelReport | null
}

/**
 * Runs model + bundle + driver as one script file in `duk`, then prints the model's report.
 * One file, because duk's command line gives each file its own error handling and we want a
 * top-level throw in the bundle to stop everything, as it would on a board.
 */
export function runDuktape(opts: DuktapeRunOptions): DuktapeRunResult {
  const binary = opts.binary ?? process.env.DUK ?? 'duk'
  const driver = opts.driver ?? `__host.run(${JSON.stringify(opts.runMs ?? 0)});`
  // duk has no host to keep the transcript: the model keeps every pin write of a test-sized run.
  const prelude = modelPrelude(opts.board ?? 'sim', { logCapacity: DUK_LOG_CAPACITY })
  const script = [prelude, espruinoModelSource(), opts.code, driver, REPORT_SNIPPET].join('\n;\n')

  const dir = mkdtempSync(join(tmpdir(), 'frugal-duk-'))
  try {
    const file = join(dir, 'bundle-run.js')
    writeFileSync(file, script)
    const r = spawnSync(binary, [file], {
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 30_000,
      maxBuffer: 64 * 1024 * 1024,
    })
    if (r.error) {
      const code = (r.error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') throw new DuktapeNotInstalledError(binary)
      if (code !== 'ETIMEDOUT') throw r.error
    }
    const timedOut = r.signal !== null && r.status === null
    const { report, rest } = extractReport(r.stdout ?? '')
    return { stdout: rest, stderr: r.stderr ?? '', exitCode: r.status, timedOut, report }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** True when a `duk` binary can be started. */
export function duktapeAvailable(binary: string = process.env.DUK ?? 'duk'): boolean {
  const r = spawnSync(binary, ['-e', 'print(1)'], { encoding: 'utf8' })
  return !r.error && r.status === 0
}
