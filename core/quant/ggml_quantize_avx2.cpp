// AVX2 forms of the Q8_0 and Q4_0 encoders. Compiled for AVX2 and F16C by function attribute and
// only called when cpuFeatures().f16c says the CPU has both. Every step is the reference's float
// operation in the same order (no fused multiply-add), so the bytes are identical.
#include <immintrin.h>

#include <cmath>
#include <cstddef>
#include <cstring>

#include "core/quant/ggml_quantize.h"
#include "core/tensor/ggml_block_types.h"

#define QB_AVX2 __attribute__((target("avx2,f16c")))

namespace qb::quant {

namespace {

using ggml::kQK;
// Blocks are written in place, field by field at these offsets (dst may be unaligned).
constexpr int64_t kQ8Bytes = sizeof(ggml::BlockQ8_0), kQ8Codes = offsetof(ggml::BlockQ8_0, qs);
constexpr int64_t kQ4Bytes = sizeof(ggml::BlockQ4_0), kQ4Codes = offsetof(ggml::BlockQ4_0, qs);
static_assert(offsetof(ggml::BlockQ8_0, d) == 0 && offsetof(ggml::BlockQ4_0, d) == 0);

// F16C rounds to nearest even like floatToHalf (same bits for every finite input and +-inf).
QB_AVX2 inline void putHalf(unsigned char* p, float v) {
    const uint16_t h = uint16_t(_cvtss_sh(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    std::memcpy(p, &h, 2);
}

// Same rule as the reference's inverse(): 0 when d is 0 or 1/d overflows.
float inverse(float d) {
    if (d == 0.0f) return 0.0f;
    const float id = 1.0f / d;
    return std::isfinite(id) ? id : 0.0f;
}

QB_AVX2 inline __m256 absPs(__m256 v) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), v); }

QB_AVX2 inline float hmax(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
    return _mm_cvtss_f32(m);
}

// roundf: truncate, then step away from zero when the (exact) fraction is at least one half.
QB_AVX2 inline __m256 roundHalfAway(__m256 p) {
    const __m256 t = _mm256_round_ps(p, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const __m256 frac = absPs(_mm256_sub_ps(p, t));
    const __m256 away = _mm256_cmp_ps(frac, _mm256_set1_ps(0.5f), _CMP_GE_OQ);
    const __m256 step = _mm256_or_ps(_mm256_and_ps(p, _mm256_set1_ps(-0.0f)), _mm256_set1_ps(1.0f));
    return _mm256_add_ps(t, _mm256_and_ps(away, step));
}

// The reference's truncCode: max with 0, min with top (max_ps/min_ps pick the same operands as
// its comparisons), then truncation.
QB_AVX2 inline __m256i truncCode(__m256 v, __m256 top) {
    v = _mm256_max_ps(v, _mm256_setzero_ps());
    v = _mm256_min_ps(v, top);
    return _mm256_cvttps_epi32(v);
}

} // namespace

// Codes of one Q8_0 block from its 32 values and the broadcast 1/d.
QB_AVX2 inline void q8Codes(const __m256* v, __m256 id, unsigned char* codes) {
    const __m256 lo = _mm256_set1_ps(-127.0f), hi = _mm256_set1_ps(127.0f);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    __m256i q[4];
    for (int k = 0; k < 4; ++k) {
        const __m256 r = roundHalfAway(_mm256_mul_ps(v[k], id));
        q[k] = _mm256_cvtps_epi32(_mm256_min_ps(_mm256_max_ps(r, lo), hi));
    }
    // packs interleave 128-bit lanes; the permute restores element order.
    const __m256i w = _mm256_packs_epi16(_mm256_packs_epi32(q[0], q[1]), _mm256_packs_epi32(q[2], q[3]));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(codes), _mm256_permutevar8x32_epi32(w, order));
}

QB_AVX2 inline __m256 absMax(const __m256* v) {
    return _mm256_max_ps(_mm256_max_ps(absPs(v[0]), absPs(v[1])), _mm256_max_ps(absPs(v[2]), absPs(v[3])));
}

QB_AVX2 void quantizeQ8_0Avx2(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<unsigned char*>(dst);
    const int64_t blocks = n / kQK;
    int64_t blk = 0;
    // Four blocks at a time: their scales' divisions and fp16 conversions run as one vector each
    // instead of four dependent scalar chains (the same IEEE operations, so the same bytes).
    for (; blk + 4 <= blocks; blk += 4, x += 4 * kQK, b += 4 * kQ8Bytes) {
        __m256 v[4][4];
        alignas(16) float amax[4];
        for (int j = 0; j < 4; ++j) {
            for (int k = 0; k < 4; ++k) v[j][k] = _mm256_loadu_ps(x + kQK * j + 8 * k);
            amax[j] = hmax(absMax(v[j]));
        }
        const __m128 d = _mm_div_ps(_mm_load_ps(amax), _mm_set1_ps(127.0f));
        __m128 id = _mm_div_ps(_mm_set1_ps(1.0f), d);
        // inverse(): 0 where d is 0 or 1/d is not finite.
        const __m128 finite = _mm_cmp_ps(_mm_andnot_ps(_mm_set1_ps(-0.0f), id), _mm_set1_ps(INFINITY), _CMP_LT_OQ);
        id = _mm_and_ps(id, _mm_and_ps(finite, _mm_cmp_ps(d, _mm_setzero_ps(), _CMP_NEQ_OQ)));
        alignas(16) uint16_t halves[8];
        _mm_store_si128(reinterpret_cast<__m128i*>(halves), _mm_cvtps_ph(d, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        alignas(16) float ids[4];
        _mm_store_ps(ids, id);
        for (int j = 0; j < 4; ++j) {
            std::memcpy(b + kQ8Bytes * j, &halves[j], 2);
            q8Codes(v[j], _mm256_set1_ps(ids[j]), b + kQ8Bytes * j + kQ8Codes);
        }
    }
    for (; blk < blocks; ++blk, x += kQK, b += kQ8Bytes) {
        __m256 v[4];
        for (int k = 0; k < 4; ++k) v[k] = _mm256_loadu_ps(x + 8 * k);
        const float d = hmax(absMax(v)) / 127.0f;
        putHalf(b, d);
        q8Codes(v, _mm256_set1_ps(inverse(d)), b + kQ8Codes);
    }
}

QB_AVX2 void quantizeQ4_0Avx2(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<unsigned char*>(dst);
    const __m256 top = _mm256_set1_ps(15.0f), offset = _mm256_set1_ps(8.5f);
    for (int64_t blk = 0; blk < n / kQK; ++blk, x += kQK, b += kQ4Bytes) {
        __m256 v[4], a[4];
        for (int k = 0; k < 4; ++k) {
            v[k] = _mm256_loadu_ps(x + 8 * k);
            a[k] = absPs(v[k]);
        }
        const float amax = hmax(_mm256_max_ps(_mm256_max_ps(a[0], a[1]), _mm256_max_ps(a[2], a[3])));
        // The reference keeps the first element of largest magnitude, with its sign.
        float max = 0.0f;
        if (amax > 0.0f) {
            const __m256 am = _mm256_set1_ps(amax);
            uint32_t hits = 0;
            for (int k = 0; k < 4; ++k)
                hits |= uint32_t(_mm256_movemask_ps(_mm256_cmp_ps(a[k], am, _CMP_EQ_OQ))) << (8 * k);
            max = x[__builtin_ctz(hits)];
        }
        const float d = max / -8.0f;
        putHalf(b, d);
        const __m256 id = _mm256_set1_ps(inverse(d));
        __m256i q[4];
        for (int k = 0; k < 4; ++k) q[k] = truncCode(_mm256_add_ps(_mm256_mul_ps(v[k], id), offset), top);
        // Byte j holds element j (low nibble) and element j + 16 (high nibble).
        const __m256i first = _mm256_or_si256(q[0], _mm256_slli_epi32(q[2], 4));  // bytes 0..7
        const __m256i second = _mm256_or_si256(q[1], _mm256_slli_epi32(q[3], 4)); // bytes 8..15
        const __m256i w = _mm256_permute4x64_epi64(_mm256_packs_epi32(first, second), 0xd8);
        const __m128i bytes = _mm_packus_epi16(_mm256_castsi256_si128(w), _mm256_extracti128_si256(w, 1));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(b + kQ4Codes), bytes);
    }
}

} // namespace qb::quant
