// A llama-family decoder run in fp32: token embedding, per layer RMSNorm -> grouped-query
// attention with RoPE and a KV cache -> RMSNorm -> SwiGLU MLP, then the final norm and the output
// head. Weights stored in Q8_0 or Q4_0 run on the integer kernels (int_matmul.h: inputs
// quantized to 8 bits per block of 32, as llama.cpp does); other matmuls go through oneDNN in
// f32; the rest is plain loops. Not thread-safe: one per thread.
#pragma once
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <span>
#include <vector>

#include "core/llm/int_matmul.h"
#include "core/llm/kv_cache.h"
#include "core/llm/llama_weights.h"
#include "core/llm/llm_kernels.h"
#include "core/llm/matmul.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb {

/// Sees the input activation x [rows, cols] (row-major) of each weight matmul before it runs.
/// layer is -1 for the output head; role is the GGUF role ("attn_q", ..., "ffn_down", "output").
using MatmulObserver = std::function<void(int64_t layer, const char* role, const float* x, int64_t rows, int64_t cols)>;

/// May rewrite the input x [rows, cols] of one weight matmul in place just before it runs (e.g.
/// divide by a SmoothQuant scale and fake-quantize). x is a copy: other matmuls reading the same
/// input (q/k/v, gate/up) and the observer see the original. Keyed like MatmulObserver.
using MatmulInputTransform = std::function<void(int64_t layer, const char* role, float* x, int64_t rows, int64_t cols)>;

/// Sees the output y [rows, cols] of each weight matmul right after it runs (before RoPE or the
/// residual add). Keyed like MatmulObserver.
using MatmulOutputObserver = std::function<void(int64_t layer, const char* role, const float* y, int64_t rows, int64_t cols)>;

class Transformer {
public:
    /// Binds the model's weights (views where they are f32); throws qb::Error as bindLlamaWeights.
    explicit Transformer(const Model& model);
    explicit Transformer(LlamaWeights weights, std::string name);

    const LlamaConfig& config() const { return w_.config; }

    /// A cache for `batch` sequences of up to `capacity` positions, of every layer or of `layers`;
    /// throws qb::Error if capacity exceeds the model's maximum sequence length.
    KvCache newCache(int64_t batch, int64_t capacity, int64_t layers = -1) const;

    /// Runs cache.batch sequences of tokens.size()/cache.batch new tokens each (row-major
    /// [batch][len]) at positions cache.length.., appends their keys and values to the cache and
    /// writes logits [batch*len, vocab] into `logits`. Throws qb::Error for out-of-range ids or a
    /// full cache.
    void forward(std::span<const int32_t> tokens, KvCache& cache, std::vector<float>& logits);

    // forward() in its three parts, for callers that run the decoder one layer at a time over
    // stored hidden states (sequential quantization, quant/llm_block_inputs.h).
    /// The embedding rows of `tokens`, x [tokens, dim]; throws qb::Error for out-of-range ids.
    void embed(std::span<const int32_t> tokens, std::vector<float>& x) const;
    /// Decoder layer l on x [cache.batch * len, dim] in place, at positions cache.length.. (not
    /// advanced), its keys and values stored in layer `cacheLayer` of `cache`.
    void runLayer(int64_t l, float* x, int64_t len, KvCache& cache, int64_t cacheLayer);
    /// The final norm and the output head on x [m, dim]: logits [m, vocab].
    void head(const float* x, int64_t m, std::vector<float>& logits);
    /// Layer l's weights, e.g. to run it with quantized ones (the pointers must outlive their use).
    LayerWeights& layerWeights(int64_t l) { return w_.layers.at(size_t(l)); }
    /// Puts the weights a partial binding holds (bindLlamaWeights with LlamaParts; its null
    /// pointers are skipped) in their slots, with their integer-kernel blocks. `part` must
    /// outlive its use and be unbound before it goes.
    void bind(const LlamaWeights& part);
    /// Empties the slots `part` filled and forgets its blocks.
    void unbind(const LlamaWeights& part);

    /// `count` tokens chosen greedily (highest logit, first on ties) after `prompt`, reporting
    /// "sample token k/n" and checking cancel after each token.
    std::vector<int32_t> generateGreedy(std::span<const int32_t> prompt, int64_t count, const JobContext& job = {});

    /// Calibration tap for later forward() calls; an empty function removes it.
    void setObserver(MatmulObserver observe) { observe_ = std::move(observe); }
    /// Input rewrite for later forward() calls; an empty function removes it (and its cost).
    void setInputTransform(MatmulInputTransform transform) { transform_ = std::move(transform); }
    /// Output tap for later forward() calls (compare's per-layer SQNR); an empty function removes it.
    void setOutputObserver(MatmulOutputObserver observe) { observeOutput_ = std::move(observe); }

    /// Whether Q8_0 and Q4_0 weights run on the integer kernels (the default) or, as their f32
    /// copies, on oneDNN's f32 matmul (inputs unquantized).
    void setIntegerMatmuls(bool on) { integerMatmuls_ = on; }
    bool integerMatmuls() const { return integerMatmuls_; }
    /// How many bound matrices the integer kernels can run.
    size_t blockMatrices() const { return blocks_.size(); }

    /// Seconds spent in weight matmuls (projections, MLP, output head), and in attention (its
    /// score and weighted-sum matmuls and the softmax between, split over threads), since
    /// construction or resetTimers().
    double matmulSeconds() const { return matmul_.seconds() + intMatmul_.seconds(); }
    double attentionMatmulSeconds() const { return attentionSeconds_; }
    void resetTimers() {
        matmul_.resetTimer();
        intMatmul_.resetTimer();
        attentionSeconds_ = 0;
    }

private:
    void project(int64_t l, const char* role, const float* in, const float* w, float* y, int64_t m, int64_t k, int64_t n,
                 bool sameInput = false);

    LlamaWeights w_;
    std::string name_;
    Matmul matmul_;
    std::vector<Matmul> attnMatmuls_; ///< one per attention worker thread
    double attentionSeconds_ = 0;
    llm::IntMatmul intMatmul_;
    /// The repacked blocks of each BlockWeight, by the f32 pointer they stand for.
    std::unordered_map<const float*, llm::BlockMatrix> blocks_;
    bool integerMatmuls_ = true;
    const float* lastIntInput_ = nullptr; ///< the input of the last projection, if it ran on intMatmul_
    llm::RopeTable rope_;
    MatmulObserver observe_;
    MatmulInputTransform transform_;
    MatmulOutputObserver observeOutput_;
    // Scratch buffers reused across calls; xt_ holds a transformed matmul input.
    std::vector<float> xt_, x_, xn_, q_, k_, v_, att_, gate_, up_;
    std::vector<std::vector<float>> scores_;
};

} // namespace qb
