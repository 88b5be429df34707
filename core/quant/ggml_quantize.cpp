#include "core/quant/rtn.h"
#include "core/quant/ggml_quantize.h"


#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <optional>
#include <vector>

#include "core/quant/kquant_search_kernels.h"
#include "core/tensor/ggml_block_types.h"
#include "core/tensor/ggml_blocks.h"
#include "core/util/cpu_features.h"

namespace qb::quant {

namespace {

using namespace ggml; // the block structs and kQK, kQK_K

// Block i of dst: blocks are built whole in a struct and copied out, so dst needs no alignment.
template <typename Block>
void store(void* dst, int64_t i, const Block& b) {
    std::memcpy(static_cast<unsigned char*>(dst) + i * int64_t(sizeof(Block)), &b, sizeof(Block));
}

// 1/d, or 0 when d is 0 or so small that 1/d overflows (ggml leaves that case to an undefined
// float-to-int conversion; its fp16 scale is 0 then, so every code decodes to 0 anyway).
float inverse(float d) {
    if (d == 0.0f) return 0.0f;
    const float id = 1.0f / d;
    return std::isfinite(id) ? id : 0.0f;
}

// ggml adds 0.5 (or offset + 0.5) and truncates toward zero, capping at the top code; clamping
// in float first keeps the conversion defined. The AVX2 forms clamp in the same order.
int truncCode(float v, float top) {
    v = v > 0.0f ? v : 0.0f;
    v = v < top ? v : top;
    return int(v);
}

// The smallest half >= v (v >= 0): rounding a K-quant super-scale up keeps every sub-block's
// range inside what its 6-bit scale and min can reach, even where halves are subnormal.
float halfAtLeast(float v) {
    uint16_t h = floatToHalf(v);
    if (halfToFloat(h) < v) ++h;
    return halfToFloat(h);
}

// The value of largest magnitude (the first one on ties), keeping its sign.
float signedMax(const float* x) {
    float amax = 0.0f, max = 0.0f;
    for (int j = 0; j < kQK; ++j) {
        if (amax < std::fabs(x[j])) {
            amax = std::fabs(x[j]);
            max = x[j];
        }
    }
    return max;
}

void minMax(const float* x, float& min, float& max) {
    min = x[0];
    max = x[0];
    for (int j = 1; j < kQK; ++j) {
        min = x[j] < min ? x[j] : min;
        max = x[j] > max ? x[j] : max;
    }
}

// Q4_0 (BlockQ4_0) and Q5_0 (BlockQ5_0, with qh): d = (signed max) / -(2^(bits-1)), codes
// centred at 2^(bits-1).
template <typename Block>
void centredBlocks(const float* x, void* dst, int64_t n) {
    constexpr bool kHighBit = requires(Block b) { b.qh; };
    constexpr int kHalfRange = kHighBit ? 16 : 8;
    for (int64_t blk = 0; blk < n / kQK; ++blk, x += kQK) {
        const float d = signedMax(x) / float(-kHalfRange);
        const float id = inverse(d);
        Block b{};
        b.d = floatToHalf(d);
        uint32_t qh = 0;
        for (int j = 0; j < kQK / 2; ++j) {
            const int lo = truncCode(x[j] * id + (float(kHalfRange) + 0.5f), float(2 * kHalfRange - 1));
            const int hi = truncCode(x[j + kQK / 2] * id + (float(kHalfRange) + 0.5f), float(2 * kHalfRange - 1));
            b.qs[j] = uint8_t((lo & 0x0f) | (hi & 0x0f) << 4);
            qh |= uint32_t(lo >> 4) << j | uint32_t(hi >> 4) << (j + kQK / 2);
        }
        if constexpr (kHighBit) std::memcpy(b.qh, &qh, 4);
        store(dst, blk, b);
    }
}

// Q4_1 and Q5_1: d = (max - min) / (2^bits - 1), m = min, codes (x - min)/d rounded half up.
template <typename Block>
void minBlocks(const float* x, void* dst, int64_t n) {
    constexpr bool kHighBit = requires(Block b) { b.qh; };
    constexpr int kTop = kHighBit ? 31 : 15;
    for (int64_t blk = 0; blk < n / kQK; ++blk, x += kQK) {
        float min, max;
        minMax(x, min, max);
        const float d = (max - min) / float(kTop);
        const float id = inverse(d);
        Block b{};
        b.d = floatToHalf(d);
        b.m = floatToHalf(min);
        uint32_t qh = 0;
        for (int j = 0; j < kQK / 2; ++j) {
            const int lo = truncCode((x[j] - min) * id + 0.5f, float(kTop));
            const int hi = truncCode((x[j + kQK / 2] - min) * id + 0.5f, float(kTop));
            b.qs[j] = uint8_t((lo & 0x0f) | (hi & 0x0f) << 4);
            qh |= uint32_t(lo >> 4) << j | uint32_t(hi >> 4) << (j + kQK / 2);
        }
        if constexpr (kHighBit) std::memcpy(b.qh, &qh, 4);
        store(dst, blk, b);
    }
}

} // namespace

// Q8_0: d = amax / 127, codes round(x / d) with halves away from zero (roundf).
void quantizeQ8_0Ref(const float* x, void* dst, int64_t n) {
    for (int64_t blk = 0; blk < n / kQK; ++blk, x += kQK) {
        float amax = 0.0f;
        for (int j = 0; j < kQK; ++j) amax = std::fmax(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        const float id = inverse(d);
        BlockQ8_0 b;
        b.d = floatToHalf(d);
        for (int j = 0; j < kQK; ++j) {
            float q = std::round(x[j] * id);
            q = q > -127.0f ? q : -127.0f;
            q = q < 127.0f ? q : 127.0f;
            b.qs[j] = int8_t(q);
        }
        store(dst, blk, b);
    }
}

namespace {

// Round to nearest even, inline (std::nearbyint is a library call without SSE4.1): exact for
// |v| < 2^22; beyond, the result stays beyond 2^22 in magnitude (or is v, or infinite), which
// every caller clamps to its top or bottom code as it would nearbyint's.
inline float roundNear(float v) {
    constexpr float kRound = 12582912.f; // 1.5 * 2^23
    return (v + kRound) - kRound;
}

// min(0, x...) and max(0, x...) of 32 values, as std::min and std::max one value at a time give
// them, in eight partial lanes the compiler vectorizes without branches: starting from +0, a -0
// never replaces a partial min or max, so the order cannot change the result (inputs are finite).
inline void rangeWithZero32(const float* x, float& lo, float& hi) {
    float lo8[8] = {}, hi8[8] = {};
    for (int i = 0; i < 32; i += 8)
        for (int k = 0; k < 8; ++k) {
            lo8[k] = std::min(lo8[k], x[i + k]);
            hi8[k] = std::max(hi8[k], x[i + k]);
        }
    lo = 0.0f;
    hi = 0.0f;
    for (int k = 0; k < 8; ++k) {
        lo = std::min(lo, lo8[k]);
        hi = std::max(hi, hi8[k]);
    }
}

// The value of largest magnitude among 16, the first on ties, +0 when all are zero: what a strict
// comparison one value at a time finds, without its unpredictable branches (the largest magnitude
// first, then the first value whose magnitude has its bits).
inline float signedMax16(const float* x) {
    float abs8[8] = {};
    for (int i = 0; i < 16; i += 8)
        for (int k = 0; k < 8; ++k) abs8[k] = std::max(abs8[k], std::fabs(x[i + k]));
    float amax = 0.0f;
    for (int k = 0; k < 8; ++k) amax = std::max(amax, abs8[k]);
    if (amax == 0.0f) return 0.0f;
    const uint32_t bits = std::bit_cast<uint32_t>(amax);
    uint32_t at = 0;
    for (int i = 0; i < 16; ++i) at |= uint32_t((std::bit_cast<uint32_t>(x[i]) & 0x7fffffffu) == bits) << i;
    return x[std::countr_zero(at)];
}

// Q6_K: value d * scales[e/16] * (q - 32). One block of 256 weights with its fp16 d (already a
// half) and sub-block scales: codes q = clamp(round(x / step) + 32, 0, 63) per element, packed.
BlockQ6_K packQ6_K(const float* x, float d, const signed char* subScales) {
    BlockQ6_K b{};
    b.d = floatToHalf(d);
    std::memcpy(b.scales, subScales, sizeof b.scales);
    // The codes first, in loops the compiler vectorizes (roundNear: see there).
    uint8_t codes[kQK_K];
    for (int j = 0; j < 16; ++j) {
        const float step = d * float(b.scales[j]);
        for (int l = 0; l < 16; ++l) {
            const float q = std::clamp(roundNear(x[16 * j + l] / step) + 32.0f, 0.0f, 63.0f);
            // A NaN code (an infinite d times a zero sub-scale) packs as 0, not through an
            // undefined conversion.
            const float c = step != 0.0f ? q : 32.0f;
            codes[16 * j + l] = c == c ? uint8_t(int(c)) : uint8_t(0);
        }
    }
    // Element 128h + 32g + l: low nibble in ql[64h + l + 32(g&1)] (high half for g >= 2), top two
    // bits at bit 2g of qh[32h + l].
    for (int h = 0; h < 2; ++h) {
        const uint8_t* c = codes + 128 * h;
        for (int l = 0; l < 32; ++l) {
            b.ql[64 * h + l] = uint8_t((c[l] & 0x0f) | (c[64 + l] & 0x0f) << 4);
            b.ql[64 * h + 32 + l] = uint8_t((c[32 + l] & 0x0f) | (c[96 + l] & 0x0f) << 4);
            b.qh[32 * h + l] = uint8_t(c[l] >> 4 | (c[32 + l] >> 4) << 2 | (c[64 + l] >> 4) << 4 | (c[96 + l] >> 4) << 6);
        }
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
        sub[j] = signedMax16(x + 16 * j) / -32.0f;
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
    // The codes first, in loops the compiler vectorizes (roundNear: see there).
    uint8_t codes[kQK_K];
    for (int j = 0; j < 8; ++j) {
        const float step = d * float(sc[j]), shift = dmin * float(m[j]);
        for (int l = 0; l < 32; ++l) {
            const float q = std::clamp(roundNear((x[32 * j + l] + shift) / step), 0.0f, 15.0f);
            codes[32 * j + l] = uint8_t(int(step > 0.0f ? q : 0.0f));
        }
    }
    // Sub-blocks 2k and 2k+1 share qs[32k..32k+31]: low nibbles, then high nibbles.
    for (int k = 0; k < 4; ++k)
        for (int l = 0; l < 32; ++l) b.qs[32 * k + l] = uint8_t(codes[64 * k + l] | codes[64 * k + 32 + l] << 4);
    return b;
}

// Plain RTN rather than ggml's search: m_j covers the sub-block's min (rounded up), sc_j its span
// from there to the max (rounded up), with d and dmin rounded up to halves, so no weight falls
// outside its grid.
BlockQ4_K plainQ4_K(const float* x) {
    float lo[8], hi[8], maxMin = 0.0f;
    for (int j = 0; j < 8; ++j) {
        rangeWithZero32(x + 32 * j, lo[j], hi[j]); // 0 stays on the grid
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

// A sub-block's least-squares (scale, offset) for x ~ scale * q + offset and its squared error.
struct Fit {
    float scale = 0, offset = 0;
    double err = 0;
};

// The first candidate with the least error (and, when `positive`, a scale > 0), or `none` when no
// error is below infinity: the search's strict `<` in candidate order. Selects rather than
// branches, since which candidate wins is the data's whim.
Fit pickFit(const kquant::Fits& f, bool positive, Fit none) {
    int pick = -1;
    double least = none.err;
    for (int l = 0; l < kquant::kCandidates; ++l) {
        const bool better = (f.err[l] < least) & (!positive | (f.scale[l] > 0));
        least = better ? f.err[l] : least;
        pick = better ? l : pick;
    }
    return pick < 0 ? none : Fit{f.scale[pick], f.offset[pick], f.err[pick]};
}

// The candidates' fits come from kquant_search_kernels.h, all 21 at once, a candidate per vector
// lane; each lane sums and fits as a candidate alone did, so the same one wins.

// Sub-block j of 32 for Q4_K: value = s q - m, q in 0..15, m >= 0 (the offset is at most 0).
Fit searchQ4_KSub(const float* x, kquant::Q4_KFits fits) {
    float lo, hi;
    rangeWithZero32(x, lo, hi);
    Fit best;
    best.err = INFINITY;
    if (hi == lo) return Fit{0.f, lo, 0.0};
    alignas(64) float inv[kquant::kLanes];
    for (int t = -10; t <= 10; ++t) inv[t + 10] = (15.f + 0.1f * float(t)) / (hi - lo);
    for (int l = kquant::kCandidates; l < kquant::kLanes; ++l) inv[l] = inv[0];
    kquant::Fits f;
    fits(x, lo, inv, f);
    return pickFit(f, true, best);
}

// Sub-block j of 16 for Q6_K: value = s (q - 32), q in 0..63 (symmetric about 0).
Fit searchQ6_KSub(const float* x, kquant::Q6_KFits fits) {
    const float max = signedMax16(x);
    Fit best;
    best.err = INFINITY;
    if (max == 0.f) return Fit{0.f, 0.f, 0.0};
    alignas(64) float inv[kquant::kLanes];
    for (int t = -10; t <= 10; ++t) inv[t + 10] = (-32.f + 0.1f * float(t)) / max; // the largest value at the long end
    for (int l = kquant::kCandidates; l < kquant::kLanes; ++l) inv[l] = inv[0];
    kquant::Fits f;
    fits(x, inv, f);
    return pickFit(f, false, best);
}

// Squared errors of blocks a and b (decoded by `decode`) against x, each summed in element order;
// the two sums go in one loop so that neither waits on the other's additions.
template <typename Block>
void blockErrors(const float* x, const Block& a, const Block& b, void (*decode)(const void*, float*, int64_t),
                 double& errA, double& errB) {
    float ya[kQK_K], yb[kQK_K];
    decode(&a, ya, kQK_K);
    decode(&b, yb, kQK_K);
    double ea = 0, eb = 0;
    for (int i = 0; i < kQK_K; ++i) {
        ea += (double(ya[i]) - x[i]) * (double(ya[i]) - x[i]);
        eb += (double(yb[i]) - x[i]) * (double(yb[i]) - x[i]);
    }
    errA = ea;
    errB = eb;
}

// The searched encoding of one block, or nothing when its scales do not fit fp16.
std::optional<BlockQ4_K> searchedQ4_K(const float* x) {
    const kquant::Q4_KFits fits = kquant::kernels().q4k;
    float s[8], m[8], maxS = 0, maxM = 0;
    for (int j = 0; j < 8; ++j) {
        const Fit f = searchQ4_KSub(x + 32 * j, fits);
        s[j] = std::max(f.scale, 0.f);
        m[j] = std::max(-f.offset, 0.f);
        maxS = std::max(maxS, s[j]);
        maxM = std::max(maxM, m[j]);
    }
    const float d = halfToFloat(floatToHalf(maxS / 63.f)), dmin = halfToFloat(floatToHalf(maxM / 63.f));
    if (!std::isfinite(d) || !std::isfinite(dmin)) return std::nullopt;
    int sc[8], mn[8];
    for (int j = 0; j < 8; ++j) {
        sc[j] = d > 0 ? int(std::clamp(roundNear(s[j] / d), 0.f, 63.f)) : 0;
        mn[j] = dmin > 0 ? int(std::clamp(roundNear(m[j] / dmin), 0.f, 63.f)) : 0;
    }
    return packQ4_K(x, d, dmin, sc, mn);
}

std::optional<BlockQ6_K> searchedQ6_K(const float* x) {
    const kquant::Q6_KFits fits = kquant::kernels().q6k;
    float s[16], maxS = 0;
    for (int j = 0; j < 16; ++j) {
        s[j] = searchQ6_KSub(x + 16 * j, fits).scale;
        maxS = std::max(maxS, std::fabs(s[j]));
    }
    const float d = halfToFloat(floatToHalf(maxS / 127.f));
    if (!std::isfinite(d)) return std::nullopt;
    signed char scales[16];
    for (int j = 0; j < 16; ++j)
        scales[j] = static_cast<signed char>(d > 0 ? std::clamp(roundNear(s[j] / d), -128.f, 127.f) : 0.f);
    return packQ6_K(x, d, scales);
}

// Each block: the plain encoding, or the searched one where it decodes with less error.
template <typename Block, Block (*Plain)(const float*), std::optional<Block> (*Searched)(const float*),
          void (*Decode)(const void*, float*, int64_t)>
void searchBlocks(const float* x, void* dst, int64_t n) {
    for (int64_t blk = 0; blk < n / kQK_K; ++blk, x += kQK_K) {
        const Block plain = Plain(x);
        const std::optional<Block> searched = Searched(x);
        double searchedErr = 0, plainErr = 0;
        if (searched) blockErrors(x, *searched, plain, Decode, searchedErr, plainErr);
        store(dst, blk, searched && searchedErr < plainErr ? *searched : plain);
    }
}

template <typename Block, Block (*Plain)(const float*)>
void plainBlocks(const float* x, void* dst, int64_t n) {
    for (int64_t blk = 0; blk < n / kQK_K; ++blk) store(dst, blk, Plain(x + kQK_K * blk));
}

} // namespace

void quantizeQ6_KRef(const float* x, void* dst, int64_t n) { plainBlocks<BlockQ6_K, plainQ6_K>(x, dst, n); }
void quantizeQ4_KRef(const float* x, void* dst, int64_t n) { plainBlocks<BlockQ4_K, plainQ4_K>(x, dst, n); }
void quantizeQ4_KSearch(const float* x, void* dst, int64_t n) {
    searchBlocks<BlockQ4_K, plainQ4_K, searchedQ4_K, dequantQ4_K>(x, dst, n);
}
void quantizeQ6_KSearch(const float* x, void* dst, int64_t n) {
    searchBlocks<BlockQ6_K, plainQ6_K, searchedQ6_K, dequantQ6_K>(x, dst, n);
}

void quantizeQ4_0Ref(const float* x, void* dst, int64_t n) { centredBlocks<BlockQ4_0>(x, dst, n); }
void quantizeQ5_0Ref(const float* x, void* dst, int64_t n) { centredBlocks<BlockQ5_0>(x, dst, n); }
void quantizeQ4_1Ref(const float* x, void* dst, int64_t n) { minBlocks<BlockQ4_1>(x, dst, n); }
void quantizeQ5_1Ref(const float* x, void* dst, int64_t n) { minBlocks<BlockQ5_1>(x, dst, n); }

namespace {

// Encoders per type; the name, block size, bytes and decoder come from the dtype traits, whose
// block sizes are the structs' (ggml_block_types.h).
struct Encoders {
    DType type;
    QuantizeRowFn reference, avx2, search;
};
constexpr Encoders kEncoders[] = {
    {DType::Q4_0, quantizeQ4_0Ref, quantizeQ4_0Avx2, nullptr},
    {DType::Q4_1, quantizeQ4_1Ref, nullptr, nullptr},
    {DType::Q5_0, quantizeQ5_0Ref, nullptr, nullptr},
    {DType::Q5_1, quantizeQ5_1Ref, nullptr, nullptr},
    {DType::Q8_0, quantizeQ8_0Ref, quantizeQ8_0Avx2, nullptr},
    {DType::Q8_1, nullptr, nullptr, nullptr},
    {DType::Q2_K, nullptr, nullptr, nullptr},
    {DType::Q3_K, nullptr, nullptr, nullptr},
    {DType::Q4_K, quantizeQ4_KRef, nullptr, quantizeQ4_KSearch},
    {DType::Q5_K, nullptr, nullptr, nullptr},
    {DType::Q6_K, quantizeQ6_KRef, nullptr, quantizeQ6_KSearch},
    {DType::Q8_K, nullptr, nullptr, nullptr},
};

std::vector<GgmlFormat> buildFormats() {
    std::vector<GgmlFormat> out;
    for (const Encoders& e : kEncoders) {
        const DTypeTraits& t = traits(e.type);
        out.push_back({e.type, t.name, t.blockElems, t.blockBytes, t.toFloat, e.reference, e.avx2, e.search});
    }
    return out;
}

} // namespace

std::span<const GgmlFormat> ggmlFormats() {
    static const std::vector<GgmlFormat> formats = buildFormats();
    return formats;
}

const GgmlFormat* ggmlFormat(DType t) {
    for (const GgmlFormat& f : ggmlFormats())
        if (f.type == t) return &f;
    return nullptr;
}

QuantizeRowFn ggmlQuantizeRef(DType t) {
    const GgmlFormat* f = ggmlFormat(t);
    return f ? f->encode : nullptr;
}

QuantizeRowFn ggmlQuantizeSearch(DType t) {
    const GgmlFormat* f = ggmlFormat(t);
    return f ? f->encodeSearch : nullptr;
}

QuantizeRowFn ggmlQuantizeFast(DType t) {
    const GgmlFormat* f = ggmlFormat(t);
    if (!f) return nullptr;
    return f->encodeAvx2 && cpuFeatures().f16c ? f->encodeAvx2 : f->encode;
}

} // namespace qb::quant
