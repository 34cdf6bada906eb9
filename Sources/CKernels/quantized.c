// The integer loops of quant_body.h compiled for each instruction set, with one dispatcher each.
#include <stdint.h>
#include "quanta_quantized.h"
#include "sv_common.h"

#define ISA_SUFFIX _baseline
#define ISA_TARGET
#include "quant_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#define ISA_SUFFIX _avx2
#define ISA_TARGET __attribute__((target("avx2,fma")))
#include "quant_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#define ISA_SUFFIX _avx512
#define ISA_TARGET __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")))
#include "quant_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET

#define QK_DISPATCH_Q(name, params, args)                            \
    void quanta_##name params {                                     \
        switch (quanta_isa_active()) {                              \
        case QUANTA_ISA_AVX512: name##_q_avx512 args; return;       \
        case QUANTA_ISA_AVX2: name##_q_avx2 args; return;           \
        default: name##_q_baseline args; return;                    \
        }                                                           \
    }

QK_DISPATCH_Q(requantize, (const quanta_requant_lanes *lanes, const int32_t *acc, long count, uint8_t *out),
              (lanes, acc, count, out))
QK_DISPATCH_Q(requantize_strided,
              (const quanta_requant_lanes *lanes, const int32_t *acc, int count, uint8_t *out, long stride),
              (lanes, acc, count, out, stride))
QK_DISPATCH_Q(max_pool_row2x2_i32, (const int32_t *r0, const int32_t *r1, int32_t *out, long count),
              (r0, r1, out, count))
QK_DISPATCH_Q(quantize_activation,
              (const float *x, long count, float inverse, double lo, double hi, int32_t zero, int32_t qlo, int32_t qhi,
               uint8_t *out),
              (x, count, inverse, lo, hi, zero, qlo, qhi, out))
