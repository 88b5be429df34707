#include <cmath>
#include <numeric>
#include <random>

#include "core/stats/stats_kernels.h"
#include "core/stats/tensor_stats.h"
#include "core/util/cpu_features.h"
#include "core/util/parallel.h"
#include "test_support.h"

using namespace qb;

namespace {

std::vector<float> gaussian(size_t n, uint32_t seed, float sigma = 1.0f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0.0f, sigma);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

// Independent reference in double precision: the textbook two-pass formulas.
struct Exact {
    double mean = 0, std = 0, kurt = 0;
};
Exact exact(const std::vector<float>& v) {
    Exact e;
    double s = 0;
    for (float x : v) s += x;
    e.mean = s / double(v.size());
    double m2 = 0, m4 = 0;
    for (float x : v) {
        const double d = x - e.mean;
        m2 += d * d;
        m4 += d * d * d * d;
    }
    m2 /= double(v.size());
    m4 /= double(v.size());
    e.std = std::sqrt(m2);
    e.kurt = m4 / (m2 * m2) - 3;
    return e;
}

} // namespace

TEST(TensorStats, HistogramOfIntegersMatchesExactBinning) {
    // Values 0..2047, each (v+1) times: every bin index is known in closed form.
    std::vector<float> v;
    for (int i = 0; i < 2048; ++i) v.insert(v.end(), size_t(i % 7 + 1), float(i));
    const auto s = summarize(v, 2048);
    ASSERT_EQ(s.histogram.counts.size(), 2048u);
    EXPECT_EQ(s.histogram.lo, 0.0);
    EXPECT_EQ(s.histogram.hi, 2047.0);
    std::vector<int64_t> expect(2048, 0);
    for (int i = 0; i < 2048; ++i) {
        const int b = std::min(2047, int(std::floor(double(i) * 2048.0 / 2047.0)));
        expect[size_t(b)] += i % 7 + 1;
    }
    EXPECT_EQ(s.histogram.counts, expect);
    EXPECT_EQ(s.stats.count, int64_t(v.size()));
}

TEST(TensorStats, MomentsMatchTwoPassDoubleReference) {
    auto v = gaussian(1'000'003, 7, 0.02f);
    for (auto& x : v) x += 0.5f; // a large mean stresses cancellation in sum-of-squares formulas
    const auto s = summarize(v);
    const auto e = exact(v);
    EXPECT_NEAR(s.stats.mean, e.mean, 1e-7);
    EXPECT_NEAR(s.stats.std, e.std, 1e-5 * e.std);
    EXPECT_NEAR(s.stats.kurtosis, e.kurt, 1e-3);
    EXPECT_NEAR(s.stats.kurtosis, 0.0, 0.05); // Gaussian: excess kurtosis ~0
    const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
    EXPECT_EQ(s.stats.min, *mn);
    EXPECT_EQ(s.stats.max, *mx);
    EXPECT_EQ(s.stats.absMax, std::max(std::fabs(*mn), std::fabs(*mx)));
    EXPECT_EQ(std::accumulate(s.histogram.counts.begin(), s.histogram.counts.end(), int64_t(0)),
              int64_t(v.size()));
}

TEST(TensorStats, UniformHasNegativeKurtosisAndOutliersAreCounted) {
    std::vector<float> u(1 << 20);
    for (size_t i = 0; i < u.size(); ++i) u[i] = float(i) / float(u.size());
    EXPECT_NEAR(summarize(u).stats.kurtosis, -1.2, 1e-3);

    auto g = gaussian(1 << 20, 11);
    for (int i = 0; i < 10; ++i) g[size_t(i) * 1000 + 3] = 100.0f; // 10 planted outliers
    const auto s = summarize(g);
    EXPECT_EQ(s.stats.beyond6Sigma, 10);
    EXPECT_GT(s.stats.kurtosis, 50.0);
}

TEST(TensorStats, NonFiniteValuesAreCountedAndExcluded) {
    std::vector<float> v = {1, 2, NAN, 3, INFINITY, -INFINITY, 4, NAN};
    const auto s = summarize(v, 4);
    EXPECT_EQ(s.stats.count, 4);
    EXPECT_EQ(s.stats.nanCount, 2);
    EXPECT_EQ(s.stats.infCount, 2);
    EXPECT_DOUBLE_EQ(s.stats.mean, 2.5);
    EXPECT_EQ(s.stats.min, 1);
    EXPECT_EQ(s.stats.max, 4);
    EXPECT_EQ(s.histogram.counts, (std::vector<int64_t>{1, 1, 1, 1}));
}

TEST(TensorStats, ConstantAndEmptyTensors) {
    std::vector<float> c(1000, -3.0f);
    const auto s = summarize(c, 64);
    EXPECT_EQ(s.stats.std, 0.0);
    EXPECT_EQ(s.stats.kurtosis, 0.0);
    EXPECT_EQ(s.histogram.counts[0], 1000);
    EXPECT_EQ(s.histogram.lo, -3.0);
    EXPECT_GT(s.histogram.hi, -3.0);
    const auto e = summarize(std::span<const float>{}, 8);
    EXPECT_EQ(e.stats.count, 0);
}

TEST(TensorStats, Avx2AgreesWithReferenceExactlyOnCounts) {
    if (!cpuFeatures().avx2Fma) GTEST_SKIP() << "no AVX2 on this CPU";
    auto v = gaussian(100'003, 3);
    v[17] = 1e30f;
    v[99] = -1e30f; // extreme range: bins must still clamp, never overflow
    v[500] = 0.0f;
    v[501] = -0.0f;
    v[502] = 1e-40f; // denormal
    const auto a = kernels::momentsAvx2(v.data(), int64_t(v.size()));
    const auto r = kernels::momentsRef(v.data(), int64_t(v.size()));
    EXPECT_EQ(a.min, r.min);
    EXPECT_EQ(a.max, r.max);
    EXPECT_EQ(a.finite, r.finite);
    EXPECT_NEAR(a.sum, r.sum, 1e-6 * std::fabs(r.sumSq));
    EXPECT_NEAR(a.sumSq, r.sumSq, 1e-6 * r.sumSq);
    for (float lo : {-3.0f, float(r.min)}) {
        const float scale = float(512.0 / (double(r.max) - lo));
        std::vector<int64_t> ca(512, 0), cr(512, 0);
        kernels::HistPass pa, pr;
        kernels::histAvx2(v.data(), int64_t(v.size()), lo, scale, 512, 0.1f, 2.5f, ca.data(), pa);
        kernels::histRef(v.data(), int64_t(v.size()), lo, scale, 512, 0.1f, 2.5f, cr.data(), pr);
        EXPECT_EQ(ca, cr);
        EXPECT_EQ(pa.beyond, pr.beyond);
        EXPECT_NEAR(pa.m2, pr.m2, 1e-5 * pr.m2);
    }
}

TEST(TensorStats, ParallelResultDoesNotDependOnThreadCount) {
    const auto v = gaussian(3'000'001, 5);
    const auto a = summarize(v);
    const int saved = threadCount();
    setThreadCount(1);
    const auto b = summarize(v);
    setThreadCount(saved);
    EXPECT_EQ(a.histogram.counts, b.histogram.counts);
    EXPECT_EQ(a.stats.beyond6Sigma, b.stats.beyond6Sigma);
    EXPECT_NEAR(a.stats.std, b.stats.std, 1e-9);
}

TEST(TensorStats, CancelStopsWithCancelled) {
    const auto v = gaussian(1 << 21, 1);
    std::atomic<bool> cancel{true};
    JobContext job;
    job.cancel = &cancel;
    EXPECT_THROW(summarize(v, 2048, &job), Cancelled);
    cancel = false;
    double last = -1;
    job.progress = [&](double f, std::string_view) { last = f; };
    summarize(v, 2048, &job);
    EXPECT_GT(last, 0.9);
    EXPECT_LE(last, 1.0);
}

TEST(TensorStats, ChannelRangesAlongEachAxis) {
    // shape [2,3,2], values 0..11 row-major
    std::vector<float> v(12);
    std::iota(v.begin(), v.end(), 0.0f);
    const int64_t shape[] = {2, 3, 2};
    const auto a0 = channelRanges(v, shape, 0);
    EXPECT_EQ(a0.min, (std::vector<float>{0, 6}));
    EXPECT_EQ(a0.max, (std::vector<float>{5, 11}));
    const auto a1 = channelRanges(v, shape, 1);
    EXPECT_EQ(a1.min, (std::vector<float>{0, 2, 4}));
    EXPECT_EQ(a1.max, (std::vector<float>{7, 9, 11}));
    const auto a2 = channelRanges(v, shape, -1);
    EXPECT_EQ(a2.min, (std::vector<float>{0, 1}));
    EXPECT_EQ(a2.max, (std::vector<float>{10, 11}));
    EXPECT_THROW(channelRanges(v, shape, 3), Error);
}
