// The fp32 engine on the real models in ../shared against the accuracies recorded in
// ../shared/models/PROVENANCE.md (measured there with an independent runtime):
// mnist-8 and mnist-12 98.91% on raw 0..255 pixels, fashion_mnist_cnn 90.15% on pixels/255.
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

} // namespace
