// Errors are plain Error objects with a kind and details: Espruino cannot run TypeScript's
// `extends Error` (no __extends, no subclassing Error), so a subclass is not an option. They are
// made by fail() from the message catalog (messages.ts).

export type FrugalErrorKind =
  | 'config'       // invalid executor configuration or spawn options
  | 'spawn'        // a spawn that does not fit a budget
  | 'stale-handle' // a future or task handle used after its drop or end
  | 'budget'       // a budget ran out while running (side stack, frames, timers, pool)
  | 'misuse';      // an API used against its contract (overlapping call, no adapter chosen)

export interface FrugalError extends Error {
  /** The message's number in the catalog (messages.ts): what a device reports instead of the text. */
  code: number;
  kind: FrugalErrorKind;
  /** Which budget is full or which option is wrong. */
  budget: string;
  /** How many words, slots or entries were missing; 0 where it does not apply. */
  shortBy: number;
}

export function isFrugalError(e: unknown, kind?: FrugalErrorKind): e is FrugalError {
  return typeof e === 'object' && e !== null && typeof (e as FrugalError).kind === 'string' &&
    (kind === undefined || (e as FrugalError).kind === kind);
}
