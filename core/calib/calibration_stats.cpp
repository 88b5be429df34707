#include "core/calib/calibration_stats.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <numeric>
#include <random>

#include "core/util/parallel.h"

namespace qb {

std::vector<int64_t> chooseSamples(int64_t population, int64_t count, uint64_t seed) {
    std::vector<int64_t> idx(size_t(std::max<int64_t>(population, 0)));
    std::iota(idx.begin(), idx.end(), int64_t(0));
    if (count >= population) return idx;
    // Partial Fisher-Yates with an explicit draw: std::uniform_int_distribution differs between
    // standard libraries, and the choice must be reproducible from the seed alone.
    std::mt19937_64 rng(seed);
    for (int64_t k = 0; k < count; ++k) {
        const uint64_t span = uint64_t(population - k);
        const int64_t j = k + int64_t(rng() % span);
        std::swap(idx[size_t(k)], idx[size_t(j)]);
    }
    idx.resize(size_t(count));
    std::sort(idx.begin(), idx.end());
    return idx;
}

namespace {

void copyClips(ValueStats& v, const std::vector<ClipResult>& clips) {
    for (const auto& c : clips) v.clips[size_t(c.method)] = c;
}

// Exact q-quantile of the finite values (linear interpolation between order statistics).
double exactQuantile(std::vector<float>& x, double q) {
    if (x.empty()) return 0;
    const double pos = q * double(x.size() - 1);
    const auto lo = size_t(pos);
    std::nth_element(x.begin(), x.begin() + std::ptrdiff_t(lo), x.end());
    const double a = x[lo];
    if (lo + 1 >= x.size()) return a;
    const double b = *std::min_element(x.begin() + std::ptrdiff_t(lo) + 1, x.end());
    return a + (pos - double(lo)) * (b - a);
}

} // namespace

ValueStats weightStats(std::span<const float> w, const CalibrationSettings& s) {
    ValueStats v;
    const TensorSummary sum = summarize(w, 2048);
    v.count = sum.stats.count;
    v.min = sum.stats.min;
    v.max = sum.stats.max;
    v.mean = sum.stats.mean;
    v.std = sum.stats.std;
    v.histogram = sum.histogram;
    std::vector<float> finite;
    finite.reserve(w.size());
    for (const float x : w)
        if (std::isfinite(x)) finite.push_back(x);
    v.p99_9 = exactQuantile(finite, 0.999);
    v.p99_99 = exactQuantile(finite, 0.9999);
    copyClips(v, clipWeights(w, {.bits = s.bits, .symmetric = true, .percentile = s.percentile}));
    return v;
}

ValueStats activationStats(const ActivationObserver& obs, const CalibrationSettings& s) {
    ValueStats v;
    v.count = obs.count();
    v.min = obs.min();
    v.max = obs.max();
    v.mean = obs.mean();
    v.std = obs.std();
    if (v.count == 0) return v;
    v.histogram = obs.histogram();
    v.p99_9 = obs.percentile(0.999, false).value;
    v.p99_99 = obs.percentile(0.9999, false).value;
    copyClips(v, clipSearch(obs, {.bits = s.bits, .symmetric = v.min < 0, .percentile = s.percentile}));
    return v;
}

LayerStats layerStats(const TensorEntry& weight, const ActivationObserver& obs, const CalibrationSettings& s) {
    LayerStats l;
    l.name = weight.name;
    l.kind = weight.kind;
    l.weight = weightStats(toFloat(weight), s);
    l.activation = activationStats(obs, s);
    const auto cm = obs.channelAbsMax();
    l.channelAbsMax.assign(cm.begin(), cm.end());
    return l;
}

std::vector<LayerStats> layerStats(std::span<const TensorEntry* const> weights,
                                   std::span<const ActivationObserver* const> observers, const CalibrationSettings& s,
                                   const JobContext& job) {
    if (weights.size() != observers.size()) throw Error("calibration", "weights and observers differ in number");
    job.checkCancel();
    // An observer several layers share (q/k/v, gate/up read one input) is analysed once, by its
    // first layer; the others take a copy.
    std::vector<size_t> first(observers.size());
    std::map<const ActivationObserver*, size_t> seen;
    for (size_t i = 0; i < observers.size(); ++i) first[i] = seen.emplace(observers[i], i).first->second;
    std::vector<LayerStats> out(weights.size());
    // Workers cannot throw across their thread: each keeps its first error and stops on cancel.
    std::vector<std::exception_ptr> errors(static_cast<size_t>(threadCount()));
    parallelRanges(int64_t(weights.size()), 1, [&](int w, int64_t b, int64_t e) {
        try {
            for (int64_t i = b; i < e && !job.cancelled(); ++i) {
                const TensorEntry& t = *weights[size_t(i)];
                if (first[size_t(i)] == size_t(i)) {
                    out[size_t(i)] = layerStats(t, *observers[size_t(i)], s);
                } else {
                    out[size_t(i)].name = t.name;
                    out[size_t(i)].kind = t.kind;
                    out[size_t(i)].weight = weightStats(toFloat(t), s);
                }
            }
        } catch (...) {
            errors[size_t(w)] = std::current_exception();
        }
    });
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    job.checkCancel();
    for (size_t i = 0; i < out.size(); ++i)
        if (first[i] != i) {
            out[i].activation = out[first[i]].activation;
            out[i].channelAbsMax = out[first[i]].channelAbsMax;
        }
    return out;
}

} // namespace qb
