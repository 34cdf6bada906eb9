#ifndef QUANTA_GEMM_BENCH_H
#define QUANTA_GEMM_BENCH_H

/// Seconds on the monotonic clock (clock_gettime), for timing loops on both sides.
double gemm_bench_now(void);

/// Runs `calls` back-to-back `cblas_sgemm` calls C[m,n] = A[m,k] · B[k,n]
/// (row-major, no transposes, alpha 1, beta 0) and returns the elapsed wall-clock
/// seconds for all of them. This is the reference loop: OpenBLAS called directly from C.
double gemm_bench_openblas_loop(int m, int n, int k,
                                const float *a, const float *b, float *c, int calls);

/// Sets OpenBLAS's thread count (the same global setting `Threading.setThreads` changes).
void gemm_bench_set_threads(int threads);

/// The thread count OpenBLAS reports.
int gemm_bench_threads(void);

/// OpenBLAS's configuration string (version, kernel core, threading model).
const char *gemm_bench_openblas_config(void);

#endif
