// The integer grid's fast paths against their plain definitions: codeOf's rounding trick against
// nearbyint, the parallel byte-at-a-time packer against one bit at a time, and the extent against
// the plain loop.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <random>
#include <vector>

#include "core/quant/integer_grid.h"
#include "core/util/parallel.h"

using namespace qb::quant;

namespace {

Scheme intScheme(int bits, bool symmetric) {
    Scheme s;
    s.name = "test";
    s.kind = SchemeKind::Integer;
    s.bits = bits;
    s.symmetric = symmetric;
    s.granularity = Granularity::Channel;
    return s;
}

} // namespace

TEST(IntegerGrid, CodeOfRoundsHalfToEvenLikeNearbyint) {
    const Grid g{0.5f, 8};
    const Codes r{0, 15};
    // x / scale = -3.5, -2.5, 0.5, 1.5, 2.5 : ties go to the even neighbour.
    EXPECT_EQ(codeOf(-1.75f, g, r), 8 - 4);
    EXPECT_EQ(codeOf(-1.25f, g, r), 8 - 2);
    EXPECT_EQ(codeOf(0.25f, g, r), 8 + 0);
    EXPECT_EQ(codeOf(0.75f, g, r), 8 + 2);
    EXPECT_EQ(codeOf(1.25f, g, r), 8 + 2);
    EXPECT_EQ(codeOf(100.f, g, r), 15);
    EXPECT_EQ(codeOf(-100.f, g, r), 0);
    EXPECT_EQ(codeOf(3.0e38f, Grid{6e-8f, 8}, r), 15); // far beyond 2^51 steps: clamped, not wrapped
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> d(-9.f, 9.f);
    for (int i = 0; i < 100000; ++i) {
        const float x = d(rng);
        const Grid grid{0.37f, 7};
        const int expected = int(std::clamp(std::nearbyint(double(x) / grid.scale) + grid.zero, 0.0, 15.0));
        ASSERT_EQ(codeOf(x, grid, r), expected) << x;
    }
}

TEST(IntegerGrid, PackerEqualsBitByBitForEveryWidthAndThreadCount) {
    for (int bits = 2; bits <= 8; ++bits) {
        for (bool symmetric : {true, false}) {
            const Scheme s = intScheme(bits, symmetric);
            // 37 columns: groups start off byte boundaries; 3001 rows: several parallel parts and a
            // tail that is not a whole 8-weight block.
            const IntLayout l = intLayout(s, 3001, 37);
            std::mt19937 rng{uint32_t(bits)};
            std::vector<Grid> grids(l.groups);
            for (auto& g : grids) g = {0.01f * float(rng() % 100 + 1), int(rng() % (1u << bits))};
            std::vector<int> codes(l.groups * l.groupLen);
            for (auto& c : codes) c = int(rng() % (1u << bits));
            const size_t total = l.codesAt + (codes.size() * size_t(bits) + 7) / 8;
            std::vector<uint8_t> expected(total, 0);
            for (uint64_t g = 0; g < l.groups; ++g) {
                const uint16_t h = qb::floatToHalf(grids[g].scale);
                std::memcpy(expected.data() + 2 * g, &h, 2);
                if (!symmetric) putBits(expected.data() + l.zerosAt, g * uint64_t(bits), bits, uint32_t(grids[g].zero));
            }
            for (uint64_t i = 0; i < codes.size(); ++i)
                putBits(expected.data() + l.codesAt, i * uint64_t(bits), bits, uint32_t(codes[i]));
            for (int threads : {1, 2, 3}) {
                qb::setThreadCount(threads);
                std::vector<uint8_t> packed(total, 0);
                packInteger(s, l, grids, [&](uint64_t i) { return codes[i]; }, packed.data());
                ASSERT_EQ(packed, expected) << bits << " bits, symmetric " << symmetric << ", threads " << threads;
            }
            qb::setThreadCount(0);
        }
    }
}

// extentOf folds four lanes (SSE2): the same bits as the plain loop, whatever the length and
// position of signed zeros, NaN and the extremes.
TEST(IntegerGrid, ExtentEqualsThePlainLoopBitForBit) {
    auto plain = [](std::span<const float> x) {
        Extent e;
        for (float v : x) {
            e.amax = std::max(e.amax, std::fabs(v));
            e.lo = std::min(e.lo, v);
            e.hi = std::max(e.hi, v);
        }
        return e;
    };
    auto bits = [](float v) {
        uint32_t b;
        std::memcpy(&b, &v, 4);
        return b;
    };
    std::mt19937 rng(7);
    const float pool[] = {-0.f, 0.f, 1.5f, -2.25f, 3e38f, -3e38f, 1e-45f, -1e-45f,
                          std::numeric_limits<float>::quiet_NaN(), 0.125f, -0.125f};
    std::uniform_int_distribution<size_t> pick(0, std::size(pool) - 1);
    int checked = 0;
    for (size_t n = 0; n <= 40; ++n)
        for (int trial = 0; trial < 200; ++trial) {
            std::vector<float> x(n);
            for (float& v : x) v = pool[pick(rng)];
            if (trial % 3 == 0) // only zeros of either sign (and maybe NaN)
                for (float& v : x) v = pool[pick(rng) % 2];
            const Extent a = extentOf(x), b = plain(x);
            ASSERT_EQ(bits(a.amax), bits(b.amax)) << n << " " << trial;
            ASSERT_EQ(bits(a.lo), bits(b.lo)) << n << " " << trial;
            ASSERT_EQ(bits(a.hi), bits(b.hi)) << n << " " << trial;
            ++checked;
        }
    EXPECT_EQ(checked, 41 * 200);
}
