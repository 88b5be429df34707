// Our fp32 engine against ONNX Runtime (npm onnxruntime-node 1.20.1, CPU) on every ONNX model in
// ../shared/models/onnx, on real images (tests/ort/model_inputs.h says which), several samples
// and batch shapes per model. ORT is the independent reference: it is run by tests/ort/ort_run.js
// in its own process. The test fails (never skips) when node or the package is missing.
//
// Tolerance: every output element within 1e-4 of the output's scale (its largest |value| in the
// ORT result). Both runtimes compute in fp32 but sum in different orders (oneDNN's jit/gemm
// kernels vs MLAS, with ORT's fused Conv+BN+activation), which leaves rounding differences of a
// few ulps per sum: measured at most 2.4e-7 (mnist), 9e-7 (fashion), 1.4e-6 (squeezenet), 1.2e-5
// (cls) and 2.0e-5 (det, 60+ convs deep) of the scale (printed per case). A wrong pad, stride,
// broadcast or layout moves outputs by 1e-2 of the scale or more, so 1e-4 keeps a wide margin
// both ways.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/engine/graph_executor.h"
#include "core/formats/onnx_reader.h"
#include "model_inputs.h"
#include "test_support.h"

namespace {

using namespace qb::ortref;
namespace fs = std::filesystem;

constexpr double kRelTolerance = 1e-4;

const qb::ortref::ImageSets& images() {
    static const qb::ortref::ImageSets s = qb::ortref::readImageSets(QB_SHARED_DIR);
    return s;
}

std::vector<std::string> onnxModels() { return qb::ortref::onnxModelFiles(QB_SHARED_DIR); }

// The cases per model: batch shapes its graph accepts, different images in each.
std::vector<InputSize> casesFor(const std::string& stem) {
    if (stem == "mnist-8" || stem == "mnist-12") // fixed batch 1
        return {{1, 0}, {1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {1, 6}, {1, 7}};
    if (stem == "ch_PP-OCRv4_det_infer") return {{1, 0, 96, 160}, {2, 1, 64, 128}, {1, 3, 160, 96}};
    return {{1, 0}, {8, 1}, {5, 2}};
}

class OrtParity : public ::testing::TestWithParam<std::string> {};

TEST(OrtParitySetup, EveryOnnxModelIsCovered) {
    // The suite is instantiated from the folder listing; an empty folder would pass vacuously.
    EXPECT_GE(onnxModels().size(), 6u);
}

TEST_P(OrtParity, MatchesOnnxRuntime) {
    const std::string file = GetParam();
    const std::string path = qb::test::model("onnx/" + file);
    const qb::Model model = qb::readOnnx(path);
    qb::engine::Executor ex(model);
    ASSERT_EQ(ex.inputs().size(), 1u);

    OrtRequest req;
    req.model = path;
    const auto sizes = casesFor(modelStem(file));
    for (const auto& s : sizes) req.cases.push_back(modelInputs(file, ex.inputs()[0].name, images(), s));

    qb::test::TempDir dir;
    std::vector<OrtCase> ref;
    try {
        ref = runOrt(QB_NODE, QB_ORT_SCRIPT, req, dir.path());
    } catch (const std::exception& e) {
        FAIL() << "ONNX Runtime did not run: " << e.what();
    }
    ASSERT_EQ(ref.size(), req.cases.size());

    for (size_t k = 0; k < req.cases.size(); ++k) {
        SCOPED_TRACE("case " + std::to_string(k) + ", input " + qb::engine::shapeText(req.cases[k][0].tensor.shape));
        const auto ours = ex.run({req.cases[k][0].tensor});
        ASSERT_EQ(ours.size(), ex.outputs().size());
        ASSERT_EQ(ref[k].outputs.size(), ours.size());
        for (size_t j = 0; j < ours.size(); ++j) {
            const auto& want = ref[k].outputs[j];
            ASSERT_EQ(want.name, ex.outputs()[j].name);
            ASSERT_EQ(ours[j].shape, want.tensor.shape) << "output " << want.name;
            double scale = 0, maxAbs = 0;
            for (const float v : want.tensor.f) scale = std::max(scale, double(std::fabs(v)));
            size_t worst = 0;
            for (size_t e = 0; e < want.tensor.f.size(); ++e) {
                const double d = std::fabs(double(ours[j].f[e]) - double(want.tensor.f[e]));
                if (!(d <= maxAbs)) { // also catches NaN
                    maxAbs = d;
                    worst = e;
                }
            }
            const double rel = maxAbs / std::max(scale, 1e-30);
            std::printf("[ort parity] %s case %zu output %s %s: scale %.4g, max abs diff %.3g, relative %.3g\n",
                        file.c_str(), k, want.name.c_str(), qb::engine::shapeText(want.tensor.shape).c_str(), scale,
                        maxAbs, rel);
            EXPECT_LE(rel, kRelTolerance) << "output " << want.name << " element " << worst << ": ours "
                                          << ours[j].f[worst] << ", ORT " << want.tensor.f[worst];
        }
    }
}

INSTANTIATE_TEST_SUITE_P(SharedModels, OrtParity, ::testing::ValuesIn(onnxModels()),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                             std::string n = modelStem(i.param);
                             for (char& ch : n)
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return n;
                         });

} // namespace
