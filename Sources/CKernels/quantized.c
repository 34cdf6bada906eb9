// The integer loops of quant_body.h compiled for each instruction set, with one dispatcher each.
#include <stdint.h>
#include "quanta_quantized.h"
#include "sv_common.h"

// Vector types of the 16-lane requantisation (clang vector extensions, lowered per instruction set).
// Alignment of their elements: loads from Swift arrays need not be vector-aligned.
typedef int32_t qk_v16i __attribute__((vector_size(64), aligned(4)));
typedef uint32_t qk_v16u __attribute__((vector_size(64), aligned(4)));
typedef int32_t qk_v8i __attribute__((vector_size(32), aligned(4)));
typedef int64_t qk_v8l __attribute__((vector_size(64), aligned(8)));
typedef uint8_t qk_v16u8 __attribute__((vector_size(16), aligned(1)));

#define RS _q
#define QK_BODY "quant_body.h"
#include "isa_variants.h"
#undef QK_BODY
#undef RS

QK_DISPATCH(void, quanta_requantize, requantize, _q,
            (const quanta_requant_lanes *lanes, const int32_t *acc, long count, uint8_t *out),
            
              (lanes, acc, count, out))
QK_DISPATCH(void, quanta_requantize_periodic, requantize_periodic, _q,
            (const quanta_requant_lanes *groups, int ngroups, const int32_t *offsets, const int32_t *acc, long count, uint8_t *out),
            (groups, ngroups, offsets, acc, count, out))
QK_DISPATCH(void, quanta_add_codes, add_codes, _q,
            (const uint8_t *x, const uint8_t *y, long count, const int32_t *parameters, uint8_t *out),
            (x, y, count, parameters, out))
QK_DISPATCH(void, quanta_requantize_strided, requantize_strided, _q,
              (const quanta_requant_lanes *lanes, const int32_t *acc, int count, uint8_t *out, long stride),
              (lanes, acc, count, out, stride))
QK_DISPATCH(void, quanta_max_pool_row2x2_i32, max_pool_row2x2_i32, _q,
            (const int32_t *r0, const int32_t *r1, int32_t *out, long count),
            
              (r0, r1, out, count))
QK_DISPATCH(void, quanta_quantize_activation, quantize_activation, _q,
              (const float *x, long count, float inverse, double lo, double hi, int32_t zero, int32_t qlo, int32_t qhi,
               uint8_t *out),
              (x, count, inverse, lo, hi, zero, qlo, qhi, out))
