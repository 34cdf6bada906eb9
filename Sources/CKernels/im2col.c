// im2col and col2im of im2col_body.h compiled for float and double, for each instruction set.
#include "quanta_im2col.h"
#include "sv_common.h"

#define REAL float
#define RS _f32
#define QK_BODY "im2col_body.h"
#include "isa_variants.h"
#undef QK_BODY
#undef REAL
#undef RS

#define REAL double
#define RS _f64
#define QK_BODY "im2col_body.h"
#include "isa_variants.h"
#undef QK_BODY
#undef REAL
#undef RS

QK_DISPATCH_TYPED(void, quanta_im2col, im2col,
            (int f32, const void *x, void *cols, const quanta_window *g, long images),
            (x, cols, g, images))
QK_DISPATCH_TYPED(void, quanta_col2im, col2im,
            (int f32, const void *cols, void *dx, const quanta_window *g, long images),
            (cols, dx, g, images))
