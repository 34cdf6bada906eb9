#ifndef QUANTA_ELEMENTWISE_H
#define QUANTA_ELEMENTWISE_H
#include "quanta_isa.h"

/// Element-wise loops of the tensor library on float (`f32` = 1) or double (0) arrays; each
/// runs the variant of `quanta_isa_active()`. Results equal the plain loops bit for bit (no
/// contraction is possible in these operations).

/// Binary operations: a + b, a − b, a·b, a / b, max, min (NaN in a wins, as Swift.max/min),
/// a where b > 0 else 0.
enum {
    QUANTA_EW_ADD = 0, QUANTA_EW_SUBTRACT = 1, QUANTA_EW_MULTIPLY = 2, QUANTA_EW_DIVIDE = 3,
    QUANTA_EW_MAXIMUM = 4, QUANTA_EW_MINIMUM = 5, QUANTA_EW_PASS_WHERE_POSITIVE = 6
};

/// out[i] = op(a[i·sa], b[i·sb]) for i < n, strides 0 (broadcast scalar) or 1.
void quanta_ew_binary(int f32, int op, const void *a, long sa, const void *b, long sb, void *out, long n);

/// Unary operations: −x, |x|, x², 1/x, relu (x < 0 ? 0 : x, NaN stays), x + p, x·p,
/// min(max(x, p), q) with Swift's NaN rule, √x.
enum {
    QUANTA_EW_NEGATE = 0, QUANTA_EW_ABS = 1, QUANTA_EW_SQUARE = 2, QUANTA_EW_RECIPROCAL = 3, QUANTA_EW_RELU = 4,
    QUANTA_EW_ADD_SCALAR = 5, QUANTA_EW_MULTIPLY_SCALAR = 6, QUANTA_EW_CLAMP = 7, QUANTA_EW_SQRT = 8
};

/// out[i] = op(x[i]) for i < n; `p`, `q` the scalar operands (converted to the element type).
void quanta_ew_unary(int f32, int op, const void *x, void *out, long n, double p, double q);

/// dst[i] += src[i] for i < n (sum reductions, gradient accumulation).
void quanta_ew_accumulate(int f32, const void *src, void *dst, long n);

#endif
