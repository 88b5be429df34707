// What the CPU running us can execute, read once. Our own SIMD kernels (tensor statistics, ggml
// quantizers, the integer LLM matmuls) pick their path by these; oneDNN picks its own kernels
// (engine/cpu_isa.h says which it runs).
#pragma once

namespace qb {

struct CpuFeatures {
    bool avx2Fma = false;    ///< AVX2 and FMA3
    bool f16c = false;       ///< half-float conversions
    bool avxVnni = false;    ///< VEX-encoded vpdpbusd on YMM
    bool avx512 = false;     ///< AVX-512 F
    bool avx512Vnni = false; ///< AVX-512 F, BW, VL and VNNI
    bool amx = false;        ///< AMX tiles (oneDNN's fastest int8 and bf16 kernels)
};

/// All false on a CPU that is not x86.
const CpuFeatures& cpuFeatures();

} // namespace qb
