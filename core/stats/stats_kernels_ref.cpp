#include <cmath>

#include "core/stats/stats_kernels.h"

namespace qb::kernels {

Moments momentsRef(const float* x, int64_t n) {
    Moments m;
    m.min = INFINITY;
    m.max = -INFINITY;
    for (int64_t i = 0; i < n; ++i) {
        const float v = x[i];
        if (!std::isfinite(v)) {
            ++m.nonFinite;
            continue;
        }
        m.min = v < m.min ? v : m.min;
        m.max = v > m.max ? v : m.max;
        m.sum += v;
        m.sumSq += double(v) * v;
        ++m.finite;
    }
    return m;
}

// Clamping in float first keeps int() defined for any finite input (the AVX2 form does the same).
static int binOf(float v, float lo, float scale, int bins) {
    float t = (v - lo) * scale;
    t = t < 0.0f ? 0.0f : t;
    t = t > float(bins - 1) ? float(bins - 1) : t;
    return int(t);
}

void histRef(const float* x, int64_t n, float lo, float scale, int bins, double mean, double threshold,
             int64_t* counts, HistPass& out) {
    for (int64_t i = 0; i < n; ++i) {
        const float v = x[i];
        if (!std::isfinite(v)) continue;
        ++counts[binOf(v, lo, scale, bins)];
        const double d = double(v) - mean;
        const double d2 = d * d;
        out.m2 += d2;
        out.m4 += d2 * d2;
        out.beyond += std::fabs(d) > threshold;
    }
}

bool haveAvx2() {
    static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return ok;
}

} // namespace qb::kernels
