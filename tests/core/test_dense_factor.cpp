// The float Cholesky and triangular inverse GPTQ factors its Hessian with (dense_factor.h), on sizes
// that reach every path: single leaves, odd halves, several Cholesky panels and update strips.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "core/quant/dense_factor.h"

namespace qb::quant {
namespace {

// A symmetric positive definite matrix like a damped Hessian: a gram of correlated rows plus 1% of
// its mean diagonal.
RowMatF dampedGram(int64_t n, uint32_t seed) {
    std::mt19937 gen(seed);
    std::normal_distribution<float> normal(0, 1);
    RowMatF x(2 * n, n);
    for (int64_t r = 0; r < x.rows(); ++r) {
        const float shared = normal(gen);
        for (int64_t c = 0; c < n; ++c) x(r, c) = normal(gen) + 0.5f * shared;
    }
    RowMatF h = x.transpose() * x;
    h.diagonal().array() += 0.01f * h.diagonal().mean();
    return h;
}

TEST(DenseFactor, CholeskyAndTriangularInverse) {
    for (const int64_t n : {int64_t(1), int64_t(7), int64_t(128), int64_t(129), int64_t(300), int64_t(777)}) {
        const RowMatF h = dampedGram(n, uint32_t(n));
        RowMatF l = h;
        ASSERT_TRUE(choleskyLower(l)) << n;
        // The strict upper triangle comes back zero.
        EXPECT_EQ(RowMatF(l.triangularView<Eigen::StrictlyUpper>()).cwiseAbs().maxCoeff(), 0.0f) << n;
        const double factorError = (l * l.transpose() - h).cwiseAbs().maxCoeff() / h.cwiseAbs().maxCoeff();
        // Measured at most 5.6e-7 (n = 777; float rounds at 6e-8): a margin of 5.
        EXPECT_LT(factorError, 3e-6) << n;

        const RowMatF v = l.transpose(); // upper
        RowMatF u = v;
        invertUpper(u);
        EXPECT_EQ(RowMatF(u.triangularView<Eigen::StrictlyLower>()).cwiseAbs().maxCoeff(), 0.0f) << n;
        const double inverseError = (u * v - RowMatF::Identity(n, n)).cwiseAbs().maxCoeff();
        std::printf("n %lld: factor %.2g, inverse %.2g\n", (long long)n, factorError, inverseError);
        EXPECT_LT(inverseError, 1e-6) << n; // measured at most 1.5e-7
    }
}

TEST(DenseFactor, RefusesAMatrixThatIsNotPositiveDefinite) {
    RowMatF h = dampedGram(300, 3);
    h(250, 250) = -1.0f; // inside the second panel
    EXPECT_FALSE(choleskyLower(h));
}

} // namespace
} // namespace qb::quant
