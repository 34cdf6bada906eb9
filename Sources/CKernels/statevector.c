// The state-vector loops of sv_body.h compiled six times (complex128 and complex64, for each
// instruction set) and one dispatcher per loop. Function-level target attributes need no
// compiler flags, so a package that depends on Quanta gets every variant.
#include <stdlib.h>
#include "sv_common.h"

// Vectors passed between the always-inline helpers never cross a real call, so the ABI note
// about wide vectors without AVX does not apply.
#pragma clang diagnostic ignored "-Wpsabi"

#define REAL double
#define RS _f64
#define QK_BODY "sv_body.h"
#include "isa_variants.h"
#undef QK_BODY
#undef REAL
#undef RS

#define REAL float
#define RS _f32
#define QK_BODY "sv_body.h"
#include "isa_variants.h"
#undef QK_BODY
#undef REAL
#undef RS

quanta_inserter quanta_inserter_make(const long *sorted, int count) {
    quanta_inserter in = {-1, -1, -1, 0, {0}};
    if (count > 0) in.m0 = (1L << sorted[0]) - 1;
    if (count > 1) in.m1 = (1L << sorted[1]) - 1;
    if (count > 2) in.m2 = (1L << sorted[2]) - 1;
    for (int i = 3; i < count && i - 3 < 61; i++) in.rest[in.rest_count++] = sorted[i];
    return in;
}

// One dispatcher per loop: the element type and the active instruction set pick the variant.
QK_DISPATCH_TYPED(void, quanta_sv_pair_runs, pair_runs,
            (int f32, void *p, int kind, const double *m, long s, long run, const quanta_inserter *ins, long cmask,
             int plain, long lo, long hi),
            (p, kind, m, s, run, ins, cmask, plain, lo, hi))
QK_DISPATCH_TYPED(void, quanta_sv_pair_lanes, pair_lanes,
            (int f32, void *p, int kind, const double *m, int q, long lo, long hi),
            
            (p, kind, m, q, lo, hi))
QK_DISPATCH_TYPED(void, quanta_sv_pair_flat, pair_flat,
            (int f32, void *p, int kind, const double *m, int q, long ahead, long steps, long lo, long hi),
            (p, kind, m, q, ahead, steps, lo, hi))
QK_DISPATCH_TYPED(void, quanta_sv_phase_runs, phase_runs,
            (int f32, void *p, const double *c, long run, const quanta_inserter *ins, long value, long lo, long hi),
            (p, c, run, ins, value, lo, hi))
QK_DISPATCH_TYPED(void, quanta_sv_swap_lanes, swap_lanes,
            (int f32, void *p, int lmask, long s, const quanta_inserter *ins, long hmask, long lo, long hi),
            (p, lmask, s, ins, hmask, lo, hi))
QK_DISPATCH_TYPED(void, quanta_sv_swap_low_target, swap_low_target,
            (int f32, void *p, int q, long run, const quanta_inserter *ins, long cmask, long lo, long hi),
            (p, q, run, ins, cmask, lo, hi))
QK_DISPATCH_TYPED(void, quanta_sv_swap_cnot01, swap_cnot01,
            (int f32, void *p, int q, long lo, long hi),
            (p, q, lo, hi))
QK_DISPATCH_TYPED(void, quanta_sv_swap_runs, swap_runs,
            (int f32, void *p, long s, long run, const quanta_inserter *ins, long cmask, long lo, long hi),
            (p, s, run, ins, cmask, lo, hi))
QK_DISPATCH_TYPED(void, quanta_sv_dense2_runs, dense2_runs,
            (int f32, void *p, const double *m, long o1, long o2, long run, const quanta_inserter *ins, long cmask,
             long lo, long hi),
            (p, m, o1, o2, run, ins, cmask, lo, hi))
QK_DISPATCH_TYPED(void, quanta_sv_densek_runs, densek_runs,
            (int f32, void *p, const double *m, int k, const long *offsets, long run, const quanta_inserter *ins,
             long cmask, long lo, long hi),
            (p, m, k, offsets, run, ins, cmask, lo, hi))
QK_DISPATCH_TYPED(void, quanta_sv_densek_groups, densek_groups,
            (int f32, void *p, const double *m, int k, const long *offsets, const quanta_inserter *ins, long cmask,
             long lo, long hi),
            (p, m, k, offsets, ins, cmask, lo, hi))
QK_DISPATCH_TYPED(void, quanta_sv_densek_lanes, densek_lanes,
            (int f32, void *p, const double *m, int k, const long *targets, const quanta_inserter *ins, long cmask,
             long lo, long hi),
            (p, m, k, targets, ins, cmask, lo, hi))
QK_DISPATCH_TYPED(void, quanta_sv_adjoint1_runs, adjoint1_runs,
            (int f32, void *phi, void *lam, const double *ud, long s, long run, const quanta_inserter *ins,
             long cmask, long lo, long hi, double *r),
            (phi, lam, ud, s, run, ins, cmask, lo, hi, r))
QK_DISPATCH_TYPED(void, quanta_sv_adjoint1_lanes, adjoint1_lanes,
            (int f32, void *phi, void *lam, const double *ud, int q, long lo, long hi, double *r),
            (phi, lam, ud, q, lo, hi, r))
QK_DISPATCH_TYPED(double, quanta_sv_diagonal_sum, diagonal_sum,
            (int f32, const void *p, const double *low, int k, const double *high, long high_count),
            (p, low, k, high, high_count))
QK_DISPATCH_TYPED(void, quanta_sv_flip_sum, flip_sum,
            (int f32, const void *p, int n, long x, long z, double *s),
            (p, n, x, z, s))
QK_DISPATCH_TYPED(void, quanta_sv_flip_apply, flip_apply,
            (int f32, const void *src, void *dst, int n, long x, long z, const double *f),
            
            (src, dst, n, x, z, f))
