#include "core/llm/vector_exp.h"

#include <immintrin.h>

#include <cmath>
#include <cstring>

#include "core/util/cpu_features.h"

// GCC 12 sees the undefined pass-through operand of AVX-512 intrinsics as maybe uninitialized.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace qb::llm {

namespace {

constexpr float kLo = -86.f, kHi = 88.f; // 2^n stays a normal float for n = round(x log2 e)
constexpr float kLog2e = 1.44269504088896341f;
constexpr float kLn2Hi = 0.693359375f, kLn2Lo = -2.12194440e-4f; // ln 2 = hi + lo, hi exact in few bits
// Cephes' expf polynomial for exp(r) on |r| <= ln(2)/2: 1 + r + r^2 (p0 r^5 + ... + p5).
constexpr float kP[6] = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
                         4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};
constexpr int kLanes = 16; // sums: lane i % 16 takes value i, then the lanes add as a tree

float reduceLanes(float* lanes) {
    for (int w = kLanes / 2; w > 0; w /= 2)
        for (int j = 0; j < w; ++j) lanes[j] += lanes[j + w];
    return lanes[0];
}

float silu(float g, float u) { return g / (1.f + expClamped(-g)) * u; }

__attribute__((target("avx2,fma"))) __m256 exp8(__m256 x) {
    // min(hi, x) and max(lo, x) return x when it is NaN, as the scalar comparisons do.
    x = _mm256_max_ps(_mm256_set1_ps(kLo), _mm256_min_ps(_mm256_set1_ps(kHi), x));
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(kLog2e)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fmadd_ps(n, _mm256_set1_ps(-kLn2Hi), x);
    r = _mm256_fmadd_ps(n, _mm256_set1_ps(-kLn2Lo), r);
    __m256 p = _mm256_set1_ps(kP[0]);
    for (int i = 1; i < 6; ++i) p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kP[i]));
    const __m256 y = _mm256_add_ps(_mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r), _mm256_set1_ps(1.f));
    const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(y, _mm256_castsi256_ps(e));
}

#define QB_AVX512 __attribute__((target("avx2,fma,avx512f")))

QB_AVX512 __m512 exp16(__m512 x) {
    x = _mm512_max_ps(_mm512_set1_ps(kLo), _mm512_min_ps(_mm512_set1_ps(kHi), x));
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(kLog2e)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fmadd_ps(n, _mm512_set1_ps(-kLn2Hi), x);
    r = _mm512_fmadd_ps(n, _mm512_set1_ps(-kLn2Lo), r);
    __m512 p = _mm512_set1_ps(kP[0]);
    for (int i = 1; i < 6; ++i) p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(kP[i]));
    const __m512 y = _mm512_add_ps(_mm512_fmadd_ps(p, _mm512_mul_ps(r, r), r), _mm512_set1_ps(1.f));
    const __m512i e = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127)), 23);
    return _mm512_mul_ps(y, _mm512_castsi512_ps(e));
}

__attribute__((target("avx2,fma"))) void siluMulAvx2(float* g, const float* u, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 gv = _mm256_loadu_ps(g + i);
        const __m256 e = exp8(_mm256_sub_ps(_mm256_setzero_ps(), gv));
        _mm256_storeu_ps(g + i, _mm256_mul_ps(_mm256_div_ps(gv, _mm256_add_ps(_mm256_set1_ps(1.f), e)), _mm256_loadu_ps(u + i)));
    }
    for (; i < n; ++i) g[i] = silu(g[i], u[i]);
}

QB_AVX512 void siluMulAvx512(float* g, const float* u, int64_t n) {
    for (int64_t i = 0; i < n; i += 16) {
        const __mmask16 m = n - i >= 16 ? __mmask16(0xffff) : __mmask16((1u << (n - i)) - 1);
        const __m512 gv = _mm512_maskz_loadu_ps(m, g + i);
        const __m512 e = exp16(_mm512_sub_ps(_mm512_setzero_ps(), gv));
        _mm512_mask_storeu_ps(g + i, m, _mm512_mul_ps(_mm512_div_ps(gv, _mm512_add_ps(_mm512_set1_ps(1.f), e)),
                                                      _mm512_maskz_loadu_ps(m, u + i)));
    }
}

void softmaxScalar(float* row, int64_t n, float scale) {
    float mx = row[0] * scale;
    for (int64_t i = 0; i < n; ++i) {
        row[i] *= scale;
        mx = row[i] > mx ? row[i] : mx;
    }
    float lanes[kLanes] = {};
    for (int64_t i = 0; i < n; ++i) lanes[i % kLanes] += row[i] = expClamped(row[i] - mx);
    const float sum = reduceLanes(lanes);
    for (int64_t i = 0; i < n; ++i) row[i] /= sum;
}

__attribute__((target("avx2,fma"))) void softmaxAvx2(float* row, int64_t n, float scale) {
    const __m256 s = _mm256_set1_ps(scale);
    float mx = row[0] * scale;
    int64_t i = 0;
    __m256 mv = _mm256_set1_ps(mx);
    for (; i + 8 <= n; i += 8) {
        const __m256 v = _mm256_mul_ps(_mm256_loadu_ps(row + i), s);
        _mm256_storeu_ps(row + i, v);
        mv = _mm256_max_ps(mv, v);
    }
    float m8[8];
    _mm256_storeu_ps(m8, mv);
    for (float v : m8) mx = v > mx ? v : mx;
    for (; i < n; ++i) {
        row[i] *= scale;
        mx = row[i] > mx ? row[i] : mx;
    }
    const __m256 mb = _mm256_set1_ps(mx);
    __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()}; // lanes 0-7 and 8-15
    i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(row + i), mb));
        _mm256_storeu_ps(row + i, e);
        acc[(i / 8) % 2] = _mm256_add_ps(acc[(i / 8) % 2], e);
    }
    float lanes[kLanes];
    _mm256_storeu_ps(lanes, acc[0]);
    _mm256_storeu_ps(lanes + 8, acc[1]);
    for (; i < n; ++i) lanes[i % kLanes] += row[i] = expClamped(row[i] - mx);
    const __m256 sum = _mm256_set1_ps(reduceLanes(lanes));
    i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(row + i, _mm256_div_ps(_mm256_loadu_ps(row + i), sum));
    for (; i < n; ++i) row[i] /= lanes[0];
}

QB_AVX512 void softmaxAvx512(float* row, int64_t n, float scale) {
    auto mask = [n](int64_t i) { return n - i >= 16 ? __mmask16(0xffff) : __mmask16((1u << (n - i)) - 1); };
    const __m512 s = _mm512_set1_ps(scale);
    __m512 mv = _mm512_set1_ps(row[0] * scale);
    for (int64_t i = 0; i < n; i += 16) {
        const __mmask16 m = mask(i);
        const __m512 v = _mm512_mul_ps(_mm512_maskz_loadu_ps(m, row + i), s);
        _mm512_mask_storeu_ps(row + i, m, v);
        mv = _mm512_mask_max_ps(mv, m, mv, v);
    }
    const __m512 mb = _mm512_set1_ps(_mm512_reduce_max_ps(mv));
    __m512 acc = _mm512_setzero_ps();
    for (int64_t i = 0; i < n; i += 16) {
        const __mmask16 m = mask(i);
        const __m512 e = exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, row + i), mb));
        _mm512_mask_storeu_ps(row + i, m, e);
        acc = _mm512_mask_add_ps(acc, m, acc, e);
    }
    float lanes[kLanes];
    _mm512_storeu_ps(lanes, acc);
    const __m512 sum = _mm512_set1_ps(reduceLanes(lanes));
    for (int64_t i = 0; i < n; i += 16) {
        const __mmask16 m = mask(i);
        _mm512_mask_storeu_ps(row + i, m, _mm512_div_ps(_mm512_maskz_loadu_ps(m, row + i), sum));
    }
}

} // namespace

VectorIsa bestVectorIsa() {
    const CpuFeatures& f = cpuFeatures();
    return f.avx512 ? VectorIsa::Avx512 : f.avx2Fma ? VectorIsa::Avx2 : VectorIsa::Scalar;
}

float expClamped(float x) {
    x = kHi < x ? kHi : x;
    x = kLo > x ? kLo : x;
    const float n = std::nearbyint(x * kLog2e);
    float r = std::fma(n, -kLn2Hi, x);
    r = std::fma(n, -kLn2Lo, r);
    float p = kP[0];
    for (int i = 1; i < 6; ++i) p = std::fma(p, r, kP[i]);
    const float y = std::fma(p, r * r, r) + 1.f;
    const uint32_t bits = uint32_t(std::isnan(n) ? 127 : int32_t(n) + 127) << 23;
    float pow2n;
    std::memcpy(&pow2n, &bits, 4);
    return y * pow2n;
}

void siluMul(float* gate, const float* up, int64_t n, VectorIsa isa) {
    switch (isa) {
    case VectorIsa::Avx512: return siluMulAvx512(gate, up, n);
    case VectorIsa::Avx2: return siluMulAvx2(gate, up, n);
    case VectorIsa::Scalar: break;
    }
    for (int64_t i = 0; i < n; ++i) gate[i] = silu(gate[i], up[i]);
}

void softmax(float* row, int64_t n, float scale, VectorIsa isa) {
    switch (isa) {
    case VectorIsa::Avx512: return softmaxAvx512(row, n, scale);
    case VectorIsa::Avx2: return softmaxAvx2(row, n, scale);
    case VectorIsa::Scalar: return softmaxScalar(row, n, scale);
    }
}

} // namespace qb::llm
