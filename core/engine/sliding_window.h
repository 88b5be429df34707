// Sliding windows of convolutions and pooling: attribute checks and the ONNX output-size and
// padding rules (auto_pad, ceil_mode).
#pragma once
#include <cstdint>
#include <vector>

#include "core/engine/op_kernel.h"

namespace qb::engine {

struct Window {
    std::vector<int64_t> kernel, stride, dilation, padL, padR, out;
};

/// Attribute `name` with n values (default `def` each), every one in [min, 2^24].
std::vector<int64_t> intsOfRank(const NodeContext& c, const char* name, size_t n, int64_t def, int64_t min);

// Output size and padding of a sliding window per the ONNX Conv/Pool rules (auto_pad, ceil_mode).
Window slidingWindow(const NodeContext& c, const Shape& in, const std::vector<int64_t>& kernel, bool ceilMode);

/// The kernel_shape attribute, checked against the weights' spatial shape when there are weights.
std::vector<int64_t> kernelShape(const NodeContext& c, const Shape& fromWeights, size_t n);

/// Input x must be [N,C,spatial...] with 1 to 3 spatial dims.
void checkSpatialRank(const NodeContext& c, const Tensor& x);

} // namespace qb::engine
