// The compare use case: fp32 and one or more quantizations of a model on the same data, side by
// side: per run the metric, drift from fp32 (KL, top-1 agreement, output SQNR), size and speed;
// per sample the largest drifts first; per layer along depth where the error enters and how it
// accumulates.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/project.h"
#include "core/eval/agreement.h"
#include "core/model/model.h"
#include "core/pipeline/data_spec.h"
#include "core/pipeline/model_graph.h"
#include "core/pipeline/kernel_table.h"
#include "core/util/job.h"

namespace qb::pipeline {

/// One quantized run to compare with fp32.
struct CompareVariant {
    std::string name;  ///< e.g. the plan file
    ProjectQuantization quantization;
};

struct CompareOptions {
    int64_t limit = 0;          ///< images or text windows; 0 = all
    int64_t latencySamples = 16; ///< images (text: windows) run one at a time for the batch-1 latency
    int64_t layerSamples = 4;   ///< images the per-layer SQNR runs on; 0: no per-layer table
    int topK = 5;               ///< classes per sample record
    /// Language models: tokens each run generates greedily after each prompt; 0: no generations.
    int64_t generateTokens = 32;
    /// The prompts' texts (each after a BOS); none: the first promptTokens tokens of each of the
    /// first `generatePrompts` windows of the data.
    std::vector<std::string> prompts = {};
    int64_t generatePrompts = 3, promptTokens = 8;
    bool graph = false;         ///< graphs: also measure each node's SQNR on layerSamples images (VariantDetail::graph)
    int64_t kernelSamples = 8;  ///< images each run is profiled on for the kernel table (graphs); 0: none
};

/// One run's figures. fp32 compares with itself: kl 0, agreement 1, sqnr +inf.
struct RunFigures {
    std::string name;              ///< "fp32" or the variant's
    std::string metric;            ///< "top1", "perplexity", or "" (unlabelled images)
    double value = 0;              ///< as eval gives it: top-1 fraction or perplexity (0 without a metric)
    Agreement agreement;           ///< this run's outputs against fp32's
    double bitsPerWeight = 32;     ///< over the quantizable weights (those kept in f32 count 32)
    uint64_t sizeBytes = 0;        ///< of the quantizable weights
    double latencyMs = 0;          ///< one sample (text: one window) at batch 1
    double throughput = 0;         ///< samples (text: tokens) per second of the forward passes alone
    int64_t samples = 0;           ///< scored images or tokens
};

/// One image (or scored token) of a quantized run against fp32.
struct SampleRecord {
    int64_t index = 0;  ///< in the data (text: scored token in text order)
    int64_t label = -1; ///< the data's label or the token that follows; -1 without labels
    double kl = 0;      ///< KL(P_fp32 || P_run) in nats
    bool agrees = true; ///< same top-1 class
    std::vector<std::pair<int64_t, float>> reference, candidate; ///< top-k (class, probability)
    /// ln P(label) under fp32 and under the run; 0 without a label.
    double referenceLogProb = 0, candidateLogProb = 0;
    /// Language models: the text of the label token (its leading space kept); empty otherwise.
    std::string text;
};

/// One quantizable layer, in execution order: SQNR of its output against fp32's with the whole
/// plan applied (accumulated) and with only this layer quantized (local). +inf when exact.
struct LayerSqnr {
    std::string name;
    double accumulatedDb = 0, localDb = 0;
    bool quantized = false; ///< the plan quantizes this layer
};

struct VariantDetail {
    std::vector<SampleRecord> samples; ///< every sample, largest KL first (ties: data order)
    std::vector<LayerSqnr> layers;     ///< graph layers, or a language model's weight matmuls
    ModelGraph graph;                  ///< with CompareOptions::graph; empty otherwise
    KernelTable kernels;               ///< per node: oneDNN kernel and time, fp32 and this run (graphs only)
};

/// One run's greedy continuation of a prompt.
struct GeneratedText {
    std::vector<int32_t> tokens;     ///< the generated ids, prompt excluded
    std::vector<std::string> pieces; ///< each token's text (a byte token: its byte)
    int64_t divergesAt = -1;         ///< first token that differs from fp32's; -1: none (fp32 always)
    std::string text() const;        ///< the pieces joined
};

/// A prompt and what each run generates after it.
struct Generation {
    std::string prompt;               ///< its text
    std::vector<int32_t> promptTokens; ///< BOS first
    std::vector<GeneratedText> runs;  ///< fp32 first, then the variants in order
};

struct Comparison {
    std::vector<RunFigures> runs;       ///< fp32 first, then the variants in order
    std::vector<VariantDetail> details; ///< one per variant
    std::vector<Generation> generations; ///< language models with options.generateTokens > 0
};

/// Runs fp32 and each variant on `data`. Metric, value and throughput are pipeline::evaluate's
/// (what `eval` gives); the agreement and sample records compare runModel outputs. Reports the
/// stage per run ("fp32: batch 3/40"). Throws qb::Error (bad data, a quantization that does not
/// fit the model), qb::Cancelled.
Comparison compareRuns(const std::shared_ptr<const Model>& model, std::span<const CompareVariant> variants,
                       const DataSpec& data, const CompareOptions& options, const JobContext& job);

/// The per-layer table of one quantization on the first `samples` images (text: windows) of
/// `data`. Throws qb::Error for data the model cannot take.
std::vector<LayerSqnr> layerSqnr(const std::shared_ptr<const Model>& model, const ProjectQuantization& quantization,
                                 const DataSpec& data, int64_t samples, const JobContext& job);

/// Size of the quantizable weights with `quantization` applied (null: all in f32).
struct WeightSize {
    uint64_t bytes = 0, weights = 0;
    double bitsPerWeight() const { return weights ? 8.0 * double(bytes) / double(weights) : 0.0; }
};
WeightSize weightSize(const Model& model, const ProjectQuantization* quantization);

} // namespace qb::pipeline
