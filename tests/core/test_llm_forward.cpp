// The llama decoder on stories260K (.bin, .gguf, and a safetensors folder written here from the
// GGUF). Reference logits and greedy ids: /work/shared/models/PROVENANCE.md (a float64 NumPy
// reimplementation of llama2.c run.c, independent of this code).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include <nlohmann/json.hpp>

#include "core/formats/model_reader.h"
#include "core/llm/transformer.h"
#include "core/util/error.h"
#include "llm_test_support.h"
#include "test_support.h"

namespace {

using qb::test::model;

const std::vector<int32_t> kGreedy40 = {403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317,
                                        426, 338, 401, 396, 267, 337, 410, 408, 419, 292, 411, 322, 265, 282,
                                        295, 433, 426, 385, 328, 432, 358, 394, 261, 370, 432, 352};
// "Once upon a time, there was a little girl named Lily." with BOS (PROVENANCE.md).
const std::vector<int32_t> kPrompt = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426};

std::vector<float> logitsOf(qb::Transformer& t, const std::vector<int32_t>& ids) {
    auto cache = t.newCache(1, int64_t(ids.size()));
    std::vector<float> logits;
    t.forward(ids, cache, logits);
    return logits;
}

void expectTop5AtBos(const std::string& path) {
    qb::Transformer t(qb::openModel(path));
    const auto logits = logitsOf(t, {1});
    ASSERT_EQ(logits.size(), 512u);
    std::vector<int> order(512);
    std::iota(order.begin(), order.end(), 0);
    std::partial_sort(order.begin(), order.begin() + 5, order.end(), [&](int a, int b) { return logits[a] > logits[b]; });
    const int ids[5] = {403, 385, 410, 317, 407};
    const float values[5] = {17.0235f, 15.4062f, 13.1083f, 12.7692f, 12.4181f};
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(order[size_t(i)], ids[i]) << path << " rank " << i;
        EXPECT_NEAR(logits[size_t(ids[i])], values[i], 1e-3) << path << " token " << ids[i];
    }
}

TEST(LlmForward, Top5LogitsAtBosFromBin) { expectTop5AtBos(model("llama2c/stories260K.bin")); }
TEST(LlmForward, Top5LogitsAtBosFromGguf) { expectTop5AtBos(model("gguf/stories260K.gguf")); }

TEST(LlmForward, GreedyContinuationAfterBos) {
    for (const char* rel : {"llama2c/stories260K.bin", "gguf/stories260K.gguf"}) {
        qb::Transformer t(qb::openModel(model(rel)));
        EXPECT_EQ(t.generateGreedy(std::vector<int32_t>{1}, 40), kGreedy40) << rel;
    }
}

TEST(LlmForward, CachedStepsMatchOneBatchedPass) {
    // Feeding the prompt token by token through the KV cache must give the same last logits as
    // one pass over the whole prompt, and two sequences in one batch the same as each alone.
    qb::Transformer t(qb::openModel(model("llama2c/stories260K.bin")));
    const auto whole = logitsOf(t, kPrompt);
    auto cache = t.newCache(1, int64_t(kPrompt.size()));
    std::vector<float> step;
    for (const int32_t id : kPrompt) t.forward(std::vector<int32_t>{id}, cache, step);
    for (size_t i = 0; i < 512; ++i) EXPECT_NEAR(step[i], whole[whole.size() - 512 + i], 1e-4);

    std::vector<int32_t> two(kPrompt);
    two.insert(two.end(), kPrompt.rbegin(), kPrompt.rend());
    auto cache2 = t.newCache(2, int64_t(kPrompt.size()));
    std::vector<float> batched;
    t.forward(two, cache2, batched);
    const auto second = logitsOf(t, std::vector<int32_t>(kPrompt.rbegin(), kPrompt.rend()));
    for (size_t i = 0; i < whole.size(); ++i) {
        EXPECT_NEAR(batched[i], whole[i], 1e-4);
        EXPECT_NEAR(batched[whole.size() + i], second[i], 1e-4);
    }
}

// --- a Hugging Face safetensors folder made from the GGUF ---------------------------------------

nlohmann::json writeHfFolderFromGguf(const std::string& dir) {
    return qb::test::writeHfLlamaFolderFromGguf(dir, /*tieWordEmbeddings=*/false);
}

TEST(LlmForward, SafetensorsFolderFromGgufGivesSameLogits) {
    qb::test::TempDir dir;
    writeHfFolderFromGguf(dir.path().string());
    qb::Transformer hf(qb::openModel(dir.path().string()));
    qb::Transformer gguf(qb::openModel(model("gguf/stories260K.gguf")));
    const auto a = logitsOf(hf, kPrompt), b = logitsOf(gguf, kPrompt);
    ASSERT_EQ(a.size(), b.size());
    float maxDiff = 0;
    for (size_t i = 0; i < a.size(); ++i) maxDiff = std::max(maxDiff, std::abs(a[i] - b[i]));
    EXPECT_LT(maxDiff, 1e-4f);
    EXPECT_EQ(hf.generateGreedy(std::vector<int32_t>{1}, 40), kGreedy40);
}

TEST(LlmForward, SafetensorsWithoutRopePermutationDiffers) {
    // The check above can fail: GGUF-layout q/k rows read as an HF checkpoint give other logits.
    qb::test::TempDir dir;
    writeHfFolderFromGguf(dir.path().string());
    qb::Model m = qb::openModel(dir.path().string());
    qb::Transformer hf(m);
    qb::Transformer gguf(qb::openModel(model("gguf/stories260K.gguf")));
    const qb::Model g = qb::openModel(model("gguf/stories260K.gguf"));
    for (auto& t : m.tensors)
        if (t.name.find("q_proj") != std::string::npos || t.name.find("k_proj") != std::string::npos) {
            const std::string gname = "blk." + t.name.substr(13, t.name.find('.', 13) - 13) +
                                      (t.name.find("q_proj") != std::string::npos ? ".attn_q.weight" : ".attn_k.weight");
            t.data = g.find(gname)->data;
        }
    m.storage.insert(m.storage.end(), g.storage.begin(), g.storage.end());
    qb::Transformer unpermuted(m);
    const auto a = logitsOf(unpermuted, kPrompt), b = logitsOf(gguf, kPrompt);
    float maxDiff = 0;
    for (size_t i = 0; i < a.size(); ++i) maxDiff = std::max(maxDiff, std::abs(a[i] - b[i]));
    EXPECT_GT(maxDiff, 0.1f);
}

TEST(LlmForward, ConfigInconsistentWithTensorShapesIsAnError) {
    qb::test::TempDir dir;
    nlohmann::json config = writeHfFolderFromGguf(dir.path().string());
    config["intermediate_size"] = 100;
    std::ofstream(dir.file("config.json")) << config.dump();
    try {
        qb::Transformer t(qb::openModel(dir.path().string()));
        FAIL() << "accepted intermediate_size 100 for 172-wide FFN tensors";
    } catch (const qb::Error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("model.layers.0.mlp.gate_proj.weight"), std::string::npos) << msg;
        EXPECT_NE(msg.find("[172, 64]"), std::string::npos) << msg;
        EXPECT_NE(msg.find("[100, 64]"), std::string::npos) << msg;
    }
}

TEST(LlmForward, MissingTensorIsAnError) {
    qb::Model m = qb::openModel(model("gguf/stories260K.gguf"));
    std::erase_if(m.tensors, [](const qb::TensorEntry& t) { return t.name == "blk.3.ffn_up.weight"; });
    EXPECT_THROW(
        {
            try {
                qb::Transformer t(m);
            } catch (const qb::Error& e) {
                EXPECT_NE(std::string(e.what()).find("blk.3.ffn_up.weight"), std::string::npos) << e.what();
                throw;
            }
        },
        qb::Error);
}

TEST(LlmForward, ContextLongerThanModelAllowsIsAnError) {
    qb::Transformer t(qb::openModel(model("llama2c/stories260K.bin")));
    EXPECT_THROW(t.newCache(1, 513), qb::Error); // seq_len 512 in the header
    EXPECT_NO_THROW(t.newCache(1, 512));
    auto cache = t.newCache(1, 2);
    std::vector<float> logits;
    EXPECT_THROW(t.forward(std::vector<int32_t>{1, 403, 407}, cache, logits), qb::Error);
    EXPECT_THROW(t.forward(std::vector<int32_t>{512}, cache, logits), qb::Error); // id outside the vocabulary
}

} // namespace
