#include "core/quant/rtn.h"
#include "core/quant/effective_weight.h"
#include "core/quant/awq.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::quant {

namespace {

// The reference implementation's clip grid: max |w| times 1, 0.95, ..., 0.55.
constexpr int kClipSteps = 10;
constexpr double kClipStep = 0.05;

// approx[i, j] = dequantized value / s[j]: what the layer effectively applies to unscaled inputs.
std::vector<float> effective(const QuantizedTensor& q, std::span<const float> s) { return scaleColumns(dequantize(q), s, true); }

RtnOptions minMax() {
    RtnOptions o;
    o.clipSearch = false;
    return o;
}

// Per (row, group) of `scaled` = W diag(s), the clip of max |w| with the least output error of
// that group's own contribution, d^T G_JJ d with d the unscaled error on the group's columns J.
// Returns the scaled weights clipped accordingly.
std::vector<float> searchClip(const Scheme& r, std::span<const float> scaled, std::span<const float> s,
                              int64_t rows, int64_t cols, int64_t group, const LayerInputs& inputs,
                              std::string_view tensor, const JobContext& job) {
    const int64_t groupsPerRow = cols / group, groups = rows * groupsPerRow;
    const std::vector<double>& gram = inputs.gram();
    std::vector<float> amax(size_t(groups), 0.f), bestShrink(size_t(groups), 1.f);
    std::vector<double> bestErr(size_t(groups), std::numeric_limits<double>::infinity());
    for (int64_t g = 0; g < groups; ++g)
        for (int64_t j = 0; j < group; ++j)
            amax[size_t(g)] = std::max(amax[size_t(g)], std::fabs(scaled[size_t(g * group + j)]));

    const auto clipped = [&](auto shrinkOf) {
        std::vector<float> out(scaled.size());
        for (int64_t g = 0; g < groups; ++g) {
            const float c = shrinkOf(g) * amax[size_t(g)];
            for (int64_t j = g * group; j < (g + 1) * group; ++j) out[size_t(j)] = std::clamp(scaled[size_t(j)], -c, c);
        }
        return out;
    };
    for (int k = 0; k < kClipSteps; ++k) {
        job.checkCancel();
        const auto shrink = float(1.0 - k * kClipStep);
        const std::vector<float> q =
            dequantize(quantizeRtn(r, clipped([&](int64_t) { return shrink; }), rows, cols, tensor, minMax()));
        parallelRanges(groups, std::max<int64_t>(1, 4096 / (group * group)), [&](int, int64_t begin, int64_t end) {
            std::vector<double> d(static_cast<size_t>(group));
            for (int64_t g = begin; g < end; ++g) {
                const int64_t c0 = (g % groupsPerRow) * group;
                for (int64_t j = 0; j < group; ++j) {
                    const size_t at = size_t(g * group + j);
                    d[size_t(j)] = (double(scaled[at]) - double(q[at])) / s[size_t(c0 + j)];
                }
                double e = 0;
                for (int64_t a = 0; a < group; ++a) {
                    const double* row = gram.data() + (c0 + a) * cols + c0;
                    double t = 0;
                    for (int64_t b = 0; b < group; ++b) t += row[b] * d[size_t(b)];
                    e += d[size_t(a)] * t;
                }
                if (e < bestErr[size_t(g)]) {
                    bestErr[size_t(g)] = e;
                    bestShrink[size_t(g)] = shrink;
                }
            }
        });
    }
    return clipped([&](int64_t g) { return bestShrink[size_t(g)]; });
}

} // namespace

void checkLayerInputs(std::span<const float> w, int64_t rows, int64_t cols, const LayerInputs& inputs,
                      std::string_view tensor) {
    int64_t n = 0;
    if (rows <= 0 || cols <= 0 || __builtin_mul_overflow(rows, cols, &n) || uint64_t(n) != w.size())
        throw Error(std::string(tensor), std::to_string(w.size()) + " weights do not form a " + std::to_string(rows) +
                                             " x " + std::to_string(cols) + " matrix");
    if (inputs.cols() != cols)
        throw Error(std::string(tensor), "calibration inputs have " + std::to_string(inputs.cols()) +
                                             " channels but the weight has " + std::to_string(cols) + " columns");
    if (inputs.rowsSeen() <= 0) throw Error(std::string(tensor), "no calibration input rows for this layer");
}

double outputError(std::span<const float> w, std::span<const float> approx, int64_t rows, int64_t cols,
                   const LayerInputs& inputs) {
    checkLayerInputs(w, rows, cols, inputs, "layer inputs");
    if (approx.size() != w.size())
        throw Error("layer inputs", "approximation has " + std::to_string(approx.size()) + " weights, not " +
                                        std::to_string(w.size()));
    using Mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Mat d(rows, cols);
    for (int64_t i = 0; i < rows * cols; ++i) d.data()[i] = double(w[size_t(i)]) - double(approx[size_t(i)]);
    const Eigen::Map<const Mat> g(inputs.gram().data(), cols, cols);
    return (d * g).cwiseProduct(d).sum();
}

std::vector<float> awqScales(std::span<const float> meanAbs, double alpha) {
    std::vector<double> p(meanAbs.size());
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (size_t j = 0; j < p.size(); ++j) {
        p[j] = std::max(std::pow(double(meanAbs[j]), alpha), 1e-4);
        lo = std::min(lo, p[j]);
        hi = std::max(hi, p[j]);
    }
    // Centring the scales around 1 keeps W diag(s) in the range of the unscaled weights.
    const double norm = std::sqrt(lo * hi);
    std::vector<float> s(p.size());
    for (size_t j = 0; j < p.size(); ++j) s[j] = float(p[j] / norm);
    return s;
}

QuantizedLayer quantizeAwq(const Scheme& s, std::span<const float> w, int64_t rows, int64_t cols,
                           const LayerInputs& inputs, std::string_view tensor, const AwqOptions& opt,
                           const JobContext& job) {
    checkLayerInputs(w, rows, cols, inputs, tensor);
    if (opt.gridPoints < 1)
        throw Error(std::string(tensor), "AWQ needs at least one grid point (got " + std::to_string(opt.gridPoints) + ")");
    QuantizedLayer out;
    out.name = std::string(tensor);
    out.method = "awq";
    const Scheme& r = resolve(s, cols);
    if (r.kind == SchemeKind::Float) { // nothing is rounded coarsely enough for scales to matter
        out.weight = quantizeRtn(r, w, rows, cols, tensor);
        return out;
    }

    const std::vector<float> mean = inputs.meanAbs();
    const bool clip = opt.clipSearch && r.granularity != Granularity::Tensor;
    const double stages = opt.gridPoints + (clip ? 1 : 0);
    double bestErr = std::numeric_limits<double>::infinity();
    for (int k = 0; k < opt.gridPoints; ++k) {
        job.checkCancel();
        const std::vector<float> sc = awqScales(mean, double(k) / opt.gridPoints);
        QuantizedTensor q;
        try {
            // With clipping on, each candidate rounds on RTN's MSE-clipped grid: alpha = 0 is then
            // exactly RTN, so the search can only end below it.
            q = quantizeRtn(r, scaleColumns(w, sc), rows, cols, tensor, clip ? RtnOptions{} : minMax());
        } catch (const Error&) {
            // alpha = 0 is the plain weight and rethrows; a larger alpha whose scaled weights leave
            // the scheme's fp16 range is just not a candidate.
            if (k == 0) throw;
            continue;
        }
        const double err = outputError(w, effective(q, sc), rows, cols, inputs);
        if (err < bestErr) {
            bestErr = err;
            out.weight = std::move(q);
            out.inputScale = sc;
        }
        job.report((k + 1) / stages, "AWQ scale search");
    }
    if (clip) {
        const int64_t group = r.granularity == Granularity::Channel ? cols : r.group;
        const auto clipped = searchClip(r, scaleColumns(w, out.inputScale), out.inputScale, rows, cols, group, inputs,
                                        tensor, job);
        QuantizedTensor q = quantizeRtn(r, clipped, rows, cols, tensor, minMax());
        // The search scores each group alone (the gram's diagonal blocks); keep it only if the
        // whole layer's error agrees.
        if (outputError(w, effective(q, out.inputScale), rows, cols, inputs) < bestErr) out.weight = std::move(q);
        job.report(1.0, "AWQ clip search");
    }
    return out;
}

} // namespace qb::quant
