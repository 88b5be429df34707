// Calibration of a llama-family model on text: windows of the tokenized text (chosen by seed) run
// through the transformer with a tap on the input of every weight matmul.
#pragma once
#include <span>

#include "core/domain/calibration.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb {

/// `tokens` is a tokenized text with BOS first (text_dataset.h); settings.context is the window
/// length incl. BOS (0: min(512, the model's maximum)). Throws qb::Error, qb::Cancelled.
Calibration calibrateLlm(const Model& model, std::span<const int32_t> tokens, int32_t bos,
                         const CalibrationSettings& settings, const JobContext& job = {});

} // namespace qb
