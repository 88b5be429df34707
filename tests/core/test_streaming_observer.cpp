// The streaming activation observer against brute force over all the data it was fed.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "core/stats/activation_observer.h"
#include "core/stats/binned_density.h"
#include "core/stats/stats_kernels.h"
#include "core/util/cpu_features.h"
#include "core/util/error.h"
#include "test_support.h"

using namespace qb;

namespace {

std::vector<float> gaussian(size_t n, uint32_t seed, float mean = 0, float sigma = 1) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(mean, sigma);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

// Brute force: every finite value into bin floor(v / w) - lo / w of the observer's final window.
std::vector<int64_t> binAll(const std::vector<float>& all, const Histogram& h) {
    const double w = h.binWidth(), origin = h.lo / w;
    std::vector<int64_t> c(h.counts.size(), 0);
    for (float v : all) {
        if (!std::isfinite(v)) continue;
        const double b = std::floor(double(v) / w) - origin;
        EXPECT_GE(b, 0) << v;
        EXPECT_LT(b, double(c.size())) << v;
        if (b >= 0 && b < double(c.size())) ++c[size_t(b)];
    }
    return c;
}

// Nearest-rank quantile: the ceil(q n)-th smallest value.
double exactQuantile(std::vector<float> v, double q) {
    const auto rank = std::max<size_t>(1, size_t(std::ceil(q * double(v.size()))));
    std::nth_element(v.begin(), v.begin() + long(rank - 1), v.end());
    return v[rank - 1];
}

void expectPowerOfTwoAligned(const Histogram& h) {
    int e = 0;
    EXPECT_EQ(std::frexp(h.binWidth(), &e), 0.5) << "width " << h.binWidth();
    EXPECT_EQ(std::floor(h.lo / h.binWidth()), h.lo / h.binWidth());
}

} // namespace

TEST(StreamingObserver, GrownHistogramEqualsBinningAllDataAtFinalRange) {
    ActivationObserver obs;
    std::vector<float> all;
    auto feed = [&](const std::vector<float>& b) {
        obs.observe(b);
        all.insert(all.end(), b.begin(), b.end());
        const auto h = obs.histogram();
        expectPowerOfTwoAligned(h);
        EXPECT_EQ(h.counts, binAll(all, h)) << "after " << all.size() << " values";
    };
    feed(gaussian(10'000, 1, 0, 0.01f));
    const double firstWidth = obs.binWidth();
    feed(gaussian(10'000, 2, 0.5f, 1)); // grows both ways
    std::vector<float> u(3000);
    for (size_t i = 0; i < u.size(); ++i) u[i] = float(i) * 0.1f; // up to 299.9
    feed(u);
    feed({-1e4f});
    feed({0.0f, -0.0f, 1e-42f, -1e-42f, -1e-30f, std::numeric_limits<float>::quiet_NaN(),
          std::numeric_limits<float>::infinity()}); // denormals and zeros at a wide width
    feed(gaussian(5000, 3, 0, 3));
    EXPECT_GT(obs.binWidth(), firstWidth * 1e5);
    EXPECT_EQ(obs.count(), int64_t(all.size()) - 2);
    EXPECT_EQ(obs.nanCount(), 1);
    EXPECT_EQ(obs.infCount(), 1);
    EXPECT_EQ(obs.min(), -1e4);
    EXPECT_EQ(obs.max(), double(u.back()));
    // At least bins/2 bins span the data: growth only doubles the width when it must.
    EXPECT_GT((obs.max() - obs.min()) / obs.binWidth(), 8192 / 2 - 1);
}

TEST(StreamingObserver, NarrowRangeFarFromZeroStaysExact) {
    // Values around 1000 with spread 1e-3: the width stops at the float spacing there (2^-14*...).
    ActivationObserver obs;
    std::vector<float> all;
    for (int b = 0; b < 20; ++b) {
        auto v = gaussian(2000, 10 + b, 1000.0f, 0.001f * float(b + 1));
        obs.observe(v);
        all.insert(all.end(), v.begin(), v.end());
    }
    const auto h = obs.histogram();
    expectPowerOfTwoAligned(h);
    EXPECT_EQ(h.counts, binAll(all, h));
    EXPECT_GE(obs.binWidth(), std::ldexp(1.0, 9 - 23)); // never finer than the float spacing
}

TEST(StreamingObserver, MomentsMatchTwoPassReference) {
    ActivationObserver obs;
    std::vector<float> all;
    std::mt19937 rng(5);
    for (int b = 0; b < 300; ++b) {
        // A large offset defeats sum-of-squares formulas; batch sizes vary from 1 to ~5000.
        auto v = gaussian(size_t(rng() % 5000 + 1), 100 + b, 1.0e4f, 1.0f);
        obs.observe(v);
        all.insert(all.end(), v.begin(), v.end());
    }
    long double s = 0;
    for (float x : all) s += x;
    const long double mean = s / all.size();
    long double m2 = 0;
    for (float x : all) m2 += (x - mean) * (x - mean);
    const double sd = double(std::sqrt(m2 / all.size()));
    EXPECT_EQ(obs.count(), int64_t(all.size()));
    EXPECT_NEAR(obs.mean(), double(mean), 1e-12 * 1e4);
    EXPECT_NEAR(obs.std(), sd, 1e-9 * sd);
    EXPECT_NEAR(obs.std(), 1.0, 0.02); // float rounding at 1e4 (spacing 2^-10) adds ~3e-4 variance
}

TEST(StreamingObserver, MergedObserversEqualOneStream) {
    std::vector<float> all;
    std::vector<std::vector<float>> parts = {gaussian(20'000, 1, 0, 0.1f), gaussian(20'000, 2, 3, 2),
                                             gaussian(20'000, 3, -50, 1), gaussian(8, 4, 0, 1e-3f)};
    ActivationObserver merged(ObserverOptions{.seed = 100});
    std::vector<float> chanMax(4, 0);
    for (size_t p = 0; p < parts.size(); ++p) {
        ActivationObserver part(ObserverOptions{.seed = 200 + p});
        int64_t s[] = {int64_t(parts[p].size() / 4), 4};
        std::span<const float> v(parts[p].data(), size_t(s[0] * 4));
        part.observe(v, ChannelLayout{s, 1});
        for (size_t i = 0; i < v.size(); ++i) chanMax[i % 4] = std::max(chanMax[i % 4], std::fabs(v[i]));
        all.insert(all.end(), v.begin(), v.end());
        merged.merge(part);
    }
    const auto h = merged.histogram();
    expectPowerOfTwoAligned(h);
    EXPECT_EQ(h.counts, binAll(all, h));
    EXPECT_EQ(merged.count(), int64_t(all.size()));
    EXPECT_EQ(merged.min(), double(*std::min_element(all.begin(), all.end())));
    EXPECT_EQ(merged.max(), double(*std::max_element(all.begin(), all.end())));
    double s = 0;
    for (float x : all) s += x;
    const double mean = s / double(all.size());
    double m2 = 0;
    for (float x : all) m2 += (x - mean) * (x - mean);
    EXPECT_NEAR(merged.mean(), mean, 1e-12 * 50);
    EXPECT_NEAR(merged.std(), std::sqrt(m2 / double(all.size())), 1e-10 * 30);
    ASSERT_EQ(merged.channels(), 4);
    for (int c = 0; c < 4; ++c) EXPECT_EQ(merged.channelAbsMax()[size_t(c)], chanMax[size_t(c)]);
    EXPECT_EQ(merged.sample().size(), 4096u);
}

TEST(StreamingObserver, PercentilesWithinOneBinOfExact) {
    auto v = gaussian(1'000'000, 9);
    for (int i = 0; i < 100; ++i) v[size_t(i) * 9973] = (i % 2 ? 40.0f : -55.0f) + float(i) * 0.1f;
    ActivationObserver obs;
    for (size_t b = 0; b < v.size(); b += 65'536)
        obs.observe(std::span<const float>(v).subspan(b, std::min<size_t>(65'536, v.size() - b)));
    std::vector<float> absV(v.size());
    std::transform(v.begin(), v.end(), absV.begin(), [](float x) { return std::fabs(x); });
    const double w = obs.binWidth();
    for (double q : {0.0001, 0.001, 0.5, 0.9, 0.999, 0.9999, 1.0}) {
        const auto p = obs.percentile(q, false);
        EXPECT_FALSE(p.exact);
        EXPECT_EQ(p.maxError, w);
        EXPECT_LE(std::fabs(p.value - exactQuantile(v, q)), w) << "q " << q;
        const auto a = obs.percentile(q, true);
        EXPECT_LE(std::fabs(a.value - exactQuantile(absV, q)), w) << "|x| q " << q;
    }
    // The outliers set the width: 8192 bins over [-55, 49.9] need w = 2^-6 (2^-7 would span 13427).
    EXPECT_EQ(w, 0.015625);
}

TEST(StreamingObserver, AbsFoldIsExactBecauseZeroIsABinEdge) {
    auto v = gaussian(200'000, 21, 0.3f, 2.0f);
    ActivationObserver obs;
    obs.observe(v);
    const auto d = BinnedDensity::of(obs.histogram(), obs.min(), obs.max()).abs();
    const double w = obs.binWidth();
    // |x| binned as [kw, (k+1)w) for x >= 0 and (kw, (k+1)w] for x < 0 (the mirror of [a, b)).
    std::vector<double> expect(d.mass.size(), 0);
    int64_t onNegativeEdge = 0;
    for (float x : v) {
        const double a = std::fabs(double(x)) / w;
        expect[size_t(x >= 0 ? std::floor(a) : std::ceil(a) - 1)] += 1;
        onNegativeEdge += x < 0 && a == std::floor(a);
    }
    EXPECT_EQ(d.mass, expect);
    EXPECT_GT(onNegativeEdge, 0); // the data does exercise the edge convention
}

TEST(StreamingObserver, SmallStreamPercentileIsExactFromTheSample) {
    auto v = gaussian(1000, 31);
    ActivationObserver obs;
    obs.observe(std::span<const float>(v).first(400));
    obs.observe(std::span<const float>(v).subspan(400));
    for (double q : {0.5, 0.999, 0.9999}) {
        const auto p = obs.percentile(q, false);
        EXPECT_TRUE(p.exact);
        EXPECT_EQ(p.value, exactQuantile(v, q));
    }
}

TEST(StreamingObserver, SampleIsDeterministicUniformAndIndependentOfBatching) {
    const int n = 1'000'000;
    std::vector<float> v(n);
    for (int i = 0; i < n; ++i) v[size_t(i)] = float(i); // the value is its rank
    auto run = [&](size_t batch) {
        ActivationObserver obs(ObserverOptions{.seed = 77});
        for (size_t b = 0; b < v.size(); b += batch)
            obs.observe(std::span<const float>(v).subspan(b, std::min(batch, v.size() - b)));
        auto s = obs.sample();
        std::sort(s.begin(), s.end());
        return s;
    };
    const auto a = run(1000), b = run(7777);
    EXPECT_EQ(a, b);
    ASSERT_EQ(a.size(), 4096u);
    EXPECT_TRUE(std::adjacent_find(a.begin(), a.end()) == a.end()); // no value twice
    // Uniform over the stream: the mean rank is n/2 with sd n/sqrt(12k); the share below n/10 is
    // 0.1 with sd sqrt(0.09/k). Bounds at 4 sd.
    double mean = 0;
    for (float x : a) mean += x;
    mean /= double(a.size());
    EXPECT_NEAR(mean, n / 2.0, 4 * n / std::sqrt(12.0 * 4096));
    const double below = double(std::lower_bound(a.begin(), a.end(), float(n / 10)) - a.begin()) / 4096;
    EXPECT_NEAR(below, 0.1, 4 * std::sqrt(0.09 / 4096));
    // The last tenth of the stream is represented too (the skips do not stall).
    EXPECT_NEAR(double(a.end() - std::lower_bound(a.begin(), a.end(), float(n * 9 / 10))) / 4096, 0.1,
                4 * std::sqrt(0.09 / 4096));
}

TEST(StreamingObserver, SizeDoesNotGrowWithBatches) {
    const int64_t shape[] = {2, 16, 4, 4};
    ActivationObserver obs;
    auto v = gaussian(512, 41);
    obs.observe(v, ChannelLayout{shape, 1});
    const size_t after1 = obs.sizeBytes();
    for (int b = 0; b < 1000; ++b) {
        auto w = gaussian(512, 1000 + b, 0, 1.0f + float(b)); // the range keeps growing
        obs.observe(w, ChannelLayout{shape, 1});
    }
    EXPECT_EQ(obs.sizeBytes(), after1);
    EXPECT_EQ(obs.count(), 1001 * 512);
    // 2 x 8192 int64 bins, 4096 (double key, float value) sample slots and 16 channels of
    // (float max, double sum).
    EXPECT_EQ(after1, sizeof(ActivationObserver) + 2 * 8192 * 8 + 4096 * 16 + 16 * (4 + 8));
}

TEST(StreamingObserver, ChannelMagnitudesMatchBruteForce) {
    auto v = gaussian(3 * 5 * 7, 51);
    v[17] = std::numeric_limits<float>::quiet_NaN();
    v[40] = -std::numeric_limits<float>::infinity();
    const int64_t shape[] = {3, 5, 7};
    for (int axis : {0, 1, 2, -1}) {
        ActivationObserver obs;
        obs.observe(v, ChannelLayout{shape, axis});
        obs.observe(v, ChannelLayout{shape, axis}); // twice: the mean stays, counts double
        const int ax = axis < 0 ? axis + 3 : axis;
        const int64_t channels = shape[ax];
        std::vector<float> mx(size_t(channels), 0);
        std::vector<double> sum(size_t(channels), 0);
        std::vector<int64_t> per(size_t(channels), 0);
        for (int64_t i = 0; i < 105; ++i) {
            const int64_t idx[] = {i / 35, i / 7 % 5, i % 7};
            const auto c = size_t(idx[ax]);
            ++per[c];
            if (!std::isfinite(v[size_t(i)])) continue;
            mx[c] = std::max(mx[c], std::fabs(v[size_t(i)]));
            sum[c] += std::fabs(v[size_t(i)]);
        }
        ASSERT_EQ(obs.channels(), channels);
        const auto mean = obs.channelAbsMean();
        for (size_t c = 0; c < size_t(channels); ++c) {
            EXPECT_EQ(obs.channelAbsMax()[c], mx[c]) << "axis " << axis << " channel " << c;
            EXPECT_NEAR(mean[c], sum[c] / double(per[c]), 1e-12) << "axis " << axis << " channel " << c;
        }
    }
}

TEST(StreamingObserver, RejectsLayoutsThatDoNotFit) {
    std::vector<float> v(24, 1.0f);
    ActivationObserver obs;
    const int64_t wrong[] = {2, 3, 5}, ok[] = {2, 3, 4}, other[] = {3, 2, 4}, neg[] = {-2, -3, 4},
                  huge[] = {int64_t(1) << 40, int64_t(1) << 40, 2};
    EXPECT_THROW(obs.observe(v, ChannelLayout{wrong, 1}), Error);
    EXPECT_THROW(obs.observe(v, ChannelLayout{ok, 3}), Error);
    EXPECT_THROW(obs.observe(v, ChannelLayout{neg, 1}), Error);
    EXPECT_THROW(obs.observe(v, ChannelLayout{huge, 1}), Error);
    EXPECT_EQ(obs.count(), 0); // nothing counted from a rejected batch
    obs.observe(v, ChannelLayout{ok, 1});
    EXPECT_THROW(obs.observe(v, ChannelLayout{other, 1}), Error); // 2 channels after 3
    EXPECT_THROW(ActivationObserver(ObserverOptions{.bins = 1}), Error);
    EXPECT_THROW(ActivationObserver(ObserverOptions{.sampleSize = -1}), Error);
}

TEST(StreamingObserver, ZerosThenDataKeepZerosInTheZeroBin) {
    ActivationObserver obs(ObserverOptions{.sampleSize = 0});
    std::vector<float> zeros(1000, 0.0f), all = zeros;
    obs.observe(zeros);
    EXPECT_EQ(obs.percentile(0.99, true).value, 0.0);
    auto v = gaussian(5000, 61);
    obs.observe(v);
    all.insert(all.end(), v.begin(), v.end());
    const auto h = obs.histogram();
    EXPECT_EQ(h.counts, binAll(all, h));
    EXPECT_GE(h.counts[size_t(-h.lo / h.binWidth())], 1000);
}

namespace {

// Values that exercise every branch of the binning: a post-ReLU spike of zeros, -0, denormals
// whose scaled value underflows, negatives exactly on bin edges, and lengths that are not whole
// vectors.
std::vector<float> adversarial(size_t n, uint32_t seed, int e) {
    auto v = gaussian(n, seed, 0, 3);
    std::mt19937 rng(seed);
    const float w = std::ldexp(1.0f, e);
    for (size_t i = 0; i < n; ++i) {
        switch (rng() % 8) {
        case 0: case 1: v[i] = 0.0f; break;
        case 2: v[i] = -0.0f; break;
        case 3: v[i] = (rng() % 2 ? -1 : 1) * (rng() % 2 ? 1e-42f : 1e-45f); break;
        case 4: v[i] = -float(int(rng() % 100)) * w; break;
        default: break;
        }
    }
    return v;
}

} // namespace

TEST(ObserverKernels, Avx2BinningEqualsReferenceBitForBit) {
    if (!cpuFeatures().avx2Fma) GTEST_SKIP() << "no AVX2 on this CPU";
    for (const size_t n : {size_t(1), size_t(7), size_t(8), size_t(1023), size_t(1025), size_t(100'003)})
        for (const int e : {-6, 0, 3}) { // 2^-3 * 1e-45 underflows to -0
            const auto v = adversarial(n, uint32_t(n) + uint32_t(e + 10), e);
            const float inv = std::ldexp(1.0f, -e);
            float lo = 0, hi = 0;
            for (float x : v) {
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
            // The window from one bin below the lowest to the highest, like the observer's.
            const auto origin = int32_t(std::floor(double(lo) * inv)) - 1;
            const auto bins = size_t(int32_t(std::floor(double(hi) * inv)) - origin + 1);
            double mean = 0;
            for (float x : v) mean += x;
            mean /= double(n);
            std::vector<int64_t> ref(bins, 0), fast(bins, 0), odd(bins, 0);
            const auto r = kernels::binRef(v.data(), int64_t(n), inv, origin, mean, ref.data());
            const auto f = kernels::binAvx2(v.data(), int64_t(n), inv, origin, mean, fast.data(), odd.data());
            for (size_t b = 0; b < bins; ++b) fast[b] += odd[b];
            EXPECT_EQ(fast, ref) << "n " << n << " e " << e;
            // The reference bins by the definition: floor(x / 2^e) in double, -0 and +0 in bin 0.
            std::vector<int64_t> byDefinition(bins, 0);
            for (float x : v) ++byDefinition[size_t(int64_t(std::floor(std::ldexp(double(x), -e))) - origin)];
            EXPECT_EQ(ref, byDefinition) << "n " << n << " e " << e;
            // Deviation sums against a long double two-pass reference.
            long double d1 = 0, d2 = 0;
            for (float x : v) {
                const long double d = (long double)x - mean;
                d1 += d;
                d2 += d * d;
            }
            EXPECT_NEAR(f.d2, double(d2), 1e-12 * double(d2)) << n;
            EXPECT_NEAR(r.d2, double(d2), 1e-12 * double(d2)) << n;
            EXPECT_NEAR(f.d1, double(d1), 1e-9 * std::sqrt(double(d2))) << n;
        }
}

TEST(ObserverKernels, Avx2ChannelMagnitudesEqualReference) {
    if (!cpuFeatures().avx2Fma) GTEST_SKIP() << "no AVX2 on this CPU";
    auto v = gaussian(1003, 71, 0, 2);
    v[5] = std::numeric_limits<float>::quiet_NaN();
    v[600] = -std::numeric_limits<float>::infinity();
    v[1001] = -7.5f;
    float m1 = 0.5f, m2 = 0.5f;
    double s1 = 1, s2 = 1;
    kernels::absRunRef(v.data(), int64_t(v.size()), m1, s1);
    kernels::absRunAvx2(v.data(), int64_t(v.size()), m2, s2);
    EXPECT_EQ(m2, m1);
    EXPECT_EQ(m1, 7.5f);
    EXPECT_NEAR(s2, s1, 1e-13 * s1);
    // Rows: each channel gets one addition per row, so the sums are bit-identical too.
    std::vector<float> mr(1003, 0.25f), mf(mr);
    std::vector<double> sr(1003, 0.5), sf(sr);
    for (int row = 0; row < 3; ++row) {
        kernels::absRowRef(v.data(), 1003, mr.data(), sr.data());
        kernels::absRowAvx2(v.data(), 1003, mf.data(), sf.data());
        std::rotate(v.begin(), v.begin() + 1, v.end());
    }
    EXPECT_EQ(mf, mr);
    EXPECT_EQ(sf, sr);
}
