// The scheme table: names, bits per weight and sizes against the layout arithmetic written out by
// hand (Scheme in core/domain/scheme.h; ggml block sizes from ggml-common.h: Q4_0 = 2 + 16 bytes,
// Q4_1 = 2 + 2 + 16, Q5_0 = 2 + 4 + 16, Q5_1 = 2 + 2 + 4 + 16, Q8_0 = 2 + 32, all per 32 weights).
#include <cstdint>
#include <limits>
#include <set>
#include <vector>

#include "core/quant/rtn.h"
#include "core/domain/scheme.h"
#include "core/util/error.h"
#include "test_support.h"

using namespace qb;
using namespace qb::quant;

TEST(QuantScheme, TableHoldsEveryFamily) {
    std::set<std::string> names;
    for (const auto& s : schemes()) EXPECT_TRUE(names.insert(s.name).second) << "duplicate " << s.name;
    // 2 float + 7 ggml + 7 bit-widths x 2 symmetries x (tensor, channel, g32, g64, g128), then the
    // same with 8-bit scales but for tensor
    EXPECT_EQ(schemes().size(), 2u + 7u + 7u * 2u * 5u + 3u * 7u * 2u * 4u); // scale codes of 8, 6 and 4 bits
    for (const char* n : {"f32", "f16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "int2_tensor_sym",
                          "int8_channel_asym", "int4_g32_sym", "int3_g64_asym", "int8_g128_sym"})
        EXPECT_NE(findScheme(n), nullptr) << n;
    EXPECT_EQ(findScheme("int9_g32_sym"), nullptr);
    EXPECT_THROW(scheme("q5_k"), Error); // not encoded (yet)
}

TEST(QuantScheme, BitsPerWeightFromLayout) {
    // ggml: bytes per block * 8 / 32.
    EXPECT_DOUBLE_EQ(scheme("q4_0").bitsPerWeight, 18 * 8 / 32.0); // 4.5
    EXPECT_DOUBLE_EQ(scheme("q4_1").bitsPerWeight, 20 * 8 / 32.0); // 5.0
    EXPECT_DOUBLE_EQ(scheme("q5_0").bitsPerWeight, 22 * 8 / 32.0); // 5.5
    EXPECT_DOUBLE_EQ(scheme("q5_1").bitsPerWeight, 24 * 8 / 32.0); // 6.0
    EXPECT_DOUBLE_EQ(scheme("q8_0").bitsPerWeight, 34 * 8 / 32.0); // 8.5
    // Q6_K: 128 + 64 + 16 + 2 = 210 bytes per 256 weights.
    EXPECT_DOUBLE_EQ(scheme("q6_k").bitsPerWeight, 210 * 8 / 256.0); // 6.5625
    // Q4_K: 2 + 2 + 12 + 128 = 144 bytes per 256 weights.
    EXPECT_DOUBLE_EQ(scheme("q4_k").bitsPerWeight, 144 * 8 / 256.0); // 4.5
    EXPECT_DOUBLE_EQ(scheme("f16").bitsPerWeight, 16.0);
    EXPECT_DOUBLE_EQ(scheme("f32").bitsPerWeight, 32.0);
    // Integer groups: bits + 16-bit scale / g, asymmetric adds a bits-wide zero point / g.
    EXPECT_DOUBLE_EQ(scheme("int4_g32_sym").bitsPerWeight, 4 + 16 / 32.0);       // 4.5
    EXPECT_DOUBLE_EQ(scheme("int4_g32_asym").bitsPerWeight, 4 + (16 + 4) / 32.0); // 4.625
    EXPECT_DOUBLE_EQ(scheme("int3_g64_sym").bitsPerWeight, 3 + 16 / 64.0);       // 3.25
    EXPECT_DOUBLE_EQ(scheme("int8_g128_asym").bitsPerWeight, 8 + 24 / 128.0);    // 8.1875
    EXPECT_DOUBLE_EQ(scheme("int2_g32_asym").bitsPerWeight, 2 + 18 / 32.0);      // 2.5625
    EXPECT_DOUBLE_EQ(scheme("int4_channel_sym").bitsPerWeight, 4.0);
}

TEST(QuantScheme, SizeBytesMatchesArithmetic) {
    // int3 per-channel asymmetric, 5 x 7: 5 fp16 scales (10) + ceil(5*3/8) = 2 zero bytes
    // + ceil(35*3/8) = 14 code bytes = 26.
    EXPECT_EQ(sizeBytes(scheme("int3_channel_asym"), 5, 7), 26u);
    // int8 per-tensor symmetric, 3 x 4: one scale (2) + 12 codes = 14.
    EXPECT_EQ(sizeBytes(scheme("int8_tensor_sym"), 3, 4), 14u);
    // int4 g32 symmetric, 2 x 64: 4 scales (8) + 64 code bytes = 72 = 4.5 bits * 128 / 8.
    EXPECT_EQ(sizeBytes(scheme("int4_g32_sym"), 2, 64), 72u);
    EXPECT_EQ(sizeBytes(scheme("q4_0"), 4, 64), 4u * 2 * 18);
    EXPECT_EQ(sizeBytes(scheme("q5_1"), 1, 96), 3u * 24);
    EXPECT_EQ(sizeBytes(scheme("q6_k"), 3, 512), 3u * 2 * 210);
    EXPECT_FALSE(sizeBytes(scheme("q6_k"), 1, 128));
    EXPECT_EQ(sizeBytes(scheme("f16"), 3, 5), 30u);
    EXPECT_EQ(sizeBytes(scheme("int4_g32_sym"), 0, 64), 0u);
    // Shapes that do not fit the layout, or overflow.
    EXPECT_FALSE(sizeBytes(scheme("q4_0"), 1, 33));
    EXPECT_FALSE(sizeBytes(scheme("int4_g64_sym"), 1, 96));
    EXPECT_FALSE(sizeBytes(scheme("int8_tensor_sym"), -1, 4));
    EXPECT_FALSE(sizeBytes(scheme("int8_tensor_sym"), std::numeric_limits<int64_t>::max(), 4));
    EXPECT_FALSE(sizeBytes(scheme("int8_g32_asym"), std::numeric_limits<int64_t>::max() / 32 * 32 / 2, 64));
}

TEST(QuantScheme, EveryBlockSchemeMeetsItsBitsPerWeight) {
    // 8 x 256: every group count here times any bit-width is a whole number of bytes, so the
    // exact figure equals the nominal one, plus scale codes' one fp16 super-scale per tensor.
    for (const auto& s : schemes()) {
        if (s.granularity != Granularity::Group && s.kind != SchemeKind::Float) continue;
        const auto bpw = bitsPerWeight(s, 8, 256);
        ASSERT_TRUE(bpw) << s.name;
        EXPECT_DOUBLE_EQ(*bpw, s.bitsPerWeight + (s.scaleBits != 16 ? 16.0 / (8 * 256) : 0.0)) << s.name;
    }
    // Per-channel pays its scales per row: int4 sym, 4 x 100 = (4*2 + 200) * 8 / 400 = 4.16.
    EXPECT_DOUBLE_EQ(*bitsPerWeight(scheme("int4_channel_sym"), 4, 100), 4.16);
}

TEST(QuantScheme, RowsThatDoNotSplitFallBack) {
    EXPECT_EQ(resolve(scheme("q8_0"), 33).name, "f16");
    EXPECT_EQ(resolve(scheme("q4_1"), 48).name, "f16");
    // K-quants fall back as llama.cpp's quantizer does: Q6_K to Q8_0, Q4_K to Q5_0, then f16.
    EXPECT_EQ(resolve(scheme("q6_k"), 128).name, "q8_0");
    EXPECT_EQ(resolve(scheme("q4_k"), 64).name, "q5_0");
    EXPECT_EQ(resolve(scheme("q4_k"), 172).name, "f16");
    EXPECT_EQ(resolve(scheme("q6_k"), 48).name, "f16");
    EXPECT_EQ(resolve(scheme("q4_k"), 768).name, "q4_k");
    EXPECT_EQ(resolve(scheme("int4_g64_asym"), 96).name, "int4_channel_asym");
    EXPECT_EQ(resolve(scheme("int4_g32_asym"), 96).name, "int4_g32_asym");
    EXPECT_EQ(resolve(scheme("int8_channel_sym"), 7).name, "int8_channel_sym");
    // Every fallback exists and accepts any row.
    for (const auto& s : schemes()) {
        if (s.fallback.empty()) continue;
        const auto& f = resolve(s, 7);
        EXPECT_NE(f.granularity, Granularity::Group) << s.name;
    }
    // quantizeRtn applies the fallback and says which scheme it used.
    std::vector<float> w(2 * 33, 0.25f);
    const auto q = quantizeRtn(scheme("q4_0"), w, 2, 33, "t");
    EXPECT_EQ(q.scheme->name, "f16");
    EXPECT_EQ(q.bytes.size(), 2u * 33 * 2);
}
