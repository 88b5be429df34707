// The clip search on degenerate data: constant tensors (zero and not), a single non-zero value, a
// narrow range far from zero, only NaN/Inf, and invalid histograms. A constant non-zero tensor
// once made the |x| density 2^23 bins wide (the observer's bin width follows the value's
// magnitude, not the data's zero range) and the MSE scan took hours on all-white images.
#include <chrono>
#include <cmath>
#include <limits>

#include "core/stats/clip_search.h"
#include "core/util/error.h"
#include "test_support.h"

using namespace qb;

namespace {

// Far above a correct search on these tensors (a few ms), far below the hours of the bug.
constexpr double kMaxSeconds = 2.0;

struct Timed {
    std::vector<ClipResult> results;
    double seconds = 0;
};

Timed search(const std::vector<float>& v, const ClipConfig& cfg) {
    ActivationObserver obs;
    obs.observe(v);
    const auto t0 = std::chrono::steady_clock::now();
    Timed t;
    t.results = clipSearch(obs, cfg);
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return t;
}

std::string what(const ClipConfig& cfg, double c) {
    return "c=" + std::to_string(c) + " bits=" + std::to_string(cfg.bits) + (cfg.symmetric ? " sym" : " asym");
}

const std::vector<ClipConfig> kConfigs = {{.bits = 8, .symmetric = true},
                                          {.bits = 8, .symmetric = false},
                                          {.bits = 4, .symmetric = true},
                                          {.bits = 4, .symmetric = false}};

} // namespace

TEST(ClipDegenerate, ConstantZeroGivesAZeroRangeAndNoNoise) {
    const std::vector<float> v(100'000, 0.0f);
    for (const auto& cfg : kConfigs) {
        const auto t = search(v, cfg);
        EXPECT_LT(t.seconds, kMaxSeconds) << what(cfg, 0);
        ASSERT_EQ(t.results.size(), 4u);
        for (const auto& r : t.results) {
            EXPECT_EQ(r.lo, 0.0) << clipMethodName(r.method) << " " << what(cfg, 0);
            EXPECT_EQ(r.hi, 0.0) << clipMethodName(r.method) << " " << what(cfg, 0);
            EXPECT_TRUE(std::isinf(r.sqnrDb) && r.sqnrDb > 0) << clipMethodName(r.method) << " " << what(cfg, 0);
        }
    }
}

// Every method keeps a constant c whole: c is the end level of the grid, so it quantizes to
// itself (up to the rounding of step = c/qmax) and the SQNR is far above any real tensor's.
TEST(ClipDegenerate, ConstantNonZeroIsKeptWholeByEveryMethodAndQuickly) {
    for (const float cf : {1.0f, 2.64f, 255.0f, -3.75f, 1000.5f, 1e-30f, -7e30f}) {
        const double c = cf;
        const std::vector<float> v(50'000, cf);
        for (const auto& cfg : kConfigs) {
            const auto t = search(v, cfg);
            EXPECT_LT(t.seconds, kMaxSeconds) << what(cfg, c);
            ASSERT_EQ(t.results.size(), 4u);
            for (const auto& r : t.results) {
                const double lo = cfg.symmetric ? -std::fabs(c) : std::min(c, 0.0);
                const double hi = cfg.symmetric ? std::fabs(c) : std::max(c, 0.0);
                EXPECT_EQ(r.lo, lo) << clipMethodName(r.method) << " " << what(cfg, c);
                EXPECT_EQ(r.hi, hi) << clipMethodName(r.method) << " " << what(cfg, c);
                EXPECT_GT(r.sqnrDb, 120.0) << clipMethodName(r.method) << " " << what(cfg, c);
            }
        }
    }
}

// Zeros and one value 3 (or -3): min-max and MSE keep the 3 (clipping it costs (3-t)^2 while
// the zeros are exact at any threshold); every method stays within [0, 3]. The expected SQNR is
// not infinite: with x = 3 the density spreads the 19999 zeros over their bin [0, 2^-11) (a noise
// of 19999 * 2^-22 / 3 against a signal of 9: 37.5 dB); with x = -3 the zeros' bin is cut to the
// point 0 by the maximum and the -3 spreads over [-3, -3 + 2^-11) (80.5 dB).
TEST(ClipDegenerate, SingleNonZeroValueAmongZeros) {
    for (const float x : {3.0f, -3.0f}) {
        std::vector<float> v(20'000, 0.0f);
        v[777] = x;
        for (const auto& cfg : kConfigs) {
            const auto t = search(v, cfg);
            EXPECT_LT(t.seconds, kMaxSeconds) << what(cfg, x);
            for (const auto& r : t.results) {
                EXPECT_LE(r.lo, 0.0) << clipMethodName(r.method) << " " << what(cfg, x);
                EXPECT_GE(r.hi, 0.0) << clipMethodName(r.method) << " " << what(cfg, x);
                EXPECT_LE(r.hi - r.lo, cfg.symmetric ? 6.0 : 3.0) << clipMethodName(r.method) << " " << what(cfg, x);
                if (r.method == ClipMethod::MinMax || r.method == ClipMethod::Mse) {
                    EXPECT_NEAR(cfg.symmetric ? r.hi : std::fabs(x > 0 ? r.hi : r.lo), 3.0, 3.0 / 2048)
                        << clipMethodName(r.method) << " " << what(cfg, x);
                    const double noise = (x > 0 ? 19999 : 1) * std::ldexp(1.0, -22) / 3;
                    EXPECT_NEAR(r.sqnrDb, 10 * std::log10(9.0 / noise), 0.01) << clipMethodName(r.method) << " " << what(cfg, x);
                }
            }
        }
    }
}

// Values in [1000, 1000.01]: the range is narrow next to its distance from zero, as for a
// constant, so the search must not walk |x| in steps of the data's bin width.
TEST(ClipDegenerate, NarrowRangeFarFromZero) {
    std::vector<float> v(30'000);
    for (size_t i = 0; i < v.size(); ++i) v[i] = 1000.0f + 0.01f * float(i % 101) / 100.0f;
    for (const auto& cfg : kConfigs) {
        const auto t = search(v, cfg);
        EXPECT_LT(t.seconds, kMaxSeconds) << what(cfg, 1000);
        for (const auto& r : t.results) {
            // Clipping below the data costs (x - t)^2 on every value; a grid step of 1000/127
            // (8 bits) or 1000/7 (4 bits) makes the data's own spread irrelevant.
            EXPECT_GE(r.hi, 999.0) << clipMethodName(r.method) << " " << what(cfg, 1000);
            EXPECT_LE(r.hi, 1000.01f) << clipMethodName(r.method) << " " << what(cfg, 1000);
            EXPECT_EQ(r.lo, cfg.symmetric ? -r.hi : 0.0) << clipMethodName(r.method) << " " << what(cfg, 1000);
        }
    }
}

// NaN and Inf never enter the statistics: only them is no data (a zero range), and mixed with
// a constant they change nothing.
TEST(ClipDegenerate, NonFiniteValuesAreLeftOut) {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    const std::vector<float> junk = {nan, inf, -inf, nan};
    for (const auto& cfg : kConfigs) {
        for (const auto& r : search(junk, cfg).results) {
            EXPECT_EQ(r.lo, 0.0) << clipMethodName(r.method);
            EXPECT_EQ(r.hi, 0.0) << clipMethodName(r.method);
        }
        std::vector<float> mixed(10'000, 5.5f);
        for (size_t i = 0; i < mixed.size(); i += 7) mixed[i] = junk[i % 4];
        for (const auto& r : search(mixed, cfg).results) EXPECT_EQ(r.hi, 5.5) << clipMethodName(r.method);
    }
}

// A histogram given directly: empty, a range that is NaN, infinite, reversed or so narrow its
// bin width underflows to 0, or an extreme pair that is NaN, is refused with a clear error.
TEST(ClipDegenerate, InvalidHistogramsAreRefused) {
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    const std::vector<int64_t> counts = {1, 0, 0, 1};
    const ClipConfig cfg{};
    const auto refused = [&](const Histogram& h, double min, double max) {
        try {
            clipSearch(h, min, max, cfg);
        } catch (const Error& e) {
            return std::string(e.what()).find("histogram") != std::string::npos;
        }
        return false;
    };
    EXPECT_TRUE(refused(Histogram{0, 1, {}}, 0, 1));
    EXPECT_TRUE(refused(Histogram{nan, 1, counts}, 0, 1));
    EXPECT_TRUE(refused(Histogram{0, inf, counts}, 0, 1));
    EXPECT_TRUE(refused(Histogram{1, 0, counts}, 0, 1));
    EXPECT_TRUE(refused(Histogram{0, 5e-324, counts}, 0, 5e-324)); // width underflows to 0
    EXPECT_TRUE(refused(Histogram{-1e308, 1e308, counts}, -1e308, 1e308)); // width overflows
    EXPECT_TRUE(refused(Histogram{0, 1, counts}, nan, 1));
    EXPECT_TRUE(refused(Histogram{0, 1, counts}, 0, nan));
    // Infinite extremes are clamped into the histogram's range.
    const auto r = clipSearch(Histogram{-1, 1, counts}, -inf, inf, cfg);
    EXPECT_EQ(r[0].hi, 1.0);
}
