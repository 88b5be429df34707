#include "core/quant/kquant_search_kernels.h"

#include <cstring>

#include "core/quant/simd_kernel_prelude.h"

#if defined(__GNUC__) && !defined(__clang__)
// The generic-vector helpers below are always inlined, so no vector crosses a call (GCC warns
// about the ABI of a 64-byte vector return in a function compiled without AVX-512 regardless).
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

#include "core/quant/clip_search_kernels.h"

namespace qb::quant::kquant {

namespace {

// Per lane, over the sub-block's values x in order, the float sums of q, q * q and q * x (the sums
// of x and x * x do not depend on the candidate).
struct CodeSums {
    alignas(64) float sq[kLanes], sqq[kLanes], sqx[kLanes];
};

// Every path does, per lane and element in order, what fitCodes did one candidate at a time:
// round half to even by adding and subtracting 1.5 * 2^23, clamp as std::clamp does (a NaN code,
// from a zero range times an infinite inverse, stays NaN), then add q, q * q and q * x to float
// sums. Separate multiplies and adds (-ffp-contract=off), so every path gives the same bits.
constexpr float kRound = 12582912.f; // 1.5 * 2^23

inline float clampCode(float v, float lo, float hi) { return v < lo ? lo : (hi < v ? hi : v); }

// fitCodes' fit and error from the sums, eight lanes at a time in GCC's generic vectors (lowered to
// the instruction set of the kernel this is inlined into: one AVX-512 register, two AVX2 or four
// SSE2 ones). Its branches become selects, both sides computed and the unused one discarded;
// each lane does fitCodes' operations in its order, which the vector operators do lane by lane
// in IEEE arithmetic, so every width gives the same bits.
using Doubles = double __attribute__((vector_size(64)));
using Floats = float __attribute__((vector_size(32)));
constexpr int kFitWidth = 8;
static_assert(kLanes % kFitWidth == 0);

__attribute__((always_inline)) inline Doubles widen(const Floats& v) { return __builtin_convertvector(v, Doubles); }
__attribute__((always_inline)) inline Floats narrow(const Doubles& v) { return __builtin_convertvector(v, Floats); }
// A double rounded to float and back, as float(...) into a float field that is later promoted.
__attribute__((always_inline)) inline Doubles viaFloat(const Doubles& v) { return widen(narrow(v)); }
__attribute__((always_inline)) inline Floats loadFloats(const float* p) {
    Floats v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

template <int N, bool kCentred, bool kAtMostZero>
__attribute__((always_inline)) inline void fitLanes(const float* x, const CodeSums& c, Fits& f) {
    float sxF = 0, sxxF = 0;
    for (int i = 0; i < N; ++i) {
        sxF += x[i];
        sxxF += x[i] * x[i];
    }
    const Doubles zero = {}, n = zero + double(N), two = zero + 2.0, sx = zero + double(sxF),
                  sxx = zero + double(sxxF);
    for (int l = 0; l < kLanes; l += kFitWidth) {
        const Floats sqF = loadFloats(c.sq + l), sqqF = loadFloats(c.sqq + l), sqxF = loadFloats(c.sqx + l);
        const Doubles sq = widen(sqF), sqq = widen(sqqF), sqx = widen(sqxF);
        const Doubles det = n * sqq - sq * sq;
        // The fit through 0 (the centred one, and fitCodes' fallback).
        const Doubles through0 = sqq > zero ? widen(sqxF / sqqF) : zero;
        Doubles scale = through0, offset = zero;
        if constexpr (!kCentred) {
            // Where det is NaN neither branch of fitCodes runs: scale and offset stay 0.
            const Doubles fitScale = viaFloat((n * sqx - sq * sx) / det);
            const Doubles fitOffset = viaFloat((sx - fitScale * sq) / n);
            scale = det > zero ? fitScale : zero;
            offset = det > zero ? fitOffset : zero;
            // Refit through 0 where the offset is positive (so det > 0) or det <= 0 (offset 0).
            if constexpr (kAtMostZero) {
                scale = offset > zero ? through0 : scale;
                offset = offset > zero ? zero : offset;
            }
            scale = det <= zero ? through0 : scale;
        }
        // sum (s q + b - x)^2, expanded
        Doubles err = scale * scale * sqq + two * scale * offset * sq + n * offset * offset - two * scale * sqx -
                      two * offset * sx + sxx;
        err = zero < err ? err : zero; // std::max(0.0, err): 0 for NaN
        const Floats scaleF = narrow(scale), offsetF = narrow(offset);
        std::memcpy(f.scale + l, &scaleF, sizeof scaleF);
        std::memcpy(f.offset + l, &offsetF, sizeof offsetF);
        std::memcpy(f.err + l, &err, sizeof err);
    }
}

template <int N>
void sumsPortable(const float* x, float lo, const float* inv, float bottom, float top, CodeSums& s) {
    for (int l = 0; l < kLanes; ++l) s.sq[l] = s.sqq[l] = s.sqx[l] = 0.f;
    for (int i = 0; i < N; ++i) {
        const float v = x[i], shifted = v - lo;
        for (int l = 0; l < kLanes; ++l) {
            const float q = clampCode((shifted * inv[l] + kRound) - kRound, bottom, top);
            s.sq[l] += q;
            s.sqq[l] += q * q;
            s.sqx[l] += q * v;
        }
    }
}

// Q6_K has no lo: x - 0 is x for every x (-0 - 0 is -0).
void q4kPortable(const float* x, float lo, const float* inv, Fits& f) {
    CodeSums s;
    sumsPortable<32>(x, lo, inv, 0.f, 15.f, s);
    fitLanes<32, false, true>(x, s, f);
}
void q6kPortable(const float* x, const float* inv, Fits& f) {
    CodeSums s;
    sumsPortable<16>(x, 0.f, inv, -32.f, 31.f, s);
    fitLanes<16, true, false>(x, s, f);
}

#if defined(__x86_64__)
// std::clamp(v, bottom, top) is max_ps(bottom, v) then min_ps(top, .): with these operand orders
// the instructions return v on NaN and on ties, as the comparisons do.

// SSE2 (baseline x86-64): six vectors of four lanes.
template <int N>
void sumsSse2(const float* x, float lo, const float* inv, float bottom, float top, CodeSums& s) {
    constexpr int kV = kLanes / 4;
    __m128 c[kV], sq[kV], sqq[kV], sqx[kV];
    for (int k = 0; k < kV; ++k) {
        c[k] = _mm_load_ps(inv + 4 * k);
        sq[k] = sqq[k] = sqx[k] = _mm_setzero_ps();
    }
    const __m128 round = _mm_set1_ps(kRound), vb = _mm_set1_ps(bottom), vt = _mm_set1_ps(top);
    for (int i = 0; i < N; ++i) {
        const __m128 v = _mm_set1_ps(x[i]), shifted = _mm_set1_ps(x[i] - lo);
        for (int k = 0; k < kV; ++k) {
            __m128 q = _mm_sub_ps(_mm_add_ps(_mm_mul_ps(shifted, c[k]), round), round);
            q = _mm_min_ps(vt, _mm_max_ps(vb, q));
            sq[k] = _mm_add_ps(sq[k], q);
            sqq[k] = _mm_add_ps(sqq[k], _mm_mul_ps(q, q));
            sqx[k] = _mm_add_ps(sqx[k], _mm_mul_ps(q, v));
        }
    }
    for (int k = 0; k < kV; ++k) {
        _mm_store_ps(s.sq + 4 * k, sq[k]);
        _mm_store_ps(s.sqq + 4 * k, sqq[k]);
        _mm_store_ps(s.sqx + 4 * k, sqx[k]);
    }
}

// AVX2: three vectors of eight lanes.
template <int N>
__attribute__((target("avx2"))) void sumsAvx2(const float* x, float lo, const float* inv, float bottom, float top,
                                              CodeSums& s) {
    constexpr int kV = kLanes / 8;
    __m256 c[kV], sq[kV], sqq[kV], sqx[kV];
    for (int k = 0; k < kV; ++k) {
        c[k] = _mm256_load_ps(inv + 8 * k);
        sq[k] = sqq[k] = sqx[k] = _mm256_setzero_ps();
    }
    const __m256 round = _mm256_set1_ps(kRound), vb = _mm256_set1_ps(bottom), vt = _mm256_set1_ps(top);
    for (int i = 0; i < N; ++i) {
        const __m256 v = _mm256_set1_ps(x[i]), shifted = _mm256_set1_ps(x[i] - lo);
        for (int k = 0; k < kV; ++k) {
            __m256 q = _mm256_sub_ps(_mm256_add_ps(_mm256_mul_ps(shifted, c[k]), round), round);
            q = _mm256_min_ps(vt, _mm256_max_ps(vb, q));
            sq[k] = _mm256_add_ps(sq[k], q);
            sqq[k] = _mm256_add_ps(sqq[k], _mm256_mul_ps(q, q));
            sqx[k] = _mm256_add_ps(sqx[k], _mm256_mul_ps(q, v));
        }
    }
    for (int k = 0; k < kV; ++k) {
        _mm256_store_ps(s.sq + 8 * k, sq[k]);
        _mm256_store_ps(s.sqq + 8 * k, sqq[k]);
        _mm256_store_ps(s.sqx + 8 * k, sqx[k]);
    }
}

// AVX-512: lanes 0..15 in one vector, 16..23 in an eight-lane one.
template <int N>
__attribute__((target("avx512f"))) void sumsAvx512(const float* x, float lo, const float* inv, float bottom,
                                                   float top, CodeSums& s) {
    const __m512 c = _mm512_load_ps(inv), round = _mm512_set1_ps(kRound), vb = _mm512_set1_ps(bottom),
                 vt = _mm512_set1_ps(top);
    const __m256 c8 = _mm256_load_ps(inv + 16), round8 = _mm256_set1_ps(kRound), vb8 = _mm256_set1_ps(bottom),
                 vt8 = _mm256_set1_ps(top);
    __m512 sq = _mm512_setzero_ps(), sqq = sq, sqx = sq;
    __m256 sq8 = _mm256_setzero_ps(), sqq8 = sq8, sqx8 = sq8;
    for (int i = 0; i < N; ++i) {
        const float shiftedS = x[i] - lo;
        const __m512 v = _mm512_set1_ps(x[i]), shifted = _mm512_set1_ps(shiftedS);
        __m512 q = _mm512_sub_ps(_mm512_add_ps(_mm512_mul_ps(shifted, c), round), round);
        q = _mm512_min_ps(vt, _mm512_max_ps(vb, q));
        sq = _mm512_add_ps(sq, q);
        sqq = _mm512_add_ps(sqq, _mm512_mul_ps(q, q));
        sqx = _mm512_add_ps(sqx, _mm512_mul_ps(q, v));
        const __m256 v8 = _mm256_set1_ps(x[i]), shifted8 = _mm256_set1_ps(shiftedS);
        __m256 q8 = _mm256_sub_ps(_mm256_add_ps(_mm256_mul_ps(shifted8, c8), round8), round8);
        q8 = _mm256_min_ps(vt8, _mm256_max_ps(vb8, q8));
        sq8 = _mm256_add_ps(sq8, q8);
        sqq8 = _mm256_add_ps(sqq8, _mm256_mul_ps(q8, q8));
        sqx8 = _mm256_add_ps(sqx8, _mm256_mul_ps(q8, v8));
    }
    _mm512_store_ps(s.sq, sq);
    _mm512_store_ps(s.sqq, sqq);
    _mm512_store_ps(s.sqx, sqx);
    _mm256_store_ps(s.sq + 16, sq8);
    _mm256_store_ps(s.sqq + 16, sqq8);
    _mm256_store_ps(s.sqx + 16, sqx8);
}

void q4kSse2(const float* x, float lo, const float* inv, Fits& f) {
    CodeSums s;
    sumsSse2<32>(x, lo, inv, 0.f, 15.f, s);
    fitLanes<32, false, true>(x, s, f);
}
void q6kSse2(const float* x, const float* inv, Fits& f) {
    CodeSums s;
    sumsSse2<16>(x, 0.f, inv, -32.f, 31.f, s);
    fitLanes<16, true, false>(x, s, f);
}
__attribute__((target("avx2"))) void q4kAvx2(const float* x, float lo, const float* inv, Fits& f) {
    CodeSums s;
    sumsAvx2<32>(x, lo, inv, 0.f, 15.f, s);
    fitLanes<32, false, true>(x, s, f);
}
__attribute__((target("avx2"))) void q6kAvx2(const float* x, const float* inv, Fits& f) {
    CodeSums s;
    sumsAvx2<16>(x, 0.f, inv, -32.f, 31.f, s);
    fitLanes<16, true, false>(x, s, f);
}
// fitLanes<32, false, true> in AVX-512 intrinsics: GCC turns part of the generic-vector form of
// Q4_K's refit selects into scalar code, which cost as much as the code sums. The same operations
// in the same order; the comparisons are the ordered ones (false for NaN), as in fitCodes.
__attribute__((target("avx512f"), always_inline)) inline __m512d viaFloat8(__m512d v) {
    return _mm512_cvtps_pd(_mm512_cvtpd_ps(v));
}
__attribute__((target("avx512f"))) void q4kFitAvx512(const float* x, const CodeSums& c, Fits& f) {
    float sxF = 0, sxxF = 0;
    for (int i = 0; i < 32; ++i) {
        sxF += x[i];
        sxxF += x[i] * x[i];
    }
    const __m512d zero = _mm512_setzero_pd(), n = _mm512_set1_pd(32.0), two = _mm512_set1_pd(2.0),
                  sx = _mm512_set1_pd(double(sxF)), sxx = _mm512_set1_pd(double(sxxF));
    for (int l = 0; l < kLanes; l += 8) {
        const __m256 sqF = _mm256_load_ps(c.sq + l), sqqF = _mm256_load_ps(c.sqq + l), sqxF = _mm256_load_ps(c.sqx + l);
        const __m512d sq = _mm512_cvtps_pd(sqF), sqq = _mm512_cvtps_pd(sqqF), sqx = _mm512_cvtps_pd(sqxF);
        const __m512d det = _mm512_sub_pd(_mm512_mul_pd(n, sqq), _mm512_mul_pd(sq, sq));
        const __m512d through0 =
            _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(sqq, zero, _CMP_GT_OQ), _mm512_cvtps_pd(_mm256_div_ps(sqxF, sqqF)));
        const __m512d fitScale =
            viaFloat8(_mm512_div_pd(_mm512_sub_pd(_mm512_mul_pd(n, sqx), _mm512_mul_pd(sq, sx)), det));
        const __m512d fitOffset = viaFloat8(_mm512_div_pd(_mm512_sub_pd(sx, _mm512_mul_pd(fitScale, sq)), n));
        const __mmask8 fitted = _mm512_cmp_pd_mask(det, zero, _CMP_GT_OQ);
        __m512d scale = _mm512_maskz_mov_pd(fitted, fitScale), offset = _mm512_maskz_mov_pd(fitted, fitOffset);
        const __mmask8 refit = _mm512_cmp_pd_mask(det, zero, _CMP_LE_OQ) | _mm512_cmp_pd_mask(offset, zero, _CMP_GT_OQ);
        scale = _mm512_mask_blend_pd(refit, scale, through0);
        offset = _mm512_mask_blend_pd(refit, offset, zero);
        // s * s * sqq + 2 * s * b * sq + N * b * b - 2 * s * sqx - 2 * b * sx + sxx, left to right
        const __m512d twoS = _mm512_mul_pd(two, scale), twoB = _mm512_mul_pd(two, offset);
        __m512d err = _mm512_mul_pd(_mm512_mul_pd(scale, scale), sqq);
        err = _mm512_add_pd(err, _mm512_mul_pd(_mm512_mul_pd(twoS, offset), sq));
        err = _mm512_add_pd(err, _mm512_mul_pd(_mm512_mul_pd(n, offset), offset));
        err = _mm512_sub_pd(err, _mm512_mul_pd(twoS, sqx));
        err = _mm512_sub_pd(err, _mm512_mul_pd(twoB, sx));
        err = _mm512_add_pd(err, sxx);
        err = _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(zero, err, _CMP_LT_OQ), err); // 0 for NaN
        _mm256_store_ps(f.scale + l, _mm512_cvtpd_ps(scale));
        _mm256_store_ps(f.offset + l, _mm512_cvtpd_ps(offset));
        _mm512_store_pd(f.err + l, err);
    }
}

__attribute__((target("avx512f"))) void q4kAvx512(const float* x, float lo, const float* inv, Fits& f) {
    CodeSums s;
    sumsAvx512<32>(x, lo, inv, 0.f, 15.f, s);
    q4kFitAvx512(x, s, f);
}
__attribute__((target("avx512f"))) void q6kAvx512(const float* x, const float* inv, Fits& f) {
    CodeSums s;
    sumsAvx512<16>(x, 0.f, inv, -32.f, 31.f, s);
    fitLanes<16, true, false>(x, s, f);
}
#endif

} // namespace

Kernels kernels() {
    switch (clip::activeIsa()) {
#if defined(__x86_64__)
    case SearchIsa::Avx512: return {q4kAvx512, q6kAvx512};
    case SearchIsa::Avx2: return {q4kAvx2, q6kAvx2};
    case SearchIsa::Sse2: return {q4kSse2, q6kSse2};
#endif
    default: return {q4kPortable, q6kPortable};
    }
}

} // namespace qb::quant::kquant
