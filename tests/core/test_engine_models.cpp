// The fp32 engine on the real models in ../shared against the accuracies recorded in
// ../shared/models/PROVENANCE.md (measured there with an independent runtime):
// mnist-8 and mnist-12 98.91% on raw 0..255 pixels, fashion_mnist_cnn 90.15% on pixels/255.
#include <algorithm>
#include <cmath>

#include "core/engine/graph_executor.h"
#include "core/eval/classifier_eval.h"
#include "core/formats/onnx_reader.h"
#include "core/util/error.h"
#include "test_support.h"

namespace {

using qb::engine::Executor;

qb::EvalResult evalOn(const std::string& model, const std::string& data, float scale) {
    const qb::Model m = qb::readOnnx(qb::test::model(model));
    Executor ex(m);
    const auto d = qb::readIdxDataset(qb::test::shared(data));
    qb::Preprocess pre;
    pre.scale = scale;
    return qb::evaluateClassifier(ex, d, pre, 0, 256);
}

TEST(EngineModels, Mnist8Top1On10kRawPixels) {
    const auto r = evalOn("onnx/mnist-8.onnx", "data/mnist", 1.f);
    EXPECT_EQ(r.counts.samples, 10000);
    EXPECT_EQ(r.counts.top1, 9891);
}

TEST(EngineModels, Mnist12Top1On10kRawPixels) {
    const auto r = evalOn("onnx/mnist-12.onnx", "data/mnist", 1.f);
    EXPECT_EQ(r.counts.samples, 10000);
    EXPECT_EQ(r.counts.top1, 9891);
}

TEST(EngineModels, FashionMnistCnnTop1On10kScaledPixels) {
    const auto r = evalOn("onnx/fashion_mnist_cnn.onnx", "data/fashion-mnist", 1.f / 255.f);
    EXPECT_EQ(r.counts.samples, 10000);
    EXPECT_EQ(r.counts.top1, 9015);
    EXPECT_GT(r.counts.top5, r.counts.top1);
}

TEST(EvaluationBatch, CapsTheInputBytesAndEvensTheBatchesOut) {
    // MNIST images (784 values): 256 fit, so 10000 run as 40 batches of 250, none padded.
    EXPECT_EQ(qb::evaluationBatch(10000, 784, 256), 250);
    // PP-OCRv4 det pages of 3 x 320 x 320 (1.2 MB): 6 fit in 8 MB; 32 pages run as 6 batches of 6.
    EXPECT_EQ(qb::evaluationBatch(32, 3 * 320 * 320, 256), 6);
    EXPECT_EQ(qb::evaluationBatch(4, 3 * 320 * 320, 256), 4);
    // A page bigger than the cap still runs, one at a time; so do zero samples.
    EXPECT_EQ(qb::evaluationBatch(3, 3 * 2048 * 2048, 256), 1);
    EXPECT_EQ(qb::evaluationBatch(0, 784, 256), 1);
    EXPECT_EQ(qb::evaluationBatch(37, 784, 8), 8); // 5 batches of 8, the last 5 padded to 8
}

TEST(EvaluationBatch, APaddedLastBatchGivesTheSameRowsAsOneAtATime) {
    const qb::Model m = qb::readOnnx(qb::test::model("onnx/fashion_mnist_cnn.onnx"));
    Executor ex(m);
    ASSERT_LE(ex.inputs()[0].shape[0], 0) << "the test needs a symbolic batch dimension";
    const auto d = qb::readIdxDataset(qb::test::shared("data/fashion-mnist"));
    qb::Preprocess pre;
    pre.scale = 1.f / 255.f;
    const qb::ClassifierOutputs batched = qb::classifierOutputs(ex, d, pre, 37, 8); // 8 x 5, the last padded
    const qb::ClassifierOutputs single = qb::classifierOutputs(ex, d, pre, 37, 1);
    ASSERT_EQ(batched.samples, 37);
    ASSERT_EQ(batched.values.size(), single.values.size());
    double worst = 0, largest = 0;
    for (size_t k = 0; k < single.values.size(); ++k) {
        worst = std::max(worst, double(std::abs(batched.values[k] - single.values[k])));
        largest = std::max(largest, double(std::abs(single.values[k])));
    }
    EXPECT_GT(largest, 1.0); // logits, not zeros
    EXPECT_LT(worst, 1e-4 * largest);

    // An observer (per-layer SQNR, the graph view) sees only real images: the last batch unpadded.
    std::vector<int64_t> seen;
    const std::string input = ex.inputs()[0].name;
    qb::classifierOutputs(ex, d, pre, 37, 8, {}, [&](const qb::GraphNode& n, std::span<const qb::engine::Tensor* const> in) {
        if (!n.inputs.empty() && n.inputs[0] == input) seen.push_back(in[0]->shape[0]);
    });
    EXPECT_EQ(seen, (std::vector<int64_t>{8, 8, 8, 8, 5}));
}

} // namespace
