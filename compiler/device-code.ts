// Device code: printed text with holes (function-ir.ts) and the places a poll suspends, as the
// device back end's printers pass it between them (device-futures.ts, device-call-site.ts,
// device-form.ts, device-start.ts).

import { concatParts, type Hole } from './function-ir.ts';

/**
 * Where a suspending poll returns PENDING (device-form.ts writes what it saves first).
 * - `tested`: the self-poll's test (device-self-poll.ts) was made just before and the poll goes on
 *   no further: the suspend has no test of its own. Set only by a call site that polled its
 *   callee again (device-call-site.ts ownResume); a suspend without the test is still right (the
 *   run loop polls a task that woke itself next), it is only the going on that is lost.
 */
export interface Suspend { readonly kind: 'suspend'; readonly tested?: true }
export type DPart = string | Hole | Suspend;
export type DCode = readonly DPart[];

/**
 * Device code of the parts given in order, as code() makes a Code.
 * - Parts are text, holes, SUSPEND, or device code.
 */
export function dcode(...parts: readonly (DPart | DCode)[]): DCode {
  return concatParts<Hole | Suspend>(parts);
}

export const SUSPEND: Suspend = { kind: 'suspend' };
export const SUSPEND_TESTED: Suspend = { kind: 'suspend', tested: true };
