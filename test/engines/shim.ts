import { readFileSync } from 'node:fs'

/** Path of the ES5 shim that supplies Espruino's globals over virtual time. */
export const ESPRUINO_SHIM_PATH = new URL('./espruino-shim.js', import.meta.url)

let cached: string | undefined

/** The shim's source text (read once; it is a few hundred lines). */
export function espruinoShimSource(): string {
  if (cached === undefined) cached = readFileSync(ESPRUINO_SHIM_PATH, 'utf8')
  return cached
}

/** What the shim knows at the end of a run, reported by the engine itself. */
export interface ShimReport {
  /** Everything written by console.log, print and Serial1.write/print/println. */
  output: string
  /** digitalWrite calls, one `t=<ms> <pin>=<v>` line each, joined with '\n'. */
  log: string
  /** Virtual time in ms when the report was taken. */
  nowMs: number
  /** Exceptions that escaped a callback (printed as `Uncaught ...`, as Espruino does). */
  errors: number
}

/**
 * A line prefix that no bundle prints by accident, so a runner can find the report among
 * whatever else the engine wrote to stdout.
 */
export const REPORT_MARKER = '\u0001frugal-shim-report '

/** ES5 statement that prints the report through the engine's raw print. */
export const REPORT_SNIPPET =
  `__host.print(${JSON.stringify(REPORT_MARKER)} + JSON.stringify({output: __host.output(), log: __host.log(), nowMs: __host.now(), errors: __host.errors()}));`

/** Splits stdout into the report (if the script got that far) and the rest. */
export function extractReport(stdout: string): { report: ShimReport | null; rest: string } {
  const lines = stdout.split('\n')
  let report: ShimReport | null = null
  const rest: string[] = []
  for (const line of lines) {
    if (line.startsWith(REPORT_MARKER)) report = JSON.parse(line.slice(REPORT_MARKER.length)) as ShimReport
    else rest.push(line)
  }
  return { report, rest: rest.join('\n') }
}
