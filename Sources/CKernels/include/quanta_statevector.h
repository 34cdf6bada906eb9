#ifndef QUANTA_STATEVECTOR_H
#define QUANTA_STATEVECTOR_H
#include "quanta_isa.h"

/// Vector loops of the state-vector kernels on interleaved complex amplitudes (re, im, re, im…).
///
/// `f32` selects the element type of the state: 0 complex128 (double), 1 complex64 (float).
/// Matrices and factors are interleaved complex doubles. Every loop covers outer iterations
/// `lo..<hi`, so the caller splits the work over threads. Each function runs the variant of
/// `quanta_isa_active()`; all variants compute the same values up to rounding (FMA).

/// Maps a dense counter k to the k-th index whose bits at the fixed positions are 0.
typedef struct {
    long m0, m1, m2;  ///< low-bit masks of the three lowest positions (-1 when absent)
    int rest_count;   ///< positions beyond the third
    long rest[61];    ///< those positions, ascending
} quanta_inserter;

/// An inserter for `count` ascending bit positions (at most 64).
quanta_inserter quanta_inserter_make(const long *sorted, int count);

/// The kind of a 2×2 matrix, which picks the loop: real (H, RY), real diagonal with imaginary
/// off-diagonal (RX, SX up to phase), general.
enum { QUANTA_PAIR_REAL = 0, QUANTA_PAIR_RXLIKE = 1, QUANTA_PAIR_GENERAL = 2 };

/// ψ ← M ψ on pairs (j, j + s) in runs of `run` ≥ 4 amplitudes: run o starts at
/// `plain ? 2·o·run : expand(o·run) | cmask`.
void quanta_sv_pair_runs(int f32, void *p, int kind, const double *m, long s, long run,
                         const quanta_inserter *ins, long cmask, int plain, long lo, long hi);

/// ψ ← M ψ on target q < 2 without controls, in registers: quad o is amplitudes 4o…4o+3.
void quanta_sv_pair_lanes(int f32, void *p, int kind, const double *m, int q, long lo, long hi);

/// ψ ← M ψ on target q ≥ 2 without controls as one flat loop: step o covers pair indices
/// 8o…8o+7; `ahead` > 0 prefetches that many steps ahead while o + ahead < `steps`.
void quanta_sv_pair_flat(int f32, void *p, int kind, const double *m, int q, long ahead, long steps,
                         long lo, long hi);

/// ψ_j ← c·ψ_j on runs of `run` ≥ 4 amplitudes starting at expand(o·run) | value.
void quanta_sv_phase_runs(int f32, void *p, const double *c, long run, const quanta_inserter *ins,
                          long value, long lo, long hi);

/// Swaps (j, j + s) in the lanes whose low control bits (`lmask` ⊆ {1, 2}) are set, step o
/// covering the indices expand(8o) and expand(8o + 4), ORed with `hmask`.
void quanta_sv_swap_lanes(int f32, void *p, int lmask, long s, const quanta_inserter *ins, long hmask,
                          long lo, long hi);

/// Target q < 2 with controls ≥ 2: swaps each lane with lane ⊕ 2^q in the vectors of runs
/// starting at expand(o·run) | cmask.
void quanta_sv_swap_low_target(int f32, void *p, int q, long run, const quanta_inserter *ins, long cmask,
                               long lo, long hi);

/// CNOT between qubits 0 and 1 (target q): a lane permutation of quad o.
void quanta_sv_swap_cnot01(int f32, void *p, int q, long lo, long hi);

/// Swaps (j, j + s) on runs of `run` ≥ 4 starting at expand(·) | cmask; for run = 4 step o takes
/// the runs at 8o and 8o + 4, otherwise run o.
void quanta_sv_swap_runs(int f32, void *p, long s, long run, const quanta_inserter *ins, long cmask,
                         long lo, long hi);

/// ψ ← M ψ for a 4×4 M on amplitude offsets (0, o2, o1, o1|o2) over runs of `run` ≥ 4.
void quanta_sv_dense2_runs(int f32, void *p, const double *m, long o1, long o2, long run,
                           const quanta_inserter *ins, long cmask, long lo, long hi);

/// ψ ← M ψ for a 2^k×2^k M on the amplitude `offsets` over runs of `run` ≥ 4.
void quanta_sv_densek_runs(int f32, void *p, const double *m, int k, const long *offsets, long run,
                           const quanta_inserter *ins, long cmask, long lo, long hi);

/// ψ ← M ψ for a 2^k×2^k M on the amplitude `offsets`, one group at a time (any targets):
/// group g starts at expand(g) | cmask.
void quanta_sv_densek_groups(int f32, void *p, const double *m, int k, const long *offsets,
                             const quanta_inserter *ins, long cmask, long lo, long hi);

/// ψ ← M ψ for a 2^k×2^k M whose targets (matrix order) include qubit 0 and/or 1, in registers:
/// lane flips mix the low targets, whole vectors the high ones. The inserter fixes bits 0, 1,
/// the high targets and the controls (all ≥ 2); group g starts at expand(g) | cmask.
void quanta_sv_densek_lanes(int f32, void *p, const double *m, int k, const long *targets,
                            const quanta_inserter *ins, long cmask, long lo, long hi);

/// The adjoint step of a one-qubit gate with U† = `ud`: φ ← U†φ, λ ← U†λ and
/// r[c][l] += Σ φ_c·conj(λ_l) (2×2, interleaved, written to `r`) over runs of `run` ≥ 4.
void quanta_sv_adjoint1_runs(int f32, void *phi, void *lam, const double *ud, long s, long run,
                             const quanta_inserter *ins, long cmask, long lo, long hi, double *r);

/// The same for target q < 2 without controls, in registers over quads lo..<hi.
void quanta_sv_adjoint1_lanes(int f32, void *phi, void *lam, const double *ud, int q, long lo, long hi,
                              double *r);

/// Σ_j d(j)·|ψ_j|² with d(j) = low[j mod 2^k] + high[j >> k], k ≥ 3.
double quanta_sv_diagonal_sum(int f32, const void *p, const double *low, int k, const double *high,
                              long high_count);

/// S = Σ_j (−1)^{|j∧z|}·conj(ψ_{j⊕x})·ψ_j over n ≥ 3 qubits, written to s[0] (re), s[1] (im).
void quanta_sv_flip_sum(int f32, const void *p, int n, long x, long z, double *s);

/// dst += f·P'·src with P'|j⟩ = (−1)^{|j∧z|}|j⊕x⟩, n ≥ 2 qubits, f interleaved complex.
void quanta_sv_flip_apply(int f32, const void *src, void *dst, int n, long x, long z, const double *f);

#endif
