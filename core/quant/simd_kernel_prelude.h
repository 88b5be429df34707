// What every file of hand-vectorized quantization kernels opens with: the intrinsics, and GCC's
// false warnings about them silenced for the rest of that file.
#pragma once

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// GCC 12 sees the undefined pass-through operand of AVX-512 intrinsics as (maybe) uninitialized.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
