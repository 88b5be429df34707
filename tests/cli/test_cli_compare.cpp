// quantbench-cli compare: the JSON keys ../shared/CLI.md promises, and figures equal to what
// `eval` prints for the model and for a project quantized by the same plan.
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace {

using qb::test::runCli;
using qb::test::shellQuote;

double evalValue(const std::string& input, const std::string& data) {
    const auto r = runCli("eval " + shellQuote(input) + " --data " + shellQuote(data) + " --limit 400 --json");
    EXPECT_EQ(r.code, 0) << r.err;
    return r.code == 0 ? nlohmann::json::parse(r.out).at("value").get<double>() : -1;
}

TEST(CliCompare, JsonHasTheContractKeysAndEvalsFigures) {
    qb::test::TempDir tmp;
    const std::string model = qb::test::model("onnx/mnist-12.onnx"), data = qb::test::shared("data/mnist");
    const std::string w8 = tmp.file("w8a8.json"), w4 = tmp.file("w4.json"), project = tmp.file("w8a8.qbproj");
    qb::test::writeAll(w8, std::string(R"({"default": {"bits": 8, "act_bits": 8}})").data(), 40);
    qb::test::writeAll(w4, std::string(R"({"default": {"bits": 4}})").data(), 25);
    const auto r = runCli("compare " + shellQuote(model) + " --data " + shellQuote(data) + " --plan " + shellQuote(w8) +
                          " --plan " + shellQuote(w4) + " --limit 400 --samples 5 --json");
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const auto& runs = j.at("runs");
    ASSERT_EQ(runs.size(), 3u);
    for (const auto& run : runs)
        for (const char* key : {"name", "metric", "value", "kl", "top1_agreement", "bits_per_weight", "size_bytes",
                                "throughput", "latency_ms", "sqnr_db", "delta"})
            EXPECT_TRUE(run.contains(key)) << key << " in " << run.dump();
    EXPECT_EQ(runs[0].at("name"), "fp32");
    EXPECT_EQ(runs[1].at("name"), w8);
    EXPECT_EQ(runs[0].at("metric"), "top1");
    ASSERT_EQ(j.at("per_layer").size(), 3u);
    for (const auto& l : j.at("per_layer")) {
        EXPECT_TRUE(l.contains("name"));
        EXPECT_TRUE(l.at("sqnr_db").is_number()) << l.dump();
    }
    ASSERT_EQ(j.at("samples").size(), 5u);
    EXPECT_GE(j.at("samples")[0].at("kl").get<double>(), j.at("samples")[4].at("kl").get<double>());
    EXPECT_DOUBLE_EQ(runs[2].at("delta").at("value").get<double>(),
                     runs[2].at("value").get<double>() - runs[0].at("value").get<double>());

    // eval of the model, and of a project quantized by the same plan (same default calibration).
    EXPECT_EQ(runs[0].at("value").get<double>(), evalValue(model, data));
    ASSERT_EQ(runCli("quantize " + shellQuote(model) + " --data " + shellQuote(data) + " --plan " + shellQuote(w8) +
                     " --out " + shellQuote(project)).code, 0);
    EXPECT_EQ(runs[1].at("value").get<double>(), evalValue(project, data));
}

TEST(CliCompare, NothingToCompareIsAnError) {
    const auto r = runCli("compare " + shellQuote(qb::test::model("onnx/mnist-12.onnx")) + " --data " +
                          shellQuote(qb::test::shared("data/mnist")));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("nothing to compare"), std::string::npos) << r.err;
}

} // namespace
