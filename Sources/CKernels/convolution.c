// The direct convolution of conv_body.h compiled for each instruction set, and its dispatcher.
#include "quanta_convolution.h"
#include "sv_common.h"

// Where the parts of a worker's scratch start (floats): the padded image with 64 floats of
// zero slack, the packed weights, the padded-width output planes of up to 8 channels.
struct qk_conv_layout {
    long weights, wide, wide_plane, total;
};

static struct qk_conv_layout qk_conv_layout_of(int c, int h, int w, int o, int kh, int kw, int pad_h, int pad_w) {
    long hp = h + 2 * pad_h, wp = w + 2 * pad_w, oh = hp - kh + 1;
    struct qk_conv_layout l;
    l.weights = (long)c * hp * wp + 64;
    l.wide = l.weights + (long)o * c * kh * kw + 16;
    // whole blocks of 32 positions over the padded-width plane
    l.wide_plane = ((oh * wp + 31) / 32) * 32 + 32;
    l.total = l.wide + 8 * l.wide_plane;
    return l;
}

long quanta_conv2d_direct_scratch(int c, int h, int w, int o, int kh, int kw, int pad_h, int pad_w) {
    return qk_conv_layout_of(c, h, w, o, kh, kw, pad_h, pad_w).total;
}

#pragma clang diagnostic ignored "-Wpsabi"

#define RS _c
#define QK_BODY "conv_body.h"
#include "isa_variants.h"
#undef QK_BODY
#undef RS

QK_DISPATCH(void, quanta_conv2d_direct_f32, conv2d_direct, _c,
            (const float *x, long images, int c, int h, int w, const float *weight, const float *bias, int o, int kh,
             int kw, int pad_h, int pad_w, int relu, int pool, float *out, float *scratch),
            (x, images, c, h, w, weight, bias, o, kh, kw, pad_h, pad_w, relu, pool, out, scratch))
