// Shared by every instruction-set variant: index arithmetic only, no vectors.
#ifndef QUANTA_SV_COMMON_H
#define QUANTA_SV_COMMON_H
#include "quanta_statevector.h"

#define QK_CAT3_(a, b, c) a##b##c
#define QK_CAT3(a, b, c) QK_CAT3_(a, b, c)

static inline long qk_expand(const quanta_inserter *in, long k) {
    // a mask of -1 (no such position) leaves i unchanged
    long low = k & in->m0;
    long i = low | ((k ^ low) << 1);
    low = i & in->m1;
    i = low | ((i ^ low) << 1);
    low = i & in->m2;
    i = low | ((i ^ low) << 1);
    for (int r = 0; r < in->rest_count; r++) {
        low = i & ((1L << in->rest[r]) - 1);
        i = low | ((i ^ low) << 1);
    }
    return i;
}

static inline int qk_parity(long v) { return __builtin_popcountl(v) & 1; }

#endif
