#include "core/quant/clip_search_kernels.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <limits>

#include "core/quant/simd_kernel_prelude.h"

#include "core/util/cpu_features.h"

namespace qb::quant::clip {

namespace {

// The search's cost function, the squared rounding error of x on a candidate grid: per element in
// float, q = x / scale clamped to the codes and rounded (half to even) by adding and subtracting
// 1.5 * 2^23 (exact for the clamped |q| <= 2^8; nearbyint is a library call without SSE4.1), then
// (x - q * scale)^2. The sum keeps one order, whatever the instruction set, so that every path
// picks the same grid: element i goes to lane i % 8 of a float partial sum; each run of kRun
// elements (a per-tensor group holds millions) folds its eight lanes as ((l0 + l4) + (l2 + l6)) +
// ((l1 + l5) + (l3 + l7)) and adds that to a double; a tail of fewer than 8 elements is added in
// double one by one. The candidates are evaluated a block at a time, a candidate per vector lane,
// so a group is read once per block and its parameters are hoisted out of the element loop.
constexpr size_t kRun = 256;
constexpr float kRoundF = 12582912.f; // 1.5 * 2^23

bool blockErrorsPortable(std::span<const float> x, const CandidateBlock& b, double bound, double* err) {
    const size_t n = x.size(), whole = n & ~size_t(7);
    double e[kBlock] = {};
    float a[8][kBlock];
    size_t i = 0;
    auto term = [&](float v, int l) {
        float q = v * b.inv[l];
        q = q < b.lo[l] ? b.lo[l] : (q > b.hi[l] ? b.hi[l] : q);
        q = (q + kRoundF) - kRoundF;
        const float d = v - q * b.step[l];
        return d * d;
    };
    while (i < whole) {
        for (auto& lane : a) std::fill(lane, lane + kBlock, 0.f);
        const size_t end = std::min(whole, i + kRun);
        for (; i < end; ++i)
            for (int l = 0; l < kBlock; ++l) a[i % 8][l] += term(x[i], l);
        bool out = true;
        for (int l = 0; l < kBlock; ++l) {
            e[l] += double(((a[0][l] + a[4][l]) + (a[2][l] + a[6][l])) + ((a[1][l] + a[5][l]) + (a[3][l] + a[7][l])));
            out = out && e[l] >= bound;
        }
        if (out) return false;
    }
    for (; i < n; ++i)
        for (int l = 0; l < kBlock; ++l) e[l] += double(term(x[i], l));
    std::copy(e, e + kBlock, err);
    return true;
}


#if defined(__x86_64__)
// The same sums sixteen lanes at a time (AVX-512) or eight (AVX2, a block as two halves). The
// lambdas of a target function do not share its target, so the steps are functions of their own.
#define QB_AVX512 __attribute__((target("avx512f"), always_inline)) inline
#define QB_AVX2 __attribute__((target("avx2"), always_inline)) inline

struct Lanes16 {
    __m512 inv, lo, hi, step;
};
QB_AVX512 __m512 term16(const Lanes16& c, float value) {
    const __m512 v = _mm512_set1_ps(value), round = _mm512_set1_ps(kRoundF);
    __m512 q = _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(v, c.inv), c.lo), c.hi);
    q = _mm512_sub_ps(_mm512_add_ps(q, round), round);
    const __m512 d = _mm512_sub_ps(v, _mm512_mul_ps(q, c.step));
    return _mm512_mul_ps(d, d);
}
QB_AVX512 __m512 fold16(const __m512* a) {
    return _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a[0], a[4]), _mm512_add_ps(a[2], a[6])),
                         _mm512_add_ps(_mm512_add_ps(a[1], a[5]), _mm512_add_ps(a[3], a[7])));
}
QB_AVX512 __m512d low16(__m512 s) { return _mm512_cvtps_pd(_mm512_castps512_ps256(s)); }
QB_AVX512 __m512d high16(__m512 s) {
    return _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(s), 1)));
}
QB_AVX512 bool reached16(__m512d e0, __m512d e1, __m512d bound) {
    return (_mm512_cmp_pd_mask(e0, bound, _CMP_GE_OQ) & _mm512_cmp_pd_mask(e1, bound, _CMP_GE_OQ)) == 0xff;
}

// Partial sums are checked against the bound every 16 elements (the run's lanes folded as at its
// end, which is <= what the run ends with).
__attribute__((target("avx512f"))) bool blockErrorsAvx512(std::span<const float> x, const CandidateBlock& b,
                                                          double bound, double* err) {
    const size_t n = x.size(), whole = n & ~size_t(7);
    const Lanes16 c{_mm512_load_ps(b.inv), _mm512_load_ps(b.lo), _mm512_load_ps(b.hi), _mm512_load_ps(b.step)};
    const __m512d vbound = _mm512_set1_pd(bound);
    __m512d e0 = _mm512_setzero_pd(), e1 = _mm512_setzero_pd();
    size_t i = 0;
    while (i < whole) {
        __m512 a[8];
        for (auto& v : a) v = _mm512_setzero_ps();
        const size_t end = std::min(whole, i + kRun);
        for (; i < end; i += 8) {
            const float* p = x.data() + i;
            for (int j = 0; j < 8; ++j) a[j] = _mm512_add_ps(a[j], term16(c, p[j]));
            if ((i & 8) && i + 8 < end) {
                const __m512 s = fold16(a);
                if (reached16(_mm512_add_pd(e0, low16(s)), _mm512_add_pd(e1, high16(s)), vbound)) return false;
            }
        }
        const __m512 s = fold16(a);
        e0 = _mm512_add_pd(e0, low16(s));
        e1 = _mm512_add_pd(e1, high16(s));
        if (reached16(e0, e1, vbound)) return false;
    }
    for (; i < n; ++i) {
        const __m512 t = term16(c, x[i]);
        e0 = _mm512_add_pd(e0, low16(t));
        e1 = _mm512_add_pd(e1, high16(t));
    }
    _mm512_storeu_pd(err, e0);
    _mm512_storeu_pd(err + 8, e1);
    return true;
}

struct Lanes8 {
    __m256 inv, lo, hi, step;
};
QB_AVX2 __m256 term8(const Lanes8& c, float value) {
    const __m256 v = _mm256_set1_ps(value), round = _mm256_set1_ps(kRoundF);
    __m256 q = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(v, c.inv), c.lo), c.hi);
    q = _mm256_sub_ps(_mm256_add_ps(q, round), round);
    const __m256 d = _mm256_sub_ps(v, _mm256_mul_ps(q, c.step));
    return _mm256_mul_ps(d, d);
}
QB_AVX2 __m256 fold8(const __m256* a) {
    return _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a[0], a[4]), _mm256_add_ps(a[2], a[6])),
                         _mm256_add_ps(_mm256_add_ps(a[1], a[5]), _mm256_add_ps(a[3], a[7])));
}
QB_AVX2 __m256d low8(__m256 s) { return _mm256_cvtps_pd(_mm256_castps256_ps128(s)); }
QB_AVX2 __m256d high8(__m256 s) { return _mm256_cvtps_pd(_mm256_extractf128_ps(s, 1)); }
QB_AVX2 bool reached8(__m256d e0, __m256d e1, __m256d bound) {
    const __m256d ge = _mm256_and_pd(_mm256_cmp_pd(e0, bound, _CMP_GE_OQ), _mm256_cmp_pd(e1, bound, _CMP_GE_OQ));
    return _mm256_movemask_pd(ge) == 0xf;
}

__attribute__((target("avx2"))) bool halfBlockErrorsAvx2(std::span<const float> x, const CandidateBlock& b, int at,
                                                          double bound, double* err) {
    const size_t n = x.size(), whole = n & ~size_t(7);
    const Lanes8 c{_mm256_load_ps(b.inv + at), _mm256_load_ps(b.lo + at), _mm256_load_ps(b.hi + at),
                   _mm256_load_ps(b.step + at)};
    const __m256d vbound = _mm256_set1_pd(bound);
    __m256d e0 = _mm256_setzero_pd(), e1 = _mm256_setzero_pd();
    size_t i = 0;
    while (i < whole) {
        __m256 a[8];
        for (auto& v : a) v = _mm256_setzero_ps();
        const size_t end = std::min(whole, i + kRun);
        for (; i < end; i += 8) {
            const float* p = x.data() + i;
            for (int j = 0; j < 8; ++j) a[j] = _mm256_add_ps(a[j], term8(c, p[j]));
            if ((i & 8) && i + 8 < end) {
                const __m256 s = fold8(a);
                if (reached8(_mm256_add_pd(e0, low8(s)), _mm256_add_pd(e1, high8(s)), vbound)) return false;
            }
        }
        const __m256 s = fold8(a);
        e0 = _mm256_add_pd(e0, low8(s));
        e1 = _mm256_add_pd(e1, high8(s));
        if (reached8(e0, e1, vbound)) return false;
    }
    for (; i < n; ++i) {
        const __m256 t = term8(c, x[i]);
        e0 = _mm256_add_pd(e0, low8(t));
        e1 = _mm256_add_pd(e1, high8(t));
    }
    _mm256_storeu_pd(err, e0);
    _mm256_storeu_pd(err + 4, e1);
    return true;
}
#define QB_SSE2 __attribute__((always_inline)) inline
// Four lanes at a time (SSE2, baseline x86-64), a block as four quarters.
struct Lanes4 {
    __m128 inv, lo, hi, step;
};
QB_SSE2 __m128 term4(const Lanes4& c, float value) {
    const __m128 v = _mm_set1_ps(value), round = _mm_set1_ps(kRoundF);
    __m128 q = _mm_min_ps(_mm_max_ps(_mm_mul_ps(v, c.inv), c.lo), c.hi);
    q = _mm_sub_ps(_mm_add_ps(q, round), round);
    const __m128 d = _mm_sub_ps(v, _mm_mul_ps(q, c.step));
    return _mm_mul_ps(d, d);
}
QB_SSE2 __m128 fold4(const __m128* a) {
    return _mm_add_ps(_mm_add_ps(_mm_add_ps(a[0], a[4]), _mm_add_ps(a[2], a[6])),
                         _mm_add_ps(_mm_add_ps(a[1], a[5]), _mm_add_ps(a[3], a[7])));
}
QB_SSE2 __m128d low4(__m128 s) { return _mm_cvtps_pd(s); }
QB_SSE2 __m128d high4(__m128 s) { return _mm_cvtps_pd(_mm_movehl_ps(s, s)); }
QB_SSE2 bool reached4(__m128d e0, __m128d e1, __m128d bound) {
    const __m128d ge = _mm_and_pd(_mm_cmpge_pd(e0, bound), _mm_cmpge_pd(e1, bound));
    return _mm_movemask_pd(ge) == 0x3;
}

bool quarterBlockErrorsSse2(std::span<const float> x, const CandidateBlock& b, int at,
                                                          double bound, double* err) {
    const size_t n = x.size(), whole = n & ~size_t(7);
    const Lanes4 c{_mm_load_ps(b.inv + at), _mm_load_ps(b.lo + at), _mm_load_ps(b.hi + at),
                   _mm_load_ps(b.step + at)};
    const __m128d vbound = _mm_set1_pd(bound);
    __m128d e0 = _mm_setzero_pd(), e1 = _mm_setzero_pd();
    size_t i = 0;
    while (i < whole) {
        __m128 a[8];
        for (auto& v : a) v = _mm_setzero_ps();
        const size_t end = std::min(whole, i + kRun);
        for (; i < end; i += 8) {
            const float* p = x.data() + i;
            for (int j = 0; j < 8; ++j) a[j] = _mm_add_ps(a[j], term4(c, p[j]));
            if ((i & 8) && i + 8 < end) {
                const __m128 s = fold4(a);
                if (reached4(_mm_add_pd(e0, low4(s)), _mm_add_pd(e1, high4(s)), vbound)) return false;
            }
        }
        const __m128 s = fold4(a);
        e0 = _mm_add_pd(e0, low4(s));
        e1 = _mm_add_pd(e1, high4(s));
        if (reached4(e0, e1, vbound)) return false;
    }
    for (; i < n; ++i) {
        const __m128 t = term4(c, x[i]);
        e0 = _mm_add_pd(e0, low4(t));
        e1 = _mm_add_pd(e1, high4(t));
    }
    _mm_storeu_pd(err, e0);
    _mm_storeu_pd(err + 2, e1);
    return true;
}
#undef QB_SSE2
#undef QB_AVX512
#undef QB_AVX2

bool blockErrorsAvx2(std::span<const float> x, const CandidateBlock& b, double bound, double* err) {
    // A half is dropped on its own: its lanes cannot win, the other half's still may.
    const bool first = halfBlockErrorsAvx2(x, b, 0, bound, err);
    const bool second = halfBlockErrorsAvx2(x, b, 8, bound, err + 8);
    if (!first && !second) return false;
    constexpr double kLost = std::numeric_limits<double>::infinity();
    if (!first) std::fill(err, err + 8, kLost);
    if (!second) std::fill(err + 8, err + 16, kLost);
    return true;
}

bool blockErrorsSse2(std::span<const float> x, const CandidateBlock& b, double bound, double* err) {
    bool any = false;
    for (int at = 0; at < kBlock; at += 4) {
        if (quarterBlockErrorsSse2(x, b, at, bound, err + at))
            any = true;
        else
            std::fill(err + at, err + at + 4, std::numeric_limits<double>::infinity());
    }
    return any;
}
#endif

// fp16's value nearest to f, as halfToFloat(floatToHalf(f)) gives it for f >= 0, without calls or
// branches: a normal half rounds the float's mantissa to 10 bits (half to even, a carry moving
// the exponent); below 2^-14 the halves are the multiples of 2^-24.
inline float nearestHalf(float f) {
    const uint32_t b = std::bit_cast<uint32_t>(f);
    const float normal = std::bit_cast<float>((b + 0xfffu + ((b >> 13) & 1u)) & ~0x1fffu);
    const float subnormal = ((f * 0x1p24f + kRoundF) - kRoundF) * 0x1p-24f;
    const float v = b < 0x38800000u ? subnormal : normal;
    return b >= 0x477ff000u ? std::numeric_limits<float>::infinity() : v;
}

void fillPortable(const CandidateSource& c, int first, CandidateBlock& b) {
    constexpr double kRound = 6755399441055744.0; // 1.5 * 2^52
    for (int l = 0; l < kBlock; ++l) {
        const int j = first + l;
        double shrink;
        float scale;
        if (c.codes) {
            scale = float(c.top - j) * c.super;
            shrink = double(scale) / c.raw;
        } else {
            shrink = 1.0 - j * c.shrinkStep;
            scale = nearestHalf(float(shrink * c.span / c.divisor));
        }
        const bool usable = scale > 0 && scale < std::numeric_limits<float>::infinity();
        const double z = std::clamp(-shrink * c.lo / double(usable ? scale : 1.f), 0.0, double(c.r.hi));
        const int zero = c.symmetric ? c.half : usable ? int((z + kRound) - kRound) : 0;
        b.zero[l] = zero;
        b.step[l] = scale;
        b.inv[l] = scale == 0 ? 0.f : 1.f / scale;
        b.lo[l] = float(c.r.lo - zero);
        b.hi[l] = float(c.r.hi - zero);
    }
}

#if defined(__x86_64__)
// std::clamp(-shrink * lo / scale, 0, top) rounded half to even, eight lanes.
__attribute__((target("avx512f"), always_inline)) inline __m256i zeroOf16(__m512d shrink, __m256 scale, __m512d lo,
                                                                          __m512d top, __m512i sign) {
    const __m512d kRound = _mm512_set1_pd(6755399441055744.0);
    const __m512d negShrink = _mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(shrink), sign));
    __m512d z = _mm512_div_pd(_mm512_mul_pd(negShrink, lo), _mm512_cvtps_pd(scale));
    z = _mm512_min_pd(_mm512_max_pd(z, _mm512_setzero_pd()), top);
    return _mm512_cvttpd_epi32(_mm512_sub_pd(_mm512_add_pd(z, kRound), kRound));
}

// fillPortable sixteen lanes at once (the doubles as two halves of eight).
__attribute__((target("avx512f"))) void fillAvx512(const CandidateSource& c, int first, CandidateBlock& b) {
    const __m512i j = _mm512_add_epi32(_mm512_set1_epi32(first),
                                       _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    const __m256i jl = _mm512_castsi512_si256(j), jh = _mm512_extracti64x4_epi64(j, 1);
    __m512d shrink0, shrink1;
    __m512 scale;
    if (c.codes) {
        scale = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(_mm512_set1_epi32(c.top), j)), _mm512_set1_ps(c.super));
        const __m512d raw = _mm512_set1_pd(c.raw);
        shrink0 = _mm512_div_pd(_mm512_cvtps_pd(_mm512_castps512_ps256(scale)), raw);
        shrink1 = _mm512_div_pd(
            _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(scale), 1))), raw);
    } else {
        const __m512d one = _mm512_set1_pd(1.0), step = _mm512_set1_pd(c.shrinkStep), span = _mm512_set1_pd(c.span),
                      divisor = _mm512_set1_pd(c.divisor);
        shrink0 = _mm512_sub_pd(one, _mm512_mul_pd(_mm512_cvtepi32_pd(jl), step));
        shrink1 = _mm512_sub_pd(one, _mm512_mul_pd(_mm512_cvtepi32_pd(jh), step));
        const __m256 raw0 = _mm512_cvtpd_ps(_mm512_div_pd(_mm512_mul_pd(shrink0, span), divisor));
        const __m256 raw1 = _mm512_cvtpd_ps(_mm512_div_pd(_mm512_mul_pd(shrink1, span), divisor));
        const __m512 f = _mm512_castpd_ps(
            _mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_castps_pd(raw0)), _mm256_castps_pd(raw1), 1));
        // nearestHalf
        const __m512i bits = _mm512_castps_si512(f);
        const __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(bits, 13), _mm512_set1_epi32(1));
        const __m512i normal = _mm512_andnot_si512(
            _mm512_set1_epi32(0x1fff), _mm512_add_epi32(_mm512_add_epi32(bits, _mm512_set1_epi32(0xfff)), lsb));
        const __m512 round = _mm512_set1_ps(kRoundF);
        const __m512 subnormal = _mm512_mul_ps(
            _mm512_sub_ps(_mm512_add_ps(_mm512_mul_ps(f, _mm512_set1_ps(0x1p24f)), round), round),
            _mm512_set1_ps(0x1p-24f));
        scale = _mm512_mask_blend_ps(_mm512_cmplt_epu32_mask(bits, _mm512_set1_epi32(0x38800000)),
                                     _mm512_castsi512_ps(normal), subnormal);
        scale = _mm512_mask_blend_ps(_mm512_cmpge_epu32_mask(bits, _mm512_set1_epi32(0x477ff000)), scale,
                                     _mm512_set1_ps(std::numeric_limits<float>::infinity()));
    }
    const __m512 zeroF = _mm512_setzero_ps();
    const __mmask16 isZero = _mm512_cmp_ps_mask(scale, zeroF, _CMP_EQ_OQ);
    const __mmask16 usable = _mm512_cmp_ps_mask(scale, zeroF, _CMP_GT_OQ) &
                             _mm512_cmp_ps_mask(scale, _mm512_set1_ps(std::numeric_limits<float>::infinity()), _CMP_LT_OQ);
    __m512i zero = _mm512_set1_epi32(c.half);
    if (!c.symmetric) {
        const __m512 den = _mm512_mask_blend_ps(usable, _mm512_set1_ps(1.f), scale);
        const __m512d lo = _mm512_set1_pd(c.lo), top = _mm512_set1_pd(double(c.r.hi));
        const __m512i sign = _mm512_set1_epi64(int64_t(0x8000000000000000ull));
        const __m256i z0 = zeroOf16(shrink0, _mm512_castps512_ps256(den), lo, top, sign);
        const __m256i z1 = zeroOf16(shrink1, _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(den), 1)), lo,
                                    top, sign);
        zero = _mm512_maskz_mov_epi32(usable, _mm512_inserti64x4(_mm512_castsi256_si512(z0), z1, 1));
    }
    _mm512_store_si512(b.zero, zero);
    _mm512_store_ps(b.step, scale);
    _mm512_store_ps(b.inv, _mm512_mask_blend_ps(isZero, _mm512_div_ps(_mm512_set1_ps(1.f), scale), zeroF));
    _mm512_store_ps(b.lo, _mm512_cvtepi32_ps(_mm512_sub_epi32(_mm512_set1_epi32(c.r.lo), zero)));
    _mm512_store_ps(b.hi, _mm512_cvtepi32_ps(_mm512_sub_epi32(_mm512_set1_epi32(c.r.hi), zero)));
}
#endif

std::atomic<SearchIsa> gPinnedIsa{SearchIsa::Auto};

BlockErrors blockErrorsFor(SearchIsa isa) {
#if defined(__x86_64__)
    if (isa == SearchIsa::Avx512) return blockErrorsAvx512;
    if (isa == SearchIsa::Avx2) return blockErrorsAvx2;
    if (isa == SearchIsa::Sse2) return blockErrorsSse2;
#else
    (void)isa;
#endif
    return blockErrorsPortable;
}

} // namespace

SearchIsa activeIsa() {
    SearchIsa isa = gPinnedIsa.load(std::memory_order_relaxed);
#if defined(__x86_64__)
    static const bool avx512 = cpuFeatures().avx512, avx2 = cpuFeatures().avx2Fma;
    if (isa == SearchIsa::Auto) isa = avx512 ? SearchIsa::Avx512 : avx2 ? SearchIsa::Avx2 : SearchIsa::Sse2;
    if ((isa == SearchIsa::Avx512 && avx512) || (isa == SearchIsa::Avx2 && avx2) || isa == SearchIsa::Sse2) return isa;
#endif
    return SearchIsa::Portable;
}

Kernels kernels() {
    const BlockErrors errors = blockErrorsFor(activeIsa());
#if defined(__x86_64__)
    if (errors == blockErrorsAvx512) return {errors, fillAvx512};
#endif
    return {errors, fillPortable};
}

} // namespace qb::quant::clip

namespace qb::quant {

bool searchIsaAvailable(SearchIsa isa) {
#if defined(__x86_64__)
    if (isa == SearchIsa::Avx512) return cpuFeatures().avx512;
    if (isa == SearchIsa::Avx2) return cpuFeatures().avx2Fma;
    if (isa == SearchIsa::Sse2) return true;
#endif
    return isa == SearchIsa::Auto || isa == SearchIsa::Portable;
}

void pinSearchIsa(SearchIsa isa) { clip::gPinnedIsa.store(isa); }

} // namespace qb::quant
