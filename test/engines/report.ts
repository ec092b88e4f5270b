// How a Duktape run hands back what the model saw: `duk` can only print, so the driver prints one
// marked line of JSON after the run, and the runner finds it among the program's own output.

/** What the model knows at the end of a run, reported by the engine itself. */
export interface ModelReport {
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
export const REPORT_MARKER = '\u0001frugal-model-report '

/** ES5 statement that prints the report through the engine's raw print. */
export const REPORT_SNIPPET =
  `__host.print(${JSON.stringify(REPORT_MARKER)} + JSON.stringify({output: __host.output(), log: __host.log(), nowMs: __host.now(), errors: __host.errors()}));`

/** Splits stdout into the report (if the script got that far) and the rest. */
export function extractReport(stdout: string): { report: ModelReport | null; rest: string } {
  const lines = stdout.split('\n')
  let report: ModelReport | null = null
  const rest: string[] = []
  for (const line of lines) {
    if (line.startsWith(REPORT_MARKER)) report = JSON.parse(line.slice(REPORT_MARKER.length)) as ModelReport
    else rest.push(line)
  }
  return { report, rest: rest.join('\n') }
}
