// The decoder's vectorized exp (core/llm/vector_exp.h): accurate against std::exp, and the AVX2
// and AVX-512 forms of SiLU-times-up and softmax bit-equal to the scalar form at every length
// (tails of a vector included), on large and tiny values.
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "core/llm/vector_exp.h"

namespace {

using namespace qb::llm;

std::vector<VectorIsa> isas() {
    std::vector<VectorIsa> out = {VectorIsa::Scalar};
    if (bestVectorIsa() != VectorIsa::Scalar) out.push_back(VectorIsa::Avx2);
    if (bestVectorIsa() == VectorIsa::Avx512) out.push_back(VectorIsa::Avx512);
    return out;
}

std::vector<float> randomValues(int64_t n, float spread, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.f, spread);
    std::vector<float> v(static_cast<size_t>(n));
    for (auto& x : v) x = dist(rng);
    return v;
}

TEST(VectorExp, WithinTwoUlpOfStdExp) {
    double worst = 0;
    for (int i = 0; i <= 1000000; ++i) {
        const float x = -86.f + 174.f * float(i) / 1e6f;
        const double want = std::exp(double(x));
        const double ulp = std::ldexp(1.0, std::ilogb(want) - 23);
        worst = std::max(worst, std::fabs(double(expClamped(x)) - want) / ulp);
    }
    std::printf("[ exp ] worst error %.2f ulp on [-86, 88]\n", worst);
    EXPECT_LT(worst, 2.0);
    EXPECT_EQ(expClamped(0.f), 1.f);
    EXPECT_EQ(expClamped(-1000.f), expClamped(-86.f));
    EXPECT_EQ(expClamped(1000.f), expClamped(88.f));
    EXPECT_TRUE(std::isnan(expClamped(NAN)));
}

TEST(VectorExp, SiluMulOfEveryIsaEqualsTheScalarBitForBit) {
    for (int64_t n : {1, 7, 8, 15, 16, 17, 31, 100, 1027})
        for (float spread : {1.f, 30.f, 200.f}) {
            const std::vector<float> g = randomValues(n, spread, uint32_t(n)), u = randomValues(n, 1.f, 7);
            std::vector<float> ref = g;
            siluMul(ref.data(), u.data(), n, VectorIsa::Scalar);
            for (int64_t i = 0; i < n; ++i) {
                const double want = double(g[size_t(i)]) / (1.0 + std::exp(-double(g[size_t(i)]))) * u[size_t(i)];
                ASSERT_NEAR(ref[size_t(i)], want, 1e-6 * std::fabs(want) + 1e-30) << "n " << n << " at " << i;
            }
            for (VectorIsa isa : isas()) {
                std::vector<float> y = g;
                siluMul(y.data(), u.data(), n, isa);
                for (int64_t i = 0; i < n; ++i)
                    ASSERT_EQ(y[size_t(i)], ref[size_t(i)]) << "isa " << int(isa) << " n " << n << " at " << i;
            }
        }
}

TEST(VectorExp, SoftmaxOfEveryIsaEqualsTheScalarBitForBit) {
    for (int64_t n : {1, 5, 8, 16, 17, 24, 33, 64, 255, 1000})
        for (float spread : {0.1f, 10.f, 100.f}) {
            const std::vector<float> x = randomValues(n, spread, uint32_t(n + 3));
            const float scale = 0.125f;
            std::vector<float> ref = x;
            softmax(ref.data(), n, scale, VectorIsa::Scalar);
            double mx = -INFINITY, sum = 0, total = 0;
            for (float v : x) mx = std::max(mx, double(v) * scale);
            for (float v : x) sum += std::exp(double(v) * scale - mx);
            for (int64_t i = 0; i < n; ++i) {
                const double arg = double(x[size_t(i)]) * scale - mx, want = std::exp(arg) / sum;
                // The float argument carries a rounding error of |arg| 2^-24, which exp scales by want.
                ASSERT_NEAR(ref[size_t(i)], want, 1e-6 * want * (1 + std::fabs(arg)) + 1e-37) << "n " << n << " at " << i;
                total += ref[size_t(i)];
            }
            EXPECT_NEAR(total, 1.0, 1e-5);
            for (VectorIsa isa : isas()) {
                std::vector<float> y = x;
                softmax(y.data(), n, scale, isa);
                for (int64_t i = 0; i < n; ++i)
                    ASSERT_EQ(y[size_t(i)], ref[size_t(i)]) << "isa " << int(isa) << " n " << n << " at " << i;
            }
        }
}

} // namespace
