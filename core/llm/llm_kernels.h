// The element-wise and attention steps of a llama decoder, on row-major [rows, width] buffers.
#pragma once
#include <cstdint>
#include <vector>

#include "core/llm/kv_cache.h"
#include "core/llm/llama_weights.h"
#include "core/llm/matmul.h"

namespace qb::llm {

/// out[r] = x[r] / rms(x[r]) * weight, for `rows` rows of `dim` values.
void rmsNorm(const float* x, const float* weight, float* out, int64_t rows, int64_t dim, double eps);

/// cos/sin of position * theta^(-2i/ropeDim) for i < ropeDim/2, grown on demand.
class RopeTable {
public:
    RopeTable(int64_t ropeDim, double theta) : ropeDim_(ropeDim), theta_(theta) {}
    void ensure(int64_t positions);
    const float* cos(int64_t pos) const { return cos_.data() + pos * (ropeDim_ / 2); }
    const float* sin(int64_t pos) const { return sin_.data() + pos * (ropeDim_ / 2); }

private:
    int64_t ropeDim_;
    double theta_;
    int64_t positions_ = 0;
    std::vector<float> cos_, sin_;
};

/// Rotates the first ropeDim values of each of `heads` heads in one row at position `pos`.
void applyRope(float* row, int64_t heads, int64_t headDim, int64_t ropeDim, RopeStyle style, const RopeTable& table,
               int64_t pos);

/// Causal grouped-query attention for `len` new positions of each sequence, starting at
/// cache.length; q is [batch*len, heads*headDim], out likewise. The cache already holds the new
/// keys and values. Scores and weighted sums are oneDNN matmuls per head and block of queries;
/// `scores` is scratch space.
void attention(const float* q, float* out, const KvCache& cache, int64_t layer, int64_t len, int64_t heads,
               int64_t kvHeads, int64_t headDim, Matmul& matmul, std::vector<float>& scores);

/// attention() with the (sequence, head) pairs split over threadCount() threads, worker w using
/// matmuls[w] and scores[w] (both grown to the thread count).
void attention(const float* q, float* out, const KvCache& cache, int64_t layer, int64_t len, int64_t heads,
               int64_t kvHeads, int64_t headDim, std::vector<Matmul>& matmuls, std::vector<std::vector<float>>& scores);

/// Scalar reference of attention(), for tests.
void attentionReference(const float* q, float* out, const KvCache& cache, int64_t layer, int64_t len, int64_t heads,
                        int64_t kvHeads, int64_t headDim);

/// gate = silu(gate) * up, element-wise over n values.
void swiglu(float* gate, const float* up, int64_t n);

} // namespace qb::llm
