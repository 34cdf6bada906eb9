// Shared by every instruction-set variant: index arithmetic only, no vectors.
#ifndef QUANTA_SV_COMMON_H
#define QUANTA_SV_COMMON_H
#include "quanta_statevector.h"

#define QK_CAT3_(a, b, c) a##b##c
#define QK_CAT3(a, b, c) QK_CAT3_(a, b, c)

// The function attributes of the AVX2 and AVX-512 variants (the baseline has none).
#define QK_TARGET_AVX2 __attribute__((target("avx2,fma")))
#define QK_TARGET_AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")))

// The public function `api`: the variant of the active instruction set, `name<rs>_<set>`.
#define QK_DISPATCH(ret, api, name, rs, params, args)                 \
    ret api params {                                                  \
        switch (quanta_isa_active()) {                                \
        case QUANTA_ISA_AVX512: return QK_CAT3(name, rs, _avx512) args; \
        case QUANTA_ISA_AVX2: return QK_CAT3(name, rs, _avx2) args;     \
        default: return QK_CAT3(name, rs, _baseline) args;              \
        }                                                             \
    }

// The same for loops compiled for float and double: `f32` (a parameter) picks the type.
#define QK_DISPATCH_TYPED(ret, api, name, params, args)                                       \
    ret api params {                                                                          \
        switch (quanta_isa_active()) {                                                        \
        case QUANTA_ISA_AVX512: return f32 ? name##_f32_avx512 args : name##_f64_avx512 args; \
        case QUANTA_ISA_AVX2: return f32 ? name##_f32_avx2 args : name##_f64_avx2 args;       \
        default: return f32 ? name##_f32_baseline args : name##_f64_baseline args;            \
        }                                                                                     \
    }

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
