#include "core/llm/transformer.h"

#include <algorithm>
#include <chrono>

#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb {

Transformer::Transformer(const Model& model) : Transformer(bindLlamaWeights(model), model.path) {}

Transformer::Transformer(LlamaWeights weights, std::string name)
    : w_(std::move(weights)), name_(std::move(name)), rope_(w_.config.ropeDim, w_.config.ropeTheta) {
    for (const BlockWeight& b : w_.blockWeights)
        blocks_.emplace(b.f32, llm::blockMatrix(b.type, b.bytes, b.rows, b.cols, b.name));
}

namespace {

// Calls f(slot, pointer) for every weight `part` binds, slot being this transformer's.
template <typename F>
void eachBound(LlamaWeights& mine, const LlamaWeights& part, F&& f) {
    if (part.embedding) f(mine.embedding, part.embedding);
    if (part.outputNorm) f(mine.outputNorm, part.outputNorm);
    if (part.output) f(mine.output, part.output);
    for (size_t l = 0; l < part.layers.size() && l < mine.layers.size(); ++l) {
        const LayerWeights& p = part.layers[l];
        LayerWeights& m = mine.layers[l];
        for (auto [slot, from] : {std::pair{&m.attnNorm, p.attnNorm}, {&m.wq, p.wq}, {&m.wk, p.wk}, {&m.wv, p.wv},
                                  {&m.wo, p.wo}, {&m.ffnNorm, p.ffnNorm}, {&m.gate, p.gate}, {&m.up, p.up},
                                  {&m.down, p.down}})
            if (from) f(*slot, from);
    }
}

} // namespace

void Transformer::bind(const LlamaWeights& part) {
    eachBound(w_, part, [](const float*& slot, const float* from) { slot = from; });
    for (const BlockWeight& b : part.blockWeights)
        blocks_.insert_or_assign(b.f32, llm::blockMatrix(b.type, b.bytes, b.rows, b.cols, b.name));
}

void Transformer::unbind(const LlamaWeights& part) {
    eachBound(w_, part, [](const float*& slot, const float*) { slot = nullptr; });
    for (const BlockWeight& b : part.blockWeights) blocks_.erase(b.f32);
}

KvCache Transformer::newCache(int64_t batch, int64_t capacity, int64_t layers) const {
    const LlamaConfig& c = w_.config;
    if (capacity > c.maxSeqLen)
        throw Error(name_, "context of " + std::to_string(capacity) + " tokens exceeds the model's maximum of " +
                               std::to_string(c.maxSeqLen));
    if (batch <= 0 || capacity <= 0)
        throw Error(name_, "cache needs a positive batch and capacity (got " + std::to_string(batch) + ", " +
                               std::to_string(capacity) + ")");
    return KvCache(layers < 0 ? c.layers : layers, batch, capacity, c.kvHeads * c.headDim);
}

void Transformer::forward(std::span<const int32_t> tokens, KvCache& cache, std::vector<float>& logits) {
    const LlamaConfig& c = w_.config;
    if (cache.layers != c.layers || cache.kvDim != c.kvHeads * c.headDim || cache.batch <= 0)
        throw Error(name_, "KV cache was not made for this model");
    if (tokens.empty() || tokens.size() % size_t(cache.batch) != 0)
        throw Error(name_, std::to_string(tokens.size()) + " tokens do not split into " + std::to_string(cache.batch) +
                               " non-empty sequences");
    const auto len = int64_t(tokens.size()) / cache.batch;
    if (len > cache.capacity - cache.length)
        throw Error(name_, "context of " + std::to_string(cache.length + len) + " tokens exceeds the cache's " +
                               std::to_string(cache.capacity) + " positions");
    embed(tokens, x_);
    for (int64_t l = 0; l < c.layers; ++l) runLayer(l, x_.data(), len, cache, l);
    head(x_.data(), int64_t(tokens.size()), logits);
    cache.length += len;
}

void Transformer::embed(std::span<const int32_t> tokens, std::vector<float>& x) const {
    const LlamaConfig& c = w_.config;
    for (const int32_t id : tokens)
        if (id < 0 || id >= c.vocab)
            throw Error(name_, "token id " + std::to_string(id) + " is outside the vocabulary of " +
                                   std::to_string(c.vocab));
    x.resize(tokens.size() * size_t(c.dim));
    for (size_t r = 0; r < tokens.size(); ++r)
        std::copy_n(w_.embedding + int64_t(tokens[r]) * c.dim, c.dim, x.data() + r * size_t(c.dim));
}

// y[m, n] = in[m, k] W^T, seen by the observer and rewritten by the transform first.
// sameInput: in is the previous projection's input, unchanged since.
void Transformer::project(int64_t l, const char* role, const float* in, const float* w, float* y, int64_t m, int64_t k,
                          int64_t n, bool sameInput) {
    if (observe_) observe_(l, role, in, m, k);
    // The integer kernels reuse the previous projection's quantized input only if it ran on them
    // too, and no transform rewrote it.
    const bool reuse = sameInput && !transform_ && lastIntInput_ == in;
    lastIntInput_ = nullptr;
    if (transform_) {
        xt_.assign(in, in + m * k);
        transform_(l, role, xt_.data(), m, k);
        in = xt_.data();
    }
    // The blocks stand for w only while the slot still holds the pointer bound with them.
    const auto blocks = integerMatmuls_ ? blocks_.find(w) : blocks_.end();
    if (blocks != blocks_.end() && blocks->second.rows == n && blocks->second.cols == k) {
        intMatmul_.run(in, blocks->second, y, m, reuse);
        lastIntInput_ = in;
    } else {
        matmul_.run(in, w, y, m, k, n);
    }
    if (observeOutput_) observeOutput_(l, role, y, m, n); // on either path: the comparison's per-layer SQNR
}

void Transformer::runLayer(int64_t l, float* x, int64_t len, KvCache& cache, int64_t cacheLayer) {
    const LlamaConfig& c = w_.config;
    if (l < 0 || l >= c.layers || cacheLayer < 0 || cacheLayer >= cache.layers || len <= 0 ||
        len > cache.capacity - cache.length || cache.kvDim != c.kvHeads * c.headDim)
        throw Error(name_, "layer " + std::to_string(l) + " cannot run on this cache");
    const int64_t m = cache.batch * len, dim = c.dim, hid = c.hiddenDim;
    const int64_t qDim = c.heads * c.headDim, kvDim = c.kvHeads * c.headDim;
    auto sized = [](std::vector<float>& b, int64_t n) {
        b.resize(size_t(n));
        return b.data();
    };
    float* xn = sized(xn_, m * dim);
    float* q = sized(q_, m * qDim);
    float* k = sized(k_, m * kvDim);
    float* v = sized(v_, m * kvDim);
    float* att = sized(att_, m * std::max(qDim, dim));
    float* gate = sized(gate_, m * hid);
    float* up = sized(up_, m * hid);
    rope_.ensure(cache.length + len);

    const LayerWeights& lw = w_.layers[size_t(l)];
    llm::rmsNorm(x, lw.attnNorm, xn, m, dim, c.normEps);
    project(l, "attn_q", xn, lw.wq, q, m, dim, qDim);
    project(l, "attn_k", xn, lw.wk, k, m, dim, kvDim, true);
    project(l, "attn_v", xn, lw.wv, v, m, dim, kvDim, true);
    parallelRanges(m, 64, [&](int, int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const int64_t seq = r / len, pos = cache.length + r % len;
            llm::applyRope(q + r * qDim, c.heads, c.headDim, c.ropeDim, w_.rope, rope_, pos);
            llm::applyRope(k + r * kvDim, c.kvHeads, c.headDim, c.ropeDim, w_.rope, rope_, pos);
            std::copy_n(k + r * kvDim, kvDim, cache.k.data() + cache.offset(cacheLayer, seq, pos));
            std::copy_n(v + r * kvDim, kvDim, cache.v.data() + cache.offset(cacheLayer, seq, pos));
        }
    });
    const auto attentionStart = std::chrono::steady_clock::now();
    llm::attention(q, att, cache, cacheLayer, len, c.heads, c.kvHeads, c.headDim, attnMatmuls_, scores_);
    attentionSeconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - attentionStart).count();
    project(l, "attn_output", att, lw.wo, xn, m, qDim, dim);
    for (int64_t i = 0; i < m * dim; ++i) x[i] += xn[i];

    llm::rmsNorm(x, lw.ffnNorm, xn, m, dim, c.normEps);
    project(l, "ffn_gate", xn, lw.gate, gate, m, dim, hid);
    project(l, "ffn_up", xn, lw.up, up, m, dim, hid, true);
    llm::swiglu(gate, up, m * hid);
    project(l, "ffn_down", gate, lw.down, xn, m, hid, dim);
    for (int64_t i = 0; i < m * dim; ++i) x[i] += xn[i];
}

void Transformer::head(const float* x, int64_t m, std::vector<float>& logits) {
    const LlamaConfig& c = w_.config;
    xn_.resize(size_t(m * c.dim));
    llm::rmsNorm(x, w_.outputNorm, xn_.data(), m, c.dim, c.normEps);
    logits.resize(size_t(m * c.vocab));
    project(-1, "output", xn_.data(), w_.output, logits.data(), m, c.dim, c.vocab);
}

std::vector<int32_t> Transformer::generateGreedy(std::span<const int32_t> prompt, int64_t count,
                                                const JobContext& job) {
    if (prompt.empty()) throw Error(name_, "generation needs a prompt of at least one token (BOS)");
    if (count <= 0) return {};
    KvCache cache = newCache(1, int64_t(prompt.size()) + count - 1);
    std::vector<float> logits;
    std::vector<int32_t> out;
    forward(prompt, cache, logits);
    const int64_t vocab = w_.config.vocab;
    for (;;) {
        job.checkCancel();
        const float* last = logits.data() + logits.size() - size_t(vocab);
        out.push_back(int32_t(std::max_element(last, last + vocab) - last));
        const auto n = int64_t(out.size());
        job.report(double(n) / double(count), "sample token " + std::to_string(n) + "/" + std::to_string(count));
        if (n == count) return out;
        forward(std::span(&out.back(), 1), cache, logits);
    }
}

} // namespace qb
