// quantbench-cli run: the raw outputs of every shared ONNX model on an unlabelled .npy (inputs of
// tests/ort/model_inputs.h, already prepared, so the default --scale 1 --mean 0 --std 1 passes
// them through) against ONNX Runtime's on the same input. Tolerance as the engine's parity test
// (tests/ort/test_ort_parity.cpp): every value within 1e-4 of the output's largest |value|.
#include <algorithm>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "core/datasets/npy_file.h"
#include "core/engine/graph_executor.h"
#include "core/formats/onnx_reader.h"
#include "ort/model_inputs.h"

namespace {

using qb::test::runCli;
using qb::test::shellQuote;
namespace fs = std::filesystem;

const qb::ortref::ImageSets& images() {
    static const qb::ortref::ImageSets s = qb::ortref::readImageSets(QB_SHARED_DIR);
    return s;
}

std::vector<std::string> onnxModels() { return qb::ortref::onnxModelFiles(QB_SHARED_DIR); }

class CliRunVsOrt : public ::testing::TestWithParam<std::string> {};

TEST(CliRunSetup, EveryOnnxModelIsCovered) { EXPECT_GE(onnxModels().size(), 6u); }

TEST_P(CliRunVsOrt, OutputsMatchOnnxRuntime) {
    const std::string file = GetParam(), stem = qb::ortref::modelStem(file), path = qb::test::model("onnx/" + file);
    const bool batchOne = stem == "mnist-8" || stem == "mnist-12"; // their graphs fix batch 1
    qb::ortref::InputSize size{3, 0};
    if (stem == "ch_PP-OCRv4_det_infer") size = {2, 0, 64, 96};
    // The input name is ORT's business only; the CLI feeds the model's single input.
    const auto named = qb::ortref::modelInputs(file, "input", images(), size);
    const qb::engine::Tensor& x = named[0].tensor;

    qb::test::TempDir tmp;
    const std::string in = tmp.file("inputs.npy"), out = tmp.file("outputs.npy");
    qb::writeNpy(in, x.f, x.shape);
    const auto r = runCli("run " + shellQuote(path) + " --data " + shellQuote(in) + " --out " + shellQuote(out) + " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("samples").get<int64_t>(), x.shape[0]);
    const qb::NpyArray got = qb::readNpy(out);
    EXPECT_EQ(j.at("shape").get<std::vector<int64_t>>(), got.shape);
    const std::vector<float> ours = got.toFloat();

    // ORT: one case of the whole batch, or one per sample for the batch-1 models.
    qb::ortref::OrtRequest req;
    req.model = path;
    std::string inputName;
    {
        qb::engine::Executor probe(qb::readOnnx(path));
        inputName = probe.inputs()[0].name;
    }
    const int64_t per = x.numel() / x.shape[0];
    for (int64_t s = 0; s < (batchOne ? x.shape[0] : 1); ++s) {
        qb::engine::Tensor t = x;
        if (batchOne) {
            t.shape[0] = 1;
            t.f.assign(x.f.begin() + s * per, x.f.begin() + (s + 1) * per);
        }
        req.cases.push_back({{inputName, std::move(t)}});
    }
    const auto ort = qb::ortref::runOrt(QB_NODE, QB_ORT_SCRIPT, req, tmp.path());
    std::vector<float> ref;
    std::vector<int64_t> refShape;
    for (const auto& c : ort) {
        const auto& o = c.outputs.at(0).tensor;
        ref.insert(ref.end(), o.f.begin(), o.f.end());
        refShape = o.shape;
    }
    refShape[0] = x.shape[0];
    ASSERT_EQ(got.shape, refShape);
    ASSERT_EQ(ours.size(), ref.size());
    float scale = 0;
    for (const float v : ref) scale = std::max(scale, std::fabs(v));
    ASSERT_GT(scale, 0.f);
    double worst = 0;
    for (size_t k = 0; k < ref.size(); ++k) worst = std::max(worst, double(std::fabs(ours[k] - ref[k])) / scale);
    std::printf("%s: worst difference %.2e of the output's scale %.3g\n", stem.c_str(), worst, scale);
    EXPECT_LE(worst, 1e-4);
}

INSTANTIATE_TEST_SUITE_P(SharedModels, CliRunVsOrt, ::testing::ValuesIn(onnxModels()),
                         [](const auto& info) {
                             std::string n = qb::ortref::modelStem(info.param);
                             std::replace_if(n.begin(), n.end(), [](char c) { return !std::isalnum(uint8_t(c)); }, '_');
                             return n;
                         });

TEST(CliRun, WritesNothingOnBadDataAndNamesTheFile) {
    qb::test::TempDir tmp;
    const std::string bad = tmp.file("bad.npy"), out = tmp.file("out.npy");
    qb::test::writeAll(bad, "not numpy", 9);
    const auto r = runCli("run " + shellQuote(qb::test::model("onnx/mnist-12.onnx")) + " --data " + shellQuote(bad) +
                          " --out " + shellQuote(out));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("error: " + bad), std::string::npos) << r.err;
    EXPECT_EQ(qb::test::filesIn(tmp.path().string()), std::vector<std::string>{"bad.npy"});
}

TEST(CliRun, ProjectRunsItsQuantizationAndLanguageModelsGiveLogitsPerToken) {
    qb::test::TempDir tmp;
    const std::string project = tmp.file("w8.qbproj"), fp = tmp.file("fp.npy"), q8 = tmp.file("q8.npy");
    const std::string model = qb::test::model("llama2c/stories260K.bin");
    const std::string text = qb::test::shared("data/tinystories/TinyStories-validation-excerpt.txt");
    ASSERT_EQ(runCli("quantize " + shellQuote(model) + " --bits 4 --group 32 --out " + shellQuote(project)).code, 0);
    const std::string data = " --data " + shellQuote(text) + " --context 33 --limit 2 --out ";
    ASSERT_EQ(runCli("run " + shellQuote(model) + data + shellQuote(fp)).code, 0);
    const auto r = runCli("run " + shellQuote(project) + data + shellQuote(q8) + " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(nlohmann::json::parse(r.out).at("quantized").get<bool>());
    const qb::NpyArray a = qb::readNpy(fp), b = qb::readNpy(q8);
    EXPECT_EQ(a.shape, (std::vector<int64_t>{64, 512})); // 2 windows of 32 scored tokens, vocabulary 512
    ASSERT_EQ(b.shape, a.shape);
    const auto va = a.toFloat(), vb = b.toFloat();
    double diff = 0, norm = 0;
    for (size_t k = 0; k < va.size(); ++k) {
        diff += (va[k] - vb[k]) * (va[k] - vb[k]);
        norm += va[k] * va[k];
    }
    // 4-bit weights move the logits, but not beyond recognition.
    EXPECT_GT(diff, 0.0);
    EXPECT_LT(std::sqrt(diff / norm), 0.5);
}

} // namespace
