// quantize --memory-budget: GPTQ on stories260K whose calibration activations do not fit the
// budget beside one block spills them to a temporary file beside --out and writes the same
// project byte for byte; a budget below one block is refused naming the size needed; a size that
// does not parse is a usage error.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

using qb::test::runCli;
using qb::test::shellQuote;

namespace {

const std::string kStories = qb::test::model("llama2c/stories260K.bin");
const std::string kText = qb::test::shared("data/tinystories/TinyStories-validation-excerpt.txt");

std::string gptq(const std::string& out, const std::string& extra = "") {
    return "quantize " + shellQuote(kStories) + " --bits 4 --group 32 --method gptq --data " + shellQuote(kText) +
           " --samples 8 --out " + shellQuote(out) + " --json" + extra;
}

TEST(CliMemoryBudget, SpilledActivationsGiveTheSameProject) {
    qb::test::TempDir dir;
    const std::string ref = dir.file("ref.qbproj"), out = dir.file("out.qbproj");
    const auto a = runCli(gptq(ref));
    ASSERT_EQ(a.code, 0) << a.err;
    const auto ja = nlohmann::json::parse(a.out).at("block_memory");
    EXPECT_FALSE(ja.at("spilled").get<bool>());
    const uint64_t needed = ja.at("needed_bytes"), activations = ja.at("activation_bytes");
    // 8 windows of 512 tokens of width 64 in f32.
    EXPECT_EQ(activations, 8u * 512 * 64 * 4);
    const auto b = runCli(gptq(out, " --memory-budget " + std::to_string(needed + activations / 2)));
    ASSERT_EQ(b.code, 0) << b.err;
    const auto jb = nlohmann::json::parse(b.out).at("block_memory");
    EXPECT_TRUE(jb.at("spilled").get<bool>());
    EXPECT_EQ(jb.at("budget_bytes"), needed + activations / 2);
    const auto x = qb::test::readAll(ref), y = qb::test::readAll(out);
    EXPECT_GT(x.size(), 100000u);
    EXPECT_TRUE(x == y) << "the project differs when the activations spill";
    // The spill file had no name and is gone with the process; the journal went at the commit.
    EXPECT_EQ(qb::test::filesIn(dir.file("")), (std::vector<std::string>{"out.qbproj", "ref.qbproj"}));
}

TEST(CliMemoryBudget, ABudgetBelowOneBlockNamesTheSizeNeeded) {
    qb::test::TempDir dir;
    const auto a = runCli(gptq(dir.file("ref.qbproj")));
    ASSERT_EQ(a.code, 0) << a.err;
    const uint64_t needed = nlohmann::json::parse(a.out).at("block_memory").at("needed_bytes");
    const auto r = runCli(gptq(dir.file("out.qbproj"), " --memory-budget 64K"));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("a memory budget of 0.1 MiB (65536 bytes) is too small"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("(" + std::to_string(needed) + " bytes)"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("out.qbproj")));
    const auto bad = runCli(gptq(dir.file("out.qbproj"), " --memory-budget 12X"));
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("'12X' is not a size"), std::string::npos) << bad.err;
}

} // namespace
