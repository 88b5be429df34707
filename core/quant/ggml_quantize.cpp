#include "core/quant/ggml_quantize.h"

#include <cpuid.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/stats/stats_kernels.h"

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

// Q6_K: {u8 ql[128], u8 qh[64], i8 scales[16], half d}; value d * scales[e/16] * (q - 32). Plain
// RTN rather than ggml's iterative scale search (so the bytes differ from ggml's, the format does
// not): each 16-weight sub-block wants step (value of largest magnitude)/-32; d is the largest of
// those over -128, and each sub-block scale is rounded away from zero so its step never shrinks
// below what its range needs.
void quantizeQ6_KRef(const float* x, void* dst, int64_t n) {
    constexpr int kQK_K = 256;
    auto* b = static_cast<unsigned char*>(dst);
    for (int64_t blk = 0; blk < n / kQK_K; ++blk, x += kQK_K, b += 210) {
        std::memset(b, 0, 210);
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
        putHalf(b + 208, d);
        auto* scales = reinterpret_cast<signed char*>(b + 192);
        for (int j = 0; j < 16; ++j)
            scales[j] = static_cast<signed char>(std::clamp(away(iscale * sub[j]), -128.0f, 127.0f));
        for (int e = 0; e < kQK_K; ++e) {
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
}

// Q4_K: {half d, half dmin, u8 scales[12], u8 qs[128]}; sub-block j (32 weights) has value
// d*sc_j*q - dmin*m_j with q, sc_j, m_j in 0..63 (q 0..15). Plain RTN rather than ggml's search:
// m_j covers the sub-block's min (rounded up), sc_j its span from there to the max (rounded up),
// with d and dmin rounded up to halves, so no weight falls outside its grid.
void quantizeQ4_KRef(const float* x, void* dst, int64_t n) {
    constexpr int kQK_K = 256;
    auto* b = static_cast<unsigned char*>(dst);
    for (int64_t blk = 0; blk < n / kQK_K; ++blk, x += kQK_K, b += 144) {
        std::memset(b, 0, 144);
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
        putHalf(b, d); // exact: d and dmin are already halves
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
        for (int e = 0; e < kQK_K; ++e) {
            const int j = e / 32;
            const float step = d * float(sc[j]);
            int q = 0;
            if (step > 0.0f)
                q = int(std::clamp(std::nearbyint((x[e] + dmin * float(m[j])) / step), 0.0f, 15.0f));
            qs[32 * (j / 2) + e % 32] |= uint8_t(q << (j % 2 ? 4 : 0));
        }
    }
}

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

QuantizeRowFn ggmlQuantizeFast(DType t) {
    if (haveAvx2F16c()) {
        if (t == DType::Q8_0) return quantizeQ8_0Avx2;
        if (t == DType::Q4_0) return quantizeQ4_0Avx2;
    }
    return ggmlQuantizeRef(t);
}

} // namespace qb::quant
