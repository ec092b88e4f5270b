// Dyn calls for lowered code, kept apart from lowered.ts so that a bundle without dyn calls does
// not carry the adapters. A call awaited at once uses the adapter's normal placement (scratch
// first); for one whose future is stored or passed on, the lowering passes `escaping`, so it never
// takes the caller's scratch (the next dyn call would reuse it under the stored future).

export { call, next, read, write } from '../adapters/dyn.ts';
