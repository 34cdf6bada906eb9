// The two matrix–vector products of single-query attention, compiled per instruction set.
#include "quanta_lowbit.h"
#include "quanta_isa.h"

// 16 floats; element alignment only (rows of the cache need not be 64-byte aligned).
typedef float at_v16 __attribute__((vector_size(64), aligned(4)));

// The dot products keep 16 partial sums (a vector) and add them at the end.
#define ATTENTION_BODY(suffix, target)                                                                          \
    target static void scores##suffix(const float *q, const float *keys, long stride, long n, long d, float scale, \
                                      float *scores) {                                                         \
        long whole = d / 16 * 16;                                                                              \
        for (long s = 0; s < n; s++) {                                                                         \
            const float *k = keys + s * stride;                                                                \
            at_v16 acc = {0};                                                                                  \
            for (long i = 0; i < whole; i += 16) acc += *(const at_v16 *)(q + i) * *(const at_v16 *)(k + i);   \
            float sum = 0;                                                                                     \
            for (int j = 0; j < 16; j++) sum += acc[j];                                                        \
            for (long i = whole; i < d; i++) sum += q[i] * k[i];                                               \
            scores[s] = scale * sum;                                                                           \
        }                                                                                                      \
    }                                                                                                          \
    target static void mix##suffix(const float *p, const float *values, long stride, long n, long d, float *out) { \
        for (long i = 0; i < d; i++) out[i] = 0;                                                               \
        for (long s = 0; s < n; s++) {                                                                         \
            const float *v = values + s * stride;                                                              \
            float w = p[s];                                                                                    \
            for (long i = 0; i < d; i++) out[i] += w * v[i];                                                   \
        }                                                                                                      \
    }

ATTENTION_BODY(_baseline, )
ATTENTION_BODY(_avx512, __attribute__((target("avx512f,avx512vl,fma"))))

void quanta_attention_scores(const float *q, const float *keys, long stride, long n, long d, float scale, float *scores) {
    if (quanta_isa_active() == QUANTA_ISA_AVX512) scores_avx512(q, keys, stride, n, d, scale, scores);
    else scores_baseline(q, keys, stride, n, d, scale, scores);
}

void quanta_attention_mix(const float *p, const float *values, long stride, long n, long d, float *out) {
    if (quanta_isa_active() == QUANTA_ISA_AVX512) mix_avx512(p, values, stride, n, d, out);
    else mix_baseline(p, values, stride, n, d, out);
}
