// Direct convolution loops, written once; included by convolution.c per instruction set.
#define FN(name) QK_CAT3(name, RS, ISA_SUFFIX)
#define INLINE static inline __attribute__((always_inline)) ISA_TARGET
#define V16 FN(v16)

typedef float V16 __attribute__((vector_size(64), aligned(4)));

INLINE V16 FN(splat)(float x) { return (V16){x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}; }
INLINE V16 FN(ld)(const float *p) { return *(const V16 *)p; }
INLINE V16 FN(vmax)(V16 a, V16 b) { return __builtin_elementwise_max(a, b); }

/// One block of R output rows × NX output columns (or NX/2 pooled columns when pooling), 16
/// output channels per vector: acc[r][j] += w[c, ky, kx, 0…15] · x[c, oy+r+ky, ox+j+kx].
INLINE void FN(oc16_block)(int R, int NX, const float *xp, int c, int hp, int wp, const float *wpk, int kh, int kw,
                           V16 b, int oy, int ox, int relu, int pool, float *out, int ostride, int orow) {
    V16 acc[2][8];
    for (int r = 0; r < R; r++) {
        for (int j = 0; j < NX; j++) acc[r][j] = b;
    }
    for (int ci = 0; ci < c; ci++) {
        for (int ky = 0; ky < kh; ky++) {
            const float *row = xp + ((long)ci * hp + oy + ky) * wp + ox;
            const float *wrow = wpk + ((long)(ci * kh + ky) * kw) * 16;
            for (int kx = 0; kx < kw; kx++) {
                V16 wv = FN(ld)(wrow + kx * 16);
                for (int r = 0; r < R; r++) {
                    for (int j = 0; j < NX; j++) acc[r][j] += wv * FN(splat)(row[r * wp + j + kx]);
                }
            }
        }
    }
    V16 zero = FN(splat)(0);
    if (pool) {
        for (int j = 0; j < NX / 2; j++) {
            V16 m = FN(vmax)(FN(vmax)(acc[0][2 * j], acc[0][2 * j + 1]), FN(vmax)(acc[1][2 * j], acc[1][2 * j + 1]));
            if (relu) m = FN(vmax)(m, zero);
            float *dst = out + (long)(oy / 2) * orow + ox / 2 + j;
            for (int l = 0; l < 16; l++) dst[(long)l * ostride] = m[l];
        }
        return;
    }
    for (int r = 0; r < R; r++) {
        for (int j = 0; j < NX; j++) {
            V16 v = relu ? FN(vmax)(acc[r][j], zero) : acc[r][j];
            float *dst = out + (long)(oy + r) * orow + ox + j;
            for (int l = 0; l < 16; l++) dst[(long)l * ostride] = v[l];
        }
    }
}

/// Columns ox…: blocks of 8, 4, 2 (and 1 without pooling) — constant sizes, so the
/// accumulators stay in registers.
INLINE void FN(oc16_rows)(int R, const float *xp, int c, int hp, int wp, const float *wpk, int kh, int kw, V16 b,
                          int oy, int cols, int relu, int pool, float *out, int ostride, int orow) {
    int ox = 0;
    for (; ox + 8 <= cols; ox += 8) {
        FN(oc16_block)(R, 8, xp, c, hp, wp, wpk, kh, kw, b, oy, ox, relu, pool, out, ostride, orow);
    }
    if (ox + 4 <= cols) {
        FN(oc16_block)(R, 4, xp, c, hp, wp, wpk, kh, kw, b, oy, ox, relu, pool, out, ostride, orow);
        ox += 4;
    }
    if (ox + 2 <= cols) {
        FN(oc16_block)(R, 2, xp, c, hp, wp, wpk, kh, kw, b, oy, ox, relu, pool, out, ostride, orow);
        ox += 2;
    }
    if (ox < cols) FN(oc16_block)(R, 1, xp, c, hp, wp, wpk, kh, kw, b, oy, ox, relu, pool, out, ostride, orow);
}

static ISA_TARGET void FN(oc16_image)(const float *xp, int c, int hp, int wp, const float *wpk, const float *bias,
                                      int o, int kh, int kw, int oh, int ow, int relu, int pool, float *out) {
    // pooling keeps rows and columns 0…2·⌊OH/2⌋−1 only
    int rows = pool ? oh / 2 * 2 : oh, cols = pool ? ow / 2 * 2 : ow;
    int orow = pool ? ow / 2 : ow, plane = pool ? (oh / 2) * (ow / 2) : oh * ow;
    for (int ob = 0; ob < o / 16; ob++) {
        V16 b = bias ? FN(ld)(bias + ob * 16) : FN(splat)(0);
        const float *w = wpk + (long)ob * c * kh * kw * 16;
        float *dst = out + (long)ob * 16 * plane;
        int oy = 0;
        for (; oy + 2 <= rows; oy += 2) {
            FN(oc16_rows)(2, xp, c, hp, wp, w, kh, kw, b, oy, cols, relu, pool, dst, plane, orow);
        }
        if (oy < rows) FN(oc16_rows)(1, xp, c, hp, wp, w, kh, kw, b, oy, cols, relu, 0, dst, plane, orow);
    }
}

/// OB output channels × 2 vectors of 16 positions p of the padded-width plane (p = oy·Wp + ox;
/// the columns ox ≥ OW are computed and dropped): input offset of tap (ky, kx) is p + ky·Wp + kx.
INLINE void FN(wide_block)(int OB, const float *xp, int c, int hp, int wp, const float *w, const float *bias, int kh,
                           int kw, long p, float *wide, long wlen) {
    V16 acc[8][2];
    for (int b = 0; b < OB; b++) {
        V16 v = FN(splat)(bias ? bias[b] : 0);
        acc[b][0] = v;
        acc[b][1] = v;
    }
    long taps = (long)c * kh * kw;
    for (int ci = 0; ci < c; ci++) {
        for (int ky = 0; ky < kh; ky++) {
            const float *src = xp + ((long)ci * hp + ky) * wp + p;
            for (int kx = 0; kx < kw; kx++) {
                V16 x0 = FN(ld)(src + kx), x1 = FN(ld)(src + kx + 16);
                long t = ((long)ci * kh + ky) * kw + kx;
                for (int b = 0; b < OB; b++) {
                    V16 wv = FN(splat)(w[b * taps + t]);
                    acc[b][0] += wv * x0;
                    acc[b][1] += wv * x1;
                }
            }
        }
    }
    for (int b = 0; b < OB; b++) {
        *(V16 *)(wide + b * wlen + p) = acc[b][0];
        *(V16 *)(wide + b * wlen + p + 16) = acc[b][1];
    }
}

/// Wide plane → output plane, with max(·, 0) and 2×2 pooling as asked.
static ISA_TARGET void FN(compact)(const float *wide, int wp, int oh, int ow, int relu, int pool, float *out) {
    if (pool) {
        int ph = oh / 2, pw = ow / 2;
        for (int py = 0; py < ph; py++) {
            const float *r0 = wide + (long)(2 * py) * wp, *r1 = r0 + wp;
            for (int px = 0; px < pw; px++) {
                float a = r0[2 * px] > r0[2 * px + 1] ? r0[2 * px] : r0[2 * px + 1];
                float b = r1[2 * px] > r1[2 * px + 1] ? r1[2 * px] : r1[2 * px + 1];
                float m = a > b ? a : b;
                out[py * pw + px] = relu && m < 0 ? 0 : m;
            }
        }
        return;
    }
    for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
            float v = wide[(long)y * wp + x];
            out[y * ow + x] = relu && v < 0 ? 0 : v;
        }
    }
}

static ISA_TARGET void FN(wide_image)(const float *xp, int c, int hp, int wp, const float *weight, const float *bias,
                                      int o, int kh, int kw, int oh, int ow, int relu, int pool, float *out, float *wide,
                                      long wlen) {
    long length = (long)(oh - 1) * wp + ow;
    long plane = pool ? (long)(oh / 2) * (ow / 2) : (long)oh * ow;
    long taps = (long)c * kh * kw;
    for (int ob = 0; ob < o; ob += 8) {
        int count = o - ob < 8 ? o - ob : 8;
        const float *w = weight + ob * taps;
        const float *bb = bias ? bias + ob : 0;
        for (long p = 0; p < length; p += 32) {
            switch (count) {
            case 8: FN(wide_block)(8, xp, c, hp, wp, w, bb, kh, kw, p, wide, wlen); break;
            case 7: FN(wide_block)(7, xp, c, hp, wp, w, bb, kh, kw, p, wide, wlen); break;
            case 6: FN(wide_block)(6, xp, c, hp, wp, w, bb, kh, kw, p, wide, wlen); break;
            case 5: FN(wide_block)(5, xp, c, hp, wp, w, bb, kh, kw, p, wide, wlen); break;
            case 4: FN(wide_block)(4, xp, c, hp, wp, w, bb, kh, kw, p, wide, wlen); break;
            case 3: FN(wide_block)(3, xp, c, hp, wp, w, bb, kh, kw, p, wide, wlen); break;
            case 2: FN(wide_block)(2, xp, c, hp, wp, w, bb, kh, kw, p, wide, wlen); break;
            default: FN(wide_block)(1, xp, c, hp, wp, w, bb, kh, kw, p, wide, wlen); break;
            }
        }
        for (int b = 0; b < count; b++) FN(compact)(wide + b * wlen, wp, oh, ow, relu, pool, out + (ob + b) * plane);
    }
}

ISA_TARGET void FN(conv2d_direct)(const float *x, long images, int c, int h, int w, const float *weight,
                                  const float *bias, int o, int kh, int kw, int pad_h, int pad_w, int relu, int pool,
                                  float *out, float *scratch) {
    int hp = h + 2 * pad_h, wp = w + 2 * pad_w;
    int oh = hp - kh + 1, ow = wp - kw + 1;
    long padded = (long)c * hp * wp;
    long plane = pool ? (long)(oh / 2) * (ow / 2) : (long)oh * ow;
    struct qk_conv_layout layout = qk_conv_layout_of(c, h, w, o, kh, kw, pad_h, pad_w);
    float *xp = scratch, *wpk = scratch + layout.weights, *wide = scratch + layout.wide;
    int by_channel = o % 16 == 0;
    if (by_channel) {
        // [O/16][C][KH][KW][16]: one vector of 16 output channels per tap
        for (int oc = 0; oc < o; oc++) {
            for (long t = 0; t < (long)c * kh * kw; t++) {
                wpk[((long)(oc / 16) * c * kh * kw + t) * 16 + oc % 16] = weight[(long)oc * c * kh * kw + t];
            }
        }
    }
    // the slack after the padded image (read by the last vectors, results dropped) stays zero
    for (long i = 0; i < layout.weights; i++) xp[i] = 0;
    for (long n = 0; n < images; n++) {
        const float *src = x + n * (long)c * h * w;
        for (int ci = 0; ci < c; ci++) {
            for (int y = 0; y < h; y++) {
                float *dst = xp + ((long)ci * hp + y + pad_h) * wp + pad_w;
                for (int xx = 0; xx < w; xx++) dst[xx] = src[((long)ci * h + y) * w + xx];
            }
        }
        float *dst = out + n * (long)o * plane;
        if (by_channel) FN(oc16_image)(xp, c, hp, wp, wpk, bias, o, kh, kw, oh, ow, relu, pool, dst);
        else FN(wide_image)(xp, c, hp, wp, weight, bias, o, kh, kw, oh, ow, relu, pool, dst, wide, layout.wide_plane);
    }
}

#undef FN
#undef INLINE
#undef V16
