#include <dnnl.h>

// oneDNN here is built on the OpenMP runtime (DNNL_CPU_RUNTIME == OMP): its thread count is
// OpenMP's. Declared here rather than through <omp.h>, which the Swift toolchain's clang lacks.
extern void omp_set_num_threads(int num_threads);
extern int omp_get_max_threads(void);

// A spin-wait hint for the integer GEMM's worker threads (Swift has no intrinsic for it).
static inline void quanta_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}
