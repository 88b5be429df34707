#include "core/tensor/ggml_blocks.h"

#include <cstring>

#include "core/tensor/dtype.h"
#include "core/tensor/ggml_block_types.h"

// Block layouts: ggml_block_types.h. Each block is copied out of the (possibly unaligned, mmapped)
// source before it is read.
namespace qb::ggml {

namespace {

float half(Half h) { return halfToFloat(h); }

// Block i of src, copied.
template <typename Block>
Block block(const void* src, int64_t i) {
    Block b;
    std::memcpy(&b, static_cast<const unsigned char*>(src) + i * int64_t(sizeof(Block)), sizeof(Block));
    return b;
}

// Q4_0 / Q4_1 / Q5_0 / Q5_1 share one element order: byte j holds element j in its low nibble
// and element j+16 in its high nibble; Q5 keeps the fifth bit of element i in bit i of qh.
template <typename Block>
void legacyBlocks(const void* src, float* dst, int64_t n) {
    constexpr bool kHasMin = requires(Block b) { b.m; };
    constexpr bool kHasHighBit = requires(Block b) { b.qh; };
    for (int64_t i = 0; i < n / kQK; ++i, dst += kQK) {
        const Block b = block<Block>(src, i);
        const float d = half(b.d);
        float m = 0.0f;
        if constexpr (kHasMin) m = half(b.m);
        uint32_t qh = 0;
        if constexpr (kHasHighBit) std::memcpy(&qh, b.qh, 4);
        // Without a min the quants are centred: 4-bit values minus 8, 5-bit values minus 16.
        const int offset = kHasMin ? 0 : (kHasHighBit ? 16 : 8);
        for (int j = 0; j < kQK / 2; ++j) {
            int lo = b.qs[j] & 0x0f;
            int hi = b.qs[j] >> 4;
            if constexpr (kHasHighBit) {
                lo |= int((qh >> j) & 1u) << 4;
                hi |= int((qh >> (j + 16)) & 1u) << 4;
            }
            dst[j] = float(lo - offset) * d + m;
            dst[j + kQK / 2] = float(hi - offset) * d + m;
        }
    }
}

// Q8_0 and Q8_1 (whose sum s decoding ignores).
template <typename Block>
void q8Blocks(const void* src, float* dst, int64_t n) {
    for (int64_t i = 0; i < n / kQK; ++i, dst += kQK) {
        const Block b = block<Block>(src, i);
        const float d = half(b.d);
        for (int j = 0; j < kQK; ++j) dst[j] = d * float(b.qs[j]);
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

void dequantQ4_0(const void* src, float* dst, int64_t n) { legacyBlocks<BlockQ4_0>(src, dst, n); }
void dequantQ4_1(const void* src, float* dst, int64_t n) { legacyBlocks<BlockQ4_1>(src, dst, n); }
void dequantQ5_0(const void* src, float* dst, int64_t n) { legacyBlocks<BlockQ5_0>(src, dst, n); }
void dequantQ5_1(const void* src, float* dst, int64_t n) { legacyBlocks<BlockQ5_1>(src, dst, n); }
void dequantQ8_0(const void* src, float* dst, int64_t n) { q8Blocks<BlockQ8_0>(src, dst, n); }
void dequantQ8_1(const void* src, float* dst, int64_t n) { q8Blocks<BlockQ8_1>(src, dst, n); }

// Q2_K: each 128-element half uses 32 bytes of qs; its four 32-element groups are the 2-bit
// fields at shifts 0, 2, 4, 6, and every 16 elements take the next scale byte (low nibble scale,
// high nibble min).
void dequantQ2_K(const void* src, float* dst, int64_t n) {
    for (int64_t i = 0; i < n / kQK_K; ++i) {
        const BlockQ2_K b = block<BlockQ2_K>(src, i);
        const uint8_t* qs = b.qs;
        const float d = half(b.d);
        const float dmin = half(b.dmin);
        int sub = 0;
        for (int halfIdx = 0; halfIdx < 2; ++halfIdx, qs += 32) {
            for (int shift = 0; shift < 8; shift += 2) {
                for (int part = 0; part < 2; ++part, ++sub) {
                    const float dl = d * float(b.scales[sub] & 0x0f);
                    const float ml = dmin * float(b.scales[sub] >> 4);
                    for (int l = 0; l < 16; ++l)
                        *dst++ = dl * float((qs[part * 16 + l] >> shift) & 3) - ml;
                }
            }
        }
    }
}

// Q3_K: sixteen 6-bit signed scales (stored +32): scale i has its low nibble in byte i (i<8) or
// the high nibble of byte i-8, and its top two bits at bit 2*(i/4) of byte 8+i%4. Element values
// are the 2-bit field minus 4 unless the hmask bit is set.
void dequantQ3_K(const void* src, float* dst, int64_t n) {
    for (int64_t i = 0; i < n / kQK_K; ++i) {
        const BlockQ3_K b = block<BlockQ3_K>(src, i);
        const uint8_t* qs = b.qs;
        const uint8_t* sc = b.scales;
        const float d = half(b.d);
        int scale[16];
        for (int k = 0; k < 16; ++k) {
            const int low = k < 8 ? sc[k] & 0x0f : sc[k - 8] >> 4;
            const int high = (sc[8 + k % 4] >> (2 * (k / 4))) & 3;
            scale[k] = (low | high << 4) - 32;
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
                        const int hiSet = (b.hmask[k] >> bit) & 1;
                        *dst++ = dl * float(q - (hiSet ? 0 : 4));
                    }
                }
            }
        }
    }
}

// Q4_K: each 64 elements use 32 bytes of qs: the low nibbles give the first 32 (pair 2k), the
// high nibbles the next 32 (pair 2k+1).
void dequantQ4_K(const void* src, float* dst, int64_t n) {
    for (int64_t i = 0; i < n / kQK_K; ++i) {
        const BlockQ4_K b = block<BlockQ4_K>(src, i);
        const float d = half(b.d);
        const float dmin = half(b.dmin);
        const uint8_t* qs = b.qs;
        for (int pair = 0; pair < 8; pair += 2, qs += 32) {
            int s0, m0, s1, m1;
            scaleMinK4(pair, b.scales, s0, m0);
            scaleMinK4(pair + 1, b.scales, s1, m1);
            for (int l = 0; l < 32; ++l) *dst++ = d * float(s0) * float(qs[l] & 0x0f) - dmin * float(m0);
            for (int l = 0; l < 32; ++l) *dst++ = d * float(s1) * float(qs[l] >> 4) - dmin * float(m1);
        }
    }
}

// Q5_K: Q4_K plus qh; group g (of 32 elements) takes its fifth bit from bit g of qh[l].
void dequantQ5_K(const void* src, float* dst, int64_t n) {
    for (int64_t i = 0; i < n / kQK_K; ++i) {
        const BlockQ5_K b = block<BlockQ5_K>(src, i);
        const float d = half(b.d);
        const float dmin = half(b.dmin);
        const uint8_t* qh = b.qh;
        const uint8_t* qs = b.qs;
        for (int pair = 0; pair < 8; pair += 2, qs += 32) {
            int s0, m0, s1, m1;
            scaleMinK4(pair, b.scales, s0, m0);
            scaleMinK4(pair + 1, b.scales, s1, m1);
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

// Q6_K: per 128 elements (64 ql bytes, 32 qh bytes): element 32*g + l has low nibble from
// ql[l + 32*(g&1)] (high nibble for g >= 2) and its top two bits at bit 2*g of qh[l]; values are
// stored +32; every 16 elements take the next scale.
void dequantQ6_K(const void* src, float* dst, int64_t n) {
    for (int64_t i = 0; i < n / kQK_K; ++i) {
        const BlockQ6_K b = block<BlockQ6_K>(src, i);
        const uint8_t* ql = b.ql;
        const uint8_t* qh = b.qh;
        const int8_t* sc = b.scales;
        const float d = half(b.d);
        for (int halfIdx = 0; halfIdx < 2; ++halfIdx, ql += 64, qh += 32, sc += 8, dst += 128) {
            // Runs of 16 with one scale, in loops the compiler vectorizes (the K-quant search
            // decodes every block it writes twice).
            for (int g = 0; g < 4; ++g) {
                const uint8_t* low = ql + 32 * (g & 1);
                const int lowShift = g < 2 ? 0 : 4;
                for (int r = 0; r < 2; ++r) {
                    const float step = d * float(sc[2 * g + r]);
                    for (int l = 16 * r; l < 16 * r + 16; ++l) {
                        const int q = (((low[l] >> lowShift) & 0x0f) | ((qh[l] >> (2 * g)) & 3) << 4) - 32;
                        dst[32 * g + l] = step * float(q);
                    }
                }
            }
        }
    }
}

// Q8_K: the sums only speed up dot products.
void dequantQ8_K(const void* src, float* dst, int64_t n) {
    for (int64_t i = 0; i < n / kQK_K; ++i) {
        const BlockQ8_K b = block<BlockQ8_K>(src, i);
        for (int j = 0; j < kQK_K; ++j) *dst++ = b.d * float(b.qs[j]);
    }
}

} // namespace qb::ggml
