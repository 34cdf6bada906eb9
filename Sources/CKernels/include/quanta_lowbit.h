#ifndef QUANTA_LOWBIT_H
#define QUANTA_LOWBIT_H
#include <stdint.h>

/// 32 activations x ≈ d·q with q in −127…127, and s = d·Σq (the offset terms of Q4_0 and Q4_1
/// need Σx over the block).
typedef struct {
    float d;
    float s;
    int8_t q[32];
} quanta_q8_block;

/// Weight block types, by their ggml numbers: Q4_0 (f16 d, 16 bytes of nibbles, w = d·(q − 8)),
/// Q4_1 (f16 d, f16 m, 16 bytes, w = d·q + m), Q8_0 (f16 d, 32 int8, w = d·q). The nibbles of
/// byte j are elements j (low) and j + 16 (high).
enum { QUANTA_BLOCK_Q4_0 = 2, QUANTA_BLOCK_Q4_1 = 3, QUANTA_BLOCK_Q8_0 = 8 };

/// Quantises `count` floats (a multiple of 32) to blocks: d = max|x| / 127, q = round(x / d).
void quanta_quantize_q8_blocks(const float *x, long count, quanta_q8_block *out);

/// y[t·ldy + r] = Σ_k W[r, k]·x[t, k] for rows r < `rows` of a block-quantised weight matrix
/// (`cols` a multiple of 32; row r starts at w + r·(cols/32)·block bytes) and `tokens`
/// quantised activation rows of cols/32 blocks each. Each weight row is read once for all
/// tokens. AVX-512 VNNI when the CPU has it and the active set is avx512, else portable C.
void quanta_lowbit_matmul(int type, const uint8_t *w, long rows, long cols, const quanta_q8_block *x, long tokens,
                          float *y, long ldy);

/// Whether quanta_lowbit_matmul uses the VNNI kernel on this thread now.
int quanta_lowbit_uses_vnni(void);



/// Attention of one query over n cached positions (rows `stride` floats apart, d features):
/// scores[s] = scale · q·k_s. Vectorised for AVX-512 when active.
void quanta_attention_scores(const float *q, const float *keys, long stride, long n, long d, float scale, float *scores);

/// out[i] = Σ_s p[s]·v_s[i] over n cached positions (rows `stride` floats apart, d features).
void quanta_attention_mix(const float *p, const float *values, long stride, long n, long d, float *out);
#endif
