// The two ModelRunner variants (graph_runner.cpp, transformer_runner.cpp) and what they share.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/domain/quantized_layer.h"
#include "core/pipeline/model_runner.h"

namespace qb::pipeline {

/// `model` is what runs; `owner` keeps the storage its weights view alive (the opened model a
/// quantized copy was made from). `activationLayers`: layers whose inputs are quantized.
std::unique_ptr<ModelRunner> makeGraphRunner(std::shared_ptr<const Model> model,
                                             std::vector<quant::QuantizedLayer> activationLayers);
std::unique_ptr<ModelRunner> makeTransformerRunner(std::shared_ptr<const Model> model,
                                                   std::vector<quant::QuantizedLayer> activationLayers);

/// The absolute, normalised form of a data path, as projects record it.
std::string absolutePath(const std::string& path);

/// Reports "<what> done/total" at most once per 0.1 % of the work (a model with a fixed batch of
/// 1 would otherwise report every image).
class CountedStage {
public:
    CountedStage(const JobContext& job, std::string what) : job_(job), what_(std::move(what)) {}
    void report(double fraction, int64_t done, int64_t total);
    /// A context whose progress is reported here, `total` items for the whole fraction.
    JobContext counting(int64_t total);

private:
    const JobContext& job_;
    std::string what_;
    long long lastPermille_ = -1;
};

} // namespace qb::pipeline
