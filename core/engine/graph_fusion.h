// Graph rewrites the engine applies before planning, on constant data only.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/engine/host_tensor.h"
#include "core/model/model.h"

namespace qb::engine {

/// Folds each inference BatchNormalization that directly follows a Conv with constant weights
/// (and bias), when nothing else reads the Conv's output, into new Conv weights and bias:
/// w' = w * s, b' = (b - mean) * s + beta with s = gamma / sqrt(var + eps) per output channel.
/// Saves a full pass over the activations per BN (paddle2onnx exports leave them unfolded).
void foldConvBatchNorm(std::vector<GraphNode>& nodes, std::map<std::string, Tensor>& constants,
                       const std::vector<GraphValue>& outputs);

} // namespace qb::engine
