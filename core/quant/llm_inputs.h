// The inputs of every weight matmul of a llama model over calibration text, as the data-aware
// quantizers (GPTQ, AWQ, SmoothQuant) consume them.
#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <string>

#include "core/calib/calibration.h"
#include "core/model/model.h"
#include "core/quant/layer_inputs.h"
#include "core/util/job.h"

namespace qb::quant {

/// LayerInputs of every weight matmul of a llama model, keyed by weight tensor name, from the
/// windows of `tokens` chosen as calibrateLlm chooses them (llmWindows). Matmuls reading the same
/// input (q/k/v, gate/up) are accumulated once and the result copied to each name. The reservoir
/// of tap i is seeded o.seed + i. Throws qb::Error, qb::Cancelled.
std::map<std::string, LayerInputs> collectLlmInputs(const Model& m, std::span<const int32_t> tokens, int32_t bos,
                                                    const CalibrationSettings& s, const LayerInputOptions& o = {},
                                                    const JobContext& job = {});

/// collectLlmInputs over a UTF-8 .txt file tokenized with the model's own tokenizer (settings'
/// dataPath is recorded as given). Throws qb::Error(m.path) for a model that is not
/// llama-family (GPTQ, AWQ and SmoothQuant take their inputs from language-model calibration)
/// and qb::Error(textPath) for data that is not a .txt file.
std::map<std::string, LayerInputs> collectTextInputs(const Model& m, const std::string& textPath,
                                                     const CalibrationSettings& s, const JobContext& job = {});

} // namespace qb::quant
