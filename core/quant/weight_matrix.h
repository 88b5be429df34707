// A quantizable tensor as the [rows = output channels, cols] f32 matrix the quantizers work on,
// and back: the stored tensor with its channelAxis moved first, the other axes kept in order.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/model/model.h"

namespace qb::quant {

struct WeightMatrix {
    int64_t rows = 0, cols = 0;
    std::vector<float> values; ///< row-major [rows, cols]
};

/// The matrix shape of `t` without decoding it; throws qb::Error naming the tensor when its rank
/// or channelAxis make no matrix.
WeightMatrix matrixShape(const TensorEntry& t);

/// Decodes `t` (any dtype toFloat knows) into matrix orientation.
WeightMatrix weightMatrix(const TensorEntry& t);

/// The inverse permutation: `m` ([rows, cols] as matrixShape(t)) in t's stored element order.
std::vector<float> toStoredOrder(const TensorEntry& t, std::span<const float> m);

} // namespace qb::quant
