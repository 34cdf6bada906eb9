#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quanta_isa.h"

static int supported = -1;
static int process_choice = -1;
static _Thread_local int thread_override = -1;

quanta_isa quanta_isa_supported(void) {
    if (supported >= 0) return (quanta_isa)supported;
    __builtin_cpu_init();
    int best = QUANTA_ISA_BASELINE;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) best = QUANTA_ISA_AVX2;
    if (best == QUANTA_ISA_AVX2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw")) {
        best = QUANTA_ISA_AVX512;
    }
    supported = best;
    return (quanta_isa)best;
}

static int lowered(int isa) {
    int best = (int)quanta_isa_supported();
    if (isa < QUANTA_ISA_BASELINE) return QUANTA_ISA_BASELINE;
    return isa < best ? isa : best;
}

static int from_environment(void) {
    const char *value = getenv("QUANTA_ISA");
    int best = (int)quanta_isa_supported();
    if (value == NULL || value[0] == 0) return best;
    int wanted = -1;
    if (strcmp(value, "baseline") == 0) wanted = QUANTA_ISA_BASELINE;
    if (strcmp(value, "avx2") == 0) wanted = QUANTA_ISA_AVX2;
    if (strcmp(value, "avx512") == 0) wanted = QUANTA_ISA_AVX512;
    if (wanted < 0) {
        fprintf(stderr, "quanta: QUANTA_ISA=%s is not baseline, avx2 or avx512; using %s\n", value,
                quanta_isa_name((quanta_isa)best));
        return best;
    }
    if (wanted > best) {
        fprintf(stderr, "quanta: QUANTA_ISA=%s: this CPU lacks it; using %s\n", value, quanta_isa_name((quanta_isa)best));
    }
    return lowered(wanted);
}

quanta_isa quanta_isa_active(void) {
    if (thread_override >= 0) return (quanta_isa)thread_override;
    // a race here only computes the same value twice
    if (process_choice < 0) process_choice = from_environment();
    return (quanta_isa)process_choice;
}

int quanta_isa_override(int isa) {
    int previous = thread_override;
    thread_override = isa < 0 ? -1 : lowered(isa);
    return previous;
}

const char *quanta_isa_name(quanta_isa isa) {
    switch (isa) {
    case QUANTA_ISA_AVX512: return "avx512";
    case QUANTA_ISA_AVX2: return "avx2";
    default: return "baseline";
    }
}
