// The ggml block decoders against hand-built blocks. Expected values come from the block layouts
// in ggml-common.h restated per element index (which byte, which bits, which scale an element
// uses), a different formulation from the decoders' loops, plus spot values worked out by hand.
// Scales are powers of two so every expected value is exact in f32.
#include <array>
#include <cstring>
#include <vector>

#include "core/model/model.h"
#include "core/tensor/dtype.h"
#include "core/util/error.h"
#include "test_support.h"

using namespace qb;

namespace {

constexpr uint16_t kHalfQuarter = 0x3400; // 0.25
constexpr uint16_t kHalfHalf = 0x3800;    // 0.5
constexpr uint16_t kHalfOne = 0x3c00;     // 1.0
constexpr uint16_t kHalfTwo = 0x4000;     // 2.0
constexpr uint16_t kHalfMinusOne = 0xbc00; // -1.0

void putHalf(std::vector<unsigned char>& b, size_t at, uint16_t h) { std::memcpy(b.data() + at, &h, 2); }

// Decodes through the public entry point, as every caller does.
std::vector<float> decode(DType t, const std::vector<unsigned char>& block, int64_t n) {
    TensorEntry e;
    e.name = "test";
    e.shape = {n};
    e.dtype = t;
    e.data = std::as_bytes(std::span(block));
    return toFloat(e);
}

} // namespace

TEST(GgmlBlocks, Q4_0) {
    // {half d; u8 qs[16]}: byte j holds element j (low nibble) and j+16 (high nibble), value (q-8)*d.
    std::vector<unsigned char> b(18);
    putHalf(b, 0, kHalfHalf);
    for (int j = 0; j < 16; ++j) b[2 + j] = uint8_t(j | (15 - j) << 4);
    const auto y = decode(DType::Q4_0, b, 32);
    for (int i = 0; i < 32; ++i) {
        const int q = i < 16 ? i : 15 - (i - 16);
        EXPECT_EQ(y[i], float(q - 8) * 0.5f) << i;
    }
    EXPECT_EQ(y[0], -4.0f);  // nibble 0 -> (0-8)*0.5
    EXPECT_EQ(y[16], 3.5f);  // nibble 15 -> (15-8)*0.5
    EXPECT_EQ(y[31], -4.0f); // high nibble of byte 15 is 0
}

TEST(GgmlBlocks, Q4_1) {
    // {half d; half m; u8 qs[16]}: value q*d + m.
    std::vector<unsigned char> b(20);
    putHalf(b, 0, kHalfHalf);
    putHalf(b, 2, kHalfMinusOne);
    for (int j = 0; j < 16; ++j) b[4 + j] = uint8_t(j | (j ^ 5) << 4);
    const auto y = decode(DType::Q4_1, b, 32);
    for (int i = 0; i < 32; ++i) {
        const int q = i < 16 ? i : ((i - 16) ^ 5);
        EXPECT_EQ(y[i], float(q) * 0.5f - 1.0f) << i;
    }
    EXPECT_EQ(y[15], 6.5f);  // 15*0.5 - 1
    EXPECT_EQ(y[16], 1.5f);  // (0^5)=5 -> 2.5 - 1
}

TEST(GgmlBlocks, Q5_0) {
    // {half d; u32 qh; u8 qs[16]}: bit i of qh is the fifth bit of element i; value (q-16)*d.
    std::vector<unsigned char> b(22);
    putHalf(b, 0, kHalfTwo);
    const uint32_t qh = 0xA5A50F0Fu;
    std::memcpy(b.data() + 2, &qh, 4);
    for (int j = 0; j < 16; ++j) b[6 + j] = uint8_t(j | (15 - j) << 4);
    const auto y = decode(DType::Q5_0, b, 32);
    for (int i = 0; i < 32; ++i) {
        const int nib = i < 16 ? i : 15 - (i - 16);
        const int q = nib | int((qh >> i) & 1) << 4;
        EXPECT_EQ(y[i], float(q - 16) * 2.0f) << i;
    }
    EXPECT_EQ(y[0], 0.0f);    // nibble 0, qh bit 0 set -> 16-16
    EXPECT_EQ(y[4], -24.0f);  // nibble 4, qh bit 4 clear -> (4-16)*2
    EXPECT_EQ(y[16], 30.0f);  // nibble 15, qh bit 16 set -> (31-16)*2
}

TEST(GgmlBlocks, Q5_1) {
    // {half d; half m; u32 qh; u8 qs[16]}: value q*d + m.
    std::vector<unsigned char> b(24);
    putHalf(b, 0, kHalfQuarter);
    putHalf(b, 2, kHalfOne);
    const uint32_t qh = 0x8000FF01u;
    std::memcpy(b.data() + 4, &qh, 4);
    for (int j = 0; j < 16; ++j) b[8 + j] = uint8_t((j * 3) & 15 | ((j * 7) & 15) << 4);
    const auto y = decode(DType::Q5_1, b, 32);
    for (int i = 0; i < 32; ++i) {
        const int nib = i < 16 ? (i * 3) & 15 : ((i - 16) * 7) & 15;
        const int q = nib | int((qh >> i) & 1) << 4;
        EXPECT_EQ(y[i], float(q) * 0.25f + 1.0f) << i;
    }
    EXPECT_EQ(y[0], 5.0f);   // q = 0|16 -> 4 + 1
    EXPECT_EQ(y[31], 7.25f); // nibble (15*7)&15 = 9, bit 31 set -> 25*0.25 + 1
}

TEST(GgmlBlocks, Q8_0AndQ8_1) {
    // Q8_0 {half d; i8 qs[32]}; Q8_1 {half d; half s; i8 qs[32]} where s is only for dot products.
    std::vector<unsigned char> b0(34), b1(36);
    putHalf(b0, 0, kHalfQuarter);
    putHalf(b1, 0, kHalfQuarter);
    putHalf(b1, 2, 0x7c00); // s = +inf must not leak into the values
    for (int i = 0; i < 32; ++i) b0[2 + i] = b1[4 + i] = uint8_t(int8_t(i - 16));
    const auto y0 = decode(DType::Q8_0, b0, 32);
    const auto y1 = decode(DType::Q8_1, b1, 32);
    for (int i = 0; i < 32; ++i) {
        EXPECT_EQ(y0[i], float(i - 16) * 0.25f) << i;
        EXPECT_EQ(y1[i], y0[i]) << i;
    }
    EXPECT_EQ(y0[0], -4.0f);
}

TEST(GgmlBlocks, Q2_K) {
    // {u8 scales[16]; u8 qs[64]; half d; half dmin}. Element i: half h=i/128, r=i%128, 2-bit field
    // (r/32) of byte qs[32h + r%32]; scale byte i/16 (low nibble scale, high nibble min).
    std::vector<unsigned char> b(84);
    for (int s = 0; s < 16; ++s) b[s] = uint8_t(s | (15 - s) << 4);
    for (int k = 0; k < 64; ++k) b[16 + k] = uint8_t(k * 7);
    putHalf(b, 80, kHalfOne);
    putHalf(b, 82, kHalfHalf);
    const auto y = decode(DType::Q2_K, b, 256);
    for (int i = 0; i < 256; ++i) {
        const int h = i / 128, r = i % 128;
        const int q = (b[16 + 32 * h + r % 32] >> (2 * (r / 32))) & 3;
        const int sc = b[i / 16];
        EXPECT_EQ(y[i], 1.0f * float(sc & 15) * float(q) - 0.5f * float(sc >> 4)) << i;
    }
    EXPECT_EQ(y[0], -7.5f);  // q 0, scale 0, min 15
    EXPECT_EQ(y[33], -4.5f); // qs[1]=7 field 1 -> q 1; scale byte 2: 2*1 - 0.5*13
}

TEST(GgmlBlocks, Q3_K) {
    // {u8 hmask[32]; u8 qs[64]; u8 scales[12]; half d}. Sixteen 6-bit scales stored +32.
    std::vector<unsigned char> b(110);
    for (int k = 0; k < 32; ++k) b[k] = uint8_t(k * 37 + 11);
    for (int k = 0; k < 64; ++k) b[32 + k] = uint8_t(k * 13 + 5);
    const unsigned char scales[12] = {0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE, 0xE4, 0x1B, 0x00, 0xFF};
    std::memcpy(b.data() + 96, scales, 12);
    putHalf(b, 108, kHalfHalf);
    // Unpacked by hand: low nibble from bytes 0..7 (then their high nibbles), top two bits from
    // bytes 8..11, e.g. scale 1 = 2 | 3<<4 = 50 -> 18; scale 12 = 9 | 3<<4 = 57 -> 25.
    const int scale[16] = {-32, 18, -28, 22, -8, 10, -20, 30, 1, -13, -27, 23, 25, -21, -19, 31};
    const auto y = decode(DType::Q3_K, b, 256);
    for (int i = 0; i < 256; ++i) {
        const int h = i / 128, r = i % 128, g = r / 32, l = r % 32;
        const int q = (b[32 + 32 * h + l] >> (2 * g)) & 3;
        const int high = (b[l] >> (4 * h + g)) & 1;
        EXPECT_EQ(y[i], 0.5f * float(scale[i / 16]) * float(q - (high ? 0 : 4))) << i;
    }
    // Element 0: qs[0]=5 -> q 1; hmask[0]=11 bit 0 set -> 1; scale -32 -> 0.5*-32*1.
    EXPECT_EQ(y[0], -16.0f);
}

TEST(GgmlBlocks, Q4_K) {
    // {half d; half dmin; u8 scales[12]; u8 qs[128]}. Element i: chunk c=i/64, pair j=i/32,
    // low nibble of qs[32c + i%32] for the first 32 of a chunk, high nibble for the next 32.
    std::vector<unsigned char> b(144);
    putHalf(b, 0, kHalfHalf);
    putHalf(b, 2, kHalfQuarter);
    const unsigned char scales[12] = {0x41, 0x82, 0xC3, 0x04, 0x45, 0x86, 0xC7, 0x08, 0x9A, 0xBC, 0xDE, 0xF0};
    std::memcpy(b.data() + 4, scales, 12);
    for (int k = 0; k < 128; ++k) b[16 + k] = uint8_t(k * 29 + 3);
    // Unpacked by hand: j<4 take the low 6 bits of bytes j and j+4; j>=4 the nibbles of byte j+4
    // with the top two bits of bytes j-4 (scale) and j (min), e.g. j=5: 12|2<<4 = 44, 11|2<<4 = 43.
    const int sc[8] = {1, 2, 3, 4, 26, 44, 62, 0};
    const int mn[8] = {5, 6, 7, 8, 25, 43, 61, 15};
    const auto y = decode(DType::Q4_K, b, 256);
    for (int i = 0; i < 256; ++i) {
        const int c = i / 64, j = i / 32;
        const unsigned char byte = b[16 + 32 * c + i % 32];
        const int q = (i % 64) < 32 ? byte & 15 : byte >> 4;
        EXPECT_EQ(y[i], 0.5f * float(sc[j]) * float(q) - 0.25f * float(mn[j])) << i;
    }
    EXPECT_EQ(y[0], 0.25f); // qs[0]=3 -> 0.5*1*3 - 0.25*5
}

TEST(GgmlBlocks, Q5_K) {
    // Q4_K with u8 qh[32] between scales and qs: group j = i/32 takes bit j of qh[i%32].
    std::vector<unsigned char> b(176);
    putHalf(b, 0, kHalfHalf);
    putHalf(b, 2, kHalfQuarter);
    const unsigned char scales[12] = {0x41, 0x82, 0xC3, 0x04, 0x45, 0x86, 0xC7, 0x08, 0x9A, 0xBC, 0xDE, 0xF0};
    std::memcpy(b.data() + 4, scales, 12);
    for (int k = 0; k < 32; ++k) b[16 + k] = uint8_t(k * 53 + 17);
    for (int k = 0; k < 128; ++k) b[48 + k] = uint8_t(k * 29 + 3);
    const int sc[8] = {1, 2, 3, 4, 26, 44, 62, 0};
    const int mn[8] = {5, 6, 7, 8, 25, 43, 61, 15};
    const auto y = decode(DType::Q5_K, b, 256);
    for (int i = 0; i < 256; ++i) {
        const int c = i / 64, j = i / 32, l = i % 32;
        const unsigned char byte = b[48 + 32 * c + l];
        const int q = ((i % 64) < 32 ? byte & 15 : byte >> 4) | ((b[16 + l] >> j) & 1) << 4;
        EXPECT_EQ(y[i], 0.5f * float(sc[j]) * float(q) - 0.25f * float(mn[j])) << i;
    }
    EXPECT_EQ(y[0], 8.25f); // qs 3 | qh[0]=17 bit 0 -> 19: 0.5*1*19 - 0.25*5
}

TEST(GgmlBlocks, Q6_K) {
    // {u8 ql[128]; u8 qh[64]; i8 scales[16]; half d}. Element i: h=i/128, g=(i%128)/32, l=i%32;
    // nibble of ql[64h + l + 32*(g&1)] (low for g<2), two bits 2g of qh[32h + l], stored +32.
    std::vector<unsigned char> b(210);
    for (int k = 0; k < 128; ++k) b[k] = uint8_t(k * 41 + 7);
    for (int k = 0; k < 64; ++k) b[128 + k] = uint8_t(k * 23 + 99);
    for (int s = 0; s < 16; ++s) b[192 + s] = uint8_t(int8_t(s * 9 - 70));
    putHalf(b, 208, kHalfQuarter);
    const auto y = decode(DType::Q6_K, b, 256);
    for (int i = 0; i < 256; ++i) {
        const int h = i / 128, g = (i % 128) / 32, l = i % 32;
        const unsigned char low = b[64 * h + l + 32 * (g & 1)];
        const int nib = g < 2 ? low & 15 : low >> 4;
        const int q = (nib | ((b[128 + 32 * h + l] >> (2 * g)) & 3) << 4) - 32;
        EXPECT_EQ(y[i], 0.25f * float(int8_t(b[192 + i / 16])) * float(q)) << i;
    }
    // Element 0: ql[0]=7, qh[0]=99 (bits 0-1 = 3) -> 7|48 = 55 - 32 = 23; scale -70.
    EXPECT_EQ(y[0], 0.25f * -70.0f * 23.0f);
}

TEST(GgmlBlocks, Q8_K) {
    // {f32 d; i8 qs[256]; i16 bsums[16]}.
    std::vector<unsigned char> b(292);
    const float d = 0.125f;
    std::memcpy(b.data(), &d, 4);
    for (int i = 0; i < 256; ++i) b[4 + i] = uint8_t(int8_t(i - 128));
    for (int k = 0; k < 32; ++k) b[260 + k] = 0xff; // sums are not part of the values
    const auto y = decode(DType::Q8_K, b, 256);
    for (int i = 0; i < 256; ++i) EXPECT_EQ(y[i], float(i - 128) * 0.125f) << i;
}

TEST(GgmlBlocks, SeveralBlocksDecodeInOrder) {
    // Two Q4_0 blocks with different scales: the second must use its own d.
    std::vector<unsigned char> b(36, 0x99); // nibbles 9 -> q-8 = 1
    putHalf(b, 0, kHalfOne);
    putHalf(b, 18, kHalfTwo);
    const auto y = decode(DType::Q4_0, b, 64);
    EXPECT_EQ(y[31], 1.0f);
    EXPECT_EQ(y[32], 2.0f);
}

TEST(GgmlBlocks, ToFloatRejectsWrongByteCount) {
    std::vector<unsigned char> b(17);
    try {
        decode(DType::Q4_0, b, 32);
        FAIL() << "expected qb::Error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("holds 17 bytes"), std::string::npos) << e.what();
    }
}
