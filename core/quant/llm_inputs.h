// The inputs of every weight matmul of a llama model over calibration text, as the data-aware
// quantizers (GPTQ, AWQ, SmoothQuant) consume them.
#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <string>

#include "core/domain/calibration.h"
#include "core/model/model.h"
#include "core/quant/layer_inputs.h"
#include "core/quant/llm_block_inputs.h"
#include "core/util/job.h"

namespace qb::quant {

/// LayerInputs of every weight matmul of a llama model, keyed by weight tensor name, from the
/// windows of `tokens` chosen as calibrateLlm chooses them (llmWindows), all blocks in fp32
/// (LlmBlockInputs advanced with the model's own weights). Matmuls reading the same input
/// (q/k/v, gate/up) are accumulated once and the result copied to each name. The reservoir of tap
/// i is seeded o.seed + i. Holds every layer's gram at once: for small models and tests; the
/// quantizers run block by block (quantizeLlmSequential). Throws qb::Error, qb::Cancelled.
std::map<std::string, LayerInputs> collectLlmInputs(const Model& m, std::span<const int32_t> tokens, int32_t bos,
                                                    const CalibrationSettings& s, const LayerInputOptions& o = {},
                                                    const JobContext& job = {});

} // namespace qb::quant
