#define _POSIX_C_SOURCE 199309L
#include "gemm_bench.h"

#include <cblas.h>
#include <time.h>

double gemm_bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double gemm_bench_openblas_loop(int m, int n, int k,
                                const float *a, const float *b, float *c, int calls) {
    double t0 = gemm_bench_now();
    for (int i = 0; i < calls; i++) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k,
                    1.0f, a, k, b, n, 0.0f, c, n);
    }
    return gemm_bench_now() - t0;
}

void gemm_bench_set_threads(int threads) { openblas_set_num_threads(threads); }

int gemm_bench_threads(void) { return openblas_get_num_threads(); }

const char *gemm_bench_openblas_config(void) { return openblas_get_config(); }
