// End-to-end: `quantbench-cli calibrate` writes a project that `inspect --json` shows with the
// model's keys plus per-layer statistics; SIGINT leaves nothing behind.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

using qb::test::runCli;
using qb::test::shellQuote;

namespace {

namespace fs = std::filesystem;

const char* kStatKeys[] = {"min", "max", "mean", "std", "p99_9", "p99_99",
                           "clip_minmax", "clip_percentile", "clip_mse", "clip_kl"};

TEST(CliCalibrate, Mnist12ProjectInspectsWithLayerStatistics) {
    qb::test::TempDir dir;
    const std::string out = dir.file("m.qbproj");
    const auto r = runCli("calibrate " + shellQuote(qb::test::model("onnx/mnist-12.onnx")) + " --data " +
                          shellQuote(qb::test::shared("data/mnist")) + " --samples 64 --seed 5 --out " + shellQuote(out) +
                          " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["output"], out);
    EXPECT_EQ(j["layers"], 3);
    EXPECT_TRUE(j["seconds"].is_number());

    const auto i = runCli("inspect " + shellQuote(out) + " --json");
    ASSERT_EQ(i.code, 0) << i.err;
    const auto p = nlohmann::json::parse(i.out);
    // The model's own inspect keys (8 tensors, 5998 params: see test_cli_inspect.cpp) ...
    EXPECT_EQ(p["format"], "onnx");
    EXPECT_EQ(p["tensors"].size(), 8u);
    EXPECT_EQ(p["total_params"], 5998);
    // ... plus one entry per quantizable layer, in execution order.
    ASSERT_EQ(p["layers"].size(), 3u);
    EXPECT_EQ(p["layers"][0]["name"], "Parameter5");
    EXPECT_EQ(p["layers"][2]["name"], "Parameter193");
    for (const auto& l : p["layers"])
        for (const char* part : {"weight", "activation"})
            for (const char* k : kStatKeys) EXPECT_TRUE(l[part].contains(k)) << l["name"] << " " << part << "." << k;
    EXPECT_EQ(p["layers"][0]["activation"]["min"], 0.0); // raw pixels
    EXPECT_EQ(p["layers"][0]["activation"]["max"], 255.0);
}

TEST(CliCalibrate, ChangedModelIsRefusedByInspect) {
    qb::test::TempDir dir;
    const std::string model = dir.file("mnist.onnx"), out = dir.file("m.qbproj");
    fs::copy_file(qb::test::model("onnx/mnist-12.onnx"), model);
    const auto r = runCli("calibrate " + shellQuote(model) + " --data " + shellQuote(qb::test::shared("data/mnist")) +
                          " --samples 8 --out " + shellQuote(out));
    ASSERT_EQ(r.code, 0) << r.err;
    auto bytes = qb::test::readAll(model);
    bytes[100] ^= 0x40;
    qb::test::writeAll(model, bytes);
    const auto i = runCli("inspect " + shellQuote(out) + " --json");
    EXPECT_EQ(i.code, 1);
    EXPECT_TRUE(i.out.empty());
    EXPECT_EQ(i.err.rfind("error: " + model + ": the model changed", 0), 0u) << i.err;
}

TEST(CliCalibrate, Stories260kOnText) {
    qb::test::TempDir dir;
    const std::string out = dir.file("s.qbproj");
    const auto r = runCli("calibrate " + shellQuote(qb::test::model("gguf/stories260K.gguf")) + " --data " +
                          shellQuote(qb::test::shared("data/tinystories/TinyStories-validation-excerpt.txt")) +
                          " --samples 4 --context 64 --out " + shellQuote(out) + " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["layers"], 5 * 7 + 1); // PROVENANCE: 5 layers, 7 matmuls each, + head
}

TEST(CliCalibrate, SigintLeavesNoProjectAndNoTempFile) {
    qb::test::TempDir dir;
    const std::string out = dir.file("s.qbproj"), err = dir.file("stderr");
    // Many full-length windows: long enough to be interrupted mid-run.
    const int rc = qb::test::interruptCli("calibrate " + shellQuote(qb::test::model("gguf/stories260K.gguf")) + " --data " +
                                              shellQuote(qb::test::shared("data/tinystories/TinyStories-validation-excerpt.txt")) +
                                              " --samples 100000 --context 512 --out " + shellQuote(out),
                                          err);
    EXPECT_EQ(rc, 130);
    EXPECT_EQ(qb::test::filesIn(dir.file("")), std::vector<std::string>{"stderr"});
    const auto text = qb::test::readAll(err);
    EXPECT_NE(std::string(text.begin(), text.end()).find("cancelled"), std::string::npos);
}

} // namespace
