// Block-quantised weight × int8 activation products for language-model decoding.
#include <math.h>
#include <string.h>
#include <immintrin.h>
#include "quanta_lowbit.h"
#include "quanta_isa.h"

static inline float half_to_float(const uint8_t *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    _Float16 f;
    memcpy(&f, &h, 2);
    return (float)f;
}

static long block_bytes(int type) {
    switch (type) {
    case QUANTA_BLOCK_Q4_0: return 18;
    case QUANTA_BLOCK_Q4_1: return 20;
    default: return 34;
    }
}

void quanta_quantize_q8_blocks(const float *x, long count, quanta_q8_block *out) {
    for (long b = 0; b < count / 32; b++) {
        const float *v = x + 32 * b;
        float amax = 0;
        for (int j = 0; j < 32; j++) amax = fmaxf(amax, fabsf(v[j]));
        float d = amax / 127;
        float inverse = d > 0 ? 1 / d : 0;
        int sum = 0;
        for (int j = 0; j < 32; j++) {
            int q = (int)roundf(v[j] * inverse);
            out[b].q[j] = (int8_t)q;
            sum += q;
        }
        out[b].d = d;
        out[b].s = d * (float)sum;
    }
}

// ---- portable reference ----

static float dot_block_baseline(int type, const uint8_t *w, const quanta_q8_block *x) {
    int sum = 0;
    switch (type) {
    case QUANTA_BLOCK_Q8_0:
        for (int j = 0; j < 32; j++) sum += (int8_t)w[2 + j] * x->q[j];
        return half_to_float(w) * x->d * (float)sum;
    case QUANTA_BLOCK_Q4_0:
        for (int j = 0; j < 16; j++) sum += (w[2 + j] & 15) * x->q[j] + (w[2 + j] >> 4) * x->q[j + 16];
        return half_to_float(w) * (x->d * (float)sum - 8 * x->s);
    default:
        for (int j = 0; j < 16; j++) sum += (w[4 + j] & 15) * x->q[j] + (w[4 + j] >> 4) * x->q[j + 16];
        return half_to_float(w) * x->d * (float)sum + half_to_float(w + 2) * x->s;
    }
}

static void matmul_baseline(int type, const uint8_t *w, long rows, long cols, const quanta_q8_block *x, long tokens,
                            float *y, long ldy) {
    long blocks = cols / 32, bytes = block_bytes(type);
    for (long r = 0; r < rows; r++) {
        const uint8_t *row = w + r * blocks * bytes;
        for (long t = 0; t < tokens; t++) {
            float acc = 0;
            for (long b = 0; b < blocks; b++) acc += dot_block_baseline(type, row + b * bytes, x + t * blocks + b);
            y[t * ldy + r] = acc;
        }
    }
}

// ---- AVX-512 VNNI ----

#define VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,f16c,fma")))

VNNI static inline float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// The 32 nibbles of a 4-bit block in element order: low nibbles then high nibbles.
VNNI static inline __m256i nibbles(const uint8_t *p) {
    __m128i packed = _mm_loadu_si128((const __m128i *)p);
    __m128i mask = _mm_set1_epi8(15);
    __m128i low = _mm_and_si128(packed, mask);
    __m128i high = _mm_and_si128(_mm_srli_epi16(packed, 4), mask);
    return _mm256_set_m128i(high, low);
}

#define ALWAYS __attribute__((always_inline)) inline

/// Dot products of one weight row with `n` (1…4) activation rows `stride` blocks apart:
/// per block, the weights are unpacked once and multiplied with every activation row
/// (vpdpbusd: u8 weights × s8 activations; Q8_0 weights move their sign onto the activations).
VNNI static ALWAYS void dot_rows_vnni(const int type, const uint8_t *row, long blocks, const quanta_q8_block *x,
                                      long stride, int n, float *out) {
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    float offset[4] = {0, 0, 0, 0};
    const __m256i zero = _mm256_setzero_si256();
    for (long b = 0; b < blocks; b++) {
        __m256i wv;
        float d, m = 0;
        if (type == QUANTA_BLOCK_Q8_0) {
            const uint8_t *p = row + 34 * b;
            wv = _mm256_loadu_si256((const __m256i *)(p + 2));
            d = _cvtsh_ss(*(const uint16_t *)p);
        } else if (type == QUANTA_BLOCK_Q4_1) {
            const uint8_t *p = row + 20 * b;
            wv = nibbles(p + 4);
            d = _cvtsh_ss(*(const uint16_t *)p);
            m = _cvtsh_ss(*(const uint16_t *)(p + 2));
        } else {
            const uint8_t *p = row + 18 * b;
            wv = nibbles(p + 2);
            d = _cvtsh_ss(*(const uint16_t *)p);
            m = -8 * d;
        }
        for (int t = 0; t < n; t++) {
            const quanta_q8_block *a = x + t * stride + b;
            __m256i q = _mm256_loadu_si256((const __m256i *)a->q);
            __m256i dot = type == QUANTA_BLOCK_Q8_0 ? _mm256_dpbusd_epi32(zero, _mm256_abs_epi8(wv), _mm256_sign_epi8(q, wv))
                                                    : _mm256_dpbusd_epi32(zero, wv, q);
            acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), _mm256_set1_ps(d * a->d), acc[t]);
            offset[t] += m * a->s;
        }
    }
    for (int t = 0; t < n; t++) out[t] = hsum8(acc[t]) + offset[t];
}

/// Weights and scale of block b: unsigned bytes (or signed for Q8_0), d, and the offset
/// coefficient m (Q4_1: its minimum; Q4_0: −8d; Q8_0: 0).
VNNI static ALWAYS __m256i load_block(const int type, const uint8_t *row, long b, float *d, float *m) {
    if (type == QUANTA_BLOCK_Q8_0) {
        const uint8_t *p = row + 34 * b;
        *d = _cvtsh_ss(*(const uint16_t *)p);
        *m = 0;
        return _mm256_loadu_si256((const __m256i *)(p + 2));
    }
    if (type == QUANTA_BLOCK_Q4_1) {
        const uint8_t *p = row + 20 * b;
        *d = _cvtsh_ss(*(const uint16_t *)p);
        *m = _cvtsh_ss(*(const uint16_t *)(p + 2));
        return nibbles(p + 4);
    }
    const uint8_t *p = row + 18 * b;
    *d = _cvtsh_ss(*(const uint16_t *)p);
    *m = -8 * *d;
    return nibbles(p + 2);
}

VNNI static ALWAYS __m256i block_dot(const int type, __m256i wv, __m256i q) {
    const __m256i zero = _mm256_setzero_si256();
    if (type == QUANTA_BLOCK_Q8_0) return _mm256_dpbusd_epi32(zero, _mm256_abs_epi8(wv), _mm256_sign_epi8(q, wv));
    return _mm256_dpbusd_epi32(zero, wv, q);
}

/// One weight row · one activation row, with four independent accumulator chains (decoding is
/// one token: a single chain would wait on each multiply-add's latency).
VNNI static ALWAYS float dot_row1_vnni(const int type, const uint8_t *row, long blocks, const quanta_q8_block *x) {
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    float offset[4] = {0, 0, 0, 0};
    long b = 0;
    for (; b + 4 <= blocks; b += 4) {
        for (int u = 0; u < 4; u++) {
            float d, m;
            __m256i wv = load_block(type, row, b + u, &d, &m);
            const quanta_q8_block *a = x + b + u;
            __m256i dot = block_dot(type, wv, _mm256_loadu_si256((const __m256i *)a->q));
            acc[u] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), _mm256_set1_ps(d * a->d), acc[u]);
            offset[u] += m * a->s;
        }
    }
    for (; b < blocks; b++) {
        float d, m;
        __m256i wv = load_block(type, row, b, &d, &m);
        const quanta_q8_block *a = x + b;
        __m256i dot = block_dot(type, wv, _mm256_loadu_si256((const __m256i *)a->q));
        acc[0] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), _mm256_set1_ps(d * a->d), acc[0]);
        offset[0] += m * a->s;
    }
    __m256 sum = _mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3]));
    return hsum8(sum) + (offset[0] + offset[1]) + (offset[2] + offset[3]);
}

/// Two weight blocks b, b + 1 in one 512-bit register. Q8_0: the two blocks in order; 4-bit:
/// [low nibbles of b, of b + 1, high nibbles of b, of b + 1] (the activations are laid out to
/// match by `pair_activations`).
VNNI static ALWAYS __m512i load_pair(const int type, const uint8_t *p0, const uint8_t *p1) {
    if (type == QUANTA_BLOCK_Q8_0) {
        __m256i a = _mm256_loadu_si256((const __m256i *)p0), b = _mm256_loadu_si256((const __m256i *)p1);
        return _mm512_inserti64x4(_mm512_castsi256_si512(a), b, 1);
    }
    __m256i packed = _mm256_loadu2_m128i((const __m128i *)p1, (const __m128i *)p0);
    __m256i mask = _mm256_set1_epi8(15);
    __m256i low = _mm256_and_si256(packed, mask);
    __m256i high = _mm256_and_si256(_mm256_srli_epi16(packed, 4), mask);
    return _mm512_inserti64x4(_mm512_castsi256_si512(low), high, 1);
}

/// The activation blocks of one token as pairs in `load_pair`'s layout, with their scales
/// spread over the lanes each block's sums land in.
VNNI static void pair_activations(const int type, const quanta_q8_block *x, long pairs, __m512i *q, __m512 *scale) {
    const __mmask16 second = type == QUANTA_BLOCK_Q8_0 ? 0xFF00 : 0xF0F0;
    for (long i = 0; i < pairs; i++) {
        const quanta_q8_block *a = x + 2 * i, *b = a + 1;
        if (type == QUANTA_BLOCK_Q8_0) {
            q[i] = load_pair(type, (const uint8_t *)a->q, (const uint8_t *)b->q);
        } else {
            __m128i a0 = _mm_loadu_si128((const __m128i *)a->q), a1 = _mm_loadu_si128((const __m128i *)(a->q + 16));
            __m128i b0 = _mm_loadu_si128((const __m128i *)b->q), b1 = _mm_loadu_si128((const __m128i *)(b->q + 16));
            __m256i low = _mm256_set_m128i(b0, a0), high = _mm256_set_m128i(b1, a1);
            q[i] = _mm512_inserti64x4(_mm512_castsi256_si512(low), high, 1);
        }
        scale[i] = _mm512_mask_blend_ps(second, _mm512_set1_ps(a->d), _mm512_set1_ps(b->d));
    }
}

/// One token: each weight row against the paired activations, two blocks per 512-bit step with
/// two accumulator chains; an odd last block by the 256-bit step.
VNNI static ALWAYS void matvec_vnni512(const int type, const uint8_t *w, long rows, long cols, const quanta_q8_block *x,
                                       float *y) {
    const long blocks = cols / 32, pairs = blocks / 2, bytes = block_bytes(type);
    const long header = type == QUANTA_BLOCK_Q4_1 ? 4 : 2;
    const __mmask16 second = type == QUANTA_BLOCK_Q8_0 ? 0xFF00 : 0xF0F0;
    __m512i q[pairs > 0 ? pairs : 1];
    __m512 scale[pairs > 0 ? pairs : 1];
    pair_activations(type, x, pairs, q, scale);
    const __m512i zero = _mm512_setzero_si512();
    for (long r = 0; r < rows; r++) {
        const uint8_t *row = w + r * blocks * bytes;
        __m512 acc[2] = {_mm512_setzero_ps(), _mm512_setzero_ps()};
        float offset = 0;
        for (long i = 0; i < pairs; i++) {
            const uint8_t *p0 = row + 2 * i * bytes, *p1 = p0 + bytes;
            __m512i wv = load_pair(type, p0 + header, p1 + header);
            __m512i dot;
            if (type == QUANTA_BLOCK_Q8_0) {
                __mmask64 negative = _mm512_movepi8_mask(wv);
                dot = _mm512_dpbusd_epi32(zero, _mm512_abs_epi8(wv), _mm512_mask_sub_epi8(q[i], negative, zero, q[i]));
            } else {
                dot = _mm512_dpbusd_epi32(zero, wv, q[i]);
            }
            float d0 = _cvtsh_ss(*(const uint16_t *)p0), d1 = _cvtsh_ss(*(const uint16_t *)p1);
            __m512 wd = _mm512_mask_blend_ps(second, _mm512_set1_ps(d0), _mm512_set1_ps(d1));
            acc[i & 1] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_mul_ps(wd, scale[i]), acc[i & 1]);
            if (type != QUANTA_BLOCK_Q8_0) {
                const quanta_q8_block *a = x + 2 * i;
                float m0 = type == QUANTA_BLOCK_Q4_1 ? _cvtsh_ss(*(const uint16_t *)(p0 + 2)) : -8 * d0;
                float m1 = type == QUANTA_BLOCK_Q4_1 ? _cvtsh_ss(*(const uint16_t *)(p1 + 2)) : -8 * d1;
                offset += m0 * a[0].s + m1 * a[1].s;
            }
        }
        float sum = _mm512_reduce_add_ps(_mm512_add_ps(acc[0], acc[1])) + offset;
        if (blocks % 2 == 1) sum += dot_row1_vnni(type, row + (blocks - 1) * bytes, 1, x + blocks - 1);
        y[r] = sum;
    }
}

VNNI static ALWAYS void matmul_vnni_typed(const int type, const uint8_t *w, long rows, long cols,
                                          const quanta_q8_block *x, long tokens, float *y, long ldy) {
    long blocks = cols / 32, bytes = block_bytes(type);
    // the paired activations live on the stack: 128 bytes per pair, at most 32 KiB here
    if (tokens == 1 && blocks <= 512) {
        matvec_vnni512(type, w, rows, cols, x, y);
        return;
    }
    float out[4];
    for (long r = 0; r < rows; r++) {
        const uint8_t *row = w + r * blocks * bytes;
        long t = 0;
        for (; t + 4 <= tokens; t += 4) {
            dot_rows_vnni(type, row, blocks, x + t * blocks, blocks, 4, out);
            for (int i = 0; i < 4; i++) y[(t + i) * ldy + r] = out[i];
        }
        for (; t < tokens; t++) y[t * ldy + r] = dot_row1_vnni(type, row, blocks, x + t * blocks);
    }
}

VNNI static void matmul_vnni(int type, const uint8_t *w, long rows, long cols, const quanta_q8_block *x, long tokens,
                             float *y, long ldy) {
    switch (type) {
    case QUANTA_BLOCK_Q4_0: matmul_vnni_typed(QUANTA_BLOCK_Q4_0, w, rows, cols, x, tokens, y, ldy); break;
    case QUANTA_BLOCK_Q4_1: matmul_vnni_typed(QUANTA_BLOCK_Q4_1, w, rows, cols, x, tokens, y, ldy); break;
    default: matmul_vnni_typed(QUANTA_BLOCK_Q8_0, w, rows, cols, x, tokens, y, ldy); break;
    }
}

static int vnni_supported = -1;

int quanta_lowbit_uses_vnni(void) {
    if (vnni_supported < 0) {
        __builtin_cpu_init();
        vnni_supported = __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512bw")
            && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("f16c");
    }
    return vnni_supported && quanta_isa_active() == QUANTA_ISA_AVX512;
}

void quanta_lowbit_matmul(int type, const uint8_t *w, long rows, long cols, const quanta_q8_block *x, long tokens,
                          float *y, long ldy) {
    if (quanta_lowbit_uses_vnni()) matmul_vnni(type, w, rows, cols, x, tokens, y, ldy);
    else matmul_baseline(type, w, rows, cols, x, tokens, y, ldy);
}
