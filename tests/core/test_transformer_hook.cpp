// The transformer's per-matmul input transform on stories260K: an exact rewrite (inputs divided
// by s, weights multiplied by s) leaves the logits unchanged; each matmul gets its own copy; and,
// end to end, SmoothQuant W8A8 on every matmul against the fp32 perplexity of data/PROVENANCE.md
// (context 256: 4.912, from a float64 NumPy reimplementation of llama2.c run.c).
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <numeric>
#include <string>

#include "core/quant/rtn.h"
#include "core/calib/llm_taps.h"
#include "core/eval/perplexity.h"
#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/llm/transformer.h"
#include "core/quant/llm_inputs.h"
#include "core/quant/smoothquant.h"
#include "core/quant/weight_matrix.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "test_support.h"

using namespace qb;
using namespace qb::quant;

namespace {

// "Once upon a time, there was a little girl named Lily." with BOS (models/PROVENANCE.md).
const std::vector<int32_t> kPrompt = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426};
const std::string kText = "data/tinystories/TinyStories-validation-excerpt.txt";

const float*& weightSlot(LlamaWeights& w, int64_t layer, const std::string& role) {
    if (layer < 0) return w.output;
    LayerWeights& l = w.layers[size_t(layer)];
    if (role == "attn_q") return l.wq;
    if (role == "attn_k") return l.wk;
    if (role == "attn_v") return l.wv;
    if (role == "attn_output") return l.wo;
    if (role == "ffn_gate") return l.gate;
    if (role == "ffn_up") return l.up;
    return l.down;
}

// The model's weights with the matmul of each tap replaced by replacement(tap, matrix), a
// [out, in] matrix kept alive in the weights' storage.
template <typename F>
LlamaWeights replaceWeights(const Model& m, F replacement) {
    LlamaWeights w = bindLlamaWeights(m);
    for (const LlmTap& t : llmTaps(m)) {
        auto buf = std::make_shared<std::vector<float>>(replacement(t, weightMatrix(*t.weight)));
        weightSlot(w, t.layer, t.role) = buf->data();
        w.storage.push_back(buf);
    }
    return w;
}

std::vector<float> logitsOf(Transformer& t, const std::vector<int32_t>& ids) {
    auto cache = t.newCache(1, int64_t(ids.size()));
    std::vector<float> logits;
    t.forward(ids, cache, logits);
    return logits;
}

// Deterministic factors in [0.25, 4), different for every tap and channel.
float factor(int64_t tap, int64_t j) {
    const double f = std::fmod(0.6180339887 * double(j + 1) + 0.1 * double(tap), 1.0);
    return float(0.25 + 3.75 * f);
}

} // namespace

TEST(TransformerHook, DividedInputsAndScaledWeightsKeepTheLogits) {
    const Model m = openModel(test::model("llama2c/stories260K.bin"));
    Transformer plain(m);
    const auto ref = logitsOf(plain, kPrompt);
    EXPECT_NEAR(ref[403], 17.0235f, 1e-3f); // models/PROVENANCE.md, position 0

    const LlamaConfig c = *m.llama;
    Transformer scaled(replaceWeights(m, [&](const LlmTap& t, WeightMatrix w) {
                           const int64_t i = llmTapIndex(c, t.layer, t.role);
                           for (size_t k = 0; k < w.values.size(); ++k) w.values[k] *= factor(i, int64_t(k) % w.cols);
                           return w.values;
                       }),
                       "scaled");
    int calls = 0;
    scaled.setInputTransform([&](int64_t layer, const char* role, float* x, int64_t rows, int64_t cols) {
        ++calls;
        const int64_t i = llmTapIndex(c, layer, role);
        ASSERT_GE(i, 0) << layer << " " << role;
        for (int64_t k = 0; k < rows * cols; ++k) x[k] /= factor(i, k % cols);
    });
    const auto got = logitsOf(scaled, kPrompt);
    EXPECT_EQ(calls, 7 * 5 + 1);
    ASSERT_EQ(got.size(), ref.size());
    double worst = 0;
    for (size_t k = 0; k < ref.size(); ++k) worst = std::max(worst, double(std::fabs(got[k] - ref[k])));
    std::printf("scaled weights, divided inputs: max |logit - fp32| %.3g\n", worst);
    EXPECT_LT(worst, 1e-4);

    // Without the transform the scaled weights no longer match: the hook did the work.
    scaled.setInputTransform({});
    const auto off = logitsOf(scaled, kPrompt);
    EXPECT_GT(std::fabs(off[403] - ref[403]), 1e-2f);
}

// Zeroing attn_q's and ffn_gate's inputs must not reach attn_k/attn_v and ffn_up, which read the
// same buffer; the observer sees every input before its transform. (ffn_down's input is
// silu(gate) * up, which a zeroed gate input makes zero: it is the one input allowed to be 0.)
TEST(TransformerHook, EachMatmulTransformsItsOwnCopy) {
    const Model m = openModel(test::model("llama2c/stories260K.bin"));
    Transformer t(m);
    std::map<std::string, double> observed, transformed;
    const auto sum = [](const float* x, int64_t n) { return std::accumulate(x, x + n, 0.0); };
    const auto key = [](int64_t layer, const char* role) { return std::to_string(layer) + "." + role; };
    t.setObserver([&](int64_t layer, const char* role, const float* x, int64_t rows, int64_t cols) {
        observed[key(layer, role)] = sum(x, rows * cols);
    });
    t.setInputTransform([&](int64_t layer, const char* role, float* x, int64_t rows, int64_t cols) {
        transformed[key(layer, role)] = sum(x, rows * cols);
        if (std::string(role) == "attn_q" || std::string(role) == "ffn_gate") std::fill(x, x + rows * cols, 0.f);
    });
    logitsOf(t, kPrompt);
    ASSERT_EQ(observed.size(), 36u);
    ASSERT_EQ(transformed.size(), 36u);
    for (const auto& [k, v] : observed) {
        EXPECT_EQ(transformed.at(k), v) << k;
        if (k.find("ffn_down") == std::string::npos) EXPECT_NE(v, 0.0) << k;
    }
    for (int64_t l = 0; l < m.llama->layers; ++l) {
        const std::string p = std::to_string(l) + ".";
        EXPECT_EQ(observed.at(p + "attn_k"), observed.at(p + "attn_q")) << l;
        EXPECT_EQ(observed.at(p + "attn_v"), observed.at(p + "attn_q")) << l;
        EXPECT_EQ(observed.at(p + "ffn_up"), observed.at(p + "ffn_gate")) << l;
        EXPECT_EQ(observed.at(p + "ffn_down"), 0.0) << l; // the zeroed gate did reach the MLP
    }
}

// SmoothQuant (alpha 0.5) W8A8 on all 36 matmuls: int8 per-channel weights of W diag(s) and one
// 8-bit symmetric activation scale per matmul, run through the input transform.
TEST(TransformerHook, SmoothQuantW8A8Perplexity) {
    const Model m = openModel(test::model("llama2c/stories260K.bin"));
    const BpeTokenizer tok = loadTokenizer(m);
    const TextDataset text = loadTextDataset(test::shared(kText), tok);
    CalibrationSettings cs;
    cs.samples = 16;
    cs.context = 256;
    const auto inputs = collectLlmInputs(m, text.tokens, tok.bos(), cs);
    const LlamaConfig c = *m.llama;
    // alpha < 0: plain W8A8, no smoothing (int8 per-channel weights, per-tensor activations).
    const auto run = [&](double alpha) {
        std::vector<QuantizedLayer> layers(size_t(7 * c.layers + 1));
        Transformer t(replaceWeights(m,
                                     [&](const LlmTap& tap, const WeightMatrix& w) {
                                         QuantizedLayer& l = layers[size_t(llmTapIndex(c, tap.layer, tap.role))];
                                         const Scheme& s = scheme("int8_channel_sym");
                                         const LayerInputs& in = inputs.at(tap.weight->name);
                                         if (alpha >= 0) {
                                             l = quantizeSmoothQuant(s, w.values, w.rows, w.cols, in, tap.weight->name,
                                                                     {.alpha = alpha, .actBits = 8});
                                         } else {
                                             l.weight = quantizeRtn(s, w.values, w.rows, w.cols, tap.weight->name);
                                             l.activation = activationQuant(in.absMax(), {}, 8);
                                         }
                                         return dequantize(l.weight);
                                     }),
                      "w8a8");
        t.setInputTransform([&](int64_t layer, const char* role, float* x, int64_t rows, int64_t cols) {
            transformInput(layers[size_t(llmTapIndex(c, layer, role))], std::span(x, size_t(rows * cols)), cols);
        });
        return evaluatePerplexity(t, text.tokens, tok.bos(), {.context = 256}).perplexity;
    };
    const double fp32 = 4.912, smooth = run(0.5), plain = run(-1);
    std::printf("stories260K context 256 perplexity: fp32 %.4f (PROVENANCE), SmoothQuant W8A8 alpha 0.5 %.4f "
                "(%+.2f%%), plain W8A8 %.4f (%+.2f%%)\n",
                fp32, smooth, 100 * (smooth / fp32 - 1), plain, 100 * (plain / fp32 - 1));
    EXPECT_NEAR(smooth / fp32, 1.0, 0.03);
}
