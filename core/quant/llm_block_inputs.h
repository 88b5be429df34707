// The data-aware quantizers' layer inputs of a llama model one decoder block at a time, GPTQ's
// sequential order: the calibration windows' hidden states are kept between blocks, block b's
// matmul inputs are collected from them and the states then moved through block b with its
// quantized weights, so that block b + 1 sees its quantized predecessors. Only one block's
// inputs exist at a time: all of a 7B model's grams at once would be about 43 GB of doubles.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/domain/calibration.h"
#include "core/calib/llm_taps.h"
#include "core/llm/transformer.h"
#include "core/model/model.h"
#include "core/quant/layer_inputs.h"
#include "core/util/job.h"

namespace qb::quant {

class LlmBlockInputs {
public:
    /// Embeds the windows of `tokens` that calibrateLlm would choose (llmWindows). The reservoir
    /// of tap i (llmTaps order) is seeded o.seed + i, as collectLlmInputs does. Throws qb::Error.
    LlmBlockInputs(const Model& m, std::span<const int32_t> tokens, int32_t bos, const CalibrationSettings& s,
                   const LayerInputOptions& o = {});

    /// Decoder blocks; block blocks() is the output head.
    int64_t blocks() const { return tf_.config().layers; }
    /// The (layer, role) taps, llmTaps(model).
    const std::vector<LlmTap>& taps() const { return taps_; }
    /// The inputs of block b's matmuls (b = blocks(): the head's), keyed by weight name, from the
    /// current hidden states, which stay as they are. Reports "<stage> k/n" per window.
    std::map<std::string, LayerInputs> collect(int64_t b, const JobContext& job = {});
    /// Moves the hidden states through block b (b < blocks()) with `weights` in place of the
    /// model's. Call once per block, in order.
    void advance(int64_t b, const LayerWeights& weights, const JobContext& job = {});
    /// Block b's weights as the model holds them.
    const LayerWeights& modelWeights(int64_t b) const { return original_.at(size_t(b)); }

private:
    std::string path_;
    Transformer tf_;
    std::vector<LlmTap> taps_;
    LayerInputOptions opt_;
    std::vector<LayerWeights> original_;
    std::vector<std::vector<float>> hidden_; ///< per window, [tokens, dim]
    int64_t next_ = 0;                       ///< the block the states enter next
};

/// LlmBlockInputs over a UTF-8 .txt file tokenized with the model's own tokenizer. Throws
/// qb::Error(m.path) for a model that is not llama-family (GPTQ, AWQ and SmoothQuant take their
/// inputs from language-model calibration) and qb::Error(textPath) for data that is not a .txt file.
std::unique_ptr<LlmBlockInputs> textBlockInputs(const Model& m, const std::string& textPath, const CalibrationSettings& s,
                                                const JobContext& job = {});

} // namespace qb::quant
