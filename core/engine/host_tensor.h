// The engine's runtime tensor: a dense row-major buffer of f32 (activations, weights) or i64
// (shapes, indices; every integer type is widened to i64 on load).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor/dtype.h"

namespace qb::engine {

using Shape = std::vector<int64_t>;

/// Element count of a shape; throws std::length_error past kMaxElements or on a negative dim.
int64_t elementCount(const Shape& s);
/// Hostile graphs can ask for absurd sizes (Reshape to 1e12); nothing legitimate here is larger.
inline constexpr int64_t kMaxElements = int64_t(1) << 31;

std::string shapeText(const Shape& s);

struct Tensor {
    DType dtype = DType::F32; ///< F32 or I64
    Shape shape;
    std::vector<float> f;
    std::vector<int64_t> i;

    Tensor() = default;
    Tensor(DType t, Shape s) { allocate(t, std::move(s)); }
    void allocate(DType t, Shape s);
    int64_t numel() const { return dtype == DType::F32 ? int64_t(f.size()) : int64_t(i.size()); }
    int rank() const { return int(shape.size()); }
};

} // namespace qb::engine
