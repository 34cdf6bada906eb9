#ifndef QUANTA_IM2COL_H
#define QUANTA_IM2COL_H
#include "quanta_isa.h"

/// A sliding window over [channels, height, width] planes (Swift's WindowGeometry).
typedef struct {
    long channels, height, width, kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w,
        out_h, out_w;
} quanta_window;

/// cols[(c, kh, kw), b·P + oh·OW + ow] = x[b, c, oh·sh − ph + kh·dh, ow·sw − pw + kw·dw] (0 outside
/// the input) for `images` images, P = OH·OW; float (`f32` = 1) or double.
void quanta_im2col(int f32, const void *x, void *cols, const quanta_window *g, long images);

/// The adjoint: dx = 0, then dx[b, c, ih, iw] += cols[(c, kh, kw), b·P + oh·OW + ow] over every
/// window position reading (ih, iw).
void quanta_col2im(int f32, const void *cols, void *dx, const quanta_window *g, long images);

#endif
