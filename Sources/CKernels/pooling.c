// The pooling loops of pool_body.h compiled for each instruction set, with a dispatcher.
#include "quanta_pooling.h"
#include "sv_common.h"

#define ISA_SUFFIX _baseline
#define ISA_TARGET
#include "pool_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#define ISA_SUFFIX _avx2
#define ISA_TARGET __attribute__((target("avx2,fma")))
#include "pool_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET
#define ISA_SUFFIX _avx512
#define ISA_TARGET __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")))
#include "pool_body.h"
#undef ISA_SUFFIX
#undef ISA_TARGET

void quanta_max_pool2x2_f32(const float *x, float *out, int32_t *argmax, long planes, long h, long w) {
    switch (quanta_isa_active()) {
    case QUANTA_ISA_AVX512: max_pool2x2_f32_p_avx512(x, out, argmax, planes, h, w); return;
    case QUANTA_ISA_AVX2: max_pool2x2_f32_p_avx2(x, out, argmax, planes, h, w); return;
    default: max_pool2x2_f32_p_baseline(x, out, argmax, planes, h, w); return;
    }
}
