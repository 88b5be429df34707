// Engine storage that kernels write in full is allocated unset (host_tensor.h Init::Unset). These
// tests fill it with NaN and INT64_MIN instead (UnsetFill::Poison) and check that the shared
// models' outputs, fp32 and W8A8, are bit for bit those of zeroed buffers: a kernel that leaves
// part of its output unwritten and a reader that reads it show up as NaN or as a difference.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/datasets/idx_dataset.h"
#include "core/datasets/npy_file.h"
#include "core/engine/graph_executor.h"
#include "core/formats/onnx_reader.h"
#include "core/pipeline/quantize.h"
#include "core/quant/apply_quantized.h"
#include "core/quant/quantize_model.h"
#include "test_support.h"
#include "tests/ort/model_inputs.h"

namespace {

using qb::engine::Executor;
using qb::engine::Init;
using qb::engine::Tensor;
using qb::engine::UnsetFill;

// Restores the engine's own behaviour when a test ends, also when it fails.
struct FillScope {
    explicit FillScope(UnsetFill f) { qb::engine::setUnsetFill(f); }
    ~FillScope() { qb::engine::setUnsetFill(UnsetFill::Leave); }
};

TEST(EngineStorage, UnsetKeepsSizeAndZeroZeroes) {
    Tensor t;
    t.allocate(qb::DType::F32, {3, 5}, Init::Unset);
    EXPECT_EQ(t.numel(), 15);
    for (auto& v : t.f) v = 7.f;
    t.allocate(qb::DType::F32, {4, 5}); // Init::Zero
    ASSERT_EQ(t.numel(), 20);
    for (const float v : t.f) EXPECT_EQ(v, 0.f);
    {
        const FillScope poison(UnsetFill::Poison);
        t.allocate(qb::DType::I64, {6}, Init::Unset);
        EXPECT_TRUE(t.f.empty());
        for (const int64_t v : t.i) EXPECT_EQ(v, std::numeric_limits<int64_t>::min());
        t.allocate(qb::DType::F32, {2}, Init::Unset);
        for (const float v : t.f) EXPECT_TRUE(std::isnan(v));
    }
}

struct Case {
    std::string file;
    qb::ortref::InputSize size;
};

// fp32 and W8A8 (RTN weights, ranges calibrated on the probe batch itself) outputs of `c` with
// Init::Unset storage filled as `fill`; fresh executors, so every buffer is allocated anew.
std::vector<Tensor> outputsWith(const Case& c, UnsetFill fill) {
    const qb::test::TempDir dir;
    const qb::ortref::ImageSets images{qb::readIdxDataset(qb::test::shared("data/mnist")),
                                       qb::readIdxDataset(qb::test::shared("data/fashion-mnist"))};
    const auto model = std::make_shared<const qb::Model>(qb::readOnnx(qb::test::model("onnx/" + c.file)));
    const Tensor x = qb::ortref::modelInputs(c.file, model->graphInputs[0].name, images, c.size)[0].tensor;
    qb::writeNpy(dir.file("x.npy"), std::span<const float>(x.f.data(), x.f.size()), x.shape);
    const std::vector<int64_t> n{x.shape[0]};
    qb::writeNpy(dir.file("y.npy"), std::vector<float>(size_t(n[0]), 0.f), n); // labels, unused
    qb::pipeline::QuantizeRequest req;
    req.plan = qb::quant::uniformPlan({.bits = 8, .actBits = 8});
    req.planSource = "W8A8";
    req.data.path = dir.file("x.npy");
    const qb::Project p = qb::pipeline::quantize(model, std::nullopt, req, {}).project;
    const auto q = qb::quant::quantizedModel(*model, p.quantization->layers);

    const FillScope scope(fill);
    Executor fp(*model), w8(q.model, qb::engine::Int8Options{q.activationLayers});
    std::vector<Tensor> out = fp.run({x});
    for (auto& t : w8.run({x})) out.push_back(std::move(t));
    out.push_back(w8.run({x})[0]); // a second run reuses the plan's buffers
    return out;
}

class EngineStorageModels : public ::testing::TestWithParam<Case> {};

TEST_P(EngineStorageModels, PoisonedUnsetStorageGivesTheZeroedOutputs) {
    const auto zeroed = outputsWith(GetParam(), UnsetFill::Zero);
    const auto poisoned = outputsWith(GetParam(), UnsetFill::Poison);
    ASSERT_EQ(zeroed.size(), poisoned.size());
    for (size_t k = 0; k < zeroed.size(); ++k) {
        SCOPED_TRACE("output " + std::to_string(k));
        ASSERT_EQ(zeroed[k].shape, poisoned[k].shape);
        ASSERT_EQ(zeroed[k].f.size(), poisoned[k].f.size());
        size_t nan = 0, differ = 0;
        for (size_t j = 0; j < zeroed[k].f.size(); ++j) {
            nan += std::isnan(poisoned[k].f[j]);
            differ += std::memcmp(&zeroed[k].f[j], &poisoned[k].f[j], sizeof(float)) != 0;
        }
        EXPECT_EQ(nan, 0u);
        EXPECT_EQ(differ, 0u);
    }
}

INSTANTIATE_TEST_SUITE_P(Shared, EngineStorageModels,
                         ::testing::Values(Case{"mnist-12.onnx", {1}}, Case{"fashion_mnist_cnn.onnx", {16}},
                                           Case{"squeezenet_cifar10.onnx", {16}},
                                           Case{"ch_ppocr_mobile_v2.0_cls_infer.onnx", {4}},
                                           Case{"ch_PP-OCRv4_det_infer.onnx", {2, 0, 128, 128}}),
                         [](const auto& info) {
                             std::string n = info.param.file.substr(0, info.param.file.find('.'));
                             for (char& ch : n)
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return n;
                         });

} // namespace
