// quantbench-cli compare on a language model (stories260K, W4): the per-layer table of every weight
// matmul, greedy generations side by side (--generate, --prompt) in JSON, text and the HTML report.
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace {

using qb::test::runCli;
using qb::test::shellQuote;

struct Stories {
    qb::test::TempDir tmp;
    std::string model = qb::test::model("llama2c/stories260K.bin");
    std::string data = qb::test::shared("data/tinystories/TinyStories-validation-excerpt.txt");
    std::string plan = tmp.file("plan.json");
    explicit Stories(int bits = 4) {
        const std::string p = R"({"default": {"bits": )" + std::to_string(bits) + R"(, "group": 32}})";
        qb::test::writeAll(plan, p.data(), p.size());
    }
    std::string args(const std::string& more) const {
        return "compare " + shellQuote(model) + " --data " + shellQuote(data) + " --plan " + shellQuote(plan) +
               " --context 65 --limit 2 --latency-samples 1 --layer-samples 1 " + more;
    }
};

TEST(CliCompareLlm, JsonHasGenerationsAndOneLayerPerMatmul) {
    Stories s;
    const auto r = runCli(s.args("--generate 16 --json"));
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const auto& layers = j.at("per_layer");
    ASSERT_EQ(layers.size(), 5u * 7 + 1);
    EXPECT_EQ(layers[0].at("name"), "blk.0.attn_q.weight");
    EXPECT_EQ(layers[35].at("name"), "token_embd.weight");
    for (const auto& l : layers) EXPECT_TRUE(l.at("sqnr_db").is_number() && l.at("local_sqnr_db").is_number()) << l.dump();
    const auto& g = j.at("generations");
    ASSERT_EQ(g.size(), 3u); // the first tokens of the first 3 windows
    int differs = 0;
    for (const auto& p : g) {
        EXPECT_FALSE(p.at("prompt").get<std::string>().empty());
        EXPECT_EQ(p.at("prompt_tokens")[0], 1); // BOS
        ASSERT_EQ(p.at("runs").size(), 2u);
        EXPECT_EQ(p.at("runs")[0].at("name"), "fp32");
        EXPECT_TRUE(p.at("runs")[0].at("diverges_at").is_null());
        const auto& a = p.at("runs")[0].at("tokens");
        const auto& b = p.at("runs")[1].at("tokens");
        ASSERT_EQ(a.size(), 16u);
        ASSERT_EQ(b.size(), 16u);
        const auto& at = p.at("runs")[1].at("diverges_at");
        size_t first = 0;
        while (first < 16 && a[first] == b[first]) ++first;
        if (first == 16) {
            EXPECT_TRUE(at.is_null());
        } else {
            ++differs;
            EXPECT_EQ(at.get<size_t>(), first);
        }
    }
    EXPECT_GT(differs, 0);
}

TEST(CliCompareLlm, PromptIsContinuedAndTheTextMarksWhereRunsDiffer) {
    Stories s(3); // 3 bits: the continuations differ within 11 tokens
    const std::string report = s.tmp.file("report.html");
    const auto r = runCli(s.args("--generate 11 --prompt 'Once upon a time,' --prompt 'Tim had a red' --report " +
                                 shellQuote(report)));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("prompt 1: \"Once upon a time,\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("prompt 2: \"Tim had a red\""), std::string::npos) << r.out;
    // fp32's greedy text (models/PROVENANCE.md) after the prompt.
    EXPECT_NE(r.out.find("fp32                          there was a little girl named Lily. She\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("blk.4.ffn_down.weight"), std::string::npos);
    const auto bytes = qb::test::readAll(report);
    const std::string html(bytes.begin(), bytes.end());
    EXPECT_NE(html.find("<h2>Greedy generations</h2>"), std::string::npos);
    EXPECT_NE(html.find("<code>Tim had a red</code>"), std::string::npos);
    EXPECT_NE(html.find(" there was a little girl named Lily. She"), std::string::npos);
    EXPECT_NE(html.find("blk.2.attn_v.weight"), std::string::npos); // the per-layer table
    // The quantized run's line: fp32's text up to the '|', then its own; the report marks the rest.
    const size_t line = r.out.find(s.plan + " ", r.out.find("prompt 1:"));
    ASSERT_NE(line, std::string::npos) << r.out;
    const std::string quantized = r.out.substr(line, r.out.find('\n', line) - line);
    const size_t bar = quantized.find('|');
    ASSERT_NE(bar, std::string::npos) << quantized;
    EXPECT_NE(quantized.find("(differs from token "), std::string::npos) << quantized;
    const size_t text = quantized.find_first_not_of(' ', s.plan.size()) - 1; // the text's own leading space
    EXPECT_EQ(std::string(" there was a little girl named Lily. She").rfind(quantized.substr(text, bar - text), 0), 0u)
        << quantized;
    EXPECT_NE(html.find("<mark>"), std::string::npos);
}

TEST(CliCompareLlm, PromptTooLongForTheContextIsAnError) {
    Stories s;
    const auto r = runCli(s.args("--generate 600"));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("exceeds the model's context of 512"), std::string::npos) << r.err;
}

} // namespace
