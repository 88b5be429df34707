#include "core/quant/rtn.h"
#include "core/quant/ggml_quantize.h"

#include <cpuid.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/stats/stats_kernels.h"
#include "core/tensor/ggml_blocks.h"

namespace qb::quant {

namespace {

constexpr int kQK = 32;

void putHalf(unsigned char* p, float v) {
    const uint16_t h = floatToHalf(v);
    std::memcpy(p, &h, 2);
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

// Q4_0 and Q5_0: d = (signed max) / -(2^(bits-1)), codes centred at 2^(bits-1).
template <int kBits>
void centredBlocks(const float* x, void* dst, int64_t n) {
    constexpr int kHalfRange = 1 << (kBits - 1);
    constexpr int kBytes = kBits == 4 ? 18 : 22;
    auto* b = static_cast<unsigned char*>(dst);
    for (int64_t blk = 0; blk < n / kQK; ++blk, x += kQK, b += kBytes) {
        const float d = signedMax(x) / float(-kHalfRange);
        const float id = inverse(d);
        putHalf(b, d);
        uint32_t qh = 0;
        unsigned char* qs = b + (kBits == 4 ? 2 : 6);
        for (int j = 0; j < kQK / 2; ++j) {
            const int lo = truncCode(x[j] * id + (float(kHalfRange) + 0.5f), float(2 * kHalfRange - 1));
            const int hi = truncCode(x[j + kQK / 2] * id + (float(kHalfRange) + 0.5f), float(2 * kHalfRange - 1));
            qs[j] = uint8_t((lo & 0x0f) | (hi & 0x0f) << 4);
            qh |= uint32_t(lo >> 4) << j | uint32_t(hi >> 4) << (j + kQK / 2);
        }
        if constexpr (kBits == 5) std::memcpy(b + 2, &qh, 4);
    }
}

// Q4_1 and Q5_1: d = (max - min) / (2^bits - 1), m = min, codes (x - min)/d rounded half up.
template <int kBits>
void minBlocks(const float* x, void* dst, int64_t n) {
    constexpr int kTop = (1 << kBits) - 1;
    constexpr int kBytes = kBits == 4 ? 20 : 24;
    auto* b = static_cast<unsigned char*>(dst);
    for (int64_t blk = 0; blk < n / kQK; ++blk, x += kQK, b += kBytes) {
        float min, max;
        minMax(x, min, max);
        const float d = (max - min) / float(kTop);
        const float id = inverse(d);
        putHalf(b, d);
        putHalf(b + 2, min);
        uint32_t qh = 0;
        unsigned char* qs = b + (kBits == 4 ? 4 : 8);
        for (int j = 0; j < kQK / 2; ++j) {
            const int lo = truncCode((x[j] - min) * id + 0.5f, float(kTop));
            const int hi = truncCode((x[j + kQK / 2] - min) * id + 0.5f, float(kTop));
            qs[j] = uint8_t((lo & 0x0f) | (hi & 0x0f) << 4);
            qh |= uint32_t(lo >> 4) << j | uint32_t(hi >> 4) << (j + kQK / 2);
        }
        if constexpr (kBits == 5) std::memcpy(b + 4, &qh, 4);
    }
}

} // namespace

// Q8_0: d = amax / 127, codes round(x / d) with halves away from zero (roundf).
void quantizeQ8_0Ref(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<unsigned char*>(dst);
    for (int64_t blk = 0; blk < n / kQK; ++blk, x += kQK, b += 34) {
        float amax = 0.0f;
        for (int j = 0; j < kQK; ++j) amax = std::fmax(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        const float id = inverse(d);
        putHalf(b, d);
        for (int j = 0; j < kQK; ++j) {
            float q = std::round(x[j] * id);
            q = q > -127.0f ? q : -127.0f;
            q = q < 127.0f ? q : 127.0f;
            b[2 + j] = uint8_t(int8_t(q));
        }
    }
}

namespace {

// Q6_K: {u8 ql[128], u8 qh[64], i8 scales[16], half d}; value d * scales[e/16] * (q - 32).
// One block of 256 weights with its fp16 d (already a half) and sub-block scales: codes q =
// clamp(round(x / step) + 32, 0, 63) per element, packed.
void packQ6_K(const float* x, float d, const signed char* subScales, unsigned char* b) {
    std::memset(b, 0, 210);
    putHalf(b + 208, d);
    auto* scales = reinterpret_cast<signed char*>(b + 192);
    std::memcpy(scales, subScales, 16);
    for (int e = 0; e < 256; ++e) {
        const float step = d * float(scales[e / 16]);
        int q = 32;
        if (step != 0.0f) q = int(std::clamp(std::nearbyint(x[e] / step) + 32.0f, 0.0f, 63.0f));
        // Element 128h + 32g + l: low nibble in ql[64h + l + 32(g&1)] (high half for g >= 2),
        // top two bits at bit 2g of qh[32h + l].
        const int h = e / 128, g = (e % 128) / 32, l = e % 32;
        b[64 * h + l + 32 * (g & 1)] |= uint8_t((q & 0x0f) << (g >= 2 ? 4 : 0));
        b[128 + 32 * h + l] |= uint8_t((q >> 4) << (2 * g));
    }
}

// Plain RTN rather than ggml's iterative scale search (so the bytes differ from ggml's, the format
// does not): each 16-weight sub-block wants step (value of largest magnitude)/-32; d is the largest
// of those over -128, and each sub-block scale is rounded away from zero so its step never shrinks
// below what its range needs.
void plainQ6_K(const float* x, unsigned char* b) {
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
    packQ6_K(x, d, scales, b);
}

// Q4_K: {half d, half dmin, u8 scales[12], u8 qs[128]}; sub-block j (32 weights) has value
// d*sc_j*q - dmin*m_j with q, sc_j, m_j in 0..63 (q 0..15). One block with its fp16 d and dmin
// (already halves) and six-bit fields: codes q = clamp(round((x + dmin m_j) / (d sc_j)), 0, 15).
void packQ4_K(const float* x, float d, float dmin, const int* sc, const int* m, unsigned char* b) {
    std::memset(b, 0, 144);
    putHalf(b, d);
    putHalf(b + 2, dmin);
    // Pairs 0..3: low six bits of bytes 0..3 (scales) and 4..7 (mins); pairs 4..7: low four bits
    // in the nibbles of bytes 8..11, top two bits in bits 6..7 of bytes 0..7.
    unsigned char* s6 = b + 4;
    for (int j = 0; j < 4; ++j) {
        s6[j] = uint8_t(sc[j] | (sc[j + 4] >> 4) << 6);
        s6[j + 4] = uint8_t(m[j] | (m[j + 4] >> 4) << 6);
        s6[j + 8] = uint8_t((sc[j + 4] & 0x0f) | (m[j + 4] & 0x0f) << 4);
    }
    // Sub-blocks 2k and 2k+1 share qs[32k..32k+31]: low nibbles, then high nibbles.
    unsigned char* qs = b + 16;
    for (int e = 0; e < 256; ++e) {
        const int j = e / 32;
        const float step = d * float(sc[j]);
        int q = 0;
        if (step > 0.0f) q = int(std::clamp(std::nearbyint((x[e] + dmin * float(m[j])) / step), 0.0f, 15.0f));
        qs[32 * (j / 2) + e % 32] |= uint8_t(q << (j % 2 ? 4 : 0));
    }
}

// Plain RTN rather than ggml's search: m_j covers the sub-block's min (rounded up), sc_j its span
// from there to the max (rounded up), with d and dmin rounded up to halves, so no weight falls
// outside its grid.
void plainQ4_K(const float* x, unsigned char* b) {
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
    packQ4_K(x, d, dmin, sc, m, b);
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

double blockError(const float* x, const unsigned char* b, DType t) {
    float y[256];
    if (t == DType::Q4_K) ggml::dequantQ4_K(b, y, 256);
    else ggml::dequantQ6_K(b, y, 256);
    double e = 0;
    for (int i = 0; i < 256; ++i) e += (double(y[i]) - x[i]) * (double(y[i]) - x[i]);
    return e;
}

// The searched encoding of one block, or nothing when its scales do not fit fp16.
bool searchedQ4_K(const float* x, unsigned char* b) {
    float s[8], m[8], maxS = 0, maxM = 0;
    for (int j = 0; j < 8; ++j) {
        const Fit f = searchQ4_KSub(x + 32 * j);
        s[j] = std::max(f.scale, 0.f);
        m[j] = std::max(-f.offset, 0.f);
        maxS = std::max(maxS, s[j]);
        maxM = std::max(maxM, m[j]);
    }
    const float d = halfToFloat(floatToHalf(maxS / 63.f)), dmin = halfToFloat(floatToHalf(maxM / 63.f));
    if (!std::isfinite(d) || !std::isfinite(dmin)) return false;
    int sc[8], mn[8];
    for (int j = 0; j < 8; ++j) {
        sc[j] = d > 0 ? int(std::clamp(std::nearbyint(s[j] / d), 0.f, 63.f)) : 0;
        mn[j] = dmin > 0 ? int(std::clamp(std::nearbyint(m[j] / dmin), 0.f, 63.f)) : 0;
    }
    packQ4_K(x, d, dmin, sc, mn, b);
    return true;
}

bool searchedQ6_K(const float* x, unsigned char* b) {
    float s[16], maxS = 0;
    for (int j = 0; j < 16; ++j) {
        s[j] = searchQ6_KSub(x + 16 * j).scale;
        maxS = std::max(maxS, std::fabs(s[j]));
    }
    const float d = halfToFloat(floatToHalf(maxS / 127.f));
    if (!std::isfinite(d)) return false;
    signed char scales[16];
    for (int j = 0; j < 16; ++j)
        scales[j] = static_cast<signed char>(d > 0 ? std::clamp(std::nearbyint(s[j] / d), -128.f, 127.f) : 0.f);
    packQ6_K(x, d, scales, b);
    return true;
}

template <DType T, int Bytes, void (*Plain)(const float*, unsigned char*), bool (*Searched)(const float*, unsigned char*)>
void searchBlocks(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<unsigned char*>(dst);
    unsigned char trial[Bytes];
    for (int64_t blk = 0; blk < n / 256; ++blk, x += 256, b += Bytes) {
        Plain(x, b);
        if (Searched(x, trial) && blockError(x, trial, T) < blockError(x, b, T)) std::memcpy(b, trial, Bytes);
    }
}

} // namespace

void quantizeQ6_KRef(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<unsigned char*>(dst);
    for (int64_t blk = 0; blk < n / 256; ++blk) plainQ6_K(x + 256 * blk, b + 210 * blk);
}
void quantizeQ4_KRef(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<unsigned char*>(dst);
    for (int64_t blk = 0; blk < n / 256; ++blk) plainQ4_K(x + 256 * blk, b + 144 * blk);
}
void quantizeQ4_KSearch(const float* x, void* dst, int64_t n) { searchBlocks<DType::Q4_K, 144, plainQ4_K, searchedQ4_K>(x, dst, n); }
void quantizeQ6_KSearch(const float* x, void* dst, int64_t n) { searchBlocks<DType::Q6_K, 210, plainQ6_K, searchedQ6_K>(x, dst, n); }

void quantizeQ4_0Ref(const float* x, void* dst, int64_t n) { centredBlocks<4>(x, dst, n); }
void quantizeQ5_0Ref(const float* x, void* dst, int64_t n) { centredBlocks<5>(x, dst, n); }
void quantizeQ4_1Ref(const float* x, void* dst, int64_t n) { minBlocks<4>(x, dst, n); }
void quantizeQ5_1Ref(const float* x, void* dst, int64_t n) { minBlocks<5>(x, dst, n); }

QuantizeRowFn ggmlQuantizeRef(DType t) {
    switch (t) {
    case DType::Q8_0: return quantizeQ8_0Ref;
    case DType::Q4_0: return quantizeQ4_0Ref;
    case DType::Q4_1: return quantizeQ4_1Ref;
    case DType::Q5_0: return quantizeQ5_0Ref;
    case DType::Q5_1: return quantizeQ5_1Ref;
    case DType::Q4_K: return quantizeQ4_KRef;
    case DType::Q6_K: return quantizeQ6_KRef;
    default: return nullptr;
    }
}

bool haveAvx2F16c() {
    static const bool ok = [] {
        unsigned a, b, c, d;
        return kernels::haveAvx2() && __get_cpuid(1, &a, &b, &c, &d) && (c & bit_F16C) != 0;
    }();
    return ok;
}

QuantizeRowFn ggmlQuantizeSearch(DType t) {
    if (t == DType::Q4_K) return quantizeQ4_KSearch;
    if (t == DType::Q6_K) return quantizeQ6_KSearch;
    return nullptr;
}

QuantizeRowFn ggmlQuantizeFast(DType t) {
    if (haveAvx2F16c()) {
        if (t == DType::Q8_0) return quantizeQ8_0Avx2;
        if (t == DType::Q4_0) return quantizeQ4_0Avx2;
    }
    return ggmlQuantizeRef(t);
}

} // namespace qb::quant
