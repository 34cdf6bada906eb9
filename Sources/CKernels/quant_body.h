// Integer loops, written once; included by quantized.c per instruction set (ISA_SUFFIX,
// ISA_TARGET). Plain loops over 16 lanes that the compiler vectorises for the set.
#define FN(name) QK_CAT3(name, RS, ISA_SUFFIX)

static inline __attribute__((always_inline)) ISA_TARGET uint8_t FN(requant_one)(const quanta_requant_lanes *r,
                                                                                  int l, int32_t x) {
    const int64_t low31 = 0x7FFFFFFF, half = 1L << 30;
    int64_t a = (int64_t)x << r->left[l];
    if (a < INT32_MIN) a = INT32_MIN;
    if (a > INT32_MAX) a = INT32_MAX;
    // written on 32-bit operands (a is clamped to int32, M0 < 2^31), so that vectorised code
    // uses the 32 × 32 → 64-bit multiply (vpmuldq) instead of a 64-bit one
    int64_t ab = (int64_t)(int32_t)a * (int64_t)(int32_t)r->m0[l];
    // SaturatingRoundingDoublingHighMul: nudge 2^30 or 1 − 2^30, then / 2^31 truncated toward zero
    int64_t t = ab + (half - ((ab >> 63) & low31));
    int64_t high = (t + ((t >> 63) & low31)) >> 31;
    // RoundingDivideByPOT: + 1 when the remainder exceeds the threshold (+ 1 for negative values)
    int64_t mask = (1L << r->right[l]) - 1;
    int64_t threshold = (mask >> 1) - (high >> 63);
    int64_t q = (high >> r->right[l]) - ((threshold - (high & mask)) >> 63) + r->zero;
    if (q < r->lo) q = r->lo;
    if (q > r->hi) q = r->hi;
    return (uint8_t)q;
}

ISA_TARGET void FN(requantize)(const quanta_requant_lanes *r, const int32_t *acc, long count, uint8_t *out) {
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        for (int l = 0; l < 16; l++) out[i + l] = FN(requant_one)(r, l, acc[i + l]);
    }
    for (int l = 0; i + l < count; l++) out[i + l] = FN(requant_one)(r, l, acc[i + l]);
}

// 16 requantisations at once when the group's left shifts are 0 (multipliers below 1): the
// products in 64-bit lanes (even and odd lanes, 32 × 32 → 64-bit multiplies), everything after the
// doubling high multiply in 32-bit lanes. Bit for bit requant_one.
static inline __attribute__((always_inline)) ISA_TARGET void FN(requant16)(const quanta_requant_lanes *r, const qk_v16i *in,
                                                                             uint8_t *out) {
    qk_v16i x = *in;
    qk_v8l m_lo = *(const qk_v8l *)r->m0, m_hi = *(const qk_v8l *)(r->m0 + 8);
    qk_v8l r_lo = *(const qk_v8l *)r->right, r_hi = *(const qk_v8l *)(r->right + 8);
    qk_v8l me = __builtin_shufflevector(m_lo, m_hi, 0, 2, 4, 6, 8, 10, 12, 14);
    qk_v8l mo = __builtin_shufflevector(m_lo, m_hi, 1, 3, 5, 7, 9, 11, 13, 15);
    qk_v8l xe = __builtin_convertvector(__builtin_shufflevector(x, x, 0, 2, 4, 6, 8, 10, 12, 14), qk_v8l);
    qk_v8l xo = __builtin_convertvector(__builtin_shufflevector(x, x, 1, 3, 5, 7, 9, 11, 13, 15), qk_v8l);
    const int64_t low31 = 0x7FFFFFFF, half = 1L << 30;
    qk_v8l pe = xe * me, po = xo * mo;
    pe = pe + (half - ((pe >> 63) & low31));
    po = po + (half - ((po >> 63) & low31));
    pe = (pe + ((pe >> 63) & low31)) >> 31;
    po = (po + ((po >> 63) & low31)) >> 31;
    qk_v8i he = __builtin_convertvector(pe, qk_v8i), ho = __builtin_convertvector(po, qk_v8i);
    qk_v16i high = __builtin_shufflevector(he, ho, 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
    qk_v16i right = __builtin_convertvector(__builtin_shufflevector(r_lo, r_hi, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), qk_v16i);
    qk_v16i mask = ((qk_v16i){} + 1 << right) - 1;
    qk_v16i threshold = (mask >> 1) - (high >> 31);
    qk_v16i q = (high >> right) - ((threshold - (high & mask)) >> 31) + (int32_t)r->zero;
    q = __builtin_elementwise_max(q, (qk_v16i){} + (int32_t)r->lo);
    q = __builtin_elementwise_min(q, (qk_v16i){} + (int32_t)r->hi);
    qk_v16u8 codes = __builtin_convertvector(q, qk_v16u8);
    __builtin_memcpy(out, &codes, 16);
}

ISA_TARGET void FN(requantize_periodic)(const quanta_requant_lanes *groups, int ngroups, const int32_t *offsets,
                                       const int32_t *acc, long count, uint8_t *out) {
    int narrow = 1;
    for (int g = 0; g < ngroups; g++) {
        for (int l = 0; l < 16; l++) narrow &= groups[g].left[l] == 0;
    }
    long i = 0;
    int g = 0;
    for (; i + 16 <= count; i += 16) {
        const quanta_requant_lanes *r = groups + g;
        const int32_t *o = offsets + 16 * g;
        if (narrow) {
            qk_v16u a, b;
            __builtin_memcpy(&a, acc + i, 64);
            __builtin_memcpy(&b, o, 64);
            // wrapping int32 addition, as the GEMM's own offsets
            qk_v16i x = (qk_v16i)(a + b);
            FN(requant16)(r, &x, out + i);
        } else {
            for (int l = 0; l < 16; l++) out[i + l] = FN(requant_one)(r, l, (int32_t)((uint32_t)acc[i + l] + (uint32_t)o[l]));
        }
        g = g + 1 == ngroups ? 0 : g + 1;
    }
    for (int l = 0; i + l < count; l++) {
        out[i + l] = FN(requant_one)(groups + g, l, (int32_t)((uint32_t)acc[i + l] + (uint32_t)offsets[16 * g + l]));
    }
}

ISA_TARGET void FN(add_codes)(const uint8_t *x, const uint8_t *y, long count, const int32_t *p, uint8_t *out) {
    // p: flip, zero_a, zero_b, multiplier_a, multiplier_b, rounding, shift, zero_out, lo, hi
    const uint8_t flip = (uint8_t)p[0];
    for (long i = 0; i < count; i++) {
        int32_t u = (int32_t)(uint8_t)(x[i] ^ flip) - p[1];
        int32_t v = (int32_t)(uint8_t)(y[i] ^ flip) - p[2];
        int32_t s = (p[3] * u + p[4] * v + p[5]) >> p[6];
        s += p[7];
        s = s < p[8] ? p[8] : s;
        s = s > p[9] ? p[9] : s;
        out[i] = (uint8_t)s ^ flip;
    }
}

ISA_TARGET void FN(requantize_strided)(const quanta_requant_lanes *r, const int32_t *acc, int count, uint8_t *out,
                                       long stride) {
    if (count == 16) {
        uint8_t codes[16];
        for (int l = 0; l < 16; l++) codes[l] = FN(requant_one)(r, l, acc[l]);
        for (int l = 0; l < 16; l++) out[l * stride] = codes[l];
        return;
    }
    for (int l = 0; l < count; l++) out[l * stride] = FN(requant_one)(r, l, acc[l]);
}

ISA_TARGET void FN(max_pool_row2x2_i32)(const int32_t *r0, const int32_t *r1, int32_t *out, long count) {
    long i = 0;
    // groups of 8 outputs are loaded whole before any store, so out may alias r0
    for (; i + 8 <= count; i += 8) {
        int32_t m[8];
        for (int l = 0; l < 8; l++) {
            int32_t a = r0[2 * (i + l)] > r1[2 * (i + l)] ? r0[2 * (i + l)] : r1[2 * (i + l)];
            int32_t b = r0[2 * (i + l) + 1] > r1[2 * (i + l) + 1] ? r0[2 * (i + l) + 1] : r1[2 * (i + l) + 1];
            m[l] = a > b ? a : b;
        }
        for (int l = 0; l < 8; l++) out[i + l] = m[l];
    }
    for (; i < count; i++) {
        int32_t a = r0[2 * i] > r1[2 * i] ? r0[2 * i] : r1[2 * i];
        int32_t b = r0[2 * i + 1] > r1[2 * i + 1] ? r0[2 * i + 1] : r1[2 * i + 1];
        out[i] = a > b ? a : b;
    }
}

ISA_TARGET void FN(quantize_activation)(const float *x, long count, float inverse, double lo, double hi,
                                        int32_t zero, int32_t qlo, int32_t qhi, uint8_t *out) {
    // round half away from zero without a rounding instruction: adding 1.5·2^52 rounds t to
    // nearest-even and leaves the integer in the low mantissa bits; ties move away from zero
    const double magic = 6755399441055744.0;
    for (long i = 0; i < count; i++) {
        double t = (double)(x[i] * inverse);
        t = lo >= t ? lo : t;
        t = hi < t ? hi : t;
        double m = t + magic;
        int64_t bits;
        __builtin_memcpy(&bits, &m, sizeof bits);
        int32_t r = (int32_t)bits;
        double d = t - (m - magic);
        r += (d == 0.5 && t > 0 ? 1 : 0) - (d == -0.5 && t < 0 ? 1 : 0);
        r += zero;
        r = r < qlo ? qlo : r;
        r = r > qhi ? qhi : r;
        out[i] = (uint8_t)r;
    }
}

#undef FN
