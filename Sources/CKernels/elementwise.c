// The element-wise loops of ew_body.h compiled for float and double, for each instruction set.
#include "quanta_elementwise.h"
#include "sv_common.h"

#define QK_AVX512_EW __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")))
#define QK_AVX2_EW __attribute__((target("avx2,fma")))

#define REAL float
#define RS _f32
#define ISA_SUFFIX _baseline
#define ISA_TARGET
#include "ew_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#define ISA_SUFFIX _avx2
#define ISA_TARGET QK_AVX2_EW
#include "ew_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#define ISA_SUFFIX _avx512
#define ISA_TARGET QK_AVX512_EW
#include "ew_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#undef REAL
#undef RS

#define REAL double
#define RS _f64
#define ISA_SUFFIX _baseline
#define ISA_TARGET
#include "ew_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#define ISA_SUFFIX _avx2
#define ISA_TARGET QK_AVX2_EW
#include "ew_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#define ISA_SUFFIX _avx512
#define ISA_TARGET QK_AVX512_EW
#include "ew_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#undef REAL
#undef RS

#define QK_DISPATCH_EW(name, params, args)                                        \
    void quanta_##name params {                                                   \
        switch (quanta_isa_active()) {                                            \
        case QUANTA_ISA_AVX512: f32 ? name##_f32_avx512 args : name##_f64_avx512 args; return; \
        case QUANTA_ISA_AVX2: f32 ? name##_f32_avx2 args : name##_f64_avx2 args; return;       \
        default: f32 ? name##_f32_baseline args : name##_f64_baseline args; return;          \
        }                                                                         \
    }

QK_DISPATCH_EW(ew_binary, (int f32, int op, const void *a, long sa, const void *b, long sb, void *out, long n),
               (op, a, sa, b, sb, out, n))
QK_DISPATCH_EW(ew_unary, (int f32, int op, const void *x, void *out, long n, double p, double q),
               (op, x, out, n, p, q))
QK_DISPATCH_EW(ew_accumulate, (int f32, const void *src, void *dst, long n), (src, dst, n))
