// Includes the loop file QK_BODY once per instruction set, with ISA_SUFFIX and ISA_TARGET set
// (the function suffix and attribute every function of the body carries). The includer
// defines QK_BODY, and REAL/RS where the body needs them.
#define ISA_SUFFIX _baseline
#define ISA_TARGET
#include QK_BODY
#undef ISA_SUFFIX
#undef ISA_TARGET

#define ISA_SUFFIX _avx2
#define ISA_TARGET QK_TARGET_AVX2
#include QK_BODY
#undef ISA_SUFFIX
#undef ISA_TARGET

#define ISA_SUFFIX _avx512
#define ISA_TARGET QK_TARGET_AVX512
#include QK_BODY
#undef ISA_SUFFIX
#undef ISA_TARGET
