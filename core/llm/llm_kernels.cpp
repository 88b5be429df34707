#include "core/llm/llm_kernels.h"

#include <algorithm>
#include <cmath>

#include "core/llm/vector_exp.h"
#include "core/util/parallel.h"

namespace qb::llm {

// Element-wise steps split over threads in runs of about this many values.
constexpr int64_t kValuesPerThread = int64_t(1) << 15;

void rmsNorm(const float* x, const float* weight, float* out, int64_t rows, int64_t dim, double eps) {
    parallelRanges(rows, std::max<int64_t>(1, kValuesPerThread / std::max<int64_t>(1, dim)), [&](int, int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const float* xr = x + r * dim;
            float* o = out + r * dim;
            // Eight partial sums, which the compiler keeps in vector registers (one sequential
            // double sum made this 2% of a quantized model's evaluation).
            double part[8] = {};
            int64_t i = 0;
            for (; i + 8 <= dim; i += 8)
                for (int j = 0; j < 8; ++j) part[j] += double(xr[i + j]) * xr[i + j];
            double ss = 0;
            for (double p : part) ss += p;
            for (; i < dim; ++i) ss += double(xr[i]) * xr[i];
            const auto scale = float(1.0 / std::sqrt(ss / double(dim) + eps));
            for (i = 0; i < dim; ++i) o[i] = xr[i] * scale * weight[i];
        }
    });
}

void RopeTable::ensure(int64_t positions) {
    if (positions <= positions_) return;
    const int64_t half = ropeDim_ / 2;
    cos_.resize(size_t(positions * half));
    sin_.resize(cos_.size());
    for (int64_t p = positions_; p < positions; ++p)
        for (int64_t i = 0; i < half; ++i) {
            const double angle = double(p) * std::pow(theta_, -double(2 * i) / double(ropeDim_));
            cos_[size_t(p * half + i)] = float(std::cos(angle));
            sin_[size_t(p * half + i)] = float(std::sin(angle));
        }
    positions_ = positions;
}

void applyRope(float* row, int64_t heads, int64_t headDim, int64_t ropeDim, RopeStyle style, const RopeTable& table,
               int64_t pos) {
    const float* c = table.cos(pos);
    const float* s = table.sin(pos);
    const int64_t half = ropeDim / 2;
    for (int64_t h = 0; h < heads; ++h) {
        float* v = row + h * headDim;
        for (int64_t i = 0; i < half; ++i) {
            // The pair rotated by frequency i: adjacent values, or one from each half.
            float& a = style == RopeStyle::AdjacentPairs ? v[2 * i] : v[i];
            float& b = style == RopeStyle::AdjacentPairs ? v[2 * i + 1] : v[i + half];
            const float x0 = a, x1 = b;
            a = x0 * c[i] - x1 * s[i];
            b = x0 * s[i] + x1 * c[i];
        }
    }
}

namespace {

// attention() for sequence b and head h.
void attentionHead(const float* q, float* out, const KvCache& cache, int64_t layer, int64_t len, int64_t heads,
                   int64_t kvHeads, int64_t headDim, int64_t b, int64_t h, Matmul& matmul, std::vector<float>& scores) {
    // Queries go in blocks whose scores stay in cache; each block sees keys up to its last row,
    // rounded up to a whole block so that few matmul shapes occur (extra keys get weight 0).
    constexpr int64_t kBlock = 64;
    const int64_t qDim = heads * headDim, group = heads / kvHeads, cap = cache.capacity;
    const int64_t start = cache.length;
    const auto scale = float(1.0 / std::sqrt(double(headDim)));
    scores.resize(size_t(kBlock * cap));
    const float* keys = cache.k.data() + cache.offset(layer, b, 0);
    const float* values = cache.v.data() + cache.offset(layer, b, 0);
    const int64_t kvOff = (h / group) * headDim;
    for (int64_t t0 = 0; t0 < len; t0 += kBlock) {
        const int64_t rows = std::min(kBlock, len - t0);
        const int64_t n = std::min(cap, (start + t0 + rows + kBlock - 1) / kBlock * kBlock);
        const float* qb = q + (b * len + t0) * qDim + h * headDim;
        // scores[rows, n] = Q K^T: keys are rows of the cache, read transposed.
        matmul.gemm(rows, headDim, n, qb, qDim, keys + kvOff, cache.kvDim, true, scores.data(), n);
        for (int64_t r = 0; r < rows; ++r) {
            const int64_t visible = start + t0 + r + 1;
            softmax(scores.data() + r * n, visible, scale);
            std::fill(scores.begin() + r * n + visible, scores.begin() + (r + 1) * n, 0.f);
        }
        // out[rows, headDim] = P V.
        matmul.gemm(rows, n, headDim, scores.data(), n, values + kvOff, cache.kvDim, false,
                    out + (b * len + t0) * qDim + h * headDim, qDim);
    }
}

} // namespace

void attention(const float* q, float* out, const KvCache& cache, int64_t layer, int64_t len, int64_t heads,
               int64_t kvHeads, int64_t headDim, Matmul& matmul, std::vector<float>& scores) {
    for (int64_t b = 0; b < cache.batch; ++b)
        for (int64_t h = 0; h < heads; ++h)
            attentionHead(q, out, cache, layer, len, heads, kvHeads, headDim, b, h, matmul, scores);
}

void attention(const float* q, float* out, const KvCache& cache, int64_t layer, int64_t len, int64_t heads,
               int64_t kvHeads, int64_t headDim, std::vector<Matmul>& matmuls, std::vector<std::vector<float>>& scores) {
    const auto parts = size_t(threadCount());
    if (matmuls.size() < parts) matmuls.resize(parts);
    if (scores.size() < parts) scores.resize(parts);
    // A (sequence, head) pair's score matmul has about len * (cache.length + len) * headDim
    // multiply-adds; a step of a few tokens stays on one thread.
    const int64_t work = std::max<int64_t>(1, len * (cache.length + len) * headDim);
    parallelRanges(cache.batch * heads, std::max<int64_t>(1, (int64_t(1) << 20) / work), [&](int w, int64_t p0, int64_t p1) {
        for (int64_t p = p0; p < p1; ++p)
            attentionHead(q, out, cache, layer, len, heads, kvHeads, headDim, p / heads, p % heads, matmuls[size_t(w)],
                          scores[size_t(w)]);
    });
}

void attentionReference(const float* q, float* out, const KvCache& cache, int64_t layer, int64_t len, int64_t heads,
                        int64_t kvHeads, int64_t headDim) {
    const int64_t qDim = heads * headDim, group = heads / kvHeads;
    const int64_t start = cache.length;
    std::vector<double> w(size_t(start + len));
    for (int64_t b = 0; b < cache.batch; ++b)
        for (int64_t t = 0; t < len; ++t)
            for (int64_t h = 0; h < heads; ++h) {
                const float* qh = q + (b * len + t) * qDim + h * headDim;
                const int64_t kvOff = (h / group) * headDim, visible = start + t + 1;
                double mx = -INFINITY, sum = 0;
                for (int64_t p = 0; p < visible; ++p) {
                    const float* kp = cache.k.data() + cache.offset(layer, b, p) + kvOff;
                    double dot = 0;
                    for (int64_t i = 0; i < headDim; ++i) dot += double(qh[i]) * kp[i];
                    w[size_t(p)] = dot / std::sqrt(double(headDim));
                    mx = std::max(mx, w[size_t(p)]);
                }
                for (int64_t p = 0; p < visible; ++p) sum += w[size_t(p)] = std::exp(w[size_t(p)] - mx);
                float* o = out + (b * len + t) * qDim + h * headDim;
                for (int64_t i = 0; i < headDim; ++i) {
                    double acc = 0;
                    for (int64_t p = 0; p < visible; ++p)
                        acc += w[size_t(p)] * cache.v[cache.offset(layer, b, p) + size_t(kvOff + i)];
                    o[i] = float(acc / sum);
                }
            }
}

void swiglu(float* gate, const float* up, int64_t n) {
    parallelRanges(n, kValuesPerThread, [&](int, int64_t b, int64_t e) { siluMul(gate + b, up + b, e - b); });
}

} // namespace qb::llm
