// The sensitivity use case: for each quantizable layer and candidate scheme, quantize only that
// layer and measure how far the model's outputs move from fp32 on a few samples (KL, and the
// perplexity or top-1 change), next to proxies computed from the weights and the layer inputs.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/domain/project.h"
#include "core/domain/scheme.h"
#include "core/model/model.h"
#include "core/pipeline/data_spec.h"
#include "core/pipeline/held_out.h"
#include "core/util/job.h"

namespace qb::pipeline {

/// The granularities of SensitivityRequest::groups besides group sizes.
inline constexpr int64_t kPerChannel = 0, kPerTensor = -1;
/// "g32", "channel" or "tensor": the granularity part of an integer scheme's name.
std::string granularityName(int64_t group);

/// The candidate bit widths when none are given.
inline constexpr int kSensitivityBits[] = {8, 6, 5, 4, 3};

/// The candidate schemes of one quantizable tensor for `bits`: per bit width the integer scheme
/// (symmetric, groups of 32 for a language model, per output channel otherwise), then the ggml
/// block types of those nominal bits. A scheme the row length does not fit is replaced by its
/// integer fallback (per channel at the same bits) or dropped (a ggml type falling back to f16);
/// schemes with a plan problem for `method` are dropped.
/// `groups` replaces the default granularity: group sizes, kPerChannel (one scale per output
/// channel) or kPerTensor (one scale for the whole tensor: the least overhead); `asymmetric`
/// adds the asymmetric grid after each symmetric one; `scaleBits` (empty: {16}) lists the group
/// scale layouts, 16 (fp16) and 8 (8-bit codes, the "_s8" schemes; not per tensor), innermost.
std::vector<const quant::Scheme*> candidateSchemes(const Model& model, const TensorEntry& tensor,
                                                   std::span<const int> bits, const std::string& method = "rtn",
                                                   std::span<const int64_t> groups = {}, bool asymmetric = false,
                                                   std::span<const int> scaleBits = {});

/// One cell of the layer x scheme table.
struct SensitivityPair {
    std::string layer;
    const quant::Scheme* scheme = nullptr;
};
/// The whole table, layers in model order and candidateSchemes per layer; pair p belongs to shard
/// p % shardCount.
std::vector<SensitivityPair> sensitivityPairs(const Model& model, std::span<const int> bits,
                                              const std::string& method = "rtn", std::span<const int64_t> groups = {},
                                              bool asymmetric = false, std::span<const int> scaleBits = {});

/// How far a variant of the model (other weights, same structure) moves from fp32 on fixed samples:
/// the fp32 outputs are computed once by the constructor and every measure() compares to them.
class OutputComparison {
public:
    /// Runs `model` in fp32 on the first `limit` text windows (a .txt file) or images of `data`.
    /// Throws qb::Error for data the model cannot take, qb::Cancelled.
    OutputComparison(std::shared_ptr<const Model> model, const DataSpec& data, int64_t limit, const JobContext& job = {});
    /// Runs a language model on held-out windows (heldOutWindows), to compare a plan's KL with
    /// its perplexity on text neither its table nor its calibration read.
    OutputComparison(std::shared_ptr<const Model> model, const HeldOutText& text, const JobContext& job = {});
    ~OutputComparison();
    OutputComparison(const OutputComparison&) = delete;
    OutputComparison& operator=(const OutputComparison&) = delete;

    struct Change {
        double kl = 0;          ///< mean KL(P_fp32 || P_variant), nats per scored token or image
        double metric = 0;      ///< the variant's perplexity or top-1 (%); 0 without a metric
        double metricDelta = 0; ///< perplexity increase or top-1 drop (percentage points); NaN without one
        std::vector<double> windowNll; ///< text: each window's mean NLL, for paired differences (paired_difference.h)
    };
    /// `variant` must have the model's structure (applyQuantized of it).
    Change measure(const Model& variant, const JobContext& job = {}) const;
    /// The same for a language model's variant whose weights are the model's up to decoder block
    /// `firstBlock` (the embedding included; the number of blocks: only the head differs). The
    /// windows' fp32 hidden states entering that block are kept between calls, so calls in
    /// ascending block order run the fp32 blocks before it once in all, not once per call: the
    /// sensitivity table's pairs are in that order. Not for concurrent calls (it keeps them).
    Change measure(const Model& variant, int64_t firstBlock, const JobContext& job = {}) const;

    /// "perplexity", "top1", or "" (unlabelled images: KL only).
    const std::string& metric() const;
    /// The fp32 perplexity or top-1 (%).
    double baseMetric() const;
    /// Scored tokens or images.
    int64_t samples() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct SensitivityRequest {
    DataSpec data;
    int64_t limit = 8;            ///< text windows or images
    std::vector<int> bits{std::begin(kSensitivityBits), std::end(kSensitivityBits)};
    /// Integer granularities (kPerChannel, kPerTensor or a group size); empty: 32 for text, per
    /// channel otherwise.
    std::vector<int64_t> groups;
    bool asymmetric = false;      ///< also the asymmetric integer grids
    std::vector<int> scaleBits{16}; ///< group scale layouts: 16 (fp16), 8 (8-bit codes under a per-tensor scale)
    std::string method = "rtn";   ///< "rtn", or "gptq" (language models: slower)
    /// GPTQ's inputs: the windows quantize chooses with these --samples and --seed (its defaults),
    /// not the evaluated ones: a layer fitted to the very windows its KL is measured on looks
    /// better than it will on other text, and more so the coarser its scheme.
    int64_t calibrationSamples = 64;
    uint64_t calibrationSeed = 0;
    int64_t shardIndex = 0, shardCount = 1;
};

/// Measures this shard's pairs of the table (every shardCount-th from shardIndex). Entries of
/// `project`'s table measured on the same data (path, preparation, limit, method) are reused, so
/// a re-run computes only the pairs it lacks; the result holds this request's pairs only.
/// The proxies' input statistics are the grams of the layers' inputs over the same windows, or
/// over GPTQ's calibration windows (language models), or the calibration's channel abs max
/// squared (graphs; without calibration, every column weighs 1). Reports "layer k/n: SCHEME",
/// checks cancel between pairs.
/// Throws qb::Error (bad data, a bad shard, a method the model cannot use), qb::Cancelled.
ProjectSensitivity measureSensitivity(const std::shared_ptr<const Model>& model, const Project& project,
                                      const SensitivityRequest& request, const JobContext& job = {});

/// Joins the shards of one sensitivity run (each a project holding one shard, `paths` naming them
/// in errors) into one project: the first part's project with the full table. Throws qb::Error
/// naming the part for another model or calibration, other settings, a repeated or missing shard.
Project mergeSensitivity(std::vector<Project> parts, std::span<const std::string> paths);

/// Spearman rank correlation of each proxy (SQNR negated: lower is worse) with the measured KL
/// over the entries; NaN where undefined.
struct ProxyCorrelation {
    double sqnr = 0, outputError = 0, hessianTrace = 0, imatrix = 0;
};
ProxyCorrelation proxyCorrelation(std::span<const SensitivityEntry> entries);

} // namespace qb::pipeline
