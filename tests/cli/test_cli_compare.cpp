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

TEST(CliCompare, ReportIsOneSelfContainedHtmlFile) {
    qb::test::TempDir tmp;
    const std::string model = qb::test::model("onnx/fashion_mnist_cnn.onnx"), data = qb::test::shared("data/fashion-mnist");
    const std::string plan = tmp.file("w8a8.json"), report = tmp.file("report.html");
    qb::test::writeAll(plan, std::string(R"({"default": {"bits": 8, "act_bits": 8}})").data(), 40);
    const std::string args = "compare " + shellQuote(model) + " --data " + shellQuote(data) + " --scale 0.0039215686 --plan " +
                             shellQuote(plan) + " --limit 64 --layer-samples 2 --latency-samples 2 --report ";
    const auto r = runCli(args + shellQuote(report) + " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out).at("report"), report);
    const auto bytes = qb::test::readAll(report);
    const std::string html(bytes.begin(), bytes.end());
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("<svg"), std::string::npos);        // the per-layer plot, inline
    for (const char* layer : {"conv1.weight", "conv3.weight", "fc2.weight"}) EXPECT_NE(html.find(layer), std::string::npos) << layer;
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("src="), std::string::npos);        // nothing fetched
    EXPECT_EQ(html.find("https:"), std::string::npos);
    EXPECT_EQ(qb::test::filesIn(tmp.path().string()), (std::vector<std::string>{"report.html", "w8a8.json"}));

    // An unwritable destination: an error naming it, nothing left behind.
    const std::string bad = tmp.file("missing/report.html");
    const auto e = runCli(args + shellQuote(bad));
    EXPECT_EQ(e.code, 1);
    EXPECT_NE(e.err.find("error: " + bad), std::string::npos) << e.err;
    EXPECT_EQ(qb::test::filesIn(tmp.path().string()), (std::vector<std::string>{"report.html", "w8a8.json"}));
}

TEST(CliCompare, NothingToCompareIsAnError) {
    const auto r = runCli("compare " + shellQuote(qb::test::model("onnx/mnist-12.onnx")) + " --data " +
                          shellQuote(qb::test::shared("data/mnist")));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("nothing to compare"), std::string::npos) << r.err;
}

} // namespace
