#ifndef QUANTA_QUANTIZED_H
#define QUANTA_QUANTIZED_H
#include <stdint.h>
#include "quanta_isa.h"

/// Requantisation of 16 channels: per lane l the fixed-point multiplier M0, its left and right
/// shifts, and for all lanes the output zero point and clamp bounds.
typedef struct {
    int64_t m0[16], left[16], right[16];
    int64_t zero, lo, hi;
} quanta_requant_lanes;

/// out[i] = clamp(zero + round(acc[i]·M_(i mod 16)), lo, hi) as 8-bit codes, i < count: bit for bit
/// gemmlowp's SaturatingRoundingDoublingHighMul and RoundingDivideByPOT.
void quanta_requantize(const quanta_requant_lanes *lanes, const int32_t *acc, long count, uint8_t *out);

/// Channels-last accumulators whose channel pattern repeats every 16·ngroups values: block b of 16
/// goes through groups[b mod ngroups], its lane l adding offsets[16·(b mod ngroups) + l] first
/// (wrapping int32 sum). One call per buffer.
void quanta_requantize_periodic(const quanta_requant_lanes *groups, int ngroups, const int32_t *offsets, const int32_t *acc,
                                long count, uint8_t *out);

/// The integer sum of two code arrays (`QuantizedAdd`): with parameters p = (flip, z_a, z_b, m_a,
/// m_b, 2^(S−1), S, z_y, lo, hi) on sign-flipped bytes u = x ^ flip, v = y ^ flip:
/// out[i] = clamp(z_y + ((m_a·(u − z_a) + m_b·(v − z_b) + 2^(S−1)) >> S), lo, hi) ^ flip.
void quanta_add_codes(const uint8_t *x, const uint8_t *y, long count, const int32_t *parameters, uint8_t *out);

/// The same for count ≤ 16 channels whose codes go to out[l·stride].
void quanta_requantize_strided(const quanta_requant_lanes *lanes, const int32_t *acc, int count, uint8_t *out,
                               long stride);

/// out[i] = max(r0[2i], r0[2i+1], r1[2i], r1[2i+1]), i < count; out may alias r0.
void quanta_max_pool_row2x2_i32(const int32_t *r0, const int32_t *r1, int32_t *out, long count);

/// out[i] = clamp(round_half_away(clamp(x[i]·inverse, lo, hi)) + zero, qlo, qhi) as 8-bit codes,
/// the product in float, the rest in double (NaN gives an unspecified code).
void quanta_quantize_activation(const float *x, long count, float inverse, double lo, double hi, int32_t zero,
                                int32_t qlo, int32_t qhi, uint8_t *out);

#endif
