// The order the plan editor lists a model's tensors in: the order the network runs them.
#pragma once
#include <vector>

#include "core/domain/calibration.h"
#include "core/model/model.h"

namespace qb {

/// Every tensor of `model` in execution order. Llama models: the embedding, then per block its
/// norms and its matmuls in the order the transformer runs them (core/calib/llm_taps.h), then the
/// final norm and the head. Op graphs: the calibration's layer order when `calibration` has
/// layers, else the order of the nodes that consume each weight (the node of the tensor's kind);
/// biases and other constants sit before the first weight whose node runs after theirs. Other
/// models keep file order.
std::vector<const TensorEntry*> executionOrder(const Model& model, const Calibration* calibration);

} // namespace qb
