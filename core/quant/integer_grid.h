// The grid of the integer schemes (scheme.h), shared by RTN and GPTQ: value = (u - zero) * scale
// for codes u in [lo, hi], the scale rounded to fp16 as stored, the min-max grid of a group and
// the MSE clip search over shrunk ranges, and the bit packing of the codes.
#pragma once
#include <cstdint>
#include <cstring>
#include <span>

#include "core/domain/scheme.h"

namespace qb::quant {

struct Grid {
    float scale = 0;
    int zero = 0;
};

struct Codes {
    int lo, hi;
};

/// Symmetric: q in [-(2^(b-1)-1), 2^(b-1)-1] stored as u = q + 2^(b-1); asymmetric: u in [0, 2^b-1].
Codes codeRange(const Scheme& s);

/// lo <= 0 <= hi, so that 0 is always a level.
struct Extent {
    float amax = 0, lo = 0, hi = 0;
};
Extent extentOf(std::span<const float> x);

/// The grid for the min-max range shrunk by `shrink` (1: plain min-max). A scale beyond fp16
/// comes back infinite.
Grid gridFor(const Scheme& s, const Extent& e, double shrink);

int codeOf(float x, const Grid& g, const Codes& r);
inline float valueOf(int u, const Grid& g) { return float(u - g.zero) * g.scale; }

/// How far the clip search shrinks a group's range: 1, 1-step, ... down to minShrink.
struct ClipSearch {
    bool enabled = true;
    double minShrink = 0.5;
    double shrinkStep = 0.01;
};

/// The grid of x with the least squared rounding error among the shrunk ranges (ties keep the
/// larger scale); the min-max grid when the search is off.
Grid searchGrid(const Scheme& s, std::span<const float> x, const ClipSearch& search);

/// Little-endian bit fields, as the integer layout of scheme.h packs codes and zero points.
void putBits(uint8_t* p, uint64_t pos, int bits, uint32_t v);
uint32_t getBits(const uint8_t* p, uint64_t pos, int bits);

/// Where an integer scheme's parts live in QuantizedTensor::bytes: groups fp16 scales, then the
/// packed zero points (asymmetric only), then the packed codes.
struct IntLayout {
    uint64_t groups, groupLen, zerosAt, codesAt;
};
IntLayout intLayout(const Scheme& s, int64_t rows, int64_t cols);

/// Writes that layout into `out`: group g's fp16 scale and (asymmetric) zero point from grids[g],
/// then code(i) for every weight i in order. Serial: neighbouring groups can share a byte.
template <typename Code>
void packInteger(const Scheme& s, const IntLayout& l, std::span<const Grid> grids, Code code, uint8_t* out) {
    const auto bits = uint64_t(s.bits);
    for (uint64_t g = 0; g < l.groups; ++g) {
        const uint16_t h = floatToHalf(grids[g].scale);
        std::memcpy(out + 2 * g, &h, 2);
        if (!s.symmetric) putBits(out + l.zerosAt, g * bits, s.bits, uint32_t(grids[g].zero));
    }
    for (uint64_t i = 0; i < l.groups * l.groupLen; ++i) putBits(out + l.codesAt, i * bits, s.bits, uint32_t(code(i)));
}

} // namespace qb::quant
