#include "core/quant/integer_grid.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "core/quant/ggml_quantize.h"
#include "core/util/cpu_features.h"

namespace qb::quant {

namespace {

float roundToHalf(double v) { return halfToFloat(floatToHalf(float(v))); }

// The search's cost function, evaluated 50 times per group: per element in float, with the
// rounding done by adding and subtracting 1.5 * 2^23 (exact for the clamped |q| <= 2^7; nearbyint
// is a library call without SSE4.1), four lanes at a time with SSE2 (baseline x86-64). Each run of
// kRun elements is summed in double, since a per-tensor group holds millions of values. The
// stored codes still come from codeOf().
#if defined(__x86_64__)
// The same sums eight lanes at a time, where the CPU has AVX2 (same operations, same order per lane
// group of four, so only the summation order differs from the SSE2 form).
__attribute__((target("avx2"))) inline __m256 err8(const float* p, __m256 inv, __m256 lo, __m256 hi, __m256 step) {
    const __m256 round = _mm256_set1_ps(12582912.f);
    const __m256 v = _mm256_loadu_ps(p);
    __m256 q = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(v, inv), lo), hi);
    q = _mm256_sub_ps(_mm256_add_ps(q, round), round);
    const __m256 d = _mm256_sub_ps(v, _mm256_mul_ps(q, step));
    return _mm256_mul_ps(d, d);
}

__attribute__((target("avx2"))) double squaredErrorAvx2(std::span<const float> x, float inv, float lo, float hi,
                                                         float step) {
    constexpr size_t kRun = 256;
    const __m256 vinv = _mm256_set1_ps(inv), vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi),
                 vstep = _mm256_set1_ps(step);
    double e = 0;
    size_t i = 0;
    while (i + 8 <= x.size()) {
        __m256 a = _mm256_setzero_ps();
        const size_t end = std::min(x.size() & ~size_t(7), i + kRun);
        for (; i < end; i += 8) a = _mm256_add_ps(a, err8(x.data() + i, vinv, vlo, vhi, vstep));
        // Lanes summed in float (a run holds at most kRun values), the runs in double.
        __m128 h = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
        h = _mm_add_ps(h, _mm_movehl_ps(h, h));
        h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 1));
        e += double(_mm_cvtss_f32(h));
    }
    for (; i < x.size(); ++i) {
        float q = x[i] * inv;
        q = q < lo ? lo : (q > hi ? hi : q);
        q = (q + 12582912.f) - 12582912.f;
        const float d = x[i] - q * step;
        e += double(d * d);
    }
    return e;
}
#endif

double squaredError(std::span<const float> x, const Grid& g, const Codes& r) {
    constexpr size_t kRun = 256;
    constexpr float kRound = 12582912.f;
    // With a zero scale every value rounds to the zero level: the error is the value itself.
    const float inv = g.scale == 0 ? 0.f : 1.f / g.scale, lo = float(r.lo - g.zero), hi = float(r.hi - g.zero);
    const float step = g.scale;
    auto err = [&](float v) {
        float q = v * inv;
        q = q < lo ? lo : (q > hi ? hi : q);
        q = (q + kRound) - kRound;
        const float d = v - q * step;
        return d * d;
    };
#if defined(__x86_64__)
    static const bool avx2 = cpuFeatures().f16c;
    if (avx2) return squaredErrorAvx2(x, inv, lo, hi, step);
#endif
    double e = 0;
    size_t i = 0;
#ifdef __SSE2__
    const __m128 vinv = _mm_set1_ps(inv), vlo = _mm_set1_ps(lo), vhi = _mm_set1_ps(hi), vstep = _mm_set1_ps(step),
                 vround = _mm_set1_ps(kRound);
    auto err4 = [&](const float* p) {
        const __m128 v = _mm_loadu_ps(p);
        __m128 q = _mm_min_ps(_mm_max_ps(_mm_mul_ps(v, vinv), vlo), vhi);
        q = _mm_sub_ps(_mm_add_ps(q, vround), vround);
        const __m128 d = _mm_sub_ps(v, _mm_mul_ps(q, vstep));
        return _mm_mul_ps(d, d);
    };
    while (i + 8 <= x.size()) {
        __m128 a = _mm_setzero_ps(), b = _mm_setzero_ps();
        const size_t end = std::min(x.size() & ~size_t(7), i + kRun);
        for (; i < end; i += 8) {
            a = _mm_add_ps(a, err4(x.data() + i));
            b = _mm_add_ps(b, err4(x.data() + i + 4));
        }
        __m128 h = _mm_add_ps(a, b);
        h = _mm_add_ps(h, _mm_movehl_ps(h, h));
        h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 1));
        e += double(_mm_cvtss_f32(h));
    }
#endif
    for (; i < x.size(); ++i) e += double(err(x[i]));
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

namespace {

// The unrounded scale of the range shrunk by `shrink`.
double rawScale(const Scheme& s, const Extent& e, double shrink) {
    if (s.symmetric) return shrink * e.amax / double((1 << (s.bits - 1)) - 1);
    return shrink * (double(e.hi) - double(e.lo)) / double((1 << s.bits) - 1);
}

// The grid with this (stored) scale for the range shrunk by `shrink`.
Grid gridWithScale(const Scheme& s, const Extent& e, double shrink, float scale) {
    Grid g;
    g.scale = scale;
    if (s.symmetric) {
        g.zero = 1 << (s.bits - 1);
    } else {
        const int top = (1 << s.bits) - 1;
        // nearbyint by the 1.5 * 2^52 trick (a library call otherwise); the clamp first keeps it exact.
        constexpr double kRound = 6755399441055744.0;
        if (g.scale > 0 && std::isfinite(g.scale))
            g.zero = int((std::clamp(-shrink * e.lo / g.scale, 0.0, double(top)) + kRound) - kRound);
    }
    return g;
}

// The code of a scale: rounded up, so that the range it was asked for is not clipped (the clip
// search tries the smaller codes); at least 1 unless the scale is 0, at most the top code.
int scaleCode(const Scheme& s, double raw, float super) {
    if (!(raw > 0) || !(super > 0)) return 0;
    return int(std::clamp(std::ceil(raw / double(super)), 1.0, double(maxScaleCode(s))));
}

} // namespace

Grid gridFor(const Scheme& s, const Extent& e, double shrink, float super) {
    const double raw = rawScale(s, e, shrink);
    const float scale = s.scaleBits == 16 ? roundToHalf(raw) : float(scaleCode(s, raw, super)) * super;
    return gridWithScale(s, e, shrink, scale);
}

double largestRawScale(const Scheme& s, std::span<const float> w, uint64_t groupLen) {
    double top = 0;
    if (groupLen == 0) return top;
    for (uint64_t at = 0; at + groupLen <= w.size(); at += groupLen)
        top = std::max(top, rawScale(s, extentOf(w.subspan(at, groupLen)), 1.0));
    return top;
}

float superScaleFor(const Scheme& s, double largestRaw) {
    if (s.scaleBits == 16) return 0;
    const double t = largestRaw / maxScaleCode(s);
    if (t == 0) return 0;
    // t = f * 2^e with f in [4, 8): m = ceil(f) in 5..8 (or 4 when exact); 8 becomes 4 * 2^(e+1).
    int e = std::ilogb(t) - 2;
    e = std::max(e, -24); // fp16's quantum: below it, m * 2^-24 with m <= 4
    double m = std::ceil(std::ldexp(t, -e));
    if (m >= 8) {
        m = 4;
        ++e;
    }
    const double super = std::ldexp(m, e);
    return super > 65504.0 ? std::numeric_limits<float>::infinity() : float(super);
}

float superScale(const Scheme& s, std::span<const float> w, uint64_t groupLen) {
    if (s.scaleBits == 16 || groupLen == 0) return 0;
    return superScaleFor(s, largestRawScale(s, w, groupLen));
}

void packGrids(const Scheme& s, const IntLayout& l, std::span<const Grid> grids, uint8_t* out, float super) {
    BitWriter zeros(out + l.zerosAt), scales(out + l.scalesAt);
    if (s.scaleBits != 16 && l.groups > 0) {
        const uint16_t h = floatToHalf(super);
        std::memcpy(out, &h, 2);
    }
    for (uint64_t g = 0; g < l.groups; ++g) {
        if (s.scaleBits == 16) {
            const uint16_t h = floatToHalf(grids[g].scale);
            std::memcpy(out + l.scalesAt + 2 * g, &h, 2);
        } else {
            // scale = c * super exactly, so the division gives c back.
            scales.put(super > 0 ? uint32_t(std::lround(grids[g].scale / super)) : 0u, s.scaleBits);
        }
        if (!s.symmetric) zeros.put(uint32_t(grids[g].zero), s.bits);
    }
    if (s.scaleBits != 16) scales.flush();
    if (!s.symmetric) zeros.flush();
}

Grid searchGrid(const Scheme& s, std::span<const float> x, const ClipSearch& search, float super) {
    const Extent e = extentOf(x);
    const Codes r = codeRange(s);
    Grid best = gridFor(s, e, 1.0, super);
    if (!search.enabled || best.scale == 0 || !std::isfinite(best.scale)) return best;
    double bestErr = squaredError(x, best, r);
    if (s.scaleBits != 16) {
        const double raw = rawScale(s, e, 1.0);
        const int top = scaleCode(s, raw, super);
        const int bottom = std::max(1, int(std::ceil(search.minShrink * raw / double(super) - 1e-9)));
        for (int c = top - 1; c >= bottom; --c) {
            const float scale = float(c) * super;
            const Grid g = gridWithScale(s, e, double(scale) / raw, scale);
            const double err = squaredError(x, g, r);
            if (err < bestErr) {
                bestErr = err;
                best = g;
            }
        }
        return best;
    }
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
    l.scalesAt = s.scaleBits != 16 && l.groups > 0 ? 2 : 0;
    l.zerosAt = l.scalesAt + (l.groups * uint64_t(s.scaleBits) + 7) / 8;
    l.codesAt = l.zerosAt + (s.symmetric ? 0 : (l.groups * uint64_t(s.bits) + 7) / 8);
    return l;
}

float storedSuperScale(const Scheme& s, const IntLayout& l, const uint8_t* bytes) {
    if (s.scaleBits == 16 || l.groups == 0) return 0;
    uint16_t h;
    std::memcpy(&h, bytes, 2);
    return halfToFloat(h);
}

uint32_t storedScaleCode(const Scheme& s, const IntLayout& l, const uint8_t* bytes, uint64_t g) {
    if (s.scaleBits == 8) return bytes[l.scalesAt + g];
    return getBits(bytes + l.scalesAt, g * uint64_t(s.scaleBits), s.scaleBits);
}

float storedScale(const Scheme& s, const IntLayout& l, const uint8_t* bytes, uint64_t g) {
    if (s.scaleBits != 16) return float(storedScaleCode(s, l, bytes, g)) * storedSuperScale(s, l, bytes);
    uint16_t h;
    std::memcpy(&h, bytes + l.scalesAt + 2 * g, 2);
    return halfToFloat(h);
}

} // namespace qb::quant
