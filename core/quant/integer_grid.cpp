#include "core/quant/integer_grid.h"

#include <algorithm>
#include <cmath>

namespace qb::quant {

namespace {

float roundToHalf(double v) { return halfToFloat(floatToHalf(float(v))); }

// The search's cost function, evaluated 50 times per group: per element in float, with the
// rounding done by adding and subtracting 1.5 * 2^23 (exact for the clamped |q| <= 2^7, and
// vectorised, where nearbyint is a library call without SSE4.1); summed in double, since a
// per-tensor group holds millions of values. The stored codes still come from codeOf().
double squaredError(std::span<const float> x, const Grid& g, const Codes& r) {
    if (g.scale == 0) {
        double e = 0;
        for (float v : x) e += double(v * v);
        return e;
    }
    const float inv = 1.f / g.scale, lo = float(r.lo - g.zero), hi = float(r.hi - g.zero), step = g.scale;
    constexpr float kRound = 12582912.f;
    double e = 0;
    for (float v : x) {
        float q = v * inv;
        q = q < lo ? lo : (q > hi ? hi : q);
        q = (q + kRound) - kRound;
        const float d = v - q * step;
        e += double(d * d);
    }
    return e;
}

} // namespace

Codes codeRange(const Scheme& s) {
    if (s.symmetric) return {1, (1 << s.bits) - 1};
    return {0, (1 << s.bits) - 1};
}

Extent extentOf(std::span<const float> x) {
    Extent e;
    for (float v : x) {
        e.amax = std::max(e.amax, std::fabs(v));
        e.lo = std::min(e.lo, v);
        e.hi = std::max(e.hi, v);
    }
    return e;
}

Grid gridFor(const Scheme& s, const Extent& e, double shrink) {
    Grid g;
    if (s.symmetric) {
        g.zero = 1 << (s.bits - 1);
        g.scale = roundToHalf(shrink * e.amax / double(g.zero - 1));
    } else {
        const int top = (1 << s.bits) - 1;
        g.scale = roundToHalf(shrink * (double(e.hi) - double(e.lo)) / top);
        if (g.scale > 0) g.zero = int(std::clamp(std::nearbyint(-shrink * e.lo / g.scale), 0.0, double(top)));
    }
    return g;
}

int codeOf(float x, const Grid& g, const Codes& r) {
    if (g.scale == 0) return g.zero;
    const double q = std::nearbyint(double(x) / g.scale) + g.zero;
    return int(std::clamp(q, double(r.lo), double(r.hi)));
}

Grid searchGrid(const Scheme& s, std::span<const float> x, const ClipSearch& search) {
    const Extent e = extentOf(x);
    const Codes r = codeRange(s);
    Grid best = gridFor(s, e, 1.0);
    if (!search.enabled || best.scale == 0 || !std::isfinite(best.scale)) return best;
    double bestErr = squaredError(x, best, r);
    for (int k = 1;; ++k) {
        const double shrink = 1.0 - k * search.shrinkStep;
        if (shrink < search.minShrink - 1e-9 || shrink <= 0) break;
        const Grid g = gridFor(s, e, shrink);
        const double err = squaredError(x, g, r);
        if (err < bestErr) {
            bestErr = err;
            best = g;
        }
    }
    return best;
}

void putBits(uint8_t* p, uint64_t pos, int bits, uint32_t v) {
    for (int i = 0; i < bits; ++i, ++pos)
        if ((v >> i) & 1u) p[pos / 8] |= uint8_t(1u << (pos % 8));
}

uint32_t getBits(const uint8_t* p, uint64_t pos, int bits) {
    uint32_t v = 0;
    for (int i = 0; i < bits; ++i, ++pos) v |= uint32_t((p[pos / 8] >> (pos % 8)) & 1u) << i;
    return v;
}

IntLayout intLayout(const Scheme& s, int64_t rows, int64_t cols) {
    const uint64_t n = uint64_t(rows) * uint64_t(cols);
    IntLayout l;
    l.groupLen = s.granularity == Granularity::Tensor    ? n
                 : s.granularity == Granularity::Channel ? uint64_t(cols)
                                                         : uint64_t(s.group);
    l.groups = l.groupLen == 0 ? 0 : n / l.groupLen;
    l.zerosAt = 2 * l.groups;
    l.codesAt = l.zerosAt + (s.symmetric ? 0 : (l.groups * uint64_t(s.bits) + 7) / 8);
    return l;
}

} // namespace qb::quant
