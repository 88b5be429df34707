// What eval runs when given a project: the project's model with its quantized weights applied
// (applyQuantized), plus the layers whose activations are quantized too (W8A8).
#pragma once
#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/domain/quantized_layer.h"

namespace qb::cli {

struct EvalModel {
    Model model;
    std::vector<quant::QuantizedLayer> int8Layers; ///< layers with a static activation range
    bool quantized = false;
};

/// A model file as is, or a project's model (refused if it changed) with the project's
/// quantization applied. Throws qb::Error.
EvalModel openForEval(const std::string& path);

} // namespace qb::cli
