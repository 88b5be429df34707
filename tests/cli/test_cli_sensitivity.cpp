// End-to-end: `quantbench-cli sensitivity` (whole, sharded and merged, re-run in place) and `plan`
// on mnist-12 (fast: three layers), with the JSON keys of ../shared/CLI.md and the usage errors.
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

using qb::test::runCli;
using qb::test::shellQuote;

namespace {

const std::string kMnist = qb::test::model("onnx/mnist-12.onnx");
const std::string kData = qb::test::shared("data/mnist");

nlohmann::json runJson(const std::string& args) {
    const auto r = runCli(args + " --json");
    EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
    return r.code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

std::string sensitivity(const std::string& input, const std::string& extra) {
    return "sensitivity " + shellQuote(input) + " --data " + shellQuote(kData) + " --limit 300 --bits 8,4,3,2 " + extra;
}

TEST(CliSensitivity, ShardsMergedEqualTheWholeRunAndPlanUsesIt) {
    qb::test::TempDir dir;
    const std::string project = dir.file("p.qbproj");
    runJson("calibrate " + shellQuote(kMnist) + " --data " + shellQuote(kData) + " --samples 32 --out " + shellQuote(project));
    const std::string whole = dir.file("whole.qbproj");
    const auto j = runJson(sensitivity(project, "--out " + shellQuote(whole)));
    ASSERT_TRUE(j.contains("layers"));
    const auto& layers = j["layers"];
    ASSERT_GE(layers.size(), 12u); // 3 layers x 4 bits, plus ggml types where rows split into blocks
    for (const auto& l : layers) {
        EXPECT_TRUE(l.contains("name") && l.contains("bits") && l.contains("delta") && l.contains("sqnr_db") &&
                    l.contains("output_error") && l.contains("hessian_trace") && l.contains("imatrix_error"));
        EXPECT_GE(l.value("delta", -1.0), 0.0);
    }
    EXPECT_EQ(j.value("metric", ""), "top1");
    EXPECT_EQ(j.value("proxy_source", ""), "calibration abs max");
    EXPECT_GT(j["rank_correlation"].value("sqnr", 0.0), 0.5);

    std::string parts;
    for (int i = 0; i < 3; ++i) {
        const std::string part = dir.file("part" + std::to_string(i) + ".qbproj");
        const auto s = runJson(sensitivity(project, "--shard " + std::to_string(i) + "/3 --out " + shellQuote(part)));
        EXPECT_EQ(s.value("shard", ""), std::to_string(i) + "/3");
        parts += " " + shellQuote(part);
    }
    const std::string merged = dir.file("merged.qbproj");
    const auto m = runJson("sensitivity --merge" + parts + " --out " + shellQuote(merged));
    EXPECT_EQ(m["layers"], layers); // every value, bit for bit through JSON

    // Merging a part of another project is refused.
    const std::string other = dir.file("other.qbproj");
    runJson(sensitivity(kMnist, "--shard 0/3 --out " + shellQuote(other))); // the model without calibration
    const auto bad = runCli("sensitivity --merge " + shellQuote(other) + parts + " --out " + shellQuote(dir.file("x.qbproj")));
    EXPECT_EQ(bad.code, 1) << bad.err;
    EXPECT_NE(bad.err.find("is another project"), std::string::npos) << bad.err;

    // plan: the JSON of ../shared/CLI.md, a plan file that quantize takes, the size it says.
    const std::string planFile = dir.file("plan.json");
    const auto p = runJson("plan " + shellQuote(merged) + " --budget-bpw 4 --out " + shellQuote(planFile));
    for (const char* key : {"bits_per_weight", "size_bytes", "predicted_delta", "layers", "pareto", "uniform"})
        EXPECT_TRUE(p.contains(key)) << key;
    EXPECT_LE(p.value("bits_per_weight", 99.0), 4.0);
    EXPECT_EQ(p["layers"].size(), 3u);
    EXPECT_GE(p["pareto"].size(), 2u);
    const auto q = runJson("quantize " + shellQuote(kMnist) + " --plan " + shellQuote(planFile) + " --out " +
                           shellQuote(dir.file("q.qbproj")));
    EXPECT_EQ(q.value("size_bytes", 0), p.value("size_bytes", 1));
    const auto mb = runJson("plan " + shellQuote(merged) + " --budget-mb 0.004 --out " + shellQuote(planFile));
    EXPECT_LE(mb.value("size_bytes", 1e9), 4000.0);
}

TEST(CliSensitivity, UsageAndMissingTableErrors) {
    qb::test::TempDir dir;
    EXPECT_EQ(runCli(sensitivity(kMnist, "--shard 3/3 --out " + shellQuote(dir.file("a.qbproj")))).code, 2);
    EXPECT_EQ(runCli(sensitivity(kMnist, "--shard 1/2")).code, 2); // a shard needs --out
    EXPECT_EQ(runCli(sensitivity(kMnist, "")).code, 2);              // a model needs --out
    EXPECT_EQ(runCli("sensitivity " + shellQuote(kMnist) + " --out " + shellQuote(dir.file("b.qbproj"))).code, 2);
    const std::string project = dir.file("p.qbproj");
    runJson("calibrate " + shellQuote(kMnist) + " --data " + shellQuote(kData) + " --samples 8 --out " + shellQuote(project));
    const auto r = runCli("plan " + shellQuote(project) + " --budget-bpw 4 --out " + shellQuote(dir.file("plan.json")));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("holds no sensitivity table"), std::string::npos) << r.err;
    EXPECT_FALSE(std::ifstream(dir.file("plan.json")).good());
    EXPECT_EQ(runCli("plan " + shellQuote(project) + " --out " + shellQuote(dir.file("plan.json"))).code, 2);
    // In place: a re-run of the project's table adds only the new bit widths.
    const auto first = runJson("sensitivity " + shellQuote(project) + " --data " + shellQuote(kData) + " --limit 300 --bits 8");
    const auto second = runJson(sensitivity(project, ""));
    EXPECT_EQ(first["layers"][0], second["layers"][0]);
    EXPECT_GT(second["layers"].size(), first["layers"].size());
}

// --scale-bits 16,8,4 measures every integer scheme with fp16 scales and then with 8- and 4-bit
// scale codes (mnist-12 per channel: int4_channel_sym, _s8, _s4); other widths are usage errors.
TEST(CliSensitivity, ScaleBitsAddTheEightBitScaleSchemes) {
    qb::test::TempDir dir;
    const auto j = runJson("sensitivity " + shellQuote(kMnist) + " --data " + shellQuote(kData) +
                           " --limit 50 --bits 4 --scale-bits 16,8,4 --out " + shellQuote(dir.file("s.qbproj")));
    int fp16 = 0, s8 = 0, s4 = 0;
    for (const auto& l : j["layers"]) {
        fp16 += l.value("scheme", "") == "int4_channel_sym";
        s8 += l.value("scheme", "") == "int4_channel_sym_s8";
        s4 += l.value("scheme", "") == "int4_channel_sym_s4";
    }
    EXPECT_EQ(fp16, 3);
    EXPECT_EQ(s8, 3);
    EXPECT_EQ(s4, 3);
    const auto bad = runCli("sensitivity " + shellQuote(kMnist) + " --data " + shellQuote(kData) +
                            " --bits 4 --scale-bits 16,5 --out " + shellQuote(dir.file("t.qbproj")));
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("--scale-bits"), std::string::npos) << bad.err;
}

// GPTQ sensitivity calibrates on the windows quantize --samples/--seed would choose and says so;
// another seed gives other windows and so another GPTQ solution.
TEST(CliSensitivity, GptqCalibrationWindowsAreQuantizesAndRecorded) {
    qb::test::TempDir dir;
    const std::string out = dir.file("s.qbproj");
    const std::string run = "sensitivity " + shellQuote(qb::test::model("llama2c/stories260K.bin")) + " --data " +
                            shellQuote(qb::test::shared("data/tinystories/TinyStories-validation-excerpt.txt")) +
                            " --context 64 --limit 2 --bits 3 --method gptq --samples 3 --out " + shellQuote(out);
    const auto a = runJson(run + " --seed 1");
    EXPECT_EQ(a.value("calibration_samples", -1), 3);
    EXPECT_EQ(a.value("calibration_seed", -1), 1);
    const auto b = runJson(run + " --seed 2");
    EXPECT_EQ(b.value("calibration_seed", -1), 2);
    ASSERT_EQ(a["layers"].size(), b["layers"].size());
    ASSERT_FALSE(a["layers"].empty());
    EXPECT_NE(a["layers"][0].value("delta", 0.0), b["layers"][0].value("delta", 0.0));
    const auto text = runCli(run + " --seed 2");
    EXPECT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("method gptq calibrated on 3 windows (seed 2)"), std::string::npos) << text.out;
    const auto bad = runCli(run + " --samples 0");
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("--samples"), std::string::npos) << bad.err;
}

// plan --save keeps the plan in the project; quantize PROJECT follows it without --plan, and a
// re-plan re-quantizes only the layers whose scheme changed (mnist-12's three layers).
TEST(CliSensitivity, SavedPlanIsQuantizedAndOnlyChangedLayersAgain) {
    qb::test::TempDir dir;
    const std::string project = dir.file("p.qbproj");
    runJson(sensitivity(kMnist, "--groups channel,tensor --out " + shellQuote(project)));
    const auto noPlan = runCli("quantize " + shellQuote(project) + " --out " + shellQuote(dir.file("x.qbproj")));
    EXPECT_EQ(noPlan.code, 2);
    EXPECT_NE(noPlan.err.find("keeps no plan"), std::string::npos) << noPlan.err;
    EXPECT_EQ(runCli("plan " + shellQuote(project) + " --budget-bpw 4").code, 2); // neither --out nor --save

    const auto p = runJson("plan " + shellQuote(project) + " --budget-bpw 6 --save");
    EXPECT_TRUE(p.value("saved_in_project", false));
    const std::string quantized = dir.file("q.qbproj");
    const auto q = runJson("quantize " + shellQuote(project) + " --out " + shellQuote(quantized));
    EXPECT_EQ(q.value("size_bytes", 0), p.value("size_bytes", 1));
    EXPECT_EQ(q.value("reused_layers", -1), 0);

    // A tighter budget on the quantized project: the layers the new plan keeps are reused.
    const auto tight = runJson("plan " + shellQuote(quantized) + " --budget-bpw 4 --save");
    size_t same = 0;
    for (size_t l = 0; l < 3; ++l) same += tight["layers"][l]["scheme"] == p["layers"][l]["scheme"];
    ASSERT_LT(same, 3u) << "the budgets gave the same plan";
    ASSERT_GT(same, 0u) << "the budgets share no layer's scheme";
    const auto again = runJson("quantize " + shellQuote(quantized) + " --out " + shellQuote(dir.file("q2.qbproj")));
    EXPECT_EQ(again.value("size_bytes", 0), tight.value("size_bytes", 1));
    EXPECT_EQ(again.value("reused_layers", -1), int(same));
    EXPECT_EQ(again.value("quantized_layers", 0), 3);
}

} // namespace
