// Decides what each ONNX weight is for, from the nodes that consume it: its kind (the consuming
// op), whether a quantizer should touch it, and which axis holds its output channels.
#pragma once
#include <vector>

#include <onnx/onnx_pb.h>

#include "core/model/model.h"

namespace qb {

/// Sets kind, quantizable and channelAxis of every tensor in `tensors` (graph initializers and
/// Constant values of `graph`, matched by name).
void assignOnnxWeightRoles(const onnx::GraphProto& graph, std::vector<TensorEntry>& tensors);

} // namespace qb
