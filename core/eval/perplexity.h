// Perplexity of a llama decoder on tokenized text, with the windowing of text_dataset.h. Full
// windows run several at a time (one batched forward) to keep the matmuls large.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/llm/transformer.h"
#include "core/util/job.h"

namespace qb {

struct PerplexityResult {
    double meanNll = 0;    ///< nats per scored token
    double perplexity = 0; ///< exp(meanNll)
    int64_t tokens = 0;    ///< tokens scored
    int64_t windows = 0;
    double seconds = 0;
    double matmulSeconds = 0; ///< of `seconds`, in matmuls (weights and attention)
    std::vector<float> logProbs; ///< natural-log probability of each scored token, in text order
};

struct PerplexityOptions {
    int64_t context = 256;          ///< window length including the BOS
    int64_t batchTokens = 4096;     ///< about how many tokens one batched forward holds
};

/// `tokens` start with the BOS (`bos` is fed at the start of every window). Throws qb::Error if
/// the context exceeds the model's maximum, is shorter than 2, or there is nothing to score;
/// qb::Cancelled if ctx is cancelled.
PerplexityResult evaluatePerplexity(Transformer& model, std::span<const int32_t> tokens, int32_t bos,
                                    const PerplexityOptions& options, const JobContext& ctx = {},
                                    const std::string& where = "perplexity");

/// The mean NLL (nats per token) of each of `windows`, each fed as `bos` + window with a fresh KV
/// cache and every window token scored (forEachScoredToken): per-window figures for a paired
/// comparison of two models on the same windows (paired_difference.h).
std::vector<double> windowNll(Transformer& model, std::span<const std::span<const int32_t>> windows, int32_t bos,
                              const JobContext& ctx = {}, int64_t batchTokens = 4096);

} // namespace qb
