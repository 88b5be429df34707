// compare's language-model parts (core/pipeline/compare_llm.h) on stories260K: the per-layer SQNR
// of every weight matmul (one quantized layer: exact before it, accumulated equal to local at it;
// the whole plan: layer 0's q/k/v against a long-double computation from the stored tensors), and
// the greedy generations (the core sampler's tokens per run, the first diverging token, fp32's
// continuation of models/PROVENANCE.md's greedy text).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>

#include "core/datasets/text_dataset.h"
#include "core/llm/transformer.h"
#include "core/pipeline/compare.h"
#include "core/pipeline/compare_llm.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/apply_quantized.h"
#include "core/quant/plan.h"
#include "core/quant/weight_matrix.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "test_support.h"

namespace {

using namespace qb;
using namespace qb::pipeline;

const std::string kText = "data/tinystories/TinyStories-validation-excerpt.txt";

std::shared_ptr<const Model> stories() { return openInput(test::model("llama2c/stories260K.bin")).model; }

DataSpec text(int64_t context) {
    DataSpec d;
    d.path = test::shared(kText);
    d.context = context;
    return d;
}

ProjectQuantization quantizeBy(const std::shared_ptr<const Model>& model, const std::string& plan) {
    QuantizeRequest req;
    req.plan = quant::parsePlan(plan, "test plan");
    req.planSource = "test plan";
    req.data = text(65);
    req.calibration.samples = 8;
    return *quantize(model, std::nullopt, req, {}).project.quantization;
}

bool exact(double db) { return std::isinf(db) && db > 0; }

// Execution order of stories260K's matmuls: 7 per layer, then the head (the tied embedding).
constexpr size_t kMatmuls = 5 * 7 + 1;

void expectOnlyLayerQuantized(const std::vector<LayerSqnr>& table, size_t at) {
    ASSERT_EQ(table.size(), kMatmuls);
    EXPECT_EQ(table[0].name, "blk.0.attn_q.weight");
    EXPECT_EQ(table[6].name, "blk.0.ffn_down.weight");
    EXPECT_EQ(table[kMatmuls - 1].name, "token_embd.weight");
    for (size_t i = 0; i < at; ++i) {
        EXPECT_FALSE(table[i].quantized) << table[i].name;
        EXPECT_TRUE(exact(table[i].accumulatedDb)) << table[i].name << " " << table[i].accumulatedDb;
        EXPECT_TRUE(exact(table[i].localDb)) << table[i].name;
    }
    const LayerSqnr& q = table[at];
    EXPECT_TRUE(q.quantized);
    ASSERT_TRUE(std::isfinite(q.accumulatedDb)) << q.name;
    // Both are the same quantized matmul on the same fp32 input, computed along two paths.
    EXPECT_NEAR(q.accumulatedDb, q.localDb, 1e-9) << q.name;
    EXPECT_GT(q.accumulatedDb, 10.0) << q.name;
    // The error carries on into the head, which is not quantized itself.
    EXPECT_TRUE(std::isfinite(table[kMatmuls - 1].accumulatedDb));
    EXPECT_TRUE(exact(table[kMatmuls - 1].localDb));
}

TEST(CompareLlm, OneQuantizedMatmulAccumulatedEqualsLocalAndTheMatmulsBeforeAreExact) {
    const auto model = stories();
    {
        const ProjectQuantization q = quantizeBy(
            model, R"({"default": {"format": "fp32"}, "layers": {"blk.2.ffn_gate.weight": {"bits": 4, "group": 32}}})");
        ASSERT_EQ(q.layers.size(), 1u);
        const auto table = layerSqnr(model, q, text(65), 2, {});
        expectOnlyLayerQuantized(table, 2 * 7 + 4);
        // ffn_up reads the same input as ffn_gate: still exact; ffn_down reads gate's output: not.
        EXPECT_TRUE(exact(table[2 * 7 + 5].accumulatedDb));
        EXPECT_TRUE(std::isfinite(table[2 * 7 + 6].accumulatedDb));
    }
    {
        // With an activation grid the layer alone quantizes fp32's input too.
        const ProjectQuantization q = quantizeBy(
            model, R"({"default": {"format": "fp32"}, "layers": {"blk.1.attn_output.weight": {"bits": 8, "act_bits": 8}}})");
        ASSERT_EQ(q.layers.size(), 1u);
        ASSERT_TRUE(q.layers[0].activation);
        expectOnlyLayerQuantized(layerSqnr(model, q, text(65), 2, {}), 1 * 7 + 3);
        // Cancelled; images instead of text: an error naming the data.
        std::atomic<bool> cancel{true};
        EXPECT_THROW(layerSqnr(model, q, text(65), 1, {.progress = {}, .cancel = &cancel}), Cancelled);
        DataSpec images;
        images.path = test::shared("data/mnist");
        try {
            layerSqnr(model, q, images, 1, {});
            ADD_FAILURE() << "images were taken";
        } catch (const Error& e) {
            EXPECT_EQ(e.where(), images.path);
        }
    }
}

// 10 log10(sum y^2 / sum (y - y')^2) of layer 0's q, k and v, y = rmsnorm(E[token]) W^T in long
// double, from the stored tensors: fp32 against the quantized embedding and weights (accumulated)
// and against fp32's input with the quantized weights (local).
struct Db {
    double accumulated, local;
};
std::vector<Db> layerZeroQkv(const Model& model, const Model& quantized, const DataSpec& data, size_t windows) {
    const BpeTokenizer tokenizer = loadTokenizer(model);
    const TextDataset t = loadTextDataset(data.path, tokenizer);
    const auto chunks = textChunks(t.tokens, data.context, data.path);
    const int64_t dim = model.llama->dim;
    const auto matrix = [](const Model& m, const std::string& name) { return quant::weightMatrix(*m.find(name)).values; };
    const std::vector<float> embRef = matrix(model, "token_embd.weight"), embRun = matrix(quantized, "token_embd.weight");
    const std::vector<float> norm = toFloat(*model.find("blk.0.attn_norm.weight"));
    std::vector<Db> out;
    for (const char* role : {"attn_q", "attn_k", "attn_v"}) {
        const std::string name = std::string("blk.0.") + role + ".weight";
        const quant::WeightMatrix w = quant::weightMatrix(*model.find(name));
        const std::vector<float> wq = matrix(quantized, name);
        long double signal = 0, noise = 0, localNoise = 0;
        const auto normed = [&](const std::vector<float>& emb, int32_t id) {
            std::vector<long double> x(static_cast<size_t>(dim));
            long double ss = 0;
            for (int64_t i = 0; i < dim; ++i) ss += (long double)emb[size_t(id * dim + i)] * emb[size_t(id * dim + i)];
            const long double scale = 1.0L / std::sqrt(ss / dim + (long double)model.llama->normEps);
            for (int64_t i = 0; i < dim; ++i) x[size_t(i)] = emb[size_t(id * dim + i)] * scale * norm[size_t(i)];
            return x;
        };
        for (size_t k = 0; k < windows; ++k) {
            std::vector<int32_t> ids{tokenizer.bos()};
            ids.insert(ids.end(), chunks[k].begin(), chunks[k].end());
            for (const int32_t id : ids) {
                const auto xr = normed(embRef, id), xq = normed(embRun, id);
                for (int64_t o = 0; o < w.rows; ++o) {
                    long double yr = 0, yq = 0, yl = 0;
                    for (int64_t i = 0; i < dim; ++i) {
                        yr += xr[size_t(i)] * w.values[size_t(o * dim + i)];
                        yq += xq[size_t(i)] * wq[size_t(o * dim + i)];
                        yl += xr[size_t(i)] * wq[size_t(o * dim + i)];
                    }
                    signal += yr * yr;
                    noise += (yr - yq) * (yr - yq);
                    localNoise += (yr - yl) * (yr - yl);
                }
            }
        }
        out.push_back({double(10 * std::log10(signal / noise)), double(10 * std::log10(signal / localNoise))});
    }
    return out;
}

TEST(CompareLlm, WholePlanLayerSqnrEqualsAnIndependentComputation) {
    const auto model = stories();
    const ProjectQuantization q = quantizeBy(model, R"({"default": {"bits": 4, "group": 32, "method": "gptq"}})");
    const DataSpec data = text(65);
    const auto table = layerSqnr(model, q, data, 3, {});
    ASSERT_EQ(table.size(), kMatmuls);
    for (const LayerSqnr& l : table) {
        EXPECT_TRUE(l.quantized) << l.name;
        EXPECT_TRUE(std::isfinite(l.accumulatedDb) && std::isfinite(l.localDb)) << l.name;
        EXPECT_GT(l.localDb, 5.0) << l.name;
    }
    // The tied embedding is quantized too, so layer 0's input already differs: accumulated < local.
    const Model quantized = quant::applyQuantized(*model, q.layers);
    const std::vector<Db> want = layerZeroQkv(*model, quantized, data, 3);
    for (size_t r = 0; r < 3; ++r) {
        EXPECT_NEAR(table[r].accumulatedDb, want[r].accumulated, 0.01) << table[r].name;
        EXPECT_NEAR(table[r].localDb, want[r].local, 0.01) << table[r].name;
        EXPECT_LT(table[r].accumulatedDb, table[r].localDb) << table[r].name;
    }
}

TEST(CompareLlm, GreedyGenerationsAreTheSamplersTokensAndMarkTheFirstDivergence) {
    const auto model = stories();
    const std::vector<CompareVariant> variants{
        {"W4 GPTQ", quantizeBy(model, R"({"default": {"bits": 4, "group": 32, "method": "gptq"}})")}};
    const DataSpec data = text(65);
    std::vector<std::string> stages;
    JobContext job;
    job.progress = [&](double, std::string_view s) { stages.emplace_back(s); };
    const Comparison c = compareRuns(model, variants, data,
                                     {.limit = 2, .latencySamples = 1, .layerSamples = 1, .generateTokens = 24,
                                      .generatePrompts = 3, .promptTokens = 6},
                                     job);
    EXPECT_EQ(c.details[0].layers.size(), kMatmuls); // compareRuns fills the per-layer table too
    ASSERT_EQ(c.generations.size(), 3u);
    // The prompts: BOS and the first 6 tokens of each of the first windows.
    const BpeTokenizer tokenizer = loadTokenizer(*model);
    const TextDataset t = loadTextDataset(data.path, tokenizer);
    const auto chunks = textChunks(t.tokens, data.context, data.path);
    Transformer fp32(*model);
    const Model quantizedModel = quant::applyQuantized(*model, variants[0].quantization.layers);
    Transformer w4(quantizedModel);
    int diverged = 0;
    for (size_t p = 0; p < 3; ++p) {
        const Generation& g = c.generations[p];
        std::vector<int32_t> prompt{tokenizer.bos()};
        prompt.insert(prompt.end(), chunks[p].begin(), chunks[p].begin() + 6);
        EXPECT_EQ(g.promptTokens, prompt);
        ASSERT_EQ(g.runs.size(), 2u);
        EXPECT_EQ(g.runs[0].tokens, fp32.generateGreedy(prompt, 24));
        EXPECT_EQ(g.runs[1].tokens, w4.generateGreedy(prompt, 24));
        EXPECT_EQ(g.runs[0].divergesAt, -1);
        const auto& a = g.runs[0].tokens;
        const auto& b = g.runs[1].tokens;
        ASSERT_EQ(b.size(), 24u);
        const int64_t first = std::mismatch(a.begin(), a.end(), b.begin()).first - a.begin();
        EXPECT_EQ(g.runs[1].divergesAt, first == 24 ? -1 : first);
        if (first < 24) {
            ++diverged;
            EXPECT_NE(g.runs[1].tokens[size_t(first)], g.runs[0].tokens[size_t(first)]);
        }
        EXPECT_EQ(g.runs[0].pieces.size(), 24u);
        // The pieces read as the tokenizer decodes the continuation (no BOS before it).
        std::vector<int32_t> withPrompt = prompt;
        withPrompt.insert(withPrompt.end(), a.begin(), a.end());
        EXPECT_EQ(tokenizer.decode(prompt) + g.runs[0].text(), tokenizer.decode(withPrompt));
    }
    EXPECT_GT(diverged, 0); // 4 bits change stories260K's greedy text within 24 tokens
    EXPECT_NE(std::find(stages.begin(), stages.end(), "W4 GPTQ: prompt 3/3: sample token 24/24"), stages.end());
}

TEST(CompareLlm, GivenPromptContinuesAsTheReferenceGreedyText) {
    const auto model = stories();
    CompareOptions o;
    o.generateTokens = 11;
    o.prompts = {"Once upon a time,"};
    std::vector<Generation> g = generationPrompts(*model, text(65), o);
    ASSERT_EQ(g.size(), 1u);
    // models/PROVENANCE.md: encode("Once upon a time, ...") with BOS starts 1 403 407 261 378 432.
    EXPECT_EQ(g[0].promptTokens, (std::vector<int32_t>{1, 403, 407, 261, 378, 432}));
    generateRun(model, nullptr, g, o.generateTokens, {});
    // ... and the greedy text goes on "there was a little girl named Lily. She".
    EXPECT_EQ(g[0].runs[0].text(), " there was a little girl named Lily. She");
    // Cancelled between tokens.
    std::atomic<bool> cancel{true};
    EXPECT_THROW(generateRun(model, nullptr, g, 4, {.progress = {}, .cancel = &cancel}), Cancelled);
    // No room in the context: an error naming the prompt.
    o.generateTokens = 600;
    EXPECT_THROW(generationPrompts(*model, text(65), o), Error);
}

} // namespace
