// Puts quantization results back into a model so that the unchanged engines run it: each
// quantized weight becomes an fp32 weight in the stored orientation, and for a language model
// the matmul input transform that applies the layers' input scales and activation grids.
#pragma once
#include <span>
#include <vector>

#include "core/quant/effective_weight.h"
#include "core/llm/transformer.h"
#include "core/model/model.h"
#include "core/domain/quantized_layer.h"

namespace qb::quant {

/// A copy of `model` whose quantized weights are replaced by effectiveWeight() (as F32, in the
/// stored orientation), except a llama decoder's Q8_0/Q4_0 [out, in] weights without input scales
/// or activation grid, which keep their blocks (so the transformer runs its integer kernels on
/// them); throws qb::Error naming a layer whose name or shape does not match.
/// Every other tensor stays a view into the original storage.
Model applyQuantized(const Model& model, std::span<const QuantizedLayer> layers);

/// A quantized project's model as the engines run it: applyQuantized() weights, and the layers
/// whose inputs are quantized too (an activation grid: the graph engine's int8 layers, or
/// llmInputTransform() for a transformer).
struct QuantizedModel {
    Model model;
    std::vector<QuantizedLayer> activationLayers;
};
QuantizedModel quantizedModel(const Model& model, std::span<const QuantizedLayer> layers);

/// For a llama-family model run with applyQuantized() weights: the transform
/// (Transformer::setInputTransform) that runs fakeQuantizeInput() of smoothquant.h on the input of
/// every tapped matmul whose weight is one of `layers` with an activation grid. Throws qb::Error
/// naming a layer no matmul reads.
MatmulInputTransform llmInputTransform(const Model& model, std::vector<QuantizedLayer> layers);

} // namespace qb::quant
