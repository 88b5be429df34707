// W8A8 (static int8 activations) of the Keras HDF5 models, from the command line: calibrate and
// quantize, eval on the true int8 kernels against fp32 on the MNIST t10k set, and compare's figures
// equal eval's. The Keras frontend hands the engine re-laid-out weights (conv HWIO -> OIHW); the
// int8 codes find their node by the model weight's name and are packed in the stored axis order.
// Measured here (AVX-512 VNNI/AMX, 256 calibration images, pixels/255): mnist_cnn fp32 9913,
// W8A8 9913; mnist_cnn_small fp32 9864, W8A8 9863.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace {

using qb::test::runCli;
using qb::test::shellQuote;

const std::string kData = qb::test::shared("data/mnist");
const std::string kScale = " --scale 0.00392156862745098"; // the models were trained on pixels/255

nlohmann::json runJson(const std::string& args) {
    const auto r = runCli(args + " --json");
    EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
    return r.code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

struct KerasCase {
    const char* file;
    int layers;     // Conv2D and Dense kernels, each on an int8 kernel
    int fp32;       // correct of 10,000, PROVENANCE.md
    int w8a8;       // measured
};

class CliKerasW8A8 : public ::testing::TestWithParam<KerasCase> {};

TEST_P(CliKerasW8A8, RunsOnInt8KernelsWithinPointThreeOfFp32) {
    const KerasCase& k = GetParam();
    qb::test::TempDir dir;
    const std::string model = qb::test::model(std::string("keras/") + k.file), out = dir.file("w8a8.qbproj");
    const auto q = runJson("quantize " + shellQuote(model) + " --bits 8 --act-bits 8 --data " + shellQuote(kData) + kScale +
                           " --samples 256 --out " + shellQuote(out));
    EXPECT_EQ(q.value("layers", 0), k.layers);
    const auto fp = runJson("eval " + shellQuote(model) + " --data " + shellQuote(kData) + kScale);
    const auto e = runJson("eval " + shellQuote(out) + " --data " + shellQuote(kData) + kScale);
    std::printf("%s top-1: fp32 %d/10000, W8A8 int8 %d/10000 on %d int8 layers\n", k.file, fp.value("correct", 0),
                e.value("correct", 0), e.value("int8_layers", 0));
    EXPECT_EQ(fp.value("correct", 0), k.fp32);
    EXPECT_EQ(e.value("int8_layers", 0), k.layers);
    EXPECT_EQ(e.value("quantized", false), true);
    EXPECT_LE(std::abs(e.value("correct", 0) - fp.value("correct", 0)), 30);
    EXPECT_NEAR(e.value("correct", 0), k.w8a8, 5);
    // Evaluated on pixels prepared otherwise than the calibration's (no --scale), the run still
    // works but says why the figure may drop; prepared the same, it says nothing.
    const auto same = runCli("eval " + shellQuote(out) + " --data " + shellQuote(kData) + kScale + " --limit 16");
    EXPECT_EQ(same.err.find("warning"), std::string::npos) << same.err;
    const auto other = runCli("eval " + shellQuote(out) + " --data " + shellQuote(kData) + " --limit 16");
    EXPECT_EQ(other.code, 0) << other.err;
    EXPECT_NE(other.err.find("warning: " + out + ": the int8 activation ranges were calibrated on images prepared as"),
              std::string::npos) << other.err;

    const auto i = runJson("inspect " + shellQuote(out));
    ASSERT_TRUE(i.contains("layers"));
    ASSERT_EQ(int(i["layers"].size()), k.layers);
    for (const auto& l : i["layers"]) {
        EXPECT_EQ(l["scheme"], "int8_channel_sym") << l["name"];
        EXPECT_EQ(l["act_bits"], 8) << l["name"];
    }
}

TEST_P(CliKerasW8A8, CompareEqualsEvalOnTheInt8Kernels) {
    const KerasCase& k = GetParam();
    qb::test::TempDir dir;
    const std::string model = qb::test::model(std::string("keras/") + k.file);
    const std::string plan = dir.file("w8a8.json"), project = dir.file("w8a8.qbproj");
    qb::test::writeAll(plan, std::string(R"({"default": {"bits": 8, "act_bits": 8}})").data(), 40);
    const std::string limit = " --limit 2000";
    const auto c = runJson("compare " + shellQuote(model) + " --data " + shellQuote(kData) + kScale + " --plan " +
                           shellQuote(plan) + limit + " --kernels");
    ASSERT_TRUE(c.contains("runs"));
    const auto& runs = c.at("runs");
    ASSERT_EQ(runs.size(), 2u);
    ASSERT_EQ(runCli("quantize " + shellQuote(model) + " --data " + shellQuote(kData) + kScale + " --plan " +
                     shellQuote(plan) + " --out " + shellQuote(project)).code, 0);
    const auto fp = runJson("eval " + shellQuote(model) + " --data " + shellQuote(kData) + kScale + limit);
    const auto e = runJson("eval " + shellQuote(project) + " --data " + shellQuote(kData) + kScale + limit);
    EXPECT_EQ(runs[0].at("value").get<double>(), fp.value("value", -1.0));
    EXPECT_EQ(runs[1].at("value").get<double>(), e.value("value", -1.0));
    EXPECT_EQ(e.value("int8_layers", 0), k.layers);
    EXPECT_GE(runs[1].at("top1_agreement").get<double>(), 0.995);

    // Every layer has its SQNR along depth, and runs on an int8 kernel in the kernel table.
    ASSERT_EQ(int(c.at("per_layer").size()), k.layers);
    for (const auto& l : c.at("per_layer")) EXPECT_GT(l.at("sqnr_db").get<double>(), 30.0) << l.dump();
    int int8 = 0;
    for (const auto& n : c.at("kernels"))
        if (n.at("int8").get<bool>()) {
            ++int8;
            EXPECT_NE(n.at("quantized").at("precision").get<std::string>().find("s8"), std::string::npos) << n.dump();
        }
    EXPECT_EQ(int8, k.layers);
}

INSTANTIATE_TEST_SUITE_P(Models, CliKerasW8A8,
                         ::testing::Values(KerasCase{"mnist_cnn.h5", 4, 9913, 9913}, KerasCase{"mnist_cnn_small.h5", 3, 9864, 9863}),
                         [](const auto& info) { return std::string(info.param.file).substr(0, std::string(info.param.file).find('.')); });

} // namespace
