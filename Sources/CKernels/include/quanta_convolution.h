#ifndef QUANTA_CONVOLUTION_H
#define QUANTA_CONVOLUTION_H
#include "quanta_isa.h"

/// Floats of scratch one worker needs for `quanta_conv2d_direct_f32` with these sizes.
long quanta_conv2d_direct_scratch(int c, int h, int w, int o, int kh, int kw, int pad_h, int pad_w);

/// Direct 2-D convolution (stride 1, dilation 1, one group) of `images` images with the bias
/// added, then max(·, 0) when `relu`, then 2×2 max pooling with stride 2 when `pool` (floor).
/// x [images, C, H, W], weight [O, C, KH, KW], bias [O] or NULL → out [images, O, OH', OW'] with
/// OH = H + 2·pad_h − KH + 1 (OW likewise), halved (floor) when pooling. O a multiple of 16 runs
/// 16 output channels per vector; otherwise 16 output positions per vector over the padded width.
void quanta_conv2d_direct_f32(const float *x, long images, int c, int h, int w, const float *weight,
                              const float *bias, int o, int kh, int kw, int pad_h, int pad_w, int relu, int pool,
                              float *out, float *scratch);

#endif
