// Which node reads a model weight, and whether the int8 execution runs that node: one answer for
// quantize (which layers get an activation grid), the executor (which nodes run int8), the latency
// table and the ONNX QDQ exporter (where the input QuantizeLinear goes).
#pragma once
#include <map>
#include <span>
#include <string>

#include "core/engine/host_tensor.h"
#include "core/model/model.h"

namespace qb::engine {

/// Ops that hand their first input on in the same element order. A weight may reach its node
/// through them (mnist-12 reshapes its MatMul weight [16,4,4,10] to [256,10]); the layer's codes of
/// the stored tensor then fit the node's weight as they are.
bool isLayoutOp(const std::string& op);

/// Conv, ConvTranspose, Gemm or MatMul: the nodes whose input 1 is a weight a layer may replace.
bool isMatrixOp(const std::string& op);

/// The value `name` is a layout-op view of: follows producers back while they are layout ops.
/// `producer` maps each value to the node that writes it.
std::string layoutSource(std::string name, const std::map<std::string, const GraphNode*>& producer);

/// The first matrix node among `nodes` whose weight input is `weight` or a layout-op view of it;
/// null if none.
const GraphNode* weightReader(std::span<const GraphNode> nodes, const std::string& weight);

/// Whether the int8 execution runs matrix node `n` on its weight's codes, given the shape of the
/// constant `n` takes as input 1 (empty if that input is not the stored weight itself): a Conv,
/// Gemm or MatMul, or a ConvTranspose of the patch form (graph_fusion.h isPatchConvTranspose()).
bool int8Capable(const GraphNode& n, const Shape& weightShape);

} // namespace qb::engine
