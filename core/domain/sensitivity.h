// Per-layer sensitivity of a model to quantization: for each (quantizable layer, scheme) pair, the
// change in the model's outputs when only that layer is quantized, and fast proxies of it computed
// from the weights and the calibration inputs. Stored in the project (docs/PROJECT_FORMAT.md).
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace qb {

struct SensitivityEntry {
    std::string layer;  ///< the weight tensor's name
    std::string scheme; ///< a scheme of the table (scheme.h), e.g. "int4_g32_sym", "q4_0"
    /// Mean over scored outputs (tokens, or images) of KL(P_fp32 || P_quantized) in nats.
    double kl = 0;
    /// How much worse the metric gets: perplexity increase (text), or top-1 accuracy drop in
    /// percentage points (labelled images); NaN when the data has no metric.
    double metricDelta = std::numeric_limits<double>::quiet_NaN();
    // Proxies from the weights and the layer's inputs (no model run). E = Q(W) - W, [rows, cols];
    // d_j = mean squared input of column j (the importance matrix, as llama.cpp's imatrix).
    double sqnrDb = 0;         ///< 10 log10(|W|^2 / |E|^2); +inf when E = 0
    double outputError = 0;    ///< tr(E H E^T), H = X^T X / n: GPTQ's objective (diag(d) without the gram)
    double hessianTrace = 0;   ///< tr(H) / cols * |E|^2: the HAWQ-v2 style average-trace estimate
    double imatrixError = 0;   ///< sum_ij d_j E_ij^2: the imatrix-weighted squared error

    /// Equal values, NaN equal to NaN (a metric delta that does not exist is the same in both).
    bool operator==(const SensitivityEntry& o) const {
        const auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
        return layer == o.layer && scheme == o.scheme && same(kl, o.kl) && same(metricDelta, o.metricDelta) &&
               same(sqnrDb, o.sqnrDb) && same(outputError, o.outputError) && same(hessianTrace, o.hessianTrace) &&
               same(imatrixError, o.imatrixError);
    }
};

/// What the measurements depend on; entries are only comparable (and merged, or reused by a
/// re-run) under equal settings.
struct SensitivitySettings {
    std::string dataPath;      ///< absolute
    std::string preprocessing; ///< DataSpec::summary
    int64_t limit = 0;         ///< text windows or images evaluated
    std::string method = "rtn";
    /// GPTQ's calibration windows: `calibrationSamples` chosen by `calibrationSeed` among the
    /// whole text, as quantize --samples/--seed chooses them, so that an entry measures the layer
    /// quantize gives and mostly on text GPTQ did not fit. 0: the evaluated windows themselves
    /// (RTN, and GPTQ tables from before this setting).
    int64_t calibrationSamples = 0;
    uint64_t calibrationSeed = 0;
    std::string bits;          ///< the candidate bit widths, "8,6,5,4,3"
    std::string groups;        ///< the integer candidates' granularities, "32" or "channel,64": with
                               ///< bits, symmetry and the model they fix the table's pairs and their order
    std::string symmetry = "sym"; ///< the integer candidates' grids: "sym" or "sym,asym"
    std::string scaleBits = "16"; ///< the integer candidates' group scales: "16" (fp16) or "16,8" (also 8-bit)
    std::string metric;        ///< "perplexity", "top1", or "" (KL only)
    double baseMetric = 0;     ///< the fp32 perplexity or top-1 (%) on those samples
    std::string proxySource;   ///< where d_j and H come from: "layer inputs" or "calibration abs max"

    bool operator==(const SensitivitySettings&) const = default;
};

struct ProjectSensitivity {
    SensitivitySettings settings;
    std::vector<SensitivityEntry> entries; ///< in table order: layers in model order, schemes per layer
    /// The pairs of the full table this holds: every shardCount-th from shardIndex (1 and 0 when
    /// unsharded or merged).
    int64_t shardIndex = 0, shardCount = 1;

    /// The entry of (layer, scheme), or null.
    const SensitivityEntry* find(const std::string& layer, const std::string& scheme) const {
        for (const SensitivityEntry& e : entries)
            if (e.layer == layer && e.scheme == scheme) return &e;
        return nullptr;
    }
};

} // namespace qb
