// The pooling loops of pool_body.h compiled for each instruction set, with a dispatcher.
#include "quanta_pooling.h"
#include "sv_common.h"

#define RS _p
#define QK_BODY "pool_body.h"
#include "isa_variants.h"
#undef QK_BODY
#undef RS

QK_DISPATCH(void, quanta_max_pool2x2_f32, max_pool2x2_f32, _p,
            (const float *x, float *out, int32_t *argmax, long planes, long h, long w),
            
            (x, out, argmax, planes, h, w))
