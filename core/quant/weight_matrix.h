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

/// True when rows of t's matrix decode on their own (readRows): the channel axis is t's first, so
/// that the stored order is the matrix's, a row is whole blocks of t's dtype, and t's bytes match
/// its shape.
bool readsByRows(const TensorEntry& t);

/// Decodes rows [begin, end) of t's matrix into `out` ((end - begin) * cols values) and returns
/// the stored bytes it read. Requires readsByRows(t); throws qb::Error naming t otherwise or for
/// rows out of range.
std::span<const std::byte> readRows(const TensorEntry& t, int64_t begin, int64_t end, std::span<float> out);

/// The inverse permutation: `m` ([rows, cols] as matrixShape(t)) in t's stored element order.
std::vector<float> toStoredOrder(const TensorEntry& t, std::span<const float> m);

} // namespace qb::quant
