#include "core/quant/weight_matrix.h"

#include <cstring>
#include <string>

#include "core/util/error.h"

namespace qb::quant {

namespace {

// The stored tensor is [outer, channels, inner] around its channel axis; the matrix is
// [channels, outer * inner] with column o * inner + i.
struct Split {
    int64_t outer = 1, channels = 1, inner = 1;
};

int64_t checkedMul(int64_t a, int64_t b, const TensorEntry& t) {
    int64_t r = 0;
    if (a < 0 || b < 0 || __builtin_mul_overflow(a, b, &r))
        throw Error(t.name, "shape is negative or its element count overflows");
    return r;
}

Split splitOf(const TensorEntry& t) {
    const int rank = int(t.shape.size());
    if (rank == 0) throw Error(t.name, "a scalar is not a weight matrix");
    if (t.channelAxis < 0 || t.channelAxis >= rank)
        throw Error(t.name, "channel axis " + std::to_string(t.channelAxis) + " is outside rank " +
                                std::to_string(rank));
    Split s;
    for (int a = 0; a < rank; ++a) {
        if (a < t.channelAxis) s.outer = checkedMul(s.outer, t.shape[size_t(a)], t);
        else if (a == t.channelAxis) s.channels = checkedMul(1, t.shape[size_t(a)], t);
        else s.inner = checkedMul(s.inner, t.shape[size_t(a)], t);
    }
    checkedMul(checkedMul(s.outer, s.channels, t), s.inner, t);
    return s;
}

} // namespace

WeightMatrix matrixShape(const TensorEntry& t) {
    const Split s = splitOf(t);
    return {s.channels, s.outer * s.inner, {}};
}

WeightMatrix weightMatrix(const TensorEntry& t) {
    const Split s = splitOf(t);
    WeightMatrix m{s.channels, s.outer * s.inner, {}};
    std::vector<float> stored = toFloat(t);
    if (s.outer == 1) { // channel axis first: already [rows, cols]
        m.values = std::move(stored);
        return m;
    }
    m.values.resize(stored.size());
    for (int64_t o = 0; o < s.outer; ++o)
        for (int64_t c = 0; c < s.channels; ++c)
            std::memcpy(&m.values[size_t(c * m.cols + o * s.inner)],
                        &stored[size_t((o * s.channels + c) * s.inner)], size_t(s.inner) * sizeof(float));
    return m;
}

bool readsByRows(const TensorEntry& t) {
    const Split s = splitOf(t);
    const DTypeTraits& tr = traits(t.dtype);
    const auto need = storageBytes(t.dtype, uint64_t(s.channels) * uint64_t(s.inner));
    return s.outer == 1 && tr.toFloat && s.inner % tr.blockElems == 0 && need && *need == t.data.size();
}

std::span<const std::byte> readRows(const TensorEntry& t, int64_t begin, int64_t end, std::span<float> out) {
    const Split s = splitOf(t);
    if (!readsByRows(t)) throw Error(t.name, "its rows cannot be decoded on their own");
    if (begin < 0 || begin > end || end > s.channels || uint64_t(out.size()) != uint64_t(end - begin) * uint64_t(s.inner))
        throw Error(t.name, "rows [" + std::to_string(begin) + ", " + std::to_string(end) + ") do not fit its " +
                                std::to_string(s.channels) + " rows or the buffer");
    const DTypeTraits& tr = traits(t.dtype);
    const uint64_t rowBytes = uint64_t(s.inner / tr.blockElems) * uint64_t(tr.blockBytes);
    const auto bytes = t.data.subspan(uint64_t(begin) * rowBytes, uint64_t(end - begin) * rowBytes);
    if (!out.empty()) tr.toFloat(bytes.data(), out.data(), int64_t(out.size()));
    return bytes;
}

std::vector<float> toStoredOrder(const TensorEntry& t, std::span<const float> m) {
    const Split s = splitOf(t);
    const int64_t cols = s.outer * s.inner;
    if (uint64_t(m.size()) != uint64_t(s.channels) * uint64_t(cols))
        throw Error(t.name, "matrix has " + std::to_string(m.size()) + " values, the tensor " +
                                std::to_string(s.channels * cols));
    if (s.outer == 1) return {m.begin(), m.end()};
    std::vector<float> stored(m.size());
    for (int64_t o = 0; o < s.outer; ++o)
        for (int64_t c = 0; c < s.channels; ++c)
            std::memcpy(&stored[size_t((o * s.channels + c) * s.inner)], &m[size_t(c * cols + o * s.inner)],
                        size_t(s.inner) * sizeof(float));
    return stored;
}

} // namespace qb::quant
