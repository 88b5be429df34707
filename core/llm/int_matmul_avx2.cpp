// The 256-bit integer matmul kernels: int_matmul_avx2.inc compiled for AVX2 and for AVX-VNNI.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "core/llm/int_matmul_kernels.h"

namespace qb::llm::detail {

#define QB_TILE_TARGET "avx2,fma"
#define QB_TILE_NS avx2
#define QB_TILE_VNNI 0
#include "core/llm/int_matmul_avx2.inc"
#undef QB_TILE_TARGET
#undef QB_TILE_NS
#undef QB_TILE_VNNI

#define QB_TILE_TARGET "avx2,fma,avxvnni"
#define QB_TILE_NS avxvnni
#define QB_TILE_VNNI 1
#include "core/llm/int_matmul_avx2.inc"

__attribute__((target("avx2,fma"))) void quantizeBlocksAvx2(const float* x, int64_t blocks, int8_t* codes,
                                                            float* scales, int32_t* sums) {
    const __m256 sign = _mm256_set1_ps(-0.0f), half = _mm256_set1_ps(0.5f);
    const __m256i lo = _mm256_set1_epi32(-127), hi = _mm256_set1_epi32(127);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    for (int64_t i = 0; i < blocks; ++i) {
        __m256 v[4];
        __m256 m = _mm256_setzero_ps();
        for (int j = 0; j < 4; ++j) {
            v[j] = _mm256_loadu_ps(x + i * 32 + j * 8);
            m = _mm256_max_ps(m, _mm256_andnot_ps(sign, v[j]));
        }
        __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        const float amax = _mm_cvtss_f32(_mm_max_ss(m4, _mm_shuffle_ps(m4, m4, 1)));
        const __m256 id = _mm256_set1_ps(amax > 0 ? 127.f / amax : 0.f);
        __m256i q[4];
        __m256i total = _mm256_setzero_si256();
        for (int j = 0; j < 4; ++j) {
            const __m256 s = _mm256_mul_ps(v[j], id);
            // s + copysign(0.5, s), truncated: the scalar form's rounding.
            const __m256 r = _mm256_add_ps(s, _mm256_or_ps(_mm256_and_ps(s, sign), half));
            q[j] = _mm256_min_epi32(_mm256_max_epi32(_mm256_cvttps_epi32(r), lo), hi);
            total = _mm256_add_epi32(total, q[j]);
        }
        // packs interleave 128-bit lanes; the permute restores element order.
        const __m256i packed = _mm256_packs_epi16(_mm256_packs_epi32(q[0], q[1]), _mm256_packs_epi32(q[2], q[3]));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(codes + i * 32), _mm256_permutevar8x32_epi32(packed, order));
        __m128i t = _mm_add_epi32(_mm256_castsi256_si128(total), _mm256_extracti128_si256(total, 1));
        t = _mm_add_epi32(t, _mm_shuffle_epi32(t, 0x4e));
        t = _mm_add_epi32(t, _mm_shuffle_epi32(t, 0xb1));
        scales[i] = amax / 127.f;
        sums[i] = _mm_cvtsi128_si32(t);
    }
}

void rowsAvx2(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1, int64_t m0, int64_t m1) {
    avx2::rows(x, w, y, g0, g1, m0, m1);
}
void rowsAvxVnni(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1, int64_t m0, int64_t m1) {
    avxvnni::rows(x, w, y, g0, g1, m0, m1);
}

} // namespace qb::llm::detail
