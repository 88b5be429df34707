#include "core/stats/clip_search.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb {

namespace {

constexpr int kAsymCandidates = 1024;   // range scale factors tried by asymmetric searches

void checkBits(int bits) {
    if (bits < 2 || bits > 8) throw Error("clip search", "bits must be in 2..8, got " + std::to_string(bits));
}

double toDb(double signal, double noise) {
    if (noise <= 0) return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(signal / noise);
}

// Integral of (x - Q(x))^2 over [a, b], a < b, walking the rounding cells of the grid.
double cellIntegral(double a, double b, const QuantGrid& g) {
    auto k = int64_t(std::clamp(std::floor((a - g.first) / g.step + 0.5), 0.0, double(g.levels - 1)));
    double sum = 0, x0 = a;
    while (x0 < b) {
        const double edge = k < g.levels - 1 ? g.first + (double(k) + 0.5) * g.step : b;
        const double x1 = std::min(b, edge);
        if (x1 > x0) {
            const double level = g.first + double(k) * g.step, u = x0 - level, v = x1 - level;
            sum += (x1 - x0) * (u * u + u * v + v * v) / 3.0;
            x0 = x1;
        }
        if (k < g.levels - 1) ++k;
    }
    return sum;
}

struct Power {
    double signal = 0, noise = 0;
};

// Expected sum of x^2 and of (x - Q(x))^2 with each bin's mass uniform over its support.
Power expectedPower(const BinnedDensity& d, const QuantGrid& g) {
    Power p;
    for (size_t i = 0; i < d.mass.size(); ++i) {
        const double m = d.mass[i];
        if (m <= 0) continue;
        auto [a, b] = d.bin(i);
        if (a >= b) { // empty or a point: all mass at one value
            const double x = std::clamp(a, d.min, d.max), e = x - g.quantize(x);
            p.signal += m * x * x;
            p.noise += m * e * e;
            continue;
        }
        p.signal += m * (a * a + a * b + b * b) / 3.0;
        p.noise += m * cellIntegral(a, b, g) / (b - a);
    }
    return p;
}

// KL(P || Q) of the TensorRT calibrator for bins [begin, end): P is the window with the mass
// outside it folded into its end bins; Q merges the window into `groups` runs of bins and spreads
// each run's mass evenly over its non-empty bins. Infinite when the window is empty.
double klDivergence(const std::vector<double>& m, size_t begin, size_t end, int groups, double total) {
    const size_t n = end - begin;
    double below = 0, above = 0, inside = 0;
    for (size_t i = 0; i < begin; ++i) below += m[i];
    for (size_t i = end; i < m.size(); ++i) above += m[i];
    for (size_t i = begin; i < end; ++i) inside += m[i];
    if (inside <= 0) return std::numeric_limits<double>::infinity();
    constexpr double eps = 1e-12; // stands in for Q = 0 where P > 0: a heavy but finite penalty
    double kl = 0;
    for (int gi = 0; gi < groups; ++gi) {
        const size_t g0 = begin + n * size_t(gi) / size_t(groups), g1 = begin + n * size_t(gi + 1) / size_t(groups);
        double sum = 0;
        int nonEmpty = 0;
        for (size_t i = g0; i < g1; ++i) {
            sum += m[i];
            nonEmpty += m[i] > 0;
        }
        for (size_t i = g0; i < g1; ++i) {
            double p = m[i] + (i == begin ? below : 0) + (i == end - 1 ? above : 0);
            if (p <= 0) continue;
            p /= total;
            const double q = m[i] > 0 ? sum / nonEmpty / inside : 0;
            kl += p * std::log(p / std::max(q, eps));
        }
    }
    return kl;
}

ClipResult evaluate(ClipMethod method, double lo, double hi, const BinnedDensity& d, const ClipConfig& cfg) {
    ClipResult r;
    r.method = method;
    r.lo = cfg.symmetric ? -hi : lo;
    r.hi = hi;
    const auto p = expectedPower(d, QuantGrid::forRange(r.lo, r.hi, cfg.bits, cfg.symmetric));
    r.sqnrDb = toDb(p.signal, p.noise);
    return r;
}

std::vector<ClipResult> searchSymmetric(const BinnedDensity& signedDensity, const ClipConfig& cfg) {
    const BinnedDensity d = signedDensity.abs();
    const double absMax = d.max, w = d.width;
    const size_t bins = d.occupiedEnd();
    std::vector<ClipResult> out;
    out.push_back(evaluate(ClipMethod::MinMax, 0, absMax, signedDensity, cfg));
    out.push_back(evaluate(ClipMethod::Percentile, 0, d.quantile(cfg.percentile), signedDensity, cfg));

    // MSE: every bin edge up to the maximum is a candidate threshold.
    double bestT = absMax, bestNoise = std::numeric_limits<double>::infinity();
    for (size_t k = 1; k <= bins; ++k) {
        const double t = std::min(double(k) * w, absMax);
        const double noise = expectedPower(d, QuantGrid::forRange(-t, t, cfg.bits, true)).noise;
        if (noise < bestNoise) {
            bestNoise = noise;
            bestT = t;
        }
    }
    out.push_back(evaluate(ClipMethod::Mse, 0, bestT, signedDensity, cfg));

    // KL: windows [0, i) of the |x| histogram, 2^(bits-1) groups (128 at 8 bits).
    const int groups = 1 << (cfg.bits - 1);
    const double total = d.total();
    double klT = absMax, bestKl = std::numeric_limits<double>::infinity();
    for (size_t i = size_t(groups); i <= bins; ++i) {
        const double kl = klDivergence(d.mass, 0, i, groups, total);
        if (kl < bestKl) {
            bestKl = kl;
            klT = std::min(double(i) * w, absMax);
        }
    }
    out.push_back(evaluate(ClipMethod::Kl, 0, klT, signedDensity, cfg));
    return out;
}

std::vector<ClipResult> searchAsymmetric(const BinnedDensity& d, const ClipConfig& cfg) {
    const double lo0 = std::min(d.min, 0.0), hi0 = std::max(d.max, 0.0);
    std::vector<ClipResult> out;
    out.push_back(evaluate(ClipMethod::MinMax, lo0, hi0, d, cfg));
    out.push_back(evaluate(ClipMethod::Percentile, std::min(0.0, d.quantile(1 - cfg.percentile)),
                           std::max(0.0, d.quantile(cfg.percentile)), d, cfg));

    double bestA = 1, bestNoise = std::numeric_limits<double>::infinity();
    for (int k = 1; k <= kAsymCandidates; ++k) {
        const double a = double(k) / kAsymCandidates;
        const double noise = expectedPower(d, QuantGrid::forRange(a * lo0, a * hi0, cfg.bits, false)).noise;
        if (noise < bestNoise) {
            bestNoise = noise;
            bestA = a;
        }
    }
    out.push_back(evaluate(ClipMethod::Mse, bestA * lo0, bestA * hi0, d, cfg));

    // KL: windows of whole bins around the scaled range, 2^bits groups.
    const int groups = 1 << cfg.bits;
    const double total = d.total();
    const auto lastBin = double(d.mass.size());
    double klLo = lo0, klHi = hi0, bestKl = std::numeric_limits<double>::infinity();
    size_t prevB = 0, prevE = 0;
    for (int k = 1; k <= kAsymCandidates; ++k) {
        const double a = double(k) / kAsymCandidates;
        const auto b = size_t(std::clamp(std::floor((a * lo0 - d.lo) / d.width), 0.0, lastBin));
        const auto e = size_t(std::clamp(std::ceil((a * hi0 - d.lo) / d.width), 0.0, lastBin));
        if (e < b + size_t(groups) || (b == prevB && e == prevE)) continue;
        prevB = b;
        prevE = e;
        const double kl = klDivergence(d.mass, b, e, groups, total);
        if (kl < bestKl) {
            bestKl = kl;
            klLo = std::min(0.0, std::max(lo0, d.lo + double(b) * d.width));
            klHi = std::max(0.0, std::min(hi0, d.lo + double(e) * d.width));
        }
    }
    out.push_back(evaluate(ClipMethod::Kl, klLo, klHi, d, cfg));
    return out;
}

} // namespace

const char* clipMethodName(ClipMethod m) {
    switch (m) {
    case ClipMethod::MinMax: return "minmax";
    case ClipMethod::Percentile: return "percentile";
    case ClipMethod::Mse: return "mse";
    case ClipMethod::Kl: return "kl";
    }
    return "?";
}

QuantGrid QuantGrid::forRange(double lo, double hi, int bits, bool symmetric) {
    checkBits(bits);
    QuantGrid g;
    if (symmetric) {
        const int64_t qmax = (int64_t(1) << (bits - 1)) - 1;
        const double t = std::fabs(hi);
        g.step = t > 0 ? t / double(qmax) : 1.0;
        g.first = -double(qmax) * g.step;
        g.levels = 2 * qmax + 1;
        return g;
    }
    if (!(lo <= 0 && hi >= 0)) throw Error("clip search", "an asymmetric range must hold 0");
    const int64_t top = (int64_t(1) << bits) - 1;
    g.step = hi > lo ? (hi - lo) / double(top) : 1.0;
    g.first = -std::clamp(std::round(-lo / g.step), 0.0, double(top)) * g.step;
    g.levels = top + 1;
    return g;
}

double QuantGrid::quantize(double x) const {
    return first + std::clamp(std::round((x - first) / step), 0.0, double(levels - 1)) * step;
}

double sqnrDb(const BinnedDensity& d, const QuantGrid& g) {
    const auto p = expectedPower(d, g);
    return toDb(p.signal, p.noise);
}

double sqnrDb(std::span<const float> x, const QuantGrid& g) {
    std::vector<Power> parts(static_cast<size_t>(threadCount()));
    parallelRanges(int64_t(x.size()), 1 << 16, [&](int w, int64_t b, int64_t e) {
        Power p;
        for (int64_t i = b; i < e; ++i) {
            const double v = x[size_t(i)];
            if (!std::isfinite(v)) continue;
            const double err = v - g.quantize(v);
            p.signal += v * v;
            p.noise += err * err;
        }
        parts[size_t(w)] = p;
    });
    Power t;
    for (const auto& p : parts) {
        t.signal += p.signal;
        t.noise += p.noise;
    }
    return toDb(t.signal, t.noise);
}

std::vector<ClipResult> clipSearch(const Histogram& h, double min, double max, const ClipConfig& cfg) {
    checkBits(cfg.bits);
    if (!(cfg.percentile > 0 && cfg.percentile <= 1)) throw Error("clip search", "percentile must be in (0, 1]");
    const auto d = BinnedDensity::of(h, min, max);
    return cfg.symmetric ? searchSymmetric(d, cfg) : searchAsymmetric(d, cfg);
}

std::vector<ClipResult> clipSearch(const ActivationObserver& obs, const ClipConfig& cfg) {
    return clipSearch(obs.histogram(), obs.min(), obs.max(), cfg);
}

std::vector<ClipResult> clipWeights(std::span<const float> w, const ClipConfig& cfg) {
    ActivationObserver obs(ObserverOptions{.bins = 2048, .sampleSize = 0, .seed = 0});
    obs.observe(w);
    auto results = clipSearch(obs, cfg);
    for (auto& r : results) r.sqnrDb = sqnrDb(w, QuantGrid::forRange(r.lo, r.hi, cfg.bits, cfg.symmetric));
    return results;
}

} // namespace qb
