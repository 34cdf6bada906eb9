// The state-vector loops, written once. Included by statevector.c for each element type (REAL,
// RS) and instruction set (ISA_SUFFIX, ISA_TARGET): every function is compiled for that set.
// V holds 4 interleaved complex amplitudes, as Swift's SIMD8<R>.
#define FN(name) QK_CAT3(name, RS, ISA_SUFFIX)
#define V FN(vec)
#define SPLAT FN(splat_t)
#define INLINE static inline __attribute__((always_inline)) ISA_TARGET

typedef REAL V __attribute__((vector_size(8 * sizeof(REAL)), aligned(sizeof(REAL))));
typedef REAL FN(half) __attribute__((vector_size(4 * sizeof(REAL)), aligned(sizeof(REAL))));

/// A complex scalar as two vectors: re splat and (−im, im, …), so c·v = re·v + ims·swap(v).
typedef struct { V re, ims; } SPLAT;

INLINE V FN(load)(const REAL *p, long amp) { return *(const V *)(p + 2 * amp); }
INLINE void FN(store)(REAL *p, long amp, V v) { *(V *)(p + 2 * amp) = v; }
INLINE V FN(swap)(V v) { return __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6); }
INLINE V FN(broadcast)(REAL x) { return (V){x, x, x, x, x, x, x, x}; }

INLINE SPLAT FN(splat)(const double *c) {
    REAL r = (REAL)c[0], i = (REAL)c[1];
    SPLAT s = {FN(broadcast)(r), (V){-i, i, -i, i, -i, i, -i, i}};
    return s;
}

/// Four per-lane factors (lane l gets c[l]) in the SPLAT layout.
INLINE SPLAT FN(lanes)(const double *a, const double *b, const double *c, const double *d) {
    SPLAT s;
    s.re = (V){(REAL)a[0], (REAL)a[0], (REAL)b[0], (REAL)b[0], (REAL)c[0], (REAL)c[0], (REAL)d[0], (REAL)d[0]};
    s.ims = (V){(REAL)-a[1], (REAL)a[1], (REAL)-b[1], (REAL)b[1], (REAL)-c[1], (REAL)c[1], (REAL)-d[1], (REAL)d[1]};
    return s;
}

INLINE V FN(times)(SPLAT c, V v, V sv) { return c.re * v + c.ims * sv; }

/// Lane l of the result is lane l ⊕ flip of v (flip in 0…3).
INLINE V FN(permute)(V v, int flip) {
    switch (flip) {
    case 1: return __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5);
    case 2: return __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3);
    case 3: return __builtin_shufflevector(v, v, 6, 7, 4, 5, 2, 3, 0, 1);
    default: return v;
    }
}

INLINE REAL FN(sum)(V v) {
    REAL s = 0;
    for (int i = 0; i < 8; i++) s += v[i];
    return s;
}

typedef struct { SPLAT m00, m01, m10, m11; } FN(pair_matrix);

INLINE FN(pair_matrix) FN(pair_matrix_make)(const double *m) {
    FN(pair_matrix) u = {FN(splat)(m), FN(splat)(m + 2), FN(splat)(m + 4), FN(splat)(m + 6)};
    return u;
}

/// (a, b) ↦ (m00·a + m01·b, m10·a + m11·b) for the matrix kind (a constant after inlining).
INLINE void FN(pair_map)(int kind, const FN(pair_matrix) *u, V a, V b, V *x, V *y) {
    if (kind == QUANTA_PAIR_REAL) {
        *x = u->m00.re * a + u->m01.re * b;
        *y = u->m10.re * a + u->m11.re * b;
    } else if (kind == QUANTA_PAIR_RXLIKE) {
        *x = u->m00.re * a + u->m01.ims * FN(swap)(b);
        *y = u->m10.ims * FN(swap)(a) + u->m11.re * b;
    } else {
        V sa = FN(swap)(a), sb = FN(swap)(b);
        *x = FN(times)(u->m00, a, sa) + FN(times)(u->m01, b, sb);
        *y = FN(times)(u->m10, a, sa) + FN(times)(u->m11, b, sb);
    }
}

INLINE void FN(pair_runs_kind)(int kind, REAL *p, const double *m, long s, long run,
                               const quanta_inserter *ins, long cmask, int plain, long lo, long hi) {
    FN(pair_matrix) u = FN(pair_matrix_make)(m);
    for (long o = lo; o < hi; o++) {
        long base = plain ? (o * run) << 1 : qk_expand(ins, o * run) | cmask;
        long j = base, end = base + run;
        // two vectors per step: more loads in flight on memory-bound states
        for (; j + 8 <= end; j += 8) {
            V a = FN(load)(p, j), b = FN(load)(p, j + s);
            V a2 = FN(load)(p, j + 4), b2 = FN(load)(p, j + s + 4);
            V x, y, x2, y2;
            FN(pair_map)(kind, &u, a, b, &x, &y);
            FN(pair_map)(kind, &u, a2, b2, &x2, &y2);
            FN(store)(p, j, x);
            FN(store)(p, j + s, y);
            FN(store)(p, j + 4, x2);
            FN(store)(p, j + s + 4, y2);
        }
        for (; j < end; j += 4) {
            V x, y;
            FN(pair_map)(kind, &u, FN(load)(p, j), FN(load)(p, j + s), &x, &y);
            FN(store)(p, j, x);
            FN(store)(p, j + s, y);
        }
    }
}

ISA_TARGET void FN(pair_runs)(void *state, int kind, const double *m, long s, long run,
                              const quanta_inserter *ins, long cmask, int plain, long lo, long hi) {
    REAL *p = state;
    switch (kind) {
    case QUANTA_PAIR_REAL: FN(pair_runs_kind)(QUANTA_PAIR_REAL, p, m, s, run, ins, cmask, plain, lo, hi); break;
    case QUANTA_PAIR_RXLIKE: FN(pair_runs_kind)(QUANTA_PAIR_RXLIKE, p, m, s, run, ins, cmask, plain, lo, hi); break;
    default: FN(pair_runs_kind)(QUANTA_PAIR_GENERAL, p, m, s, run, ins, cmask, plain, lo, hi); break;
    }
}

/// The partner of lane l is lane l ⊕ 2^q.
INLINE V FN(partner)(V v, int q) { return FN(permute)(v, q == 0 ? 1 : 2); }

INLINE void FN(pair_lanes_kind)(int kind, int q, REAL *p, const double *m, long lo, long hi) {
    // diagonal and off-diagonal factor per lane
    SPLAT d = q == 0 ? FN(lanes)(m, m + 6, m, m + 6) : FN(lanes)(m, m, m + 6, m + 6);
    SPLAT o = q == 0 ? FN(lanes)(m + 2, m + 4, m + 2, m + 4) : FN(lanes)(m + 2, m + 2, m + 4, m + 4);
    for (long k = lo; k < hi; k++) {
        V v = FN(load)(p, k * 4), w = FN(partner)(v, q);
        V r;
        if (kind == QUANTA_PAIR_REAL) r = d.re * v + o.re * w;
        else if (kind == QUANTA_PAIR_RXLIKE) r = d.re * v + o.ims * FN(swap)(w);
        else r = FN(times)(d, v, FN(swap)(v)) + FN(times)(o, w, FN(swap)(w));
        FN(store)(p, k * 4, r);
    }
}

ISA_TARGET void FN(pair_lanes)(void *state, int kind, const double *m, int q, long lo, long hi) {
    REAL *p = state;
#define QK_LANES(K, Q) FN(pair_lanes_kind)(K, Q, p, m, lo, hi)
    if (q == 0) {
        if (kind == QUANTA_PAIR_REAL) QK_LANES(QUANTA_PAIR_REAL, 0);
        else if (kind == QUANTA_PAIR_RXLIKE) QK_LANES(QUANTA_PAIR_RXLIKE, 0);
        else QK_LANES(QUANTA_PAIR_GENERAL, 0);
    } else {
        if (kind == QUANTA_PAIR_REAL) QK_LANES(QUANTA_PAIR_REAL, 1);
        else if (kind == QUANTA_PAIR_RXLIKE) QK_LANES(QUANTA_PAIR_RXLIKE, 1);
        else QK_LANES(QUANTA_PAIR_GENERAL, 1);
    }
#undef QK_LANES
}

/// Step o: pair indices 8o…8o+7, two 4-amplitude vectors and their partners s further.
INLINE void FN(pair_step)(int kind, const FN(pair_matrix) *u, REAL *p, long o, long s, long high) {
    long k0 = o * 8, k1 = k0 + 4;
    long j0 = k0 + (k0 & high), j1 = k1 + (k1 & high);
    V a0 = FN(load)(p, j0), b0 = FN(load)(p, j0 + s), a1 = FN(load)(p, j1), b1 = FN(load)(p, j1 + s);
    V x0, y0, x1, y1;
    FN(pair_map)(kind, u, a0, b0, &x0, &y0);
    FN(pair_map)(kind, u, a1, b1, &x1, &y1);
    FN(store)(p, j0, x0);
    FN(store)(p, j0 + s, y0);
    FN(store)(p, j1, x1);
    FN(store)(p, j1 + s, y1);
}

/// Prefetches amplitudes a…a+15 (a multiple of 16).
INLINE void FN(prefetch16)(const REAL *p, long a) {
    const char *base = (const char *)(p + a * 2);
    for (int line = 0; line < (int)(32 * sizeof(REAL)); line += 64) __builtin_prefetch(base + line, 0, 3);
}

INLINE void FN(pair_flat_kind)(int kind, REAL *p, const double *m, int q, long ahead, long steps,
                               long lo, long hi) {
    FN(pair_matrix) u = FN(pair_matrix_make)(m);
    long s = 1L << q, high = ~(s - 1);
    long split = lo;
    if (ahead > 0) {
        // the last `ahead` steps of the state have nothing left to fetch
        split = steps - ahead;
        if (split > hi) split = hi;
        if (split < lo) split = lo;
        for (long o = lo; o < split; o++) {
            FN(prefetch16)(p, (o + ahead) * 16);
            FN(pair_step)(kind, &u, p, o, s, high);
        }
    }
    for (long o = split; o < hi; o++) FN(pair_step)(kind, &u, p, o, s, high);
}

ISA_TARGET void FN(pair_flat)(void *state, int kind, const double *m, int q, long ahead, long steps,
                              long lo, long hi) {
    REAL *p = state;
    switch (kind) {
    case QUANTA_PAIR_REAL: FN(pair_flat_kind)(QUANTA_PAIR_REAL, p, m, q, ahead, steps, lo, hi); break;
    case QUANTA_PAIR_RXLIKE: FN(pair_flat_kind)(QUANTA_PAIR_RXLIKE, p, m, q, ahead, steps, lo, hi); break;
    default: FN(pair_flat_kind)(QUANTA_PAIR_GENERAL, p, m, q, ahead, steps, lo, hi); break;
    }
}

ISA_TARGET void FN(phase_runs)(void *state, const double *c, long run, const quanta_inserter *ins,
                               long value, long lo, long hi) {
    REAL *p = state;
    SPLAT f = FN(splat)(c);
    for (long o = lo; o < hi; o++) {
        long base = qk_expand(ins, o * run) | value;
        for (long j = base; j < base + run; j += 4) {
            V v = FN(load)(p, j);
            FN(store)(p, j, FN(times)(f, v, FN(swap)(v)));
        }
    }
}

/// a with the lanes whose low control bits (lmask) are all 1 taken from b.
INLINE V FN(pick)(int lmask, V a, V b) {
    if (lmask == 1) return __builtin_shufflevector(a, b, 0, 1, 10, 11, 4, 5, 14, 15);
    if (lmask == 2) return __builtin_shufflevector(a, b, 0, 1, 2, 3, 12, 13, 14, 15);
    return __builtin_shufflevector(a, b, 0, 1, 2, 3, 4, 5, 14, 15);
}

INLINE void FN(swap_pick_mask)(int lmask, REAL *p, long s, const quanta_inserter *ins, long hmask,
                               long lo, long hi) {
    for (long o = lo; o < hi; o++) {
        long j = qk_expand(ins, o * 8) | hmask, j2 = qk_expand(ins, o * 8 + 4) | hmask;
        V a = FN(load)(p, j), b = FN(load)(p, j + s), a2 = FN(load)(p, j2), b2 = FN(load)(p, j2 + s);
        FN(store)(p, j, FN(pick)(lmask, a, b));
        FN(store)(p, j + s, FN(pick)(lmask, b, a));
        FN(store)(p, j2, FN(pick)(lmask, a2, b2));
        FN(store)(p, j2 + s, FN(pick)(lmask, b2, a2));
    }
}

ISA_TARGET void FN(swap_lanes)(void *state, int lmask, long s, const quanta_inserter *ins, long hmask,
                               long lo, long hi) {
    REAL *p = state;
    typedef FN(half) H;
    if (lmask == 2) {
        // control on qubit 1: amplitudes 2 and 3 of each vector, one contiguous half, swap with
        // the partner's: half the loads and stores, no blends
        for (long o = lo; o < hi; o++) {
            long j = (qk_expand(ins, o * 8) | hmask) + 2, j2 = (qk_expand(ins, o * 8 + 4) | hmask) + 2;
            H a = *(H *)(p + 2 * j), b = *(H *)(p + 2 * (j + s));
            H a2 = *(H *)(p + 2 * j2), b2 = *(H *)(p + 2 * (j2 + s));
            *(H *)(p + 2 * j) = b;
            *(H *)(p + 2 * (j + s)) = a;
            *(H *)(p + 2 * j2) = b2;
            *(H *)(p + 2 * (j2 + s)) = a2;
        }
    } else if (lmask == 1) {
        FN(swap_pick_mask)(1, p, s, ins, hmask, lo, hi);
    } else {
        FN(swap_pick_mask)(3, p, s, ins, hmask, lo, hi);
    }
}

ISA_TARGET void FN(swap_low_target)(void *state, int q, long run, const quanta_inserter *ins, long cmask,
                                    long lo, long hi) {
    REAL *p = state;
    int flip = q == 0 ? 1 : 2;
    for (long o = lo; o < hi; o++) {
        long base = qk_expand(ins, o * run) | cmask;
        for (long j = base; j < base + run; j += 4) FN(store)(p, j, FN(permute)(FN(load)(p, j), flip));
    }
}

ISA_TARGET void FN(swap_cnot01)(void *state, int q, long lo, long hi) {
    REAL *p = state;
    for (long k = lo; k < hi; k++) {
        V v = FN(load)(p, k * 4);
        V w = q == 1 ? __builtin_shufflevector(v, v, 0, 1, 6, 7, 4, 5, 2, 3)
                     : __builtin_shufflevector(v, v, 0, 1, 2, 3, 6, 7, 4, 5);
        FN(store)(p, k * 4, w);
    }
}

ISA_TARGET void FN(swap_runs)(void *state, long s, long run, const quanta_inserter *ins, long cmask,
                              long lo, long hi) {
    REAL *p = state;
    if (run == 4) {
        // runs of one vector: two runs per step, two vectors in flight
        for (long o = lo; o < hi; o++) {
            long j = qk_expand(ins, o * 8) | cmask, j2 = qk_expand(ins, o * 8 + 4) | cmask;
            V a = FN(load)(p, j), b = FN(load)(p, j + s), a2 = FN(load)(p, j2), b2 = FN(load)(p, j2 + s);
            FN(store)(p, j, b);
            FN(store)(p, j + s, a);
            FN(store)(p, j2, b2);
            FN(store)(p, j2 + s, a2);
        }
        return;
    }
    for (long o = lo; o < hi; o++) {
        long base = qk_expand(ins, o * run) | cmask;
        long j = base;
        for (; j + 8 <= base + run; j += 8) {
            V a = FN(load)(p, j), b = FN(load)(p, j + s), a2 = FN(load)(p, j + 4), b2 = FN(load)(p, j + s + 4);
            FN(store)(p, j, b);
            FN(store)(p, j + s, a);
            FN(store)(p, j + 4, b2);
            FN(store)(p, j + s + 4, a2);
        }
        for (; j < base + run; j += 4) {
            V a = FN(load)(p, j), b = FN(load)(p, j + s);
            FN(store)(p, j, b);
            FN(store)(p, j + s, a);
        }
    }
}

ISA_TARGET void FN(dense2_runs)(void *state, const double *m, long o1, long o2, long run,
                                const quanta_inserter *ins, long cmask, long lo, long hi) {
    REAL *p = state;
    SPLAT u[16];
    for (int i = 0; i < 16; i++) u[i] = FN(splat)(m + 2 * i);
    long o3 = o1 | o2;
    for (long o = lo; o < hi; o++) {
        long base = qk_expand(ins, o * run) | cmask;
        for (long j = base; j < base + run; j += 4) {
            V x[4] = {FN(load)(p, j), FN(load)(p, j + o2), FN(load)(p, j + o1), FN(load)(p, j + o3)};
            V sx[4] = {FN(swap)(x[0]), FN(swap)(x[1]), FN(swap)(x[2]), FN(swap)(x[3])};
            V y[4];
            for (int r = 0; r < 4; r++) {
                y[r] = FN(times)(u[4 * r], x[0], sx[0]) + FN(times)(u[4 * r + 1], x[1], sx[1])
                     + FN(times)(u[4 * r + 2], x[2], sx[2]) + FN(times)(u[4 * r + 3], x[3], sx[3]);
            }
            FN(store)(p, j, y[0]);
            FN(store)(p, j + o2, y[1]);
            FN(store)(p, j + o1, y[2]);
            FN(store)(p, j + o3, y[3]);
        }
    }
}

ISA_TARGET void FN(densek_runs)(void *state, const double *m, int k, const long *offsets, long run,
                                const quanta_inserter *ins, long cmask, long lo, long hi) {
    REAL *p = state;
    long d = 1L << k;
    SPLAT *u = malloc(sizeof(SPLAT) * (size_t)(d * d));
    V *v = malloc(sizeof(V) * (size_t)(2 * d));
    if (u == NULL || v == NULL) abort();
    for (long i = 0; i < d * d; i++) u[i] = FN(splat)(m + 2 * i);
    V *sv = v + d;
    for (long o = lo; o < hi; o++) {
        long base = qk_expand(ins, o * run) | cmask;
        for (long j = base; j < base + run; j += 4) {
            for (long c = 0; c < d; c++) {
                v[c] = FN(load)(p, j + offsets[c]);
                sv[c] = FN(swap)(v[c]);
            }
            for (long r = 0; r < d; r++) {
                const SPLAT *row = u + r * d;
                V acc = FN(times)(row[0], v[0], sv[0]);
                for (long c = 1; c < d; c++) acc += FN(times)(row[c], v[c], sv[c]);
                FN(store)(p, j + offsets[r], acc);
            }
        }
    }
    free(v);
    free(u);
}

INLINE void FN(densek_groups_k)(int k, REAL *p, const double *m, const long *offsets,
                                const quanta_inserter *ins, long cmask, long lo, long hi) {
    long d = 1L << k;
    REAL *buffer = malloc(sizeof(REAL) * (size_t)(4 * d + 2 * d * d));
    if (buffer == NULL) abort();
    REAL *xr = buffer, *xi = buffer + d, *mr = buffer + 2 * d, *mi = mr + d * d;
    for (long i = 0; i < d * d; i++) {
        mr[i] = (REAL)m[2 * i];
        mi[i] = (REAL)m[2 * i + 1];
    }
    for (long g = lo; g < hi; g++) {
        long base = qk_expand(ins, g) | cmask;
        for (long c = 0; c < d; c++) {
            long i = 2 * (base + offsets[c]);
            xr[c] = p[i];
            xi[c] = p[i + 1];
        }
        for (long r = 0; r < d; r++) {
            REAL sr = 0, si = 0;
            for (long c = 0; c < d; c++) {
                REAL a = mr[r * d + c], b = mi[r * d + c];
                sr += a * xr[c] - b * xi[c];
                si += a * xi[c] + b * xr[c];
            }
            long i = 2 * (base + offsets[r]);
            p[i] = sr;
            p[i + 1] = si;
        }
    }
    free(buffer);
}

ISA_TARGET void FN(densek_groups)(void *state, const double *m, int k, const long *offsets,
                                  const quanta_inserter *ins, long cmask, long lo, long hi) {
    // k = 2 (fused two-qubit blocks on qubits 0/1) gets its loops unrolled
    if (k == 2) FN(densek_groups_k)(2, state, m, offsets, ins, cmask, lo, hi);
    else FN(densek_groups_k)(k, state, m, offsets, ins, cmask, lo, hi);
}

/// Row index of the matrix for lane l of the vector at high-target combination u.
static inline long FN(local_row)(int k, const long *targets, long u, int l) {
    long row = 0;
    int high = 0;
    for (int j = 0; j < k; j++) {
        long bit = targets[j] >= 2 ? (u >> high++) & 1 : (l >> targets[j]) & 1;
        row |= bit << (k - 1 - j);
    }
    return row;
}

INLINE void FN(densek_lanes_mask)(int lowmask, int k, REAL *p, const double *m, const long *targets,
                                  const quanta_inserter *ins, long cmask, long lo, long hi) {
    long d = 1L << k;
    int h = k - __builtin_popcount((unsigned)lowmask);
    long vectors = 1L << h;
    long flips[4] = {0, 1, 2, 3};
    int nflips = 4;
    if (lowmask != 3) {
        flips[1] = lowmask;
        nflips = 2;
    }
    // vectors·nflips = d terms per output vector; up to k = 3 everything lives on the stack, so
    // with k constant the loops unroll and the permuted inputs stay in registers
    long vo_local[4];
    SPLAT diag_local[32];
    V xp_local[16];
    int small = k <= 3;
    long *vo = small ? vo_local : malloc(sizeof(long) * (size_t)vectors);
    SPLAT *diag = small ? diag_local : malloc(sizeof(SPLAT) * (size_t)(vectors * d));
    V *xp = small ? xp_local : malloc(sizeof(V) * (size_t)(2 * d));
    if (vo == NULL || diag == NULL || xp == NULL) abort();
    for (long u = 0; u < vectors; u++) {
        long off = 0;
        int high = 0;
        for (int j = 0; j < k; j++) {
            if (targets[j] >= 2 && ((u >> high++) & 1)) off |= 1L << targets[j];
        }
        vo[u] = off;
    }
    // diag[(v·vectors + u)·nflips + f], lane l: M[row(v, l)][row(u, l ⊕ flip f)]
    for (long v = 0; v < vectors; v++) {
        for (long u = 0; u < vectors; u++) {
            for (int f = 0; f < nflips; f++) {
                const double *e[4];
                for (int l = 0; l < 4; l++) {
                    long r = FN(local_row)(k, targets, v, l), c = FN(local_row)(k, targets, u, l ^ (int)flips[f]);
                    e[l] = m + 2 * (r * d + c);
                }
                diag[(v * vectors + u) * nflips + f] = FN(lanes)(e[0], e[1], e[2], e[3]);
            }
        }
    }
    V *sxp = xp + d;
    for (long g = lo; g < hi; g++) {
        long base = qk_expand(ins, g) | cmask;
        for (long u = 0; u < vectors; u++) {
            V x = FN(load)(p, base + vo[u]), sx = FN(swap)(x);
            for (int f = 0; f < nflips; f++) {
                xp[u * nflips + f] = FN(permute)(x, (int)flips[f]);
                sxp[u * nflips + f] = FN(permute)(sx, (int)flips[f]);
            }
        }
        for (long v = 0; v < vectors; v++) {
            const SPLAT *row = diag + v * d;
            V acc = FN(times)(row[0], xp[0], sxp[0]);
            for (long i = 1; i < d; i++) acc += FN(times)(row[i], xp[i], sxp[i]);
            FN(store)(p, base + vo[v], acc);
        }
    }
    if (!small) {
        free(xp);
        free(diag);
        free(vo);
    }
}

ISA_TARGET void FN(densek_lanes)(void *state, const double *m, int k, const long *targets,
                                 const quanta_inserter *ins, long cmask, long lo, long hi) {
    int lowmask = 0;
    for (int j = 0; j < k; j++) {
        if (targets[j] < 2) lowmask |= 1 << targets[j];
    }
    // constant masks and sizes: the flips become fixed shuffles, the loops unroll
#define QK_LANES_K(K)                                                                  \
    if (lowmask == 1) FN(densek_lanes_mask)(1, K, state, m, targets, ins, cmask, lo, hi); \
    else if (lowmask == 2) FN(densek_lanes_mask)(2, K, state, m, targets, ins, cmask, lo, hi); \
    else FN(densek_lanes_mask)(3, K, state, m, targets, ins, cmask, lo, hi);
    if (k == 2) {
        QK_LANES_K(2)
    } else if (k == 3) {
        QK_LANES_K(3)
    } else {
        QK_LANES_K(k)
    }
#undef QK_LANES_K
}

/// φ·conj(λ) summed over complex lane l of accumulators a (products) and b (swapped products).
INLINE void FN(lane_add)(double *out, V a, V b, int l) {
    out[0] += (double)a[2 * l] + (double)a[2 * l + 1];
    out[1] += (double)b[2 * l + 1] - (double)b[2 * l];
}

ISA_TARGET void FN(adjoint1_runs)(void *phi_state, void *lam_state, const double *ud, long s, long run,
                                  const quanta_inserter *ins, long cmask, long lo, long hi, double *r) {
    REAL *phi = phi_state, *lam = lam_state;
    SPLAT u00 = FN(splat)(ud), u01 = FN(splat)(ud + 2), u10 = FN(splat)(ud + 4), u11 = FN(splat)(ud + 6);
    V zero = FN(broadcast)(0);
    V a00 = zero, a01 = zero, a10 = zero, a11 = zero, b00 = zero, b01 = zero, b10 = zero, b11 = zero;
    for (long o = lo; o < hi; o++) {
        long base = qk_expand(ins, o * run) | cmask;
        for (long j = base; j < base + run; j += 4) {
            V x0 = FN(load)(phi, j), x1 = FN(load)(phi, j + s);
            V sx0 = FN(swap)(x0), sx1 = FN(swap)(x1);
            V f0 = FN(times)(u00, x0, sx0) + FN(times)(u01, x1, sx1);
            V f1 = FN(times)(u10, x0, sx0) + FN(times)(u11, x1, sx1);
            FN(store)(phi, j, f0);
            FN(store)(phi, j + s, f1);
            V y0 = FN(load)(lam, j), y1 = FN(load)(lam, j + s);
            V sy0 = FN(swap)(y0), sy1 = FN(swap)(y1);
            a00 += f0 * y0;
            b00 += f0 * sy0;
            a01 += f0 * y1;
            b01 += f0 * sy1;
            a10 += f1 * y0;
            b10 += f1 * sy0;
            a11 += f1 * y1;
            b11 += f1 * sy1;
            FN(store)(lam, j, FN(times)(u00, y0, sy0) + FN(times)(u01, y1, sy1));
            FN(store)(lam, j + s, FN(times)(u10, y0, sy0) + FN(times)(u11, y1, sy1));
        }
    }
    for (int i = 0; i < 8; i++) r[i] = 0;
    for (int l = 0; l < 4; l++) {
        FN(lane_add)(r, a00, b00, l);
        FN(lane_add)(r + 2, a01, b01, l);
        FN(lane_add)(r + 4, a10, b10, l);
        FN(lane_add)(r + 6, a11, b11, l);
    }
}

ISA_TARGET void FN(adjoint1_lanes)(void *phi_state, void *lam_state, const double *ud, int q, long lo,
                                   long hi, double *r) {
    REAL *phi = phi_state, *lam = lam_state;
    SPLAT dl = q == 0 ? FN(lanes)(ud, ud + 6, ud, ud + 6) : FN(lanes)(ud, ud, ud + 6, ud + 6);
    SPLAT ol = q == 0 ? FN(lanes)(ud + 2, ud + 4, ud + 2, ud + 4) : FN(lanes)(ud + 2, ud + 2, ud + 4, ud + 4);
    V zero = FN(broadcast)(0);
    // a00/b00 collect same-lane products, a01/b01 partner-lane products
    V a00 = zero, b00 = zero, a01 = zero, b01 = zero;
    for (long t = lo; t < hi; t++) {
        V v = FN(load)(phi, t * 4), y = FN(load)(lam, t * 4);
        V w = FN(partner)(v, q), yw = FN(partner)(y, q);
        V f = FN(times)(dl, v, FN(swap)(v)) + FN(times)(ol, w, FN(swap)(w));
        FN(store)(phi, t * 4, f);
        V sy = FN(swap)(y), syw = FN(swap)(yw);
        a00 += f * y;
        b00 += f * sy;
        a01 += f * yw;
        b01 += f * syw;
        FN(store)(lam, t * 4, FN(times)(dl, y, sy) + FN(times)(ol, yw, syw));
    }
    for (int i = 0; i < 8; i++) r[i] = 0;
    // lanes with local bit 0: q = 0 → 0, 2; q = 1 → 0, 1
    for (int l = 0; l < 4; l++) {
        int bit = q == 0 ? (l & 1) : (l >> 1);
        if (bit == 0) {
            FN(lane_add)(r, a00, b00, l);
            FN(lane_add)(r + 2, a01, b01, l);
        } else {
            FN(lane_add)(r + 6, a00, b00, l);
            FN(lane_add)(r + 4, a01, b01, l);
        }
    }
}

ISA_TARGET double FN(diagonal_sum)(const void *state, const double *low, int k, const double *high,
                                   long high_count) {
    const REAL *p = state;
    long run = 1L << k;
    REAL *slots = malloc(sizeof(REAL) * (size_t)(2 * run));
    if (slots == NULL) abort();
    for (long l = 0; l < run; l++) {
        slots[2 * l] = (REAL)low[l];
        slots[2 * l + 1] = (REAL)low[l];
    }
    double total = 0;
    // one block per high index: its weight is one splat, the low weights stay in L1
    for (long block = 0; block < high_count; block++) {
        long base = block * run;
        V hv = FN(broadcast)((REAL)high[block]);
        V acc0 = FN(broadcast)(0), acc1 = acc0;
        for (long l = 0; l < run; l += 8) {
            V a0 = FN(load)(p, base + l), a1 = FN(load)(p, base + l + 4);
            acc0 += (FN(load)(slots, l) + hv) * a0 * a0;
            acc1 += (FN(load)(slots, l + 4) + hv) * a1 * a1;
        }
        total += (double)FN(sum)(acc0 + acc1);
    }
    free(slots);
    return total;
}

/// (−1)^{|l ∧ z|} for the 4 lanes l, on both slots of each.
INLINE V FN(lane_signs)(long z) {
    V s;
    for (int l = 0; l < 4; l++) {
        REAL v = qk_parity(l & z) ? -1 : 1;
        s[2 * l] = v;
        s[2 * l + 1] = v;
    }
    return s;
}

INLINE void FN(flip_sum_near)(const REAL *p, int n, int lanes, long z, V plus, double *out) {
    V minus = -plus, alt = (V){-1, 1, -1, 1, -1, 1, -1, 1};
    long vectors = 1L << (n - 2);
    double re = 0, im = 0;
    // sums in REAL over blocks of 1024 vectors, in double across blocks
    for (long start = 0; start < vectors; start += 1024) {
        long end = start + 1024 < vectors ? start + 1024 : vectors;
        V accRe = FN(broadcast)(0), accIm = accRe;
        for (long v = start; v < end; v++) {
            long j = v * 4;
            V a = FN(load)(p, j), b = FN(permute)(a, lanes), s = qk_parity(j & z) ? minus : plus;
            accRe += s * b * a;
            accIm += s * FN(swap)(b) * a;
        }
        re += (double)FN(sum)(accRe);
        im += (double)FN(sum)(accIm * alt);
    }
    out[0] = re;
    out[1] = im;
}

INLINE void FN(flip_sum_far)(const REAL *p, int n, int lanes, long far, long x, long z, V plus, double *out) {
    V minus = -plus, alt = (V){-1, 1, -1, 1, -1, 1, -1, 1};
    int h = 63 - __builtin_clzl((unsigned long)far);
    long below = (1L << h) - 1;
    int sigma_odd = qk_parity(x & z);
    // the two streams alternate every 2^h amplitudes inside the same pages: prefetch for h in 5…11
    long ahead = (h >= 5 && h <= 11 && ((long)(2 * sizeof(REAL)) << n) > (2L << 20)) ? 64 : 0;
    long vectors = 1L << (n - 3);
    double re = 0, im = 0;
    for (long start = 0; start < vectors; start += 1024) {
        long end = start + 1024 < vectors ? start + 1024 : vectors;
        V accRe = FN(broadcast)(0), accIm = accRe;
        for (long v = start; v < end; v++) {
            long t = v * 4;
            long j = (t & below) | ((t & ~below) << 1), k = j ^ far;
            if (ahead > 0 && (v & 3) == 0) {
                FN(prefetch16)(p, (j + ahead) & ~15L);
                FN(prefetch16)(p, (k + ahead) & ~15L);
            }
            V a = FN(load)(p, j), b = FN(permute)(FN(load)(p, k), lanes), s = qk_parity(j & z) ? minus : plus;
            if (sigma_odd) accIm += s * FN(swap)(b) * a;
            else accRe += s * b * a;
        }
        re += (double)FN(sum)(accRe);
        im += (double)FN(sum)(accIm * alt);
    }
    out[0] = 2 * re;
    out[1] = 2 * im;
}

ISA_TARGET void FN(flip_sum)(const void *state, int n, long x, long z, double *s) {
    const REAL *p = state;
    int lanes = (int)(x & 3);
    long far = x & ~3L;
    V plus = FN(lane_signs)(z & 3);
    if (far == 0) FN(flip_sum_near)(p, n, lanes, z, plus, s);
    else FN(flip_sum_far)(p, n, lanes, far, x, z, plus, s);
}

ISA_TARGET void FN(flip_apply)(const void *src_state, void *dst_state, int n, long x, long z, const double *f) {
    const REAL *src = src_state;
    REAL *dst = dst_state;
    int lanes = (int)(x & 3);
    long far = x & ~3L;
    // the sign belongs to the source index j = i ⊕ x: its lanes are permuted like the values
    V plus = FN(permute)(FN(lane_signs)(z & 3), lanes), minus = -plus;
    SPLAT c = FN(splat)(f);
    for (long v = 0; v < (1L << (n - 2)); v++) {
        long i = v * 4, j = i ^ far;
        V b = FN(permute)(FN(load)(src, j), lanes) * (qk_parity(j & z) ? minus : plus);
        FN(store)(dst, i, FN(load)(dst, i) + FN(times)(c, b, FN(swap)(b)));
    }
}

#undef FN
#undef V
#undef SPLAT
#undef INLINE
