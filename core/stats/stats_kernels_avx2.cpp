// AVX2 forms of the stats passes. Compiled for AVX2 by function attribute and only called when
// cpuFeatures().avx2Fma says the CPU has it, so the rest of the binary stays baseline x86-64.
#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/stats/stats_kernels.h"

#define QB_AVX2 __attribute__((target("avx2,fma")))

namespace qb::kernels {

namespace {

QB_AVX2 inline double hsum(__m256d d) {
    const __m128d s = _mm_add_pd(_mm256_castpd256_pd128(d), _mm256_extractf128_pd(d, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}
QB_AVX2 inline double hsum(__m256 v) {
    const __m128 lo = _mm256_castps256_ps128(v), hi = _mm256_extractf128_ps(v, 1);
    return hsum(_mm256_add_pd(_mm256_cvtps_pd(lo), _mm256_cvtps_pd(hi)));
}
// A float square overflows for |x| > 1.8e19, which broken checkpoints do contain: blocks whose
// float sums overflow are summed again in double lanes.
QB_AVX2 inline void addValues(__m256 v, __m256d& acc) {
    acc = _mm256_add_pd(acc, _mm256_add_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)),
                                           _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1))));
}
QB_AVX2 inline void addSquares(__m256 v, __m256d& acc) {
    const __m256d a = _mm256_cvtps_pd(_mm256_castps256_ps128(v));
    const __m256d b = _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1));
    acc = _mm256_fmadd_pd(a, a, _mm256_fmadd_pd(b, b, acc));
}
QB_AVX2 inline float hmin(__m256 v) {
    __m128 m = _mm_min_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_min_ps(m, _mm_movehl_ps(m, m));
    m = _mm_min_ss(m, _mm_shuffle_ps(m, m, 1));
    return _mm_cvtss_f32(m);
}
QB_AVX2 inline float hmax(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
    return _mm_cvtss_f32(m);
}

// Float accumulators are flushed to double every kFlush vectors, so rounding stays at float
// precision over at most kFlush terms per lane.
constexpr int64_t kFlush = 64;

} // namespace

QB_AVX2 Moments momentsAvx2(const float* x, int64_t n) {
    const __m256 absMask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    const __m256 inf = _mm256_set1_ps(INFINITY);
    __m256 vmin = _mm256_set1_ps(INFINITY), vmax = _mm256_set1_ps(-INFINITY);
    Moments m;
    int64_t i = 0;
    const int64_t nv = n / 8 * 8;
    while (i < nv) {
        __m256 s = _mm256_setzero_ps(), s2 = _mm256_setzero_ps();
        const int64_t begin = i;
        const int64_t end = std::min(nv, i + kFlush * 8);
        int nonFinite = 0;
        for (; i < end; i += 8) {
            const __m256 v = _mm256_loadu_ps(x + i);
            const __m256 fin = _mm256_cmp_ps(_mm256_and_ps(v, absMask), inf, _CMP_LT_OQ);
            nonFinite += 8 - __builtin_popcount(unsigned(_mm256_movemask_ps(fin)));
            const __m256 vf = _mm256_and_ps(v, fin); // non-finite lanes become 0 for the sums
            vmin = _mm256_min_ps(vmin, _mm256_blendv_ps(inf, v, fin));
            vmax = _mm256_max_ps(vmax, _mm256_blendv_ps(_mm256_set1_ps(-INFINITY), v, fin));
            s = _mm256_add_ps(s, vf);
            s2 = _mm256_fmadd_ps(vf, vf, s2);
        }
        double bs = hsum(s), bs2 = hsum(s2);
        if (!std::isfinite(bs) || !std::isfinite(bs2)) { // |x| > ~1e18: redo this block in double
            __m256d d1 = _mm256_setzero_pd(), d2 = _mm256_setzero_pd();
            for (int64_t j = begin; j < end; j += 8) {
                const __m256 v = _mm256_loadu_ps(x + j);
                const __m256 vf = _mm256_and_ps(v, _mm256_cmp_ps(_mm256_and_ps(v, absMask), inf, _CMP_LT_OQ));
                addValues(vf, d1);
                addSquares(vf, d2);
            }
            bs = hsum(d1);
            bs2 = hsum(d2);
        }
        m.sum += bs;
        m.sumSq += bs2;
        m.nonFinite += nonFinite;
    }
    m.finite = nv - m.nonFinite;
    m.min = hmin(vmin);
    m.max = hmax(vmax);
    const Moments tail = momentsRef(x + nv, n - nv);
    m.min = std::min(m.min, tail.min);
    m.max = std::max(m.max, tail.max);
    m.sum += tail.sum;
    m.sumSq += tail.sumSq;
    m.finite += tail.finite;
    m.nonFinite += tail.nonFinite;
    return m;
}

QB_AVX2 void histAvx2(const float* x, int64_t n, float lo, float scale, int bins, double mean,
                      double threshold, int64_t* counts, HistPass& out) {
    const __m256 vlo = _mm256_set1_ps(lo), vscale = _mm256_set1_ps(scale);
    const __m256 vtop = _mm256_set1_ps(float(bins - 1)), zero = _mm256_setzero_ps();
    const __m256d vmean = _mm256_set1_pd(mean), vthr = _mm256_set1_pd(threshold);
    const __m256d absMaskD = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffff));
    alignas(32) int32_t idx[8];
    // Sums live in locals: `out` may share a cache line with another worker's accumulator.
    double m2 = 0, m4 = 0;
    int64_t beyond = 0;
    int64_t i = 0;
    const int64_t nv = n / 8 * 8;
    while (i < nv) {
        __m256d s2 = _mm256_setzero_pd(), s4 = _mm256_setzero_pd();
        const int64_t end = std::min(nv, i + kFlush * 8);
        for (; i < end; i += 8) {
            const __m256 v = _mm256_loadu_ps(x + i);
            __m256 t = _mm256_mul_ps(_mm256_sub_ps(v, vlo), vscale);
            t = _mm256_min_ps(_mm256_max_ps(t, zero), vtop);
            _mm256_store_si256(reinterpret_cast<__m256i*>(idx), _mm256_cvttps_epi32(t));
            ++counts[idx[0]];
            ++counts[idx[1]];
            ++counts[idx[2]];
            ++counts[idx[3]];
            ++counts[idx[4]];
            ++counts[idx[5]];
            ++counts[idx[6]];
            ++counts[idx[7]];
            const __m256d da = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)), vmean);
            const __m256d db = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)), vmean);
            const __m256d a2 = _mm256_mul_pd(da, da), b2 = _mm256_mul_pd(db, db);
            s2 = _mm256_add_pd(s2, _mm256_add_pd(a2, b2));
            s4 = _mm256_fmadd_pd(a2, a2, _mm256_fmadd_pd(b2, b2, s4));
            const int far = _mm256_movemask_pd(_mm256_cmp_pd(_mm256_and_pd(da, absMaskD), vthr, _CMP_GT_OQ)) |
                            _mm256_movemask_pd(_mm256_cmp_pd(_mm256_and_pd(db, absMaskD), vthr, _CMP_GT_OQ)) << 4;
            beyond += __builtin_popcount(unsigned(far));
        }
        m2 += hsum(s2);
        m4 += hsum(s4);
    }
    out.m2 += m2;
    out.m4 += m4;
    out.beyond += beyond;
    histRef(x + nv, n - nv, lo, scale, bins, mean, threshold, counts, out);
}

} // namespace qb::kernels

namespace qb::kernels {

namespace {

// For each 8-bit lane mask, the indices of its set lanes in order, one per byte: a permutation
// that packs the kept lanes of a vector to its front.
constexpr auto kPackLanes = [] {
    std::array<uint64_t, 256> t{};
    for (unsigned m = 0; m < 256; ++m) {
        int k = 0;
        for (unsigned lane = 0; lane < 8; ++lane)
            if (m & (1u << lane)) t[m] |= uint64_t(lane) << (8 * k++);
    }
    return t;
}();

QB_AVX2 inline void addDeviations(__m256 v, __m256d mean, __m256d& d1, __m256d& d2) {
    const __m256d a = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)), mean);
    const __m256d b = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)), mean);
    d1 = _mm256_add_pd(d1, _mm256_add_pd(a, b));
    d2 = _mm256_fmadd_pd(a, a, _mm256_fmadd_pd(b, b, d2));
}

} // namespace

// Bin indices are computed 8 at a time; those not in the zero bin are packed into a buffer whose
// increments then run without branches.
QB_AVX2 Deviations binAvx2(const float* x, int64_t n, float inv, int32_t origin, double mean, int64_t* counts,
                           int64_t* odd) {
    constexpr int64_t kChunk = 1024;
    alignas(32) int32_t buf[kChunk];
    const __m256 vinv = _mm256_set1_ps(inv), zero = _mm256_setzero_ps(), minusOne = _mm256_set1_ps(-1.0f);
    const __m256i vorigin = _mm256_set1_epi32(origin), zeroBin = _mm256_set1_epi32(-origin);
    const __m256d vmean = _mm256_set1_pd(mean);
    __m256d d1 = _mm256_setzero_pd(), d2 = _mm256_setzero_pd();
    int64_t atZero = 0;
    const int64_t nv = n / 8 * 8;
    for (int64_t b = 0; b < nv; b += kChunk) {
        const int64_t end = std::min(nv, b + kChunk);
        int64_t used = 0;
        for (int64_t i = b; i < end; i += 8) {
            const __m256 v = _mm256_loadu_ps(x + i);
            __m256 f = _mm256_floor_ps(_mm256_mul_ps(v, vinv));
            const __m256 under = _mm256_and_ps(_mm256_cmp_ps(v, zero, _CMP_LT_OQ), _mm256_cmp_ps(f, zero, _CMP_EQ_OQ));
            f = _mm256_add_ps(f, _mm256_and_ps(under, minusOne));
            const __m256i idx = _mm256_sub_epi32(_mm256_cvtps_epi32(f), vorigin);
            const auto inZero = unsigned(_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(idx, zeroBin))));
            const unsigned keep = ~inZero & 0xffu;
            const __m256i perm = _mm256_cvtepu8_epi32(_mm_cvtsi64_si128(int64_t(kPackLanes[keep])));
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(buf + used), _mm256_permutevar8x32_epi32(idx, perm));
            used += __builtin_popcount(keep);
            atZero += __builtin_popcount(inZero);
            addDeviations(v, vmean, d1, d2);
        }
        int64_t j = 0;
        for (; j + 4 <= used; j += 4) {
            ++counts[buf[j]];
            ++odd[buf[j + 1]];
            ++counts[buf[j + 2]];
            ++odd[buf[j + 3]];
        }
        for (; j < used; ++j) ++counts[buf[j]];
    }
    if (atZero > 0) counts[-origin] += atZero; // only then is the zero bin inside the counts
    Deviations r{hsum(d1), hsum(d2)};
    const Deviations tail = binRef(x + nv, n - nv, inv, origin, mean, counts);
    r.d1 += tail.d1;
    r.d2 += tail.d2;
    return r;
}

QB_AVX2 void absRunAvx2(const float* x, int64_t n, float& mx, double& sum) {
    const __m256 absMask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff)), inf = _mm256_set1_ps(INFINITY);
    __m256 vmax = _mm256_setzero_ps();
    __m256d s = _mm256_setzero_pd();
    const int64_t nv = n / 8 * 8;
    for (int64_t i = 0; i < nv; i += 8) {
        __m256 a = _mm256_and_ps(_mm256_loadu_ps(x + i), absMask);
        a = _mm256_and_ps(a, _mm256_cmp_ps(a, inf, _CMP_LT_OQ)); // non-finite lanes count as 0
        vmax = _mm256_max_ps(vmax, a);
        addValues(a, s);
    }
    mx = std::max(mx, hmax(vmax));
    sum += hsum(s);
    absRunRef(x + nv, n - nv, mx, sum);
}

QB_AVX2 void absRowAvx2(const float* x, int64_t channels, float* mx, double* sum) {
    const __m256 absMask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff)), inf = _mm256_set1_ps(INFINITY);
    const int64_t nv = channels / 8 * 8;
    for (int64_t c = 0; c < nv; c += 8) {
        __m256 a = _mm256_and_ps(_mm256_loadu_ps(x + c), absMask);
        a = _mm256_and_ps(a, _mm256_cmp_ps(a, inf, _CMP_LT_OQ));
        _mm256_storeu_ps(mx + c, _mm256_max_ps(_mm256_loadu_ps(mx + c), a));
        _mm256_storeu_pd(sum + c, _mm256_add_pd(_mm256_loadu_pd(sum + c), _mm256_cvtps_pd(_mm256_castps256_ps128(a))));
        _mm256_storeu_pd(sum + c + 4, _mm256_add_pd(_mm256_loadu_pd(sum + c + 4), _mm256_cvtps_pd(_mm256_extractf128_ps(a, 1))));
    }
    absRowRef(x + nv, channels - nv, mx + nv, sum + nv);
}

} // namespace qb::kernels
