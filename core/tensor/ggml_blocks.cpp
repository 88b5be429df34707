#include "core/tensor/ggml_blocks.h"

#include <cstring>

#include "core/tensor/dtype.h"

// Block layouts (ggml-common.h): every field is packed in the order listed, little-endian, and
// "half" is an IEEE binary16. Blocks are read byte-wise, so unaligned mmap data is fine.
namespace qb::ggml {

namespace {

constexpr int kQK = 32;   // elements per block of the legacy formats
constexpr int kQK_K = 256; // elements per K-quant super-block

float half(const unsigned char* p) {
    uint16_t h;
    std::memcpy(&h, p, 2);
    return halfToFloat(h);
}

uint32_t u32(const unsigned char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

const unsigned char* bytes(const void* src) { return static_cast<const unsigned char*>(src); }

// Q4_0 / Q4_1 / Q5_0 / Q5_1 share one element order: byte j holds element j in its low nibble
// and element j+16 in its high nibble; Q5 keeps the fifth bit of element i in bit i of qh.
template <bool kHasMin, bool kHasHighBit>
void legacyBlocks(const void* src, float* dst, int64_t n, int blockBytes) {
    const unsigned char* b = bytes(src);
    for (int64_t blk = 0; blk < n / kQK; ++blk, b += blockBytes, dst += kQK) {
        const float d = half(b);
        const float m = kHasMin ? half(b + 2) : 0.0f;
        const unsigned char* p = b + (kHasMin ? 4 : 2);
        uint32_t qh = 0;
        if constexpr (kHasHighBit) {
            qh = u32(p);
            p += 4;
        }
        // Without a min the quants are centred: 4-bit values minus 8, 5-bit values minus 16.
        const int offset = kHasMin ? 0 : (kHasHighBit ? 16 : 8);
        for (int j = 0; j < kQK / 2; ++j) {
            int lo = p[j] & 0x0f;
            int hi = p[j] >> 4;
            if constexpr (kHasHighBit) {
                lo |= int((qh >> j) & 1u) << 4;
                hi |= int((qh >> (j + 16)) & 1u) << 4;
            }
            dst[j] = float(lo - offset) * d + m;
            dst[j + kQK / 2] = float(hi - offset) * d + m;
        }
    }
}

// Q8_0 is {half d; int8 qs[32]}, Q8_1 adds a half (d * sum of qs) after d that decoding ignores.
void q8Blocks(const void* src, float* dst, int64_t n, int blockBytes) {
    const unsigned char* b = bytes(src);
    for (int64_t blk = 0; blk < n / kQK; ++blk, b += blockBytes, dst += kQK) {
        const float d = half(b);
        const unsigned char* q = b + blockBytes - kQK;
        for (int j = 0; j < kQK; ++j) dst[j] = d * float(int8_t(q[j]));
    }
}

// Q4_K / Q5_K pack eight 6-bit (scale, min) pairs into 12 bytes: pairs 0..3 sit in the low six
// bits of bytes 0..3 (scales) and 4..7 (mins); pairs 4..7 take their low four bits from the
// nibbles of bytes 8..11 and their top two bits from the spare bits 6..7 of bytes 0..7.
void scaleMinK4(int j, const unsigned char* s, int& scale, int& min) {
    if (j < 4) {
        scale = s[j] & 63;
        min = s[j + 4] & 63;
    } else {
        scale = (s[j + 4] & 0x0f) | ((s[j - 4] >> 6) << 4);
        min = (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
    }
}

} // namespace

void dequantQ4_0(const void* src, float* dst, int64_t n) { legacyBlocks<false, false>(src, dst, n, 18); }
void dequantQ4_1(const void* src, float* dst, int64_t n) { legacyBlocks<true, false>(src, dst, n, 20); }
void dequantQ5_0(const void* src, float* dst, int64_t n) { legacyBlocks<false, true>(src, dst, n, 22); }
void dequantQ5_1(const void* src, float* dst, int64_t n) { legacyBlocks<true, true>(src, dst, n, 24); }
void dequantQ8_0(const void* src, float* dst, int64_t n) { q8Blocks(src, dst, n, 34); }
void dequantQ8_1(const void* src, float* dst, int64_t n) { q8Blocks(src, dst, n, 36); }

// Q2_K: {u8 scales[16] (low nibble scale, high nibble min), u8 qs[64], half d, half dmin}.
// Each 128-element half uses 32 bytes of qs; its four 32-element groups are the 2-bit fields at
// shifts 0, 2, 4, 6, and every 16 elements take the next scale byte.
void dequantQ2_K(const void* src, float* dst, int64_t n) {
    const unsigned char* b = bytes(src);
    for (int64_t blk = 0; blk < n / kQK_K; ++blk, b += 84) {
        const unsigned char* scales = b;
        const unsigned char* qs = b + 16;
        const float d = half(b + 80);
        const float dmin = half(b + 82);
        int sub = 0;
        for (int halfIdx = 0; halfIdx < 2; ++halfIdx, qs += 32) {
            for (int shift = 0; shift < 8; shift += 2) {
                for (int part = 0; part < 2; ++part, ++sub) {
                    const float dl = d * float(scales[sub] & 0x0f);
                    const float ml = dmin * float(scales[sub] >> 4);
                    for (int l = 0; l < 16; ++l)
                        *dst++ = dl * float((qs[part * 16 + l] >> shift) & 3) - ml;
                }
            }
        }
    }
}

// Q3_K: {u8 hmask[32], u8 qs[64], u8 scales[12], half d}. Sixteen 6-bit signed scales (stored +32):
// scale i has its low nibble in byte i (i<8) or the high nibble of byte i-8, and its top two bits
// at bit 2*(i/4) of byte 8+i%4. Element values are the 2-bit field minus 4 unless the hmask bit is set.
void dequantQ3_K(const void* src, float* dst, int64_t n) {
    const unsigned char* b = bytes(src);
    for (int64_t blk = 0; blk < n / kQK_K; ++blk, b += 110) {
        const unsigned char* hmask = b;
        const unsigned char* qs = b + 32;
        const unsigned char* sc = b + 96;
        const float d = half(b + 108);
        int scale[16];
        for (int i = 0; i < 16; ++i) {
            const int low = i < 8 ? sc[i] & 0x0f : sc[i - 8] >> 4;
            const int high = (sc[8 + i % 4] >> (2 * (i / 4))) & 3;
            scale[i] = (low | high << 4) - 32;
        }
        int sub = 0;
        int bit = 0; // hmask bit for the current 32-element group
        for (int halfIdx = 0; halfIdx < 2; ++halfIdx, qs += 32) {
            for (int shift = 0; shift < 8; shift += 2, ++bit) {
                for (int part = 0; part < 2; ++part, ++sub) {
                    const float dl = d * float(scale[sub]);
                    for (int l = 0; l < 16; ++l) {
                        const int k = part * 16 + l;
                        const int q = (qs[k] >> shift) & 3;
                        const int hiSet = (hmask[k] >> bit) & 1;
                        *dst++ = dl * float(q - (hiSet ? 0 : 4));
                    }
                }
            }
        }
    }
}

// Q4_K: {half d, half dmin, u8 scales[12], u8 qs[128]}. Each 64 elements use 32 bytes of qs:
// the low nibbles give the first 32 (pair 2k), the high nibbles the next 32 (pair 2k+1).
void dequantQ4_K(const void* src, float* dst, int64_t n) {
    const unsigned char* b = bytes(src);
    for (int64_t blk = 0; blk < n / kQK_K; ++blk, b += 144) {
        const float d = half(b);
        const float dmin = half(b + 2);
        const unsigned char* sc = b + 4;
        const unsigned char* qs = b + 16;
        for (int pair = 0; pair < 8; pair += 2, qs += 32) {
            int s0, m0, s1, m1;
            scaleMinK4(pair, sc, s0, m0);
            scaleMinK4(pair + 1, sc, s1, m1);
            for (int l = 0; l < 32; ++l) *dst++ = d * float(s0) * float(qs[l] & 0x0f) - dmin * float(m0);
            for (int l = 0; l < 32; ++l) *dst++ = d * float(s1) * float(qs[l] >> 4) - dmin * float(m1);
        }
    }
}

// Q5_K: Q4_K plus u8 qh[32] before qs; group g (of 32 elements) takes its fifth bit from bit g of qh[l].
void dequantQ5_K(const void* src, float* dst, int64_t n) {
    const unsigned char* b = bytes(src);
    for (int64_t blk = 0; blk < n / kQK_K; ++blk, b += 176) {
        const float d = half(b);
        const float dmin = half(b + 2);
        const unsigned char* sc = b + 4;
        const unsigned char* qh = b + 16;
        const unsigned char* qs = b + 48;
        for (int pair = 0; pair < 8; pair += 2, qs += 32) {
            int s0, m0, s1, m1;
            scaleMinK4(pair, sc, s0, m0);
            scaleMinK4(pair + 1, sc, s1, m1);
            for (int l = 0; l < 32; ++l) {
                const int q = (qs[l] & 0x0f) | (((qh[l] >> pair) & 1) << 4);
                *dst++ = d * float(s0) * float(q) - dmin * float(m0);
            }
            for (int l = 0; l < 32; ++l) {
                const int q = (qs[l] >> 4) | (((qh[l] >> (pair + 1)) & 1) << 4);
                *dst++ = d * float(s1) * float(q) - dmin * float(m1);
            }
        }
    }
}

// Q6_K: {u8 ql[128], u8 qh[64], i8 scales[16], half d}. Per 128 elements (64 ql bytes, 32 qh
// bytes): element 32*g + l has low nibble from ql[l + 32*(g&1)] (high nibble for g >= 2) and its
// top two bits at bit 2*g of qh[l]; values are stored +32; every 16 elements take the next scale.
void dequantQ6_K(const void* src, float* dst, int64_t n) {
    const unsigned char* b = bytes(src);
    for (int64_t blk = 0; blk < n / kQK_K; ++blk, b += 210) {
        const unsigned char* ql = b;
        const unsigned char* qh = b + 128;
        const auto* sc = reinterpret_cast<const signed char*>(b + 192);
        const float d = half(b + 208);
        for (int halfIdx = 0; halfIdx < 2; ++halfIdx, ql += 64, qh += 32, sc += 8, dst += 128) {
            for (int g = 0; g < 4; ++g) {
                for (int l = 0; l < 32; ++l) {
                    const unsigned char lowByte = ql[l + 32 * (g & 1)];
                    const int low = g < 2 ? lowByte & 0x0f : lowByte >> 4;
                    const int q = (low | ((qh[l] >> (2 * g)) & 3) << 4) - 32;
                    dst[32 * g + l] = d * float(sc[2 * g + l / 16]) * float(q);
                }
            }
        }
    }
}

// Q8_K: {f32 d, i8 qs[256], i16 bsums[16]}; the sums only speed up dot products.
void dequantQ8_K(const void* src, float* dst, int64_t n) {
    const unsigned char* b = bytes(src);
    for (int64_t blk = 0; blk < n / kQK_K; ++blk, b += 292) {
        float d;
        std::memcpy(&d, b, 4);
        for (int j = 0; j < kQK_K; ++j) *dst++ = d * float(int8_t(b[4 + j]));
    }
}

} // namespace qb::ggml
