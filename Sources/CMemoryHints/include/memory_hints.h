#ifndef QUANTA_MEMORY_HINTS_H
#define QUANTA_MEMORY_HINTS_H
/// Asks the CPU to bring the cache line holding `p` into L1 ahead of use (x86 `prefetcht0`).
/// A hint only: never faults, whatever `p` is. Inline, so a Swift loop calling it pays one
/// instruction.
static inline void quanta_prefetch_l1(const void *p) { __builtin_prefetch(p, 0, 3); }
#endif
