#include "core/quant/rtn.h"
#include "core/quant/effective_weight.h"
#include "core/quant/awq.h"

#include <oneapi/dnnl/dnnl.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "core/quant/gram_factor.h"
#include "core/util/error.h"

namespace qb::quant {

namespace {

// Columns of the gram per output-error product: bounds the float panel (cols x 512).
constexpr int64_t kErrorPanel = 512;

// For each row i and each run J of `group` columns (cols / group runs a row): d_i,J^T G_JJ d_i,J,
// the output error that row's error on those columns alone makes, for the input gram G. Products
// in oneDNN's sgemm (one per run and column panel of G_JJ, converted to float a panel at a time:
// G_JJ is shared by every row), sums in double.
std::vector<double> blockQuadraticForms(std::span<const float> d, int64_t rows, int64_t cols, int64_t group,
                                        const std::vector<double>& gram) {
    const int64_t runs = cols / group, width = std::min(kErrorPanel, group);
    std::vector<double> out(size_t(rows * runs), 0.0);
    std::vector<float> panel(size_t(group) * size_t(width)), product(size_t(rows) * size_t(width));
    for (int64_t run = 0; run < runs; ++run) {
        const int64_t c0 = run * group;
        for (int64_t p0 = 0; p0 < group; p0 += width) {
            const int64_t np = std::min(width, group - p0);
            for (int64_t a = 0; a < group; ++a)
                for (int64_t j = 0; j < np; ++j)
                    panel[size_t(a * np + j)] = float(gram[size_t((c0 + a) * cols + c0 + p0 + j)]);
            const dnnl_status_t st = dnnl_sgemm('N', 'N', rows, np, group, 1.f, d.data() + c0, cols, panel.data(), np,
                                                0.f, product.data(), np);
            if (st != dnnl_success) throw Error("layer inputs", "oneDNN sgemm failed (status " + std::to_string(int(st)) + ")");
            for (int64_t i = 0; i < rows; ++i) {
                const float* pr = product.data() + i * np;
                const float* di = d.data() + i * cols + c0 + p0;
                double sum = 0;
                for (int64_t j = 0; j < np; ++j) sum += double(pr[j]) * double(di[j]);
                out[size_t(i * runs + run)] += sum;
            }
        }
    }
    return out;
}

// Layers wider than this many times AwqOptions::searchRank rank the scale candidates on the gram's
// factor: below it the exact products cost little, and the factor would save little.
constexpr int64_t kFactorWidth = 4;
// Candidates of the factor's ranking rescored exactly: its order can swap near neighbours, whose
// exact errors then decide.
constexpr size_t kFinalists = 2;

// The reference implementation's clip grid: max |w| times 1, 0.95, ..., 0.55.
constexpr int kClipSteps = 10;
constexpr double kClipStep = 0.05;

std::vector<float> difference(std::span<const float> w, std::span<const float> approx) {
    std::vector<float> d(w.size());
    for (size_t i = 0; i < w.size(); ++i) d[i] = w[i] - approx[i];
    return d;
}

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
    // One buffer each for the steps: fresh layer-sized vectors cost their page faults every step.
    std::vector<float> q(scaled.size()), d(scaled.size());
    for (int k = 0; k < kClipSteps; ++k) {
        job.checkCancel();
        const auto shrink = float(1.0 - k * kClipStep);
        dequantizeInto(quantizeRtn(r, clipped([&](int64_t) { return shrink; }), rows, cols, tensor, minMax()), q);
        for (int64_t i = 0; i < rows; ++i)
            for (int64_t j = 0; j < cols; ++j) {
                const size_t at = size_t(i * cols + j);
                d[at] = (scaled[at] - q[at]) / s[size_t(j)];
            }
        const std::vector<double> e = blockQuadraticForms(d, rows, cols, group, gram);
        for (int64_t g = 0; g < groups; ++g)
            if (e[size_t(g)] < bestErr[size_t(g)]) {
                bestErr[size_t(g)] = e[size_t(g)];
                bestShrink[size_t(g)] = shrink;
            }
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
    // tr(D G D^T): the whole row as one run. The search compares candidates whose errors differ by
    // far more than float's rounding of the product; Eigen's double product took a minute per
    // candidate at 4096 x 11008.
    double total = 0;
    for (const double e : blockQuadraticForms(difference(w, approx), rows, cols, cols, inputs.gram())) total += e;
    return total;
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
    if (opt.searchRank < 0)
        throw Error(std::string(tensor), "AWQ's search rank cannot be negative (got " + std::to_string(opt.searchRank) + ")");
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
    // Wide layers: every candidate scored on the gram's factor, the best kFinalists kept in order
    // of that score, and the winner among them chosen by the exact error.
    std::optional<GramFactor> factor;
    if (opt.searchRank > 0 && opt.searchRank <= (cols - 1) / kFactorWidth) factor.emplace(inputs.gram(), cols, opt.searchRank);
    const double stages = opt.gridPoints + (factor ? double(kFinalists) : 0.0) + (clip ? 1 : 0);
    double bestErr = std::numeric_limits<double>::infinity();
    struct Finalist {
        double score;
        QuantizedTensor q;
        std::vector<float> sc;
    };
    std::vector<Finalist> finalists;
    // Buffers reused across candidates (page faults of fresh layer-sized vectors dominated the
    // factored search at 4096 x 11008).
    std::vector<float> scaled(w.size()), d(factor ? w.size() : 0);
    for (int k = 0; k < opt.gridPoints; ++k) {
        job.checkCancel();
        const std::vector<float> sc = awqScales(mean, double(k) / opt.gridPoints);
        QuantizedTensor q;
        try {
            // With clipping on, each candidate rounds on RTN's MSE-clipped grid: alpha = 0 is then
            // exactly RTN, so the search can only end below it.
            scaleColumnsInto(w, sc, false, scaled); // W diag(s)
            q = quantizeRtn(r, scaled, rows, cols, tensor, clip ? RtnOptions{} : minMax());
        } catch (const Error&) {
            // alpha = 0 is the plain weight and rethrows; a larger alpha whose scaled weights leave
            // the scheme's fp16 range is just not a candidate.
            if (k == 0) throw;
            continue;
        }
        if (factor) {
            // D = W - dequantized / s: difference(w, effective(q, sc)) in the reused buffer.
            dequantizeInto(q, d);
            scaleColumnsInto(d, sc, true, d);
            for (size_t i = 0; i < d.size(); ++i) d[i] = w[i] - d[i];
            const double score = factor->quadraticForm(d, rows);
            // After the equal scores already kept, so that ties go to the smaller alpha as below.
            const auto at = std::upper_bound(finalists.begin(), finalists.end(), score,
                                             [](double v, const Finalist& f) { return v < f.score; });
            if (size_t(at - finalists.begin()) < kFinalists) {
                finalists.insert(at, Finalist{score, std::move(q), sc});
                if (finalists.size() > kFinalists) finalists.pop_back();
            }
        } else {
            const double err = outputError(w, effective(q, sc), rows, cols, inputs);
            if (err < bestErr) {
                bestErr = err;
                out.weight = std::move(q);
                out.inputScale = sc;
            }
        }
        job.report((k + 1) / stages, "AWQ scale search");
    }
    for (size_t i = 0; i < finalists.size(); ++i) {
        job.checkCancel();
        Finalist& f = finalists[i];
        const double err = exactQuadraticForm(difference(w, effective(f.q, f.sc)), rows, cols, inputs.gram());
        if (err < bestErr) {
            bestErr = err;
            out.weight = std::move(f.q);
            out.inputScale = std::move(f.sc);
        }
        job.report((opt.gridPoints + double(i + 1)) / stages, "AWQ scale search");
    }
    if (clip) {
        const int64_t group = r.granularity == Granularity::Channel ? cols : r.group;
        const auto clipped = searchClip(r, scaleColumns(w, out.inputScale), out.inputScale, rows, cols, group, inputs,
                                        tensor, job);
        QuantizedTensor q = quantizeRtn(r, clipped, rows, cols, tensor, minMax());
        // The search scores each group alone (the gram's diagonal blocks); keep it only if the
        // whole layer's error agrees.
        const std::vector<float> approx = effective(q, out.inputScale);
        const double err = factor ? exactQuadraticForm(difference(w, approx), rows, cols, inputs.gram())
                                  : outputError(w, approx, rows, cols, inputs);
        if (err < bestErr) out.weight = std::move(q);
        job.report(1.0, "AWQ clip search");
    }
    return out;
}

} // namespace qb::quant
