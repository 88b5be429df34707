// Clip thresholds and SQNR against hand arithmetic and brute force over the raw data.
#include <algorithm>
#include <cmath>
#include <random>

#include "core/stats/clip_search.h"
#include "core/stats/kl_divergence.h"
#include "core/util/error.h"
#include "test_support.h"

using namespace qb;

namespace {

std::vector<float> gaussian(size_t n, uint32_t seed, float sigma = 1) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0, sigma);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

std::vector<float> uniform(size_t n, uint32_t seed, float lo, float hi) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    v[0] = lo; // pin the extremes so min-max is exactly [lo, hi]
    v[1] = hi;
    return v;
}

// Brute force: mean squared error of the grid over the raw values.
double rawMse(const std::vector<float>& v, const QuantGrid& g) {
    double s = 0;
    for (float x : v) {
        const double e = x - g.quantize(x);
        s += e * e;
    }
    return s / double(v.size());
}

const ClipResult& find(const std::vector<ClipResult>& r, ClipMethod m) {
    return *std::find_if(r.begin(), r.end(), [&](const ClipResult& c) { return c.method == m; });
}

ActivationObserver observe(const std::vector<float>& v) {
    ActivationObserver obs;
    for (size_t b = 0; b < v.size(); b += 10'000)
        obs.observe(std::span<const float>(v).subspan(b, std::min<size_t>(10'000, v.size() - b)));
    return obs;
}

} // namespace

TEST(ClipSearch, GridsFollowHandArithmetic) {
    // Symmetric 8 bits over 1.27: step 1.27/127 = 0.01, levels -127..127.
    const auto s = QuantGrid::forRange(-5, 1.27, 8, true);
    EXPECT_DOUBLE_EQ(s.step, 0.01);
    EXPECT_DOUBLE_EQ(s.first, -1.27);
    EXPECT_EQ(s.levels, 255);
    EXPECT_NEAR(s.quantize(0.014), 0.01, 1e-12);
    EXPECT_NEAR(s.quantize(-0.016), -0.02, 1e-12);
    EXPECT_NEAR(s.quantize(9), 1.27, 1e-12);
    // Asymmetric 2 bits over [-1, 3]: step 4/3, zero point round(0.75) = 1, levels -4/3 0 4/3 8/3.
    const auto a = QuantGrid::forRange(-1, 3, 2, false);
    EXPECT_DOUBLE_EQ(a.step, 4.0 / 3);
    EXPECT_DOUBLE_EQ(a.first, -4.0 / 3);
    EXPECT_EQ(a.levels, 4);
    EXPECT_DOUBLE_EQ(a.quantize(0.6), 0.0);
    EXPECT_DOUBLE_EQ(a.quantize(0.7), 4.0 / 3);
    EXPECT_DOUBLE_EQ(a.quantize(3), 8.0 / 3);
    EXPECT_DOUBLE_EQ(a.quantize(-9), -4.0 / 3);
    EXPECT_THROW(QuantGrid::forRange(1, 3, 4, false), Error); // 0 outside the range
    EXPECT_THROW(QuantGrid::forRange(-1, 1, 1, true), Error);
    EXPECT_THROW(QuantGrid::forRange(-1, 1, 9, true), Error);
}

TEST(ClipSearch, MinMaxSqnrOnUniformDataIsSixDbPerBit) {
    // Uniform on [-1, 1] with step 1/qmax: noise step^2/12, signal 1/3, so
    // SQNR = 10 log10(4 qmax^2) = 20 log10(2^bits - 2): 48.10 dB at 8 bits, 6.02 at 2.
    const auto v = uniform(1'000'000, 3, -1, 1);
    const auto obs = observe(v);
    for (int bits = 2; bits <= 8; ++bits) {
        const double expect = 20 * std::log10(std::ldexp(1.0, bits) - 2);
        const ClipConfig cfg{.bits = bits};
        const auto w = find(clipWeights(v, cfg), ClipMethod::MinMax);
        EXPECT_EQ(w.hi, 1.0);
        EXPECT_NEAR(w.sqnrDb, expect, 0.05) << bits << " bits, exact";
        const auto h = find(clipSearch(obs, cfg), ClipMethod::MinMax);
        EXPECT_NEAR(h.sqnrDb, expect, 0.05) << bits << " bits, histogram";
    }
    EXPECT_NEAR(find(clipWeights(v, {}), ClipMethod::MinMax).sqnrDb, 6.02 * 8, 1.0);
    // Asymmetric 8 bits over [0, 1]: step 1/255, signal 1/3: 10 log10(4 * 255^2) = 54.15 dB.
    const auto u = uniform(1'000'000, 4, 0, 1);
    const auto r = find(clipWeights(u, {.bits = 8, .symmetric = false}), ClipMethod::MinMax);
    EXPECT_EQ(r.lo, 0.0);
    EXPECT_EQ(r.hi, 1.0);
    EXPECT_NEAR(r.sqnrDb, 10 * std::log10(4.0 * 255 * 255), 0.05);
}

TEST(ClipSearch, MseThresholdMatchesBruteForceOnRawData) {
    const auto v = gaussian(100'000, 11);
    const auto obs = observe(v);
    const double w = obs.binWidth();
    for (int bits : {2, 3, 4, 6}) {
        const auto r = find(clipSearch(obs, {.bits = bits}), ClipMethod::Mse);
        // Brute force over thresholds every 0.05, then every w/4 around the best of those.
        double bestT = 0, best = INFINITY;
        auto scan = [&](double from, double to, double step) {
            for (double t = from; t <= to; t += step) {
                const double e = rawMse(v, QuantGrid::forRange(-t, t, bits, true));
                if (e < best) {
                    best = e;
                    bestT = t;
                }
            }
        };
        scan(0.5, obs.absMax(), 0.05);
        scan(bestT - 0.1, bestT + 0.1, w / 4);
        const double ours = rawMse(v, QuantGrid::forRange(r.lo, r.hi, bits, true));
        EXPECT_LE(ours, best * 1.001) << bits << " bits: T " << r.hi << " vs brute force " << bestT;
        // The MSE curve is flat at its minimum, so sampling noise moves the raw argmin by a bin or so.
        EXPECT_NEAR(r.hi, bestT, 2 * w) << bits << " bits";
        EXPECT_LT(r.hi, obs.absMax() * 0.9) << bits << " bits"; // MSE does clip a Gaussian
    }
}

TEST(ClipSearch, MseIsTheBestSqnrAndHistogramSqnrMatchesExact) {
    auto v = gaussian(500'000, 12);
    for (int i = 0; i < 50; ++i) v[size_t(i) * 9001] = 20.0f + float(i); // outliers
    const auto obs = observe(v);
    for (bool sym : {true, false})
        for (int bits : {4, 8}) {
            const ClipConfig cfg{.bits = bits, .symmetric = sym};
            const auto hist = clipSearch(obs, cfg);
            const auto exact = clipWeights(v, cfg);
            const double mse = find(hist, ClipMethod::Mse).sqnrDb;
            for (const auto& r : hist) {
                EXPECT_LE(r.sqnrDb, mse + 0.01) << clipMethodName(r.method) << " " << bits << (sym ? " sym" : " asym");
                const double raw = sqnrDb(v, QuantGrid::forRange(r.lo, r.hi, bits, sym));
                EXPECT_NEAR(r.sqnrDb, raw, 0.2) << clipMethodName(r.method) << " " << bits << (sym ? " sym" : " asym");
            }
            // The weight path searches the same histogram; its SQNR is the exact one.
            for (const auto& r : exact)
                EXPECT_DOUBLE_EQ(r.sqnrDb, sqnrDb(v, QuantGrid::forRange(r.lo, r.hi, bits, sym)));
        }
}

TEST(ClipSearch, KlClipsOutliersButKeepsUniformData) {
    auto v = gaussian(1'000'000, 13);
    for (int i = 0; i < 40; ++i) v[size_t(i) * 20011] = (i % 2 ? 1 : -1) * (30.0f + float(i));
    const auto kl = find(clipWeights(v, {}), ClipMethod::Kl);
    const auto mm = find(clipWeights(v, {}), ClipMethod::MinMax);
    EXPECT_EQ(mm.hi, 69.0);
    EXPECT_LT(kl.hi, 0.25 * mm.hi);
    EXPECT_GT(kl.hi, 3.0); // the Gaussian bulk (|x| < 3 for 99.7%) is kept

    const auto u = uniform(1'000'000, 14, -1, 1);
    EXPECT_GT(find(clipWeights(u, {}), ClipMethod::Kl).hi, 0.98);
    const auto ua = find(clipWeights(u, {.bits = 4, .symmetric = false}), ClipMethod::Kl);
    EXPECT_LT(ua.lo, -0.95);
    EXPECT_GT(ua.hi, 0.95);
}

TEST(ClipSearch, PercentileClipIsThePercentileOfAbsoluteValues) {
    auto v = gaussian(400'000, 15, 0.5f);
    const auto obs = observe(v);
    std::vector<float> a(v.size());
    std::transform(v.begin(), v.end(), a.begin(), [](float x) { return std::fabs(x); });
    for (double q : {0.999, 0.9999}) {
        const auto r = find(clipSearch(obs, {.bits = 8, .percentile = q}), ClipMethod::Percentile);
        auto s = a;
        const auto rank = size_t(std::ceil(q * double(s.size())));
        std::nth_element(s.begin(), s.begin() + long(rank - 1), s.end());
        EXPECT_NEAR(r.hi, s[rank - 1], obs.binWidth()) << q;
        EXPECT_EQ(r.lo, -r.hi);
    }
}

TEST(ClipSearch, ReluActivationsKeepZeroAsTheLowerEdge) {
    auto v = gaussian(200'000, 16);
    for (auto& x : v) x = std::max(x, 0.0f);
    const auto obs = observe(v);
    for (const auto& r : clipSearch(obs, {.bits = 8, .symmetric = false})) {
        EXPECT_EQ(r.lo, 0.0) << clipMethodName(r.method);
        // KL included: the spike of zeros in bin 0 makes it prefer windows of about one bin per
        // group (256 bins of 2^-8 here), so it clips harder than the others.
        EXPECT_GT(r.hi, 1.0) << clipMethodName(r.method);
        EXPECT_LE(r.hi, obs.max()) << clipMethodName(r.method);
    }
    EXPECT_THROW(clipSearch(obs, {.bits = 1}), Error);
    EXPECT_THROW(clipSearch(obs, {.bits = 8, .percentile = 0}), Error);
}

// The clip search's O(groups) KL from prefix sums against the plain O(bins) sum, on histograms
// with empty bins, spikes and empty end bins, for windows of every kind.
TEST(KlWindowsTest, MatchesTheReferenceSum) {
    std::mt19937 gen(17);
    std::uniform_real_distribution<double> u(0, 1);
    for (int trial = 0; trial < 40; ++trial) {
        const size_t bins = 64 + size_t(gen() % 600);
        std::vector<double> m(bins);
        for (auto& v : m) v = u(gen) < 0.3 ? 0.0 : std::exp(4 * u(gen));
        if (trial % 3 == 0) m[0] = 1e4; // a ReLU-like spike
        const qb::KlWindows kl(m);
        for (int k = 0; k < 30; ++k) {
            const int groups = 1 << (1 + gen() % 6);
            const size_t width = size_t(groups) + gen() % (bins - size_t(groups) + 1);
            const size_t begin = gen() % (bins - width + 1), end = begin + width;
            const double ref = qb::klDivergenceReference(m, begin, end, groups), fast = kl(begin, end, groups);
            if (std::isinf(ref)) {
                EXPECT_TRUE(std::isinf(fast));
                continue;
            }
            ASSERT_NEAR(fast, ref, 1e-9 * std::max(1.0, std::abs(ref))) << trial << " [" << begin << "," << end << ") " << groups;
        }
    }
    const std::vector<double> empty(100, 0.0);
    EXPECT_TRUE(std::isinf(qb::KlWindows(empty)(10, 50, 8)));
}
