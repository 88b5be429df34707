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

Deviations binRef(const float* x, int64_t n, float inv, int32_t origin, double mean, int64_t* counts) {
    Deviations r;
    for (int64_t i = 0; i < n; ++i) {
        float f = std::floor(x[i] * inv);
        if (x[i] < 0.0f && f == 0.0f) f = -1.0f; // the product underflowed
        ++counts[int32_t(f) - origin];
        const double d = double(x[i]) - mean;
        r.d1 += d;
        r.d2 += d * d;
    }
    return r;
}

void absRunRef(const float* x, int64_t n, float& mx, double& sum) {
    for (int64_t i = 0; i < n; ++i) {
        const float a = std::fabs(x[i]);
        if (!(a < INFINITY)) continue;
        mx = a > mx ? a : mx;
        sum += a;
    }
}

void absRowRef(const float* x, int64_t channels, float* mx, double* sum) {
    for (int64_t c = 0; c < channels; ++c) {
        const float a = std::fabs(x[c]);
        if (!(a < INFINITY)) continue;
        mx[c] = a > mx[c] ? a : mx[c];
        sum[c] += a;
    }
}

} // namespace qb::kernels
