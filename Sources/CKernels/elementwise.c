// The element-wise loops of ew_body.h compiled for float and double, for each instruction set.
#include "quanta_elementwise.h"
#include "sv_common.h"

#define REAL float
#define RS _f32
#define QK_BODY "ew_body.h"
#include "isa_variants.h"
#undef QK_BODY
#undef REAL
#undef RS

#define REAL double
#define RS _f64
#define QK_BODY "ew_body.h"
#include "isa_variants.h"
#undef QK_BODY
#undef REAL
#undef RS

QK_DISPATCH_TYPED(void, quanta_ew_binary, ew_binary,
            (int f32, int op, const void *a, long sa, const void *b, long sb, void *out, long n),
            
               (op, a, sa, b, sb, out, n))
QK_DISPATCH_TYPED(void, quanta_ew_unary, ew_unary,
            (int f32, int op, const void *x, void *out, long n, double p, double q),
            
               (op, x, out, n, p, q))
QK_DISPATCH_TYPED(void, quanta_ew_accumulate, ew_accumulate,
            (int f32, const void *src, void *dst, long n),
            (src, dst, n))
