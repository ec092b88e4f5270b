// A side-stack frame's header word, on the host (executor/task-stack.ts) and on a device
// (device/device-dyn.ts, the SideStack adapter): the word right after each frame, so that the
// stack can be walked down from its top without a frame table.
//
//   header = (words + 1) + refs * STACK_REF_SHIFT      while the frame is live
//   header = -that                                      once it was dropped below the top (dead)
//
// A frame's words plus one must stay below STACK_REF_SHIFT: the host caps a frame at 2^20 words
// (executor/config.ts), a device frame is far smaller. refs * STACK_REF_SHIFT + words stays an
// exact integer in a Float64 word for any reference count a board can hold.

/** 2^21: the reference count's unit in a header word. */
export const STACK_REF_SHIFT = 2097152;
