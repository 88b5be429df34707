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
#include "core/quant/hidden_states.h"
#include "core/quant/layer_inputs.h"
#include "core/util/job.h"

namespace qb::quant {

/// How much memory the block-by-block pass may take (0: no limit) and where its hidden states
/// spill when they do not fit (an unnamed temporary file in spillDir; empty: TMPDIR or /tmp).
struct MemoryBudget {
    uint64_t bytes = 0;
    std::string spillDir;
};

/// What one block of the pass holds, as LlmBlockInputs plans it (bytes).
struct BlockMemory {
    uint64_t weights = 0;     ///< one decoder block's weights as f32 (or the output head's, if larger)
    uint64_t statistics = 0;  ///< its matmuls' input statistics (grams in double, samples)
    uint64_t quantizer = 0;   ///< GPTQ's working set on the block's widest layer (Hessian, factors, weight)
    uint64_t window = 0;      ///< one calibration window's states and the forward pass's scratch
    uint64_t activations = 0; ///< every window's hidden states (windows x tokens x hidden, f32)
    /// What must fit in memory: the block's weights twice (the model's and the quantized ones the
    /// next block runs on), its statistics, the quantizer's working set and one window.
    uint64_t fixed() const { return 2 * weights + statistics + quantizer + window; }
};

class LlmBlockInputs {
public:
    /// Embeds the windows of `tokens` that calibrateLlm would choose (llmWindows). The reservoir
    /// of tap i (llmTaps order) is seeded o.seed + i, as collectLlmInputs does. Only one part of
    /// the model is decoded to f32 at a time (the embedding, then block by block, the head last).
    /// The hidden states stay in memory unless budget.bytes is set and they do not fit beside
    /// BlockMemory::fixed(); then they spill to a temporary file. Throws qb::Error(m.path) naming
    /// the size needed when the budget is below fixed(), and qb::Error for the spill file.
    LlmBlockInputs(const Model& m, std::span<const int32_t> tokens, int32_t bos, const CalibrationSettings& s,
                   const LayerInputOptions& o = {}, const MemoryBudget& budget = {});

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
    /// Block b's weights as the model holds them (decoded now if b is not the bound block; valid
    /// until another block is bound).
    const LayerWeights& modelWeights(int64_t b);

    /// The plan the memory budget was checked against, and whether the states spilled.
    const BlockMemory& memory() const { return memory_; }
    bool spilled() const { return hidden_->spilled(); }

private:
    void bindPart(int64_t b); ///< decodes block b (b = blocks(): the head) and drops the one before

    const Model& model_;
    Transformer tf_;
    std::vector<LlmTap> taps_;
    LayerInputOptions opt_;
    BlockMemory memory_;
    LlamaWeights bound_;         ///< the decoded part in use
    int64_t boundPart_ = -1;     ///< which (-1: none)
    std::unique_ptr<HiddenStates> hidden_;
    int64_t next_ = 0; ///< the block the states enter next
};

/// BlockMemory of the pass over `windows` windows of `context` tokens through llama model `m`.
BlockMemory blockMemory(const Model& m, int64_t windows, int64_t context, const LayerInputOptions& o = {});

/// LlmBlockInputs over a UTF-8 .txt file tokenized with the model's own tokenizer. Throws
/// qb::Error(m.path) for a model that is not llama-family (GPTQ, AWQ and SmoothQuant take their
/// inputs from language-model calibration) and qb::Error(textPath) for data that is not a .txt file.
std::unique_ptr<LlmBlockInputs> textBlockInputs(const Model& m, const std::string& textPath, const CalibrationSettings& s,
                                                const JobContext& job = {}, const MemoryBudget& budget = {});

} // namespace qb::quant
