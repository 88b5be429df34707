#include "core/util/cpu_features.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace qb {

namespace {

CpuFeatures detect() {
    CpuFeatures f;
#if defined(__x86_64__) || defined(__i386__)
    // __builtin_cpu_supports also checks that the OS saves the YMM/ZMM state. Clang 14's does not
    // know "avxvnni", so that bit (CPUID leaf 7, sub-leaf 1, EAX bit 4) is read directly; its
    // register state is AVX2's.
    f.avx2Fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    unsigned a = 0, b = 0, c = 0, d = 0;
    f.f16c = f.avx2Fma && __get_cpuid(1, &a, &b, &c, &d) && (c & bit_F16C) != 0;
    f.avxVnni = f.avx2Fma && __get_cpuid_count(7, 1, &a, &b, &c, &d) && (a >> 4 & 1u) != 0;
    f.avx512 = f.avx2Fma && __builtin_cpu_supports("avx512f");
    f.avx512Vnni = f.avx512 && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
                   __builtin_cpu_supports("avx512vnni");
    f.amx = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (d >> 24 & 1u) != 0; // AMX-TILE
#endif
    return f;
}

} // namespace

const CpuFeatures& cpuFeatures() {
    static const CpuFeatures f = detect();
    return f;
}

} // namespace qb
