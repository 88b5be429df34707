// Numpy-style broadcasting shared by the oneDNN and host element-wise kernels.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "core/engine/host_tensor.h"

namespace qb::engine {

/// The broadcast shape of a and b, or nullopt if a dimension pair is neither equal nor 1.
std::optional<Shape> broadcastShapes(const Shape& a, const Shape& b);
/// `s` with leading 1s up to `rank` dims.
Shape padLeft(const Shape& s, size_t rank);
/// Element strides of `s` (padded to out's rank) reading into out's index space: 0 where s is 1.
std::vector<int64_t> broadcastStrides(const Shape& s, const Shape& out);

/// Calls f(outIndex, aIndex, bIndex) for every element of `out`.
template <typename F>
void forEachBroadcast(const Shape& out, const std::vector<int64_t>& sa, const std::vector<int64_t>& sb, F&& f) {
    const int64_t n = elementCount(out);
    const size_t r = out.size();
    std::vector<int64_t> idx(r, 0);
    int64_t ia = 0, ib = 0;
    for (int64_t o = 0; o < n; ++o) {
        f(o, ia, ib);
        for (size_t d = r; d-- > 0;) {
            ia += sa[d];
            ib += sb[d];
            if (++idx[d] < out[d]) break;
            ia -= sa[d] * out[d];
            ib -= sb[d] * out[d];
            idx[d] = 0;
        }
    }
}

} // namespace qb::engine
