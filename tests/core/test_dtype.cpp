#include <cmath>
#include <limits>

#include "core/tensor/dtype.h"
#include "test_support.h"

using namespace qb;

TEST(DType, HalfRoundTripsEveryFiniteValue) {
    // Every finite f16 bit pattern must survive f16 -> f32 -> f16 exactly.
    int checked = 0;
    for (uint32_t h = 0; h < 0x10000; ++h) {
        const uint32_t exp = (h >> 10) & 0x1f;
        if (exp == 31) continue;
        const float f = halfToFloat(uint16_t(h));
        ASSERT_EQ(floatToHalf(f), h) << "pattern " << h;
        ++checked;
    }
    EXPECT_EQ(checked, 63488);
}

TEST(DType, HalfKnownValues) {
    EXPECT_EQ(halfToFloat(0x3c00), 1.0f);
    EXPECT_EQ(halfToFloat(0xc000), -2.0f);
    EXPECT_EQ(halfToFloat(0x7bff), 65504.0f);
    EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24));
    EXPECT_TRUE(std::isinf(halfToFloat(0x7c00)));
    EXPECT_TRUE(std::isnan(halfToFloat(0x7e00)));
    EXPECT_EQ(floatToHalf(65520.0f), 0x7c00); // rounds up past the largest half
    EXPECT_EQ(floatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3c00); // tie to even
    EXPECT_EQ(bf16ToFloat(0x3f80), 1.0f);
}

TEST(DType, StorageBytesRespectsBlocks) {
    EXPECT_EQ(storageBytes(DType::F32, 10).value(), 40u);
    EXPECT_EQ(storageBytes(DType::Q4_0, 64).value(), 36u);
    EXPECT_EQ(storageBytes(DType::Q6_K, 512).value(), 420u);
    EXPECT_FALSE(storageBytes(DType::Q8_0, 33).has_value());
    EXPECT_FALSE(storageBytes(DType::F64, std::numeric_limits<uint64_t>::max() / 4).has_value());
}

TEST(DType, GgmlIdsRoundTrip) {
    for (uint32_t id = 0; id < 40; ++id) {
        auto t = dtypeFromGgml(id);
        if (t) EXPECT_EQ(ggmlId(*t).value(), id);
    }
    EXPECT_EQ(dtypeFromGgml(8).value(), DType::Q8_0);
    EXPECT_EQ(dtypeFromGgml(30).value(), DType::BF16);
    EXPECT_FALSE(dtypeFromGgml(4).has_value());
}
