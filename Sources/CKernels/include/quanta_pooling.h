#ifndef QUANTA_POOLING_H
#define QUANTA_POOLING_H
#include <stdint.h>
#include "quanta_isa.h"

/// 2×2 max pooling, stride 2, no padding, over `planes` planes of h × w (floor: oh = h/2,
/// ow = w/2): out = the window's maximum, argmax = its flat index into x (plane included). The
/// first maximum wins on ties; in a window whose sum is NaN, a NaN later in (a, b, c, d) order
/// replaces the current best, as the general pooling loop does.
void quanta_max_pool2x2_f32(const float *x, float *out, int32_t *argmax, long planes, long h, long w);

#endif
