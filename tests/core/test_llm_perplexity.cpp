// Perplexity of stories260K on the TinyStories excerpt. Reference figures: data/PROVENANCE.md
// (float64 NumPy reimplementation of llama2.c run.c, same windowing protocol).
#include <cmath>

#include "core/eval/perplexity.h"
#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"
#include "test_support.h"

namespace {

using qb::test::model;
using qb::test::shared;

const std::string kText = "data/tinystories/TinyStories-validation-excerpt.txt";

qb::PerplexityResult run(const std::string& rel, int64_t context) {
    const qb::Model m = qb::openModel(model(rel));
    const qb::BpeTokenizer tok = qb::loadTokenizer(m);
    const qb::TextDataset data = qb::loadTextDataset(shared(kText), tok);
    qb::Transformer t(m);
    return qb::evaluatePerplexity(t, data.tokens, tok.bos(), {.context = context});
}

void expectPerplexity(const std::string& rel, int64_t context, double nll, double ppl) {
    const auto r = run(rel, context);
    EXPECT_EQ(r.tokens, 127607);
    EXPECT_EQ(r.windows, (127607 + context - 2) / (context - 1));
    EXPECT_EQ(r.logProbs.size(), 127607u);
    EXPECT_NEAR(r.meanNll, nll, 5e-5) << rel;
    EXPECT_NEAR(r.perplexity, ppl, 5e-4) << rel;
    std::cerr << rel << " context " << context << ": ppl " << r.perplexity << " in " << r.seconds << " s ("
              << r.matmulSeconds << " s matmul)\n";
}

TEST(LlmPerplexity, Stories260KBinContext256) { expectPerplexity("llama2c/stories260K.bin", 256, 1.5916, 4.912); }
TEST(LlmPerplexity, Stories260KBinContext512) { expectPerplexity("llama2c/stories260K.bin", 512, 1.5060, 4.509); }
TEST(LlmPerplexity, Stories260KGgufContext256) { expectPerplexity("gguf/stories260K.gguf", 256, 1.5916, 4.912); }
TEST(LlmPerplexity, Stories260KGgufContext512) { expectPerplexity("gguf/stories260K.gguf", 512, 1.5060, 4.509); }

TEST(LlmPerplexity, ContextLongerThanModelAllows) {
    const qb::Model m = qb::openModel(model("llama2c/stories260K.bin"));
    qb::Transformer t(m);
    const std::vector<int32_t> tokens = {1, 403, 407};
    try {
        qb::evaluatePerplexity(t, tokens, 1, {.context = 513});
        FAIL() << "accepted a 513-token context";
    } catch (const qb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("exceeds the model's maximum of 512"), std::string::npos) << e.what();
    }
    EXPECT_THROW(qb::evaluatePerplexity(t, tokens, 1, {.context = 1}), qb::Error);
    EXPECT_THROW(qb::evaluatePerplexity(t, std::vector<int32_t>{1}, 1, {.context = 256}), qb::Error);
}

TEST(LlmPerplexity, EmptyAndNonUtf8TextAreErrors) {
    const qb::BpeTokenizer tok = qb::loadTokenizer(qb::openModel(model("llama2c/stories260K.bin")));
    qb::test::TempDir dir;
    qb::test::writeAll(dir.file("empty.txt"), "", 0);
    EXPECT_THROW(qb::loadTextDataset(dir.file("empty.txt"), tok), qb::Error);
    const std::string bad = "Once upon a time\n\x96 there was";
    qb::test::writeAll(dir.file("latin1.txt"), bad.data(), bad.size());
    try {
        qb::loadTextDataset(dir.file("latin1.txt"), tok);
        FAIL() << "accepted a 0x96 byte";
    } catch (const qb::Error& e) {
        EXPECT_EQ(e.where(), dir.file("latin1.txt"));
        EXPECT_NE(std::string(e.what()).find("offset 17"), std::string::npos) << e.what();
    }
    EXPECT_THROW(qb::loadTextDataset(dir.file("missing.txt"), tok), qb::Error);
}

TEST(LlmPerplexity, CancelStopsTheRun) {
    const qb::Model m = qb::openModel(model("llama2c/stories260K.bin"));
    qb::Transformer t(m);
    std::atomic<bool> cancel{true};
    qb::JobContext ctx;
    ctx.cancel = &cancel;
    const std::vector<int32_t> tokens(600, 403);
    EXPECT_THROW(qb::evaluatePerplexity(t, tokens, 1, {.context = 256}, ctx), qb::Cancelled);
}

} // namespace
