#ifndef QUANTA_ISA_H
#define QUANTA_ISA_H

/// Instruction sets the hot kernels are compiled for; each kernel exists once per set and a
/// dispatcher picks the best one the CPU supports at run time.
typedef enum {
    QUANTA_ISA_BASELINE = 0,  ///< x86-64 with SSE2: runs everywhere
    QUANTA_ISA_AVX2 = 1,      ///< AVX2 + FMA (Haswell, Zen 1 and later)
    QUANTA_ISA_AVX512 = 2,    ///< AVX-512 F/DQ/VL/BW (Skylake-X, Zen 4 and later)
} quanta_isa;

/// The best set this CPU supports (cpuid, once).
quanta_isa quanta_isa_supported(void);

/// The set the kernels use: the thread's override if one is set, else the process-wide choice
/// (the best supported, or `QUANTA_ISA=baseline|avx2|avx512` from the environment, lowered to
/// what the CPU supports).
quanta_isa quanta_isa_active(void);

/// Overrides the set for kernels called on this thread (tests run every variant this way);
/// -1 removes the override. A set the CPU lacks is lowered to the best it has. Returns the
/// previous override (-1 for none).
int quanta_isa_override(int isa);

/// "baseline", "avx2" or "avx512".
const char *quanta_isa_name(quanta_isa isa);

#endif
