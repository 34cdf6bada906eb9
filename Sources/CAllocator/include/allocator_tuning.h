#ifndef QUANTA_ALLOCATOR_TUNING_H
#define QUANTA_ALLOCATOR_TUNING_H
/// Raises glibc's mmap and trim thresholds so large freed buffers are reused from the heap
/// instead of being unmapped and page-faulted in again. No-op without glibc.
void quanta_tune_allocator(void);
#endif
