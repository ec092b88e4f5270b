// The message a refused run, build or load gives: what the tests of refusals compare.

/** The error message `run` rejects with; throws when it is not refused. */
export async function refusal(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('not refused');
}
