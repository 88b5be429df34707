// The MSE clip search (searchGrid, and quantizeRtn's bytes) against the search written out plainly:
// every candidate grid in order from gridFor or its scale code, its squared error summed one element
// at a time in the order integer_grid.cpp documents (lane i % 8 in float, runs of 256 folded as
// ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)) into a double, the tail of fewer than 8 in
// double), the least error winning and ties keeping the larger scale. The grids and bytes must be
// the same on every instruction set the CPU has, so a faster search that picks any other grid fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/quant/code_packing.h"
#include "core/quant/integer_grid.h"
#include "core/quant/rtn.h"

using namespace qb::quant;

namespace {

// The error of one candidate, element by element.
double referenceError(const std::vector<float>& x, const Grid& g, const Codes& r) {
    constexpr float kRound = 12582912.f;
    const float inv = g.scale == 0 ? 0.f : 1.f / g.scale, lo = float(r.lo - g.zero), hi = float(r.hi - g.zero);
    auto term = [&](float v) {
        float q = v * inv;
        q = q < lo ? lo : (q > hi ? hi : q);
        q = (q + kRound) - kRound;
        const float d = v - q * g.scale;
        return d * d;
    };
    const size_t whole = x.size() / 8 * 8;
    double e = 0;
    for (size_t run = 0; run < whole; run += 256) {
        float lane[8] = {};
        for (size_t i = run; i < std::min(whole, run + 256); ++i) lane[i % 8] += term(x[i]);
        e += double(((lane[0] + lane[4]) + (lane[2] + lane[6])) + ((lane[1] + lane[5]) + (lane[3] + lane[7])));
    }
    for (size_t i = whole; i < x.size(); ++i) e += double(term(x[i]));
    return e;
}

// The grid a scale code's candidate has: scale c * super for the range shrunk to it.
Grid codeGrid(const Scheme& s, const Extent& e, double raw, int c, float super) {
    Grid g;
    g.scale = float(c) * super;
    const double shrink = double(g.scale) / raw;
    if (s.symmetric) {
        g.zero = 1 << (s.bits - 1);
    } else {
        const double top = double((1 << s.bits) - 1);
        g.zero = int(std::nearbyint(std::clamp(-shrink * double(e.lo) / double(g.scale), 0.0, top)));
    }
    return g;
}

Grid referenceSearch(const Scheme& s, const std::vector<float>& x, const ClipSearch& search, float super) {
    const Extent e = extentOf(x);
    const Codes r = codeRange(s);
    std::vector<Grid> candidates{gridFor(s, e, 1.0, super)};
    if (!search.enabled || candidates[0].scale == 0 || !std::isfinite(candidates[0].scale)) return candidates[0];
    if (s.scaleBits != 16) {
        const double raw = s.symmetric ? double(e.amax) / double((1 << (s.bits - 1)) - 1)
                                       : (double(e.hi) - double(e.lo)) / double((1 << s.bits) - 1);
        const int top = int(std::clamp(std::ceil(raw / double(super)), 1.0, double(maxScaleCode(s))));
        const int bottom = std::max(1, int(std::ceil(search.minShrink * raw / double(super) - 1e-9)));
        for (int c = top - 1; c >= bottom; --c) candidates.push_back(codeGrid(s, e, raw, c, super));
    } else {
        for (int k = 1;; ++k) {
            const double shrink = 1.0 - k * search.shrinkStep;
            if (shrink < search.minShrink - 1e-9 || shrink <= 0) break;
            candidates.push_back(gridFor(s, e, shrink));
        }
    }
    Grid best = candidates[0];
    double bestErr = referenceError(x, best, r);
    for (size_t k = 1; k < candidates.size(); ++k) {
        const double err = referenceError(x, candidates[k], r);
        if (err < bestErr) {
            bestErr = err;
            best = candidates[k];
        }
    }
    return best;
}

// Restores the default instruction set when a test ends, passed or not.
struct PinnedIsa {
    explicit PinnedIsa(SearchIsa isa) { pinSearchIsa(isa); }
    ~PinnedIsa() { pinSearchIsa(SearchIsa::Auto); }
};

std::vector<SearchIsa> availableIsas() {
    std::vector<SearchIsa> isas;
    for (SearchIsa isa : {SearchIsa::Auto, SearchIsa::Avx512, SearchIsa::Avx2, SearchIsa::Sse2, SearchIsa::Portable})
        if (searchIsaAvailable(isa)) isas.push_back(isa);
    return isas;
}

// Weights of several shapes: Gaussian, heavy outliers, a narrow band off zero (asymmetric zero
// points), tiny values whose fp16 scales are subnormal, and runs of equal values (tied candidates).
std::vector<float> weights(int kind, size_t n, std::mt19937& rng) {
    std::vector<float> w(n);
    std::normal_distribution<float> gauss(0, 0.02f);
    std::uniform_real_distribution<float> uni(-1, 1);
    for (size_t i = 0; i < n; ++i) {
        switch (kind % 5) {
        case 0: w[i] = gauss(rng); break;
        case 1: w[i] = i % 29 == 5 ? 40 * uni(rng) : uni(rng); break;
        case 2: w[i] = 0.3f + 0.05f * uni(rng); break;
        case 3: w[i] = 3e-6f * uni(rng); break;
        default: w[i] = float(int(i % 5) - 2) * 0.125f; break;
        }
    }
    return w;
}

// Every group of several tensors (group lengths from 8 to whole rows of 301, so runs, tails and
// early-dropped blocks all occur), on every instruction set: searchGrid equals the reference
// search, and quantizeRtn's bytes equal the reference grids packed with codeOf.
void expectSameAsReference(const std::vector<std::string>& names, const ClipSearch& search) {
    std::mt19937 rng(20261204);
    for (const std::string& name : names) {
        for (int kind = 0; kind < 5; ++kind) {
            for (int64_t cols : {int64_t(256), int64_t(301), int64_t(1024)}) {
                const int64_t rows = 6;
                const Scheme& s = resolve(scheme(name), cols);
                if (s.granularity == Granularity::Group && cols % s.group != 0) continue;
                const auto w = weights(kind, size_t(rows * cols), rng);
                const IntLayout l = intLayout(s, rows, cols);
                const float super = superScale(s, w, l.groupLen);
                std::vector<Grid> grids(l.groups);
                for (uint64_t g = 0; g < l.groups; ++g)
                    grids[g] = referenceSearch(
                        s, std::vector<float>(w.begin() + long(g * l.groupLen), w.begin() + long((g + 1) * l.groupLen)),
                        search, super);
                std::vector<uint8_t> bytes(*sizeBytes(s, rows, cols), 0);
                const Codes r = codeRange(s);
                packInteger(s, l, grids, [&](uint64_t i) { return codeOf(w[i], grids[i / l.groupLen], r); },
                            bytes.data(), super);
                for (SearchIsa isa : availableIsas()) {
                    const PinnedIsa pin(isa);
                    const std::string what = s.name + " data " + std::to_string(kind) + " cols " +
                                             std::to_string(cols) + " isa " + std::to_string(int(isa));
                    for (uint64_t g = 0; g < l.groups; ++g) {
                        const Grid found =
                            searchGrid(s, std::span<const float>(w).subspan(g * l.groupLen, l.groupLen), search, super);
                        ASSERT_EQ(found.scale, grids[g].scale) << what << " group " << g;
                        ASSERT_EQ(found.zero, grids[g].zero) << what << " group " << g;
                    }
                    RtnOptions opt;
                    opt.clipSearch = search.enabled;
                    opt.minShrink = search.minShrink;
                    opt.shrinkStep = search.shrinkStep;
                    ASSERT_EQ(quantizeRtn(s, w, rows, cols, "t", opt).bytes, bytes) << what;
                }
            }
        }
    }
}

} // namespace

TEST(RtnClipReference, SymmetricFp16ScalesPickTheReferenceGrid) {
    expectSameAsReference({"int4_g32_sym", "int4_g128_sym", "int3_g64_sym", "int8_channel_sym", "int4_channel_sym", "int8_tensor_sym"},
                          ClipSearch{});
    // A finer search than the default: more candidates than one block holds, ties between
    // neighbouring shrinks that round to the same fp16 scale.
    expectSameAsReference({"int4_g32_sym", "int2_g64_sym"}, ClipSearch{true, 0.3, 0.003});
}

TEST(RtnClipReference, AsymmetricFp16ScalesPickTheReferenceGridAndZero) {
    expectSameAsReference({"int4_g32_asym", "int4_g128_asym", "int3_g32_asym", "int8_channel_asym", "int4_tensor_asym"}, ClipSearch{});
    expectSameAsReference({"int4_g64_asym"}, ClipSearch{true, 0.25, 0.0075});
}

TEST(RtnClipReference, ScaleCodesPickTheReferenceCode) {
    expectSameAsReference({"int4_g32_sym_s8", "int4_g32_asym_s8", "int3_g64_asym_s6", "int4_g128_sym_s4",
                           "int8_channel_asym_s8"},
                          ClipSearch{});
}

// RTN's bulk code packing (code_packing.h) against codeOf and putBits one weight at a time, for
// every integer scheme (widths 2..8, symmetric and asymmetric, tensor, channel and group grids,
// fp16 scales and scale codes), on every instruction set the code rounding has.
namespace {

struct PinnedCodeIsa {
    explicit PinnedCodeIsa(CodeIsa isa) { pinCodeIsa(isa); }
    ~PinnedCodeIsa() { pinCodeIsa(CodeIsa::Auto); }
};

std::vector<CodeIsa> availableCodeIsas() {
    std::vector<CodeIsa> isas;
    for (CodeIsa isa : {CodeIsa::Auto, CodeIsa::Avx512, CodeIsa::Avx2, CodeIsa::Sse2, CodeIsa::Portable})
        if (codeIsaAvailable(isa)) isas.push_back(isa);
    return isas;
}

// The codes part of the layout, packed plainly.
std::vector<uint8_t> referenceCodes(const Scheme& s, const IntLayout& l, const std::vector<Grid>& grids,
                                    const std::vector<float>& w, size_t bytes) {
    std::vector<uint8_t> out(bytes, 0);
    const Codes r = codeRange(s);
    for (uint64_t i = 0; i < w.size(); ++i)
        putBits(out.data() + l.codesAt, i * uint64_t(s.bits), s.bits, uint32_t(codeOf(w[i], grids[i / l.groupLen], r)));
    return out;
}

// Gaussian weights with outliers up to 3e38, exact zeros and values on the half-way points of
// the levels of a scale of 2^-6 (ties that round to even).
std::vector<float> packingWeights(size_t n, std::mt19937& rng) {
    std::vector<float> w(n);
    std::normal_distribution<float> gauss(0, 0.05f);
    std::uniform_int_distribution<int> kind(0, 19), level(-300, 300);
    for (auto& v : w) {
        const int k = kind(rng);
        v = k == 0 ? 3e38f * (gauss(rng) > 0 ? 1.f : -1.f) : k == 1 ? 0.f : k < 4 ? (float(level(rng)) + 0.5f) / 64 : gauss(rng);
    }
    return w;
}

} // namespace

TEST(RtnCodePacking, EveryWidthAndGridPacksAsCodeOfOneWeightAtATime) {
    std::mt19937 rng(20261204);
    int checked = 0;
    for (const Scheme& named : schemes()) {
        if (named.kind != SchemeKind::Integer) continue;
        // Rows of 1152 (every group size divides it) in 61 rows: more weights than one parallel
        // part packs; rows of 301 and 7 rows: a tensor that ends inside a byte.
        for (const auto [rows, cols] : {std::pair<int64_t, int64_t>{61, 1152}, {7, 301}}) {
            const Scheme& s = resolve(named, cols);
            if (s.granularity == Granularity::Group && cols % s.group != 0) continue;
            const auto w = packingWeights(size_t(rows * cols), rng);
            const IntLayout l = intLayout(s, rows, cols);
            // Min-max grids of the group's values clipped to 3: the outliers lie far outside
            // them; a shrink per group from 1 to 0.05 clips ever more; every seventh group has a
            // zero scale (every weight gets the zero point), and one an fp16 scale of 2^-6.
            std::vector<float> clipped(w);
            for (float& v : clipped) v = std::clamp(v, -3.f, 3.f);
            const float super = superScale(s, clipped, l.groupLen);
            std::vector<Grid> grids(l.groups);
            for (uint64_t g = 0; g < l.groups; ++g) {
                const Extent e = extentOf(std::span<const float>(clipped).subspan(g * l.groupLen, l.groupLen));
                grids[g] = gridFor(s, e, 1.0 - 0.95 * double(g % 5) / 4, super);
                if (g % 7 == 3) grids[g].scale = 0;
                if (g % 7 == 5 && s.scaleBits == 16) grids[g].scale = 1.f / 64;
            }
            const size_t bytes = *sizeBytes(s, rows, cols);
            const auto expected = referenceCodes(s, l, grids, w, bytes);
            for (CodeIsa isa : availableCodeIsas()) {
                const PinnedCodeIsa pin(isa);
                const std::string what = s.name + " " + std::to_string(rows) + "x" + std::to_string(cols) + " isa " +
                                         std::to_string(int(isa));
                std::vector<uint8_t> whole(bytes, 0), parts(bytes, 0);
                packRoundedCodes(s, l, grids, codeRange(s), w, whole.data(), 0, w.size());
                ASSERT_EQ(whole, expected) << what;
                // In two parts, the second from a byte boundary in the middle, as quantizeRtnRows packs.
                const uint64_t split = uint64_t(rows / 2 * cols) / 8 * 8;
                packRoundedCodes(s, l, grids, codeRange(s), std::span<const float>(w).first(split), parts.data(), 0, split);
                packRoundedCodes(s, l, grids, codeRange(s), std::span<const float>(w).subspan(split), parts.data(), split,
                                 w.size() - split);
                ASSERT_EQ(parts, expected) << what << " in parts";
                ++checked;
            }
        }
    }
    EXPECT_GE(checked, 238 * 2);
}

TEST(RtnCodePacking, QuantizeRtnBytesAreTheGridsAndCodesPackedOneWeightAtATime) {
    std::mt19937 rng(4);
    for (const Scheme& named : schemes()) {
        if (named.kind != SchemeKind::Integer) continue;
        for (const auto [rows, cols] : {std::pair<int64_t, int64_t>{5, 384}, {3, 301}}) {
            const Scheme& s = resolve(named, cols);
            if (s.granularity == Granularity::Group && cols % s.group != 0) continue;
            auto w = weights(int(rng() % 5), size_t(rows * cols), rng);
            w[rng() % w.size()] = 25.f; // an outlier the clip search clips
            const IntLayout l = intLayout(s, rows, cols);
            const float super = superScale(s, w, l.groupLen);
            for (bool search : {false, true}) {
                std::vector<Grid> grids(l.groups);
                for (uint64_t g = 0; g < l.groups; ++g)
                    grids[g] = searchGrid(s, std::span<const float>(w).subspan(g * l.groupLen, l.groupLen),
                                          ClipSearch{search, 0.5, 0.01}, super);
                auto expected = referenceCodes(s, l, grids, w, *sizeBytes(s, rows, cols));
                packGrids(s, l, grids, expected.data(), super);
                RtnOptions opt;
                opt.clipSearch = search;
                for (CodeIsa isa : availableCodeIsas()) {
                    const PinnedCodeIsa pin(isa);
                    ASSERT_EQ(quantizeRtn(s, w, rows, cols, "t", opt).bytes, expected)
                        << s.name << " " << cols << " search " << search << " isa " << int(isa);
                }
            }
        }
    }
}
