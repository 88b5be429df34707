// AVX2 forms of the stats passes. Compiled for AVX2 by function attribute and only called when
// haveAvx2() says the CPU has it, so the rest of the binary stays baseline x86-64.
#include <immintrin.h>

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
