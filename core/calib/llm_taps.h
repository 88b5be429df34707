// The weight matmuls of a llama model whose inputs the transformer's observer taps, and the text
// windows a calibration runs through it. Activation calibration and the data-aware quantizers'
// input collection share both, so they see the same layers and the same tokens.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/calibration.h"
#include "core/llm/transformer.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb {

struct LlmTap {
    int64_t layer;             ///< -1: the output head
    std::string role;          ///< the observer's role: "attn_q" ... "ffn_down", or "output"
    const TensorEntry* weight; ///< GGUF or Hugging Face tensor (the embedding for a tied head)
    /// Index of the earlier tap reading the same input (attn_k, attn_v -> attn_q; ffn_up ->
    /// ffn_gate), or -1.
    int64_t sameInputAs = -1;
};

/// Every tapped matmul in execution order: 7 per layer, then the head. Throws qb::Error(model
/// path) for a model that is not llama-family or a (layer, role) without a weight tensor.
std::vector<LlmTap> llmTaps(const Model& m);

/// The token embedding's tensor (GGUF or Hugging Face name), or null.
const TensorEntry* llmEmbedding(const Model& m);

/// Index into llmTaps() of the observer's (layer, role); -1 for a role that is not tapped.
int64_t llmTapIndex(const LlamaConfig& c, int64_t layer, std::string_view role);

struct LlmWindows {
    int64_t context = 0;                          ///< tokens per window, BOS included
    std::vector<std::span<const int32_t>> chunks; ///< the chosen chunks, each run after a BOS
};

/// The windows of `tokens` (BOS first) that settings choose: context = settings.context or
/// min(512, the model's maximum), and settings.samples chunks picked by settings.seed.
LlmWindows llmWindows(const Model& m, std::span<const int32_t> tokens, const CalibrationSettings& settings);

/// Runs each window (after a BOS, with a fresh KV cache) through `tf`, whose observer does the
/// work; reports "<stage> k/n" and checks cancel between windows.
void runWindows(Transformer& tf, const LlmWindows& windows, int32_t bos, const std::string& stage, const JobContext& job);

} // namespace qb
