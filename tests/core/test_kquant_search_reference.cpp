// The K-quant scale search (quantizeQ4_KSearch, quantizeQ6_KSearch) against the search as it was
// written before its candidates went into vector lanes (kquant_search_kernels.h): below, in
// namespace old, the encoders one candidate at a time, every float sum in element order, and the
// plain encodings and packing with std::nearbyint. The bytes must be the same on every instruction
// set the CPU has, so a faster search that sums, rounds, clamps or picks differently fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/quant/ggml_quantize.h"
#include "core/quant/integer_grid.h"
#include "core/quant/kquant_search_kernels.h"
#include "core/tensor/dtype.h"
#include "core/tensor/ggml_block_types.h"
#include "core/tensor/ggml_blocks.h"

using namespace qb;
using namespace qb::quant;

namespace old {

using namespace qb::ggml;

template <typename Block>
void store(void* dst, int64_t i, const Block& b) {
    std::memcpy(static_cast<unsigned char*>(dst) + i * int64_t(sizeof(Block)), &b, sizeof(Block));
}


// The smallest half >= v (v >= 0): rounding a K-quant super-scale up keeps every sub-block's
// range inside what its 6-bit scale and min can reach, even where halves are subnormal.
float halfAtLeast(float v) {
    uint16_t h = floatToHalf(v);
    if (halfToFloat(h) < v) ++h;
    return halfToFloat(h);
}

// Q6_K: value d * scales[e/16] * (q - 32). One block of 256 weights with its fp16 d (already a
// half) and sub-block scales: codes q = clamp(round(x / step) + 32, 0, 63) per element, packed.
BlockQ6_K packQ6_K(const float* x, float d, const signed char* subScales) {
    BlockQ6_K b{};
    b.d = floatToHalf(d);
    std::memcpy(b.scales, subScales, sizeof b.scales);
    for (int e = 0; e < kQK_K; ++e) {
        const float step = d * float(b.scales[e / 16]);
        int q = 32;
        // A NaN code (an infinite d times a zero sub-scale) was converted to int here, which C++
        // leaves undefined; x86 gives INT_MIN, whose packed bits are those of 0 (UBSan's finding).
        if (step != 0.0f) {
            const float c = std::clamp(std::nearbyint(x[e] / step) + 32.0f, 0.0f, 63.0f);
            q = c == c ? int(c) : 0;
        }
        // Element 128h + 32g + l: low nibble in ql[64h + l + 32(g&1)] (high half for g >= 2),
        // top two bits at bit 2g of qh[32h + l].
        const int h = e / 128, g = (e % 128) / 32, l = e % 32;
        b.ql[64 * h + l + 32 * (g & 1)] |= uint8_t((q & 0x0f) << (g >= 2 ? 4 : 0));
        b.qh[32 * h + l] |= uint8_t((q >> 4) << (2 * g));
    }
    return b;
}

// Plain RTN rather than ggml's iterative scale search (so the bytes differ from ggml's, the format
// does not): each 16-weight sub-block wants step (value of largest magnitude)/-32; d is the largest
// of those over -128, and each sub-block scale is rounded away from zero so its step never shrinks
// below what its range needs.
BlockQ6_K plainQ6_K(const float* x) {
    float sub[16];
    float maxScale = 0.0f;
    for (int j = 0; j < 16; ++j) {
        float amax = 0.0f, max = 0.0f;
        for (int l = 0; l < 16; ++l) {
            if (amax < std::fabs(x[16 * j + l])) {
                amax = std::fabs(x[16 * j + l]);
                max = x[16 * j + l];
            }
        }
        sub[j] = max / -32.0f;
        if (std::fabs(sub[j]) > std::fabs(maxScale)) maxScale = sub[j];
    }
    const auto away = [](float v) { return v < 0 ? std::floor(v) : std::ceil(v); };
    // Scales run -128..127: if a sub-block of the other sign would need +128, use 127 steps.
    float iscale = maxScale != 0.0f ? -128.0f / maxScale : 0.0f;
    for (int j = 0; j < 16; ++j)
        if (away(iscale * sub[j]) > 127.0f) iscale = -127.0f / maxScale;
    // A (sub)normal maxScale so small that iscale overflows leaves an all-zero block.
    if (!std::isfinite(iscale)) iscale = 0.0f;
    const float d = halfToFloat(floatToHalf(iscale != 0.0f ? 1.0f / iscale : 0.0f));
    signed char scales[16];
    for (int j = 0; j < 16; ++j) scales[j] = static_cast<signed char>(std::clamp(away(iscale * sub[j]), -128.0f, 127.0f));
    return packQ6_K(x, d, scales);
}

// Q4_K: sub-block j (32 weights) has value d*sc_j*q - dmin*m_j with q, sc_j, m_j in 0..63
// (q 0..15). One block with its fp16 d and dmin (already halves) and six-bit fields: codes
// q = clamp(round((x + dmin m_j) / (d sc_j)), 0, 15).
BlockQ4_K packQ4_K(const float* x, float d, float dmin, const int* sc, const int* m) {
    BlockQ4_K b{};
    b.d = floatToHalf(d);
    b.dmin = floatToHalf(dmin);
    // Pairs 0..3: low six bits of bytes 0..3 (scales) and 4..7 (mins); pairs 4..7: low four bits
    // in the nibbles of bytes 8..11, top two bits in bits 6..7 of bytes 0..7.
    uint8_t* s6 = b.scales;
    for (int j = 0; j < 4; ++j) {
        s6[j] = uint8_t(sc[j] | (sc[j + 4] >> 4) << 6);
        s6[j + 4] = uint8_t(m[j] | (m[j + 4] >> 4) << 6);
        s6[j + 8] = uint8_t((sc[j + 4] & 0x0f) | (m[j + 4] & 0x0f) << 4);
    }
    // Sub-blocks 2k and 2k+1 share qs[32k..32k+31]: low nibbles, then high nibbles.
    for (int e = 0; e < kQK_K; ++e) {
        const int j = e / 32;
        const float step = d * float(sc[j]);
        int q = 0;
        if (step > 0.0f) q = int(std::clamp(std::nearbyint((x[e] + dmin * float(m[j])) / step), 0.0f, 15.0f));
        b.qs[32 * (j / 2) + e % 32] |= uint8_t(q << (j % 2 ? 4 : 0));
    }
    return b;
}

// Plain RTN rather than ggml's search: m_j covers the sub-block's min (rounded up), sc_j its span
// from there to the max (rounded up), with d and dmin rounded up to halves, so no weight falls
// outside its grid.
BlockQ4_K plainQ4_K(const float* x) {
    float lo[8], hi[8], maxMin = 0.0f;
    for (int j = 0; j < 8; ++j) {
        lo[j] = 0.0f; // 0 stays on the grid
        hi[j] = 0.0f;
        for (int l = 0; l < 32; ++l) {
            lo[j] = std::min(lo[j], x[32 * j + l]);
            hi[j] = std::max(hi[j], x[32 * j + l]);
        }
        maxMin = std::max(maxMin, -lo[j]);
    }
    const float dmin = halfAtLeast(maxMin / 63.0f);
    int sc[8], m[8];
    float need[8], maxNeed = 0.0f;
    for (int j = 0; j < 8; ++j) {
        m[j] = dmin > 0.0f ? int(std::clamp(std::ceil(-lo[j] / dmin), 0.0f, 63.0f)) : 0;
        need[j] = (hi[j] + dmin * float(m[j])) / 15.0f;
        maxNeed = std::max(maxNeed, need[j]);
    }
    const float d = halfAtLeast(maxNeed / 63.0f);
    for (int j = 0; j < 8; ++j) sc[j] = d > 0.0f ? int(std::clamp(std::ceil(need[j] / d), 0.0f, 63.0f)) : 0;
    return packQ4_K(x, d, dmin, sc, m);
}

// ---------------------------------------------------------------- K-quant scale search
//
// Per sub-block, the affine grid with the least squared error instead of the min-max one: for
// range divisions (levels - 1 + t) with t in [-1, 1], round, then refit scale and offset to those
// codes by least squares; the sub-block scales are then coded on the block's fp16 d (and dmin)
// to nearest. The block keeps whichever of this and the plain encoding decodes with less error, so
// the search never loses to RTN.

// Least-squares (scale, offset) for x ~ scale * q + offset over n values; offset forced to 0 when
// `centred` or when a positive offset is not allowed (`offsetAtMostZero`).
struct Fit {
    float scale = 0, offset = 0;
    double err = 0;
};

// Round to nearest even for |v| < 2^22, inline (std::nearbyint is a library call without SSE4.1).
inline float roundNear(float v) {
    constexpr float kRound = 12582912.f; // 1.5 * 2^23
    return (v + kRound) - kRound;
}

template <typename Code>
Fit fitCodes(const float* x, int n, Code code, bool centred, bool offsetAtMostZero) {
    float sq = 0, sqq = 0, sx = 0, sqx = 0, sxx = 0; // one pass: the error follows from the sums
    for (int i = 0; i < n; ++i) {
        const float q = code(x[i]);
        sq += q;
        sqq += q * q;
        sx += x[i];
        sqx += q * x[i];
        sxx += x[i] * x[i];
    }
    Fit f;
    const double N = n, det = N * sqq - double(sq) * sq;
    if (!centred && det > 0) {
        f.scale = float((N * sqx - double(sq) * sx) / det);
        f.offset = float((sx - double(f.scale) * sq) / N);
    }
    if (centred || det <= 0 || (offsetAtMostZero && f.offset > 0)) {
        f.offset = 0;
        f.scale = sqq > 0 ? sqx / sqq : 0.f;
    }
    // sum (s q + b - x)^2, expanded
    const double s = f.scale, b = f.offset;
    f.err = std::max(0.0, s * s * sqq + 2 * s * b * sq + N * b * b - 2 * s * sqx - 2 * b * sx + double(sxx));
    return f;
}

// Sub-block j of 32 for Q4_K: value = s q - m, q in 0..15, m >= 0 (the offset is at most 0).
Fit searchQ4_KSub(const float* x) {
    float lo = 0.f, hi = 0.f;
    for (int i = 0; i < 32; ++i) {
        lo = std::min(lo, x[i]);
        hi = std::max(hi, x[i]);
    }
    Fit best;
    best.err = INFINITY;
    if (hi == lo) return Fit{0.f, lo, 0.0};
    for (int t = -10; t <= 10; ++t) {
        const float inv = (15.f + 0.1f * float(t)) / (hi - lo);
        const auto code = [&](float v) { return std::clamp(roundNear((v - lo) * inv), 0.f, 15.f); };
        const Fit f = fitCodes(x, 32, code, false, true);
        if (f.scale > 0 && f.err < best.err) best = f;
    }
    return best;
}

// Sub-block j of 16 for Q6_K: value = s (q - 32), q in 0..63 (symmetric about 0).
Fit searchQ6_KSub(const float* x) {
    float amax = 0.f, max = 0.f;
    for (int i = 0; i < 16; ++i)
        if (std::fabs(x[i]) > amax) {
            amax = std::fabs(x[i]);
            max = x[i];
        }
    Fit best;
    best.err = INFINITY;
    if (amax == 0.f) return Fit{0.f, 0.f, 0.0};
    for (int t = -10; t <= 10; ++t) {
        const float inv = (-32.f + 0.1f * float(t)) / max; // the largest value at the long end
        const auto code = [&](float v) { return std::clamp(roundNear(v * inv), -32.f, 31.f); };
        const Fit f = fitCodes(x, 16, code, true, false);
        if (f.err < best.err) best = f;
    }
    return best;
}

// Squared error of block b (decoded by `decode`) against x.
template <typename Block>
double blockError(const float* x, const Block& b, void (*decode)(const void*, float*, int64_t)) {
    float y[kQK_K];
    decode(&b, y, kQK_K);
    double e = 0;
    for (int i = 0; i < kQK_K; ++i) e += (double(y[i]) - x[i]) * (double(y[i]) - x[i]);
    return e;
}

// The searched encoding of one block, or nothing when its scales do not fit fp16.
std::optional<BlockQ4_K> searchedQ4_K(const float* x) {
    float s[8], m[8], maxS = 0, maxM = 0;
    for (int j = 0; j < 8; ++j) {
        const Fit f = searchQ4_KSub(x + 32 * j);
        s[j] = std::max(f.scale, 0.f);
        m[j] = std::max(-f.offset, 0.f);
        maxS = std::max(maxS, s[j]);
        maxM = std::max(maxM, m[j]);
    }
    const float d = halfToFloat(floatToHalf(maxS / 63.f)), dmin = halfToFloat(floatToHalf(maxM / 63.f));
    if (!std::isfinite(d) || !std::isfinite(dmin)) return std::nullopt;
    int sc[8], mn[8];
    for (int j = 0; j < 8; ++j) {
        sc[j] = d > 0 ? int(std::clamp(std::nearbyint(s[j] / d), 0.f, 63.f)) : 0;
        mn[j] = dmin > 0 ? int(std::clamp(std::nearbyint(m[j] / dmin), 0.f, 63.f)) : 0;
    }
    return packQ4_K(x, d, dmin, sc, mn);
}

std::optional<BlockQ6_K> searchedQ6_K(const float* x) {
    float s[16], maxS = 0;
    for (int j = 0; j < 16; ++j) {
        s[j] = searchQ6_KSub(x + 16 * j).scale;
        maxS = std::max(maxS, std::fabs(s[j]));
    }
    const float d = halfToFloat(floatToHalf(maxS / 127.f));
    if (!std::isfinite(d)) return std::nullopt;
    signed char scales[16];
    for (int j = 0; j < 16; ++j)
        scales[j] = static_cast<signed char>(d > 0 ? std::clamp(std::nearbyint(s[j] / d), -128.f, 127.f) : 0.f);
    return packQ6_K(x, d, scales);
}

// Each block: the plain encoding, or the searched one where it decodes with less error; counts
// how often each happened, so that the test can tell its data reach every branch.
struct Picks {
    int searched = 0, plain = 0, unfit = 0;
};
template <typename Block, Block (*Plain)(const float*), std::optional<Block> (*Searched)(const float*),
          void (*Decode)(const void*, float*, int64_t)>
void searchBlocks(const float* x, void* dst, int64_t n, Picks& picks) {
    for (int64_t blk = 0; blk < n / kQK_K; ++blk, x += kQK_K) {
        const Block plain = Plain(x);
        const std::optional<Block> searched = Searched(x);
        const bool useSearched = searched && blockError(x, *searched, Decode) < blockError(x, plain, Decode);
        ++(useSearched ? picks.searched : searched ? picks.plain : picks.unfit);
        store(dst, blk, useSearched ? *searched : plain);
    }
}

void quantizeQ4_KSearch(const float* x, void* dst, int64_t n, Picks& picks) {
    searchBlocks<BlockQ4_K, plainQ4_K, searchedQ4_K, dequantQ4_K>(x, dst, n, picks);
}
void quantizeQ6_KSearch(const float* x, void* dst, int64_t n, Picks& picks) {
    searchBlocks<BlockQ6_K, plainQ6_K, searchedQ6_K, dequantQ6_K>(x, dst, n, picks);
}
void quantizeQ4_KRef(const float* x, void* dst, int64_t n) {
    for (int64_t blk = 0; blk < n / kQK_K; ++blk) store(dst, blk, plainQ4_K(x + kQK_K * blk));
}
void quantizeQ6_KRef(const float* x, void* dst, int64_t n) {
    for (int64_t blk = 0; blk < n / kQK_K; ++blk) store(dst, blk, plainQ6_K(x + kQK_K * blk));
}

} // namespace old

namespace {

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

constexpr int kKinds = 12;

// One sub-block of 16 values (a Q6_K sub-block, half a Q4_K one) of a given kind, finite always.
void fill16(float* x, int kind, std::mt19937& rng) {
    std::normal_distribution<float> gauss(0, 1);
    std::uniform_real_distribution<float> uni(-1, 1);
    std::uniform_int_distribution<int> small(-6, 6);
    const float sign = uni(rng) < 0 ? -1.f : 1.f;
    // 1e4 .. 1e9: around where the super-scales d = (largest sub-block scale) / 63 or / 127 pass
    // fp16's largest, 65504 (the search then keeps the plain encoding).
    const float huge = std::pow(10.f, 4.f + 5.f * (uni(rng) + 1.f) / 2.f);
    for (int i = 0; i < 16; ++i) {
        switch (kind) {
        case 0: x[i] = 0.02f * gauss(rng); break;                                    // LLM-like weights
        case 1: x[i] = 0.02f * gauss(rng) / std::pow(std::fabs(uni(rng)) + 0.02f, 2.f); break; // heavy tails
        case 2: x[i] = 0.75f * sign; break;                                        // constant
        case 3: x[i] = 0.f; break;                                                   // zeros
        case 4: x[i] = huge * gauss(rng); break;
        case 5: x[i] = i % 3 ? 0.f : huge * uni(rng); break;
        case 6: x[i] = 1e-40f * uni(rng); break;          // float subnormals
        case 7: x[i] = float(small(rng)) * 1.4e-45f; break; // the smallest subnormals: infinite inverses
        case 8: x[i] = 3e-6f * uni(rng); break;           // fp16-subnormal scales
        case 9: x[i] = 0.3f + 0.05f * uni(rng) * sign; break; // one-signed: a positive offset to refit
        case 10: x[i] = float(small(rng)) * 0.125f; break;  // values on a grid: tied candidates
        default: x[i] = i == 7 ? 40.f * sign : 0.01f * uni(rng); break; // one outlier
        }
    }
}

// n / 256 blocks: blocks of one kind, and blocks whose sub-blocks mix kinds.
std::vector<float> weights(size_t blocks, std::mt19937& rng) {
    std::vector<float> w(blocks * 256);
    std::uniform_int_distribution<int> anyKind(0, kKinds - 1);
    for (size_t b = 0; b < blocks; ++b) {
        const int blockKind = int(b % (kKinds + 2));
        for (int s = 0; s < 16; ++s) {
            const int kind = blockKind < kKinds ? blockKind : blockKind == kKinds ? anyKind(rng) : (s % 2 ? 0 : anyKind(rng));
            fill16(w.data() + 256 * b + 16 * s, kind, rng);
        }
    }
    return w;
}

using OldSearch = void (*)(const float*, void*, int64_t, old::Picks&);

void expectOldBytes(DType type, QuantizeRowFn search, QuantizeRowFn plain, OldSearch oldSearch,
                    QuantizeRowFn oldPlain, size_t blockBytes) {
    std::mt19937 rng(20261204);
    old::Picks total;
    for (int round = 0; round < 6; ++round) {
        const size_t blocks = 14 * 9;
        const auto storage = weights(blocks + 1, rng);
        // Rounds 1, 3, 5 read x one float off alignment.
        const float* x = storage.data() + (round % 2);
        const int64_t n = int64_t(blocks * 256);
        std::vector<uint8_t> expected(blocks * blockBytes), expectedPlain(expected.size());
        old::Picks picks;
        oldSearch(x, expected.data(), n, picks);
        oldPlain(x, expectedPlain.data(), n);
        total.searched += picks.searched;
        total.plain += picks.plain;
        total.unfit += picks.unfit;
        for (SearchIsa isa : availableIsas()) {
            const PinnedIsa pin(isa);
            const std::string what =
                std::string(dtypeName(type)) + " round " + std::to_string(round) + " isa " + std::to_string(int(isa));
            std::vector<uint8_t> got(expected.size(), 0xAA), gotPlain(expected.size(), 0xAA);
            search(x, got.data(), n);
            plain(x, gotPlain.data(), n);
            for (size_t b = 0; b < blocks; ++b) {
                ASSERT_EQ(0, std::memcmp(got.data() + b * blockBytes, expected.data() + b * blockBytes, blockBytes))
                    << what << " searched block " << b << " (kind " << b % (kKinds + 2) << ")";
                ASSERT_EQ(0, std::memcmp(gotPlain.data() + b * blockBytes, expectedPlain.data() + b * blockBytes, blockBytes))
                    << what << " plain block " << b << " (kind " << b % (kKinds + 2) << ")";
            }
        }
    }
    std::printf("%s: the old search kept %d searched and %d plain blocks; %d had no fp16 super-scale\n",
                std::string(dtypeName(type)).c_str(), total.searched, total.plain, total.unfit);
    // The data reach each outcome: the searched encoding kept, the plain one kept, no fp16 scale.
    EXPECT_GT(total.searched, 100) << dtypeName(type);
    EXPECT_GT(total.plain, 10) << dtypeName(type);
    EXPECT_GT(total.unfit, 10) << dtypeName(type);
}

} // namespace

TEST(KQuantSearchReference, Q4_KSearchWritesTheOldBytesOnEveryInstructionSet) {
    expectOldBytes(DType::Q4_K, quantizeQ4_KSearch, quantizeQ4_KRef, old::quantizeQ4_KSearch, old::quantizeQ4_KRef,
                   sizeof(ggml::BlockQ4_K));
}

TEST(KQuantSearchReference, Q6_KSearchWritesTheOldBytesOnEveryInstructionSet) {
    expectOldBytes(DType::Q6_K, quantizeQ6_KSearch, quantizeQ6_KRef, old::quantizeQ6_KSearch, old::quantizeQ6_KRef,
                   sizeof(ggml::BlockQ6_K));
}

// The kernels themselves, candidate by candidate: every lane's scale, offset and error has the bits
// fitCodes gives that candidate alone (a last-bit difference in a sum rarely reaches the bytes).
namespace {

bool sameBits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }
bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

} // namespace

TEST(KQuantSearchReference, EveryLaneFitsAsItsCandidateAlone) {
    std::mt19937 rng(7);
    const auto w = weights(14 * 4, rng);
    int checked = 0;
    for (SearchIsa isa : availableIsas()) {
        const PinnedIsa pin(isa);
        const kquant::Kernels k = kquant::kernels();
        for (size_t at = 0; at + 32 <= w.size(); at += 32) {
            const std::string what = "isa " + std::to_string(int(isa)) + " at " + std::to_string(at);
            // Q4_K over 32 values, the inverses as searchQ4_KSub has them.
            const float* x = w.data() + at;
            float lo = 0.f, hi = 0.f;
            for (int i = 0; i < 32; ++i) {
                lo = std::min(lo, x[i]);
                hi = std::max(hi, x[i]);
            }
            alignas(64) float inv[kquant::kLanes];
            kquant::Fits f;
            if (hi != lo) {
                for (int t = -10; t <= 10; ++t) inv[t + 10] = (15.f + 0.1f * float(t)) / (hi - lo);
                for (int l = kquant::kCandidates; l < kquant::kLanes; ++l) inv[l] = inv[0];
                k.q4k(x, lo, inv, f);
                for (int t = -10; t <= 10; ++t) {
                    const auto code = [&](float v) { return std::clamp(old::roundNear((v - lo) * inv[t + 10]), 0.f, 15.f); };
                    const old::Fit r = old::fitCodes(x, 32, code, false, true);
                    ASSERT_TRUE(sameBits(f.scale[t + 10], r.scale)) << "q4_k " << what << " t " << t;
                    ASSERT_TRUE(sameBits(f.offset[t + 10], r.offset)) << "q4_k " << what << " t " << t;
                    ASSERT_TRUE(sameBits(f.err[t + 10], r.err)) << "q4_k " << what << " t " << t;
                    ++checked;
                }
            }
            // Q6_K over each 16.
            for (const float* y : {x, x + 16}) {
                float amax = 0.f, max = 0.f;
                for (int i = 0; i < 16; ++i)
                    if (std::fabs(y[i]) > amax) {
                        amax = std::fabs(y[i]);
                        max = y[i];
                    }
                if (amax == 0.f) continue;
                for (int t = -10; t <= 10; ++t) inv[t + 10] = (-32.f + 0.1f * float(t)) / max;
                for (int l = kquant::kCandidates; l < kquant::kLanes; ++l) inv[l] = inv[0];
                k.q6k(y, inv, f);
                for (int t = -10; t <= 10; ++t) {
                    const auto code = [&](float v) { return std::clamp(old::roundNear(v * inv[t + 10]), -32.f, 31.f); };
                    const old::Fit r = old::fitCodes(y, 16, code, true, false);
                    ASSERT_TRUE(sameBits(f.scale[t + 10], r.scale)) << "q6_k " << what << " t " << t;
                    ASSERT_TRUE(sameBits(f.offset[t + 10], r.offset)) << "q6_k " << what << " t " << t;
                    ASSERT_TRUE(sameBits(f.err[t + 10], r.err)) << "q6_k " << what << " t " << t;
                    ++checked;
                }
            }
        }
    }
    EXPECT_GT(checked, 1000);
}
