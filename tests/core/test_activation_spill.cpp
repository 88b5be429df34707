// The memory budget of the block-by-block pass (quant/llm_block_inputs.h): hidden states that do
// not fit beside one block spill to an unnamed temporary file and come back the same floats, so
// GPTQ and AWQ give the same bytes either way; a budget below one block is refused naming the
// size it needs; sizes parse as users type them.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/quant/hidden_states.h"
#include "core/quant/llm_block_inputs.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/byte_size.h"
#include "core/util/error.h"
#include "test_support.h"

namespace qb::quant {
namespace {

namespace fs = std::filesystem;

// This process's open files inside `dir` ("(deleted)" ones included), read from /proc/self/fd.
int openFilesIn(const std::string& dir) {
    int n = 0;
    const std::string canonical = fs::canonical(dir).string() + "/";
    for (const auto& e : fs::directory_iterator("/proc/self/fd")) {
        std::error_code ec;
        const std::string target = fs::read_symlink(e.path(), ec).string();
        n += !ec && target.rfind(canonical, 0) == 0;
    }
    return n;
}

TEST(ActivationSpill, HiddenStatesComeBackTheSameFromTheFile) {
    test::TempDir dir;
    std::vector<std::vector<float>> windows;
    for (int w = 0; w < 5; ++w) {
        auto& x = windows.emplace_back(size_t(1000 + 37 * w));
        for (size_t i = 0; i < x.size(); ++i) x[i] = float(w) * 1e-3f + float(i) * 0.37f - 11.f;
    }
    {
        HiddenStates spilled(dir.file("")), memory;
        EXPECT_TRUE(spilled.spilled());
        EXPECT_FALSE(memory.spilled());
        for (const auto& x : windows) {
            spilled.append(x);
            memory.append(x);
        }
        EXPECT_EQ(spilled.bytes(), memory.bytes());
        EXPECT_EQ(openFilesIn(dir.file("")), 1);            // the states are in a file there...
        EXPECT_TRUE(fs::is_empty(dir.file("")));   // ...which has no name
        windows[3][7] = 12345.f;
        spilled.write(3, windows[3]);
        std::vector<float> x;
        for (size_t w = 0; w < windows.size(); ++w) {
            spilled.read(w, x);
            EXPECT_EQ(x, windows[w]) << w;
            memory.read(w, x);
            EXPECT_EQ(x.size(), windows[w].size());
        }
        EXPECT_THROW(spilled.write(1, windows[0]), Error); // another size
    }
    EXPECT_EQ(openFilesIn(dir.file("")), 0);
    EXPECT_THROW(HiddenStates("/nonexistent-quantbench-folder"), Error);
}

struct Stories {
    Model model = openModel(test::model("gguf/stories260K.gguf"));
    BpeTokenizer tok = loadTokenizer(model);
    TextDataset text = loadTextDataset(test::shared("data/tinystories/TinyStories-validation-excerpt.txt"), tok);
    CalibrationSettings cs = [] {
        CalibrationSettings s;
        s.samples = 6;
        s.context = 128;
        return s;
    }();
};

std::vector<QuantizedLayer> sequential(const Stories& s, const std::string& method, const MemoryBudget& budget,
                                       bool expectSpill) {
    const auto plan = resolvePlan(parsePlan(R"({"default": {"bits": 4, "group": 32, "method": ")" + method + R"("}})", "p"),
                                  s.model, "p");
    LlmBlockInputs inputs(s.model, s.text.tokens, s.tok.bos(), s.cs, {}, budget);
    EXPECT_EQ(inputs.spilled(), expectSpill);
    return quantizeLlmSequential(s.model, plan, nullptr, inputs);
}

TEST(ActivationSpill, GptqAndAwqGiveTheSameBytesWhenTheStatesSpill) {
    const Stories s;
    test::TempDir dir;
    const BlockMemory need = blockMemory(s.model, 6, 128);
    // stories260K: dim 64 -> 6 windows x 128 tokens x 64 x 4 bytes.
    EXPECT_EQ(need.activations, 6u * 128 * 64 * 4);
    const MemoryBudget roomy{need.fixed() + need.activations, dir.file("")};
    const MemoryBudget tight{need.fixed() + need.activations - 1, dir.file("")};
    for (const std::string method : {"gptq", "awq"}) {
        const auto a = sequential(s, method, {}, false);
        const auto b = sequential(s, method, roomy, false);
        const auto c = sequential(s, method, tight, true);
        ASSERT_EQ(a.size(), 37u);
        ASSERT_EQ(c.size(), a.size());
        for (size_t i = 0; i < a.size(); ++i) {
            EXPECT_EQ(a[i].weight.bytes, b[i].weight.bytes) << method << " " << a[i].name;
            EXPECT_EQ(a[i].weight.bytes, c[i].weight.bytes) << method << " " << a[i].name;
            EXPECT_EQ(a[i].inputScale, c[i].inputScale) << method << " " << a[i].name;
        }
    }
    EXPECT_TRUE(fs::is_empty(dir.file("")));
}

TEST(ActivationSpill, ABudgetBelowOneBlockNamesTheSizeItNeeds) {
    const Stories s;
    const BlockMemory need = blockMemory(s.model, 6, 128);
    try {
        LlmBlockInputs inputs(s.model, s.text.tokens, s.tok.bos(), s.cs, {}, {need.fixed() - 1, "/tmp"});
        FAIL() << "a budget one byte short of a block was taken";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("stories260K.gguf"), std::string::npos) << what;
        EXPECT_NE(what.find("too small"), std::string::npos) << what;
        EXPECT_NE(what.find("(" + std::to_string(need.fixed()) + " bytes)"), std::string::npos) << what;
    }
    // One block's f32 weights: 4 x (q, k, v, o, gate, up, down and the two norms) of stories260K
    // (dim 64, 8 heads, 4 kv heads, ffn 172), unless the head (512 x 64 + 64) is larger.
    const uint64_t block = 4 * (2 * 64 + 64 * 64 + 2 * 64 * 32 + 64 * 64 + 3 * 64 * 172);
    EXPECT_EQ(need.weights, std::max<uint64_t>(block, 4 * (64 + 512 * 64)));
}

TEST(ActivationSpill, SizesParseAsTyped) {
    EXPECT_EQ(parseByteSize("1000"), 1000u);
    EXPECT_EQ(parseByteSize("4K"), 4096u);
    EXPECT_EQ(parseByteSize("512M"), 512u << 20);
    EXPECT_EQ(parseByteSize("1.5G"), 3u << 29);
    EXPECT_EQ(parseByteSize("2GiB"), 2ull << 30);
    EXPECT_EQ(parseByteSize("2gb"), 2ull << 30);
    EXPECT_EQ(parseByteSize("3T"), 3ull << 40);
    EXPECT_EQ(parseByteSize("7B"), 7u);
    for (const char* bad : {"", "G", "-1G", "1.2.3M", "12X", "1e9", "9000000T", "."})
        EXPECT_FALSE(parseByteSize(bad)) << bad;
}

} // namespace
} // namespace qb::quant
