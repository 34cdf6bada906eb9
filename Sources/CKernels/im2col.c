// im2col and col2im of im2col_body.h compiled for float and double, for each instruction set.
#include "quanta_im2col.h"
#include "sv_common.h"

#define QK_AVX512_IC __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")))
#define QK_AVX2_IC __attribute__((target("avx2,fma")))

#define REAL float
#define RS _f32
#define ISA_SUFFIX _baseline
#define ISA_TARGET
#include "im2col_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#define ISA_SUFFIX _avx2
#define ISA_TARGET QK_AVX2_IC
#include "im2col_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#define ISA_SUFFIX _avx512
#define ISA_TARGET QK_AVX512_IC
#include "im2col_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#undef REAL
#undef RS

#define REAL double
#define RS _f64
#define ISA_SUFFIX _baseline
#define ISA_TARGET
#include "im2col_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#define ISA_SUFFIX _avx2
#define ISA_TARGET QK_AVX2_IC
#include "im2col_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#define ISA_SUFFIX _avx512
#define ISA_TARGET QK_AVX512_IC
#include "im2col_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#undef REAL
#undef RS

#define QK_DISPATCH_IC(name, params, args)                                                \
    void quanta_##name params {                                                           \
        switch (quanta_isa_active()) {                                                    \
        case QUANTA_ISA_AVX512: f32 ? name##_f32_avx512 args : name##_f64_avx512 args; return; \
        case QUANTA_ISA_AVX2: f32 ? name##_f32_avx2 args : name##_f64_avx2 args; return;       \
        default: f32 ? name##_f32_baseline args : name##_f64_baseline args; return;          \
        }                                                                                 \
    }

QK_DISPATCH_IC(im2col, (int f32, const void *x, void *cols, const quanta_window *g, long images), (x, cols, g, images))
QK_DISPATCH_IC(col2im, (int f32, const void *cols, void *dx, const quanta_window *g, long images), (cols, dx, g, images))
