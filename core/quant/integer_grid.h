// The grid of the integer schemes (scheme.h), shared by RTN and GPTQ: value = (u - zero) * scale
// for codes u in [lo, hi], the scale rounded as stored (to fp16, or to an 8-bit code times the
// tensor's super-scale), the min-max grid of a group and the MSE clip search over shrunk ranges,
// and the bit packing of the codes.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>

#include "core/domain/scheme.h"
#include "core/util/parallel.h"

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
/// comes back infinite. Scale-code schemes round the scale up to a code c in [1, maxScaleCode]
/// (0 only for an all-zero range) times `super`, the tensor's super-scale (superScale()).
Grid gridFor(const Scheme& s, const Extent& e, double shrink, float super = 0);

/// The largest scale code of a scale-code scheme: 255, 63 or 15.
inline int maxScaleCode(const Scheme& s) { return (1 << s.scaleBits) - 1; }

/// A scale-code scheme's super-scale for a tensor of runs of `groupLen` weights: the least
/// m * 2^e (m in 4..7, e >= -24) with maxScaleCode * it >= every group's min-max scale, so that
/// the largest group gets a code of 4/5 of the top or more and c * super is exact in fp16 (c has
/// at most 8 bits, m 3). 0 for an all-zero tensor, infinite beyond fp16; 0 for fp16-scale
/// schemes, which have none.
float superScale(const Scheme& s, std::span<const float> w, uint64_t groupLen);
/// superScale() in parts, for a tensor read a run of groups at a time: the largest min-max scale
/// of w's groups (the tensor's is the largest of its parts'), and the super-scale from that.
double largestRawScale(const Scheme& s, std::span<const float> w, uint64_t groupLen);
float superScaleFor(const Scheme& s, double largestRaw);

/// round(x / scale) + zero, clamped to r. Rounds half to even as nearbyint() does, by adding and
/// subtracting 1.5 * 2^52 (exact for |q| < 2^51; the clamp first keeps q there), because
/// nearbyint is a library call per weight without SSE4.1.
inline int codeOf(float x, const Grid& g, const Codes& r) {
    if (g.scale == 0) return g.zero;
    constexpr double kRound = 6755399441055744.0, kFar = 1125899906842624.0; // 1.5 * 2^52, 2^50
    double q = std::clamp(double(x) / g.scale, -kFar, kFar);
    q = (q + kRound) - kRound + g.zero;
    return int(std::clamp(q, double(r.lo), double(r.hi)));
}
inline float valueOf(int u, const Grid& g) { return float(u - g.zero) * g.scale; }

/// How far the clip search shrinks a group's range: 1, 1-step, ... down to minShrink.
struct ClipSearch {
    bool enabled = true;
    double minShrink = 0.5;
    double shrinkStep = 0.01;
};

/// The grid of x with the least squared rounding error among the shrunk ranges (ties keep the
/// larger scale); the min-max grid when the search is off. Scale-code schemes search the scale
/// codes themselves, every code from the min-max one down to minShrink of it (shrinkStep unused).
Grid searchGrid(const Scheme& s, std::span<const float> x, const ClipSearch& search, float super = 0);

/// The instruction sets searchGrid can sum its errors with (Auto: the best the CPU has; Portable:
/// plain C++, what a CPU other than x86 runs). Every one sums in the same order, so they all pick
/// the same grid; tests pin each in turn to check that.
enum class SearchIsa { Auto, Avx512, Avx2, Sse2, Portable };
bool searchIsaAvailable(SearchIsa isa);
/// For tests only: the instruction set every later search uses (one the CPU lacks falls back to
/// Portable); Auto restores the default.
void pinSearchIsa(SearchIsa isa);

/// Little-endian bit fields, as the integer layout of scheme.h packs codes and zero points.
void putBits(uint8_t* p, uint64_t pos, int bits, uint32_t v);
uint32_t getBits(const uint8_t* p, uint64_t pos, int bits);

/// Where an integer scheme's parts live in QuantizedTensor::bytes: the super-scale (scale codes
/// only, at 0), the groups' scales (fp16, or packed scale codes) from scalesAt, then the packed zero points
/// (asymmetric only), then the packed codes.
struct IntLayout {
    uint64_t groups, groupLen, scalesAt, zerosAt, codesAt;
};
IntLayout intLayout(const Scheme& s, int64_t rows, int64_t cols);

/// The stored super-scale (0 for fp16-scale schemes or an empty tensor).
float storedSuperScale(const Scheme& s, const IntLayout& l, const uint8_t* bytes);
/// Group g's scale code (scale-code schemes only).
uint32_t storedScaleCode(const Scheme& s, const IntLayout& l, const uint8_t* bytes, uint64_t g);
/// Group g's scale as stored: its fp16 value, or its code times the super-scale (exact in float).
float storedScale(const Scheme& s, const IntLayout& l, const uint8_t* bytes, uint64_t g);

/// Appends little-endian bit fields a whole byte at a time, from a byte-aligned start.
class BitWriter {
public:
    explicit BitWriter(uint8_t* p) : p_(p) {}
    void put(uint32_t v, int bits) {
        acc_ |= uint64_t(v & ((1u << bits) - 1u)) << n_;
        for (n_ += bits; n_ >= 8; n_ -= 8, acc_ >>= 8) *p_++ = uint8_t(acc_);
    }
    /// The last, partial byte (the tensor's end only).
    void flush() {
        if (n_) *p_ |= uint8_t(acc_);
    }

private:
    uint8_t* p_;
    uint64_t acc_ = 0;
    int n_ = 0;
};

/// Writes the super-scale (scale codes), and group g's scale and (asymmetric) zero point from
/// grids[g], into `out` (zero-filled). A scale code's grid must come from gridFor/searchGrid with
/// the same `super`.
void packGrids(const Scheme& s, const IntLayout& l, std::span<const Grid> grids, uint8_t* out, float super = 0);

/// Writes code(i) for the weights i in [first, first + count) into `out`'s codes (zero-filled),
/// `first` a multiple of 8 (8 codes end on a byte), in parallel runs of whole 8-weight blocks;
/// `code` must be thread-safe. Parts written one after the other give the bytes one call gives.
template <typename Code>
void packCodes(const Scheme& s, const IntLayout& l, Code code, uint8_t* out, uint64_t first, uint64_t count) {
    const auto bits = uint64_t(s.bits);
    parallelRanges(int64_t((count + 7) / 8), 8192, [&](int, int64_t begin, int64_t end) {
        BitWriter w(out + l.codesAt + (first / 8 + uint64_t(begin)) * bits);
        const uint64_t last = std::min(count, uint64_t(end) * 8);
        for (uint64_t i = uint64_t(begin) * 8; i < last; ++i) w.put(uint32_t(code(first + i)), s.bits);
        w.flush();
    });
}

/// The whole layout: packGrids, then code(i) for every weight i in order.
template <typename Code>
void packInteger(const Scheme& s, const IntLayout& l, std::span<const Grid> grids, Code code, uint8_t* out,
                 float super = 0) {
    packGrids(s, l, grids, out, super);
    packCodes(s, l, code, out, 0, l.groups * l.groupLen);
}

} // namespace qb::quant
