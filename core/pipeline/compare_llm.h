// compare's language-model parts: the per-layer SQNR of every weight matmul along depth, and the
// greedy continuations of the same prompts under fp32 and each quantization.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/pipeline/compare.h"
#include "core/tokenizer/bpe_tokenizer.h"

namespace qb::pipeline {

/// layerSqnr() of a llama-family model on the first `windows` windows of a text: one row per
/// weight matmul in execution order (7 per decoder layer, then the output head), named by its
/// weight tensor. Accumulated: its output with the whole plan against fp32's. Local: the quantized
/// matmul (with its input grid, if any) on fp32's own input, which is what a run quantizing only
/// that layer computes there. Throws qb::Error for data that is not text.
std::vector<LayerSqnr> llmLayerSqnr(const std::shared_ptr<const Model>& model, const ProjectQuantization& quantization,
                                    const DataSpec& data, int64_t windows, const JobContext& job);

/// The prompts options name (runs still empty): options.prompts, or the first promptTokens tokens
/// of each of the first generatePrompts windows of `data`. Throws qb::Error for a prompt that
/// leaves no room in the model's context.
std::vector<Generation> generationPrompts(const Model& model, const DataSpec& data, const CompareOptions& options);

/// Appends one run to every generation: `count` tokens after its prompt, generated greedily by
/// Transformer::generateGreedy on the model with `quantization` applied (null: fp32), as
/// ModelRunner runs it. divergesAt is set against runs[0] (fp32's), when there is one.
void generateRun(const std::shared_ptr<const Model>& model, const ProjectQuantization* quantization,
                 std::vector<Generation>& generations, int64_t count, const JobContext& job);

/// How token `id` reads inside a text: the piece with the vocabulary's space symbol as a space, a
/// byte token as its byte, a control token as nothing.
std::string tokenText(const Vocabulary& vocabulary, int64_t id);

} // namespace qb::pipeline
