// Keys and values of every layer for a batch of sequences that advance together.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace qb {

struct KvCache {
    int64_t layers = 0, batch = 0, capacity = 0, kvDim = 0;
    int64_t length = 0; ///< positions filled so far (the same for every sequence)
    std::vector<float> k, v; ///< [layers][batch][capacity][kvDim]

    KvCache() = default;
    KvCache(int64_t layers_, int64_t batch_, int64_t capacity_, int64_t kvDim_)
        : layers(layers_), batch(batch_), capacity(capacity_), kvDim(kvDim_),
          k(size_t(layers_ * batch_ * capacity_ * kvDim_)), v(k.size()) {}

    size_t offset(int64_t layer, int64_t seq, int64_t pos) const {
        return size_t(((layer * batch + seq) * capacity + pos) * kvDim);
    }
};

} // namespace qb
