#include "core/quant/integer_grid.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include "core/quant/clip_search_kernels.h"
#include "core/quant/ggml_quantize.h"

namespace qb::quant {

namespace {

float roundToHalf(double v) { return halfToFloat(floatToHalf(float(v))); }

} // namespace

Codes codeRange(const Scheme& s) {
    if (s.symmetric) return {1, (1 << s.bits) - 1};
    return {0, (1 << s.bits) - 1};
}

Extent extentOf(std::span<const float> x) {
    Extent e;
    auto add = [&e](float v) {
        e.amax = std::max(e.amax, std::fabs(v));
        e.lo = std::min(e.lo, v);
        e.hi = std::max(e.hi, v);
    };
    size_t i = 0;
#if defined(__SSE2__)
    // Four lanes, then the lanes folded as one element each. std::max(a, v) is `a < v ? v : a`,
    // which is maxps(v, a) (its second operand unless v > a), and std::min(a, v) minps(v, a): the
    // same comparisons, so a lane, like the plain loop, starts at +0, keeps +0 over -0 and skips
    // NaN, and the extent is the same bits in any order.
    if (x.size() >= 8) {
        const __m128 abs = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
        __m128 amax = _mm_setzero_ps(), lo = amax, hi = amax;
        for (; i + 4 <= x.size(); i += 4) {
            const __m128 v = _mm_loadu_ps(x.data() + i);
            amax = _mm_max_ps(_mm_and_ps(v, abs), amax);
            lo = _mm_min_ps(v, lo);
            hi = _mm_max_ps(v, hi);
        }
        alignas(16) float a[4], l[4], h[4];
        _mm_store_ps(a, amax);
        _mm_store_ps(l, lo);
        _mm_store_ps(h, hi);
        for (int k = 0; k < 4; ++k) {
            e.amax = std::max(e.amax, a[k]);
            e.lo = std::min(e.lo, l[k]);
            e.hi = std::max(e.hi, h[k]);
        }
    }
#endif
    for (; i < x.size(); ++i) add(x[i]);
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
    const Grid minMax = gridFor(s, e, 1.0, super);
    if (!search.enabled || minMax.scale == 0 || !std::isfinite(minMax.scale)) return minMax;
    using namespace clip;
    const Kernels k = kernels();
    CandidateSource c{s.symmetric, s.scaleBits != 16, 0, 1 << (s.bits - 1), 0, 0, double(e.lo), search.shrinkStep,
                      0, super, r};
    c.span = s.symmetric ? double(e.amax) : double(e.hi) - double(e.lo);
    c.divisor = s.symmetric ? double((1 << (s.bits - 1)) - 1) : double((1 << s.bits) - 1);
    // Candidates [0, count): the min-max grid, then the shrunk ones in order of falling scale.
    int count = 1;
    if (c.codes) {
        c.raw = rawScale(s, e, 1.0);
        c.top = scaleCode(s, c.raw, super);
        const int bottom = std::max(1, int(std::ceil(search.minShrink * c.raw / double(super) - 1e-9)));
        count += std::max(0, c.top - bottom);
    } else {
        for (;; ++count) {
            const double shrink = 1.0 - count * search.shrinkStep;
            if (shrink < search.minShrink - 1e-9 || shrink <= 0) break;
        }
    }
    // A block at a time, each block's errors compared in order (ties keep the earlier, larger
    // scale).
    Grid best = minMax;
    double bestErr = std::numeric_limits<double>::infinity();
    CandidateBlock block;
    double err[kBlock];
    for (int first = 0; first < count; first += kBlock) {
        k.fill(c, first, block);
        const int lanes = std::min(kBlock, count - first);
        // Lane 0 of the first block is the min-max grid itself; unused lanes repeat lane 0.
        if (first == 0) setLane(block, 0, minMax, r);
        for (int l = lanes; l < kBlock; ++l) setLane(block, l, {block.step[0], block.zero[0]}, r);
        if (!k.errors(x, block, bestErr, err)) continue;
        for (int l = 0; l < lanes; ++l)
            if (err[l] < bestErr) {
                bestErr = err[l];
                best = {block.step[l], block.zero[l]};
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
