// Calibration through the engine taps: mnist-12 on MNIST and stories260K on TinyStories text.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "core/calib/calibration_stats.h"
#include "core/calib/graph_calibration.h"
#include "core/calib/llm_calibration.h"
#include "core/datasets/image_dataset.h"
#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "test_support.h"

namespace qb {
namespace {

TEST(CalibrationSamples, SeedChoosesDistinctSortedIndicesReproducibly) {
    const auto a = chooseSamples(10000, 64, 7), b = chooseSamples(10000, 64, 7), c = chooseSamples(10000, 64, 8);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    ASSERT_EQ(a.size(), 64u);
    EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
    EXPECT_EQ(std::adjacent_find(a.begin(), a.end()), a.end());
    EXPECT_EQ(chooseSamples(5, 64, 1), (std::vector<int64_t>{0, 1, 2, 3, 4}));
}

TEST(CalibrationGraph, Mnist12FirstLayerSeesRawPixelRange) {
    const Model m = openModel(test::model("onnx/mnist-12.onnx"));
    const ImageDataset data = loadDataset(test::shared("data/mnist"));
    CalibrationSettings s;
    s.samples = 64;
    s.seed = 3;
    const Calibration c = calibrateGraph(m, data, Preprocess{}, s);
    // Quantizable layers and their input channels, from
    // /usr/bin/python3 -c "import onnx; m=onnx.load('mnist-12.onnx'); print([(i.name, i.dims) for i in m.graph.initializer])"
    // Parameter5 [8,1,5,5] (Conv, 1 input channel), Parameter87 [16,8,5,5] (Conv, 8),
    // Parameter193 [16,4,4,10] reshaped to [256,10] for the MatMul (256 inputs).
    ASSERT_EQ(c.layers.size(), 3u);
    EXPECT_EQ(c.layers[0].name, "Parameter5");
    EXPECT_EQ(c.layers[1].name, "Parameter87");
    EXPECT_EQ(c.layers[2].name, "Parameter193");
    EXPECT_EQ(c.layers[0].channelAbsMax.size(), 1u);
    EXPECT_EQ(c.layers[1].channelAbsMax.size(), 8u);
    EXPECT_EQ(c.layers[2].channelAbsMax.size(), 256u);
    EXPECT_EQ(c.samplesUsed, 64);
    // Raw pixels: 64 images x 784 values; every MNIST test image has a 0 pixel (numpy: (a.min(1)==0).all()),
    // and the chosen images' maximum is computed here over their full data.
    const ValueStats& a = c.layers[0].activation;
    EXPECT_EQ(a.count, 64 * 784);
    uint8_t top = 0;
    for (const int64_t k : chooseSamples(data.count, 64, 3))
        top = std::max(top, *std::max_element(data.pixels.begin() + k * 784, data.pixels.begin() + (k + 1) * 784));
    EXPECT_EQ(top, 255);
    EXPECT_EQ(a.min, 0.0);
    EXPECT_EQ(a.max, 255.0);
    EXPECT_EQ(a.clips[size_t(ClipMethod::MinMax)].lo, 0.0);
    EXPECT_EQ(a.clips[size_t(ClipMethod::MinMax)].hi, 255.0);
    // Weight of the first conv: 8*1*5*5 values.
    EXPECT_EQ(c.layers[0].weight.count, 200);
    // Later layers follow a ReLU (and max-pool): never negative.
    EXPECT_GE(c.layers[1].activation.min, 0.0);
    EXPECT_GE(c.layers[2].activation.min, 0.0);
}

TEST(CalibrationGraph, KerasLayersAreTappedThroughTheTranslatedGraph) {
    const Model m = openModel(test::model("keras/mnist_cnn_small.h5"));
    const ImageDataset data = loadDataset(test::shared("data/mnist"));
    CalibrationSettings s;
    s.samples = 32;
    const Calibration c = calibrateGraph(m, data, Preprocess{}, s);
    // Kernels (h5py: f['model_weights'][...].shape): conv2d [4,4,1,8], conv2d_1 [2,2,8,8], dense [392,10].
    ASSERT_EQ(c.layers.size(), 3u);
    EXPECT_EQ(c.layers[0].name, "conv2d/kernel:0");
    EXPECT_EQ(c.layers[2].name, "dense/kernel:0");
    EXPECT_EQ(c.layers[0].channelAbsMax.size(), 1u);
    EXPECT_EQ(c.layers[1].channelAbsMax.size(), 8u);
    EXPECT_EQ(c.layers[2].channelAbsMax.size(), 392u);
    EXPECT_EQ(c.layers[0].activation.count, 32 * 784);
    EXPECT_EQ(c.layers[0].activation.min, 0.0);
    EXPECT_EQ(c.layers[2].activation.count, 32 * 392);
    EXPECT_EQ(c.layers[0].weight.count, 128);
}

TEST(CalibrationGraph, CancelThrowsCancelled) {
    const Model m = openModel(test::model("onnx/mnist-12.onnx"));
    const ImageDataset data = loadDataset(test::shared("data/mnist"));
    std::atomic<bool> cancel{false};
    JobContext job;
    job.cancel = &cancel;
    int calls = 0;
    job.progress = [&](double, std::string_view) {
        if (++calls == 3) cancel = true;
    };
    CalibrationSettings s;
    s.samples = 32;
    EXPECT_THROW(calibrateGraph(m, data, Preprocess{}, s, job), Cancelled);
    EXPECT_EQ(calls, 3);
}

TEST(CalibrationLlm, Stories260kTapsEveryWeightMatmul) {
    const Model m = openModel(test::model("gguf/stories260K.gguf"));
    const BpeTokenizer tok = loadTokenizer(m);
    const TextDataset text = loadTextDataset(test::shared("data/tinystories/TinyStories-validation-excerpt.txt"), tok);
    CalibrationSettings s;
    s.samples = 4;
    s.context = 65; // BOS + 64 text tokens per window
    // BOS + 10 full chunks of 64 tokens, so every window is full whichever 4 the seed picks.
    ASSERT_GT(text.tokens.size(), 641u);
    const Calibration c = calibrateLlm(m, std::span(text.tokens).first(641), tok.bos(), s);
    // PROVENANCE.md: dim 64, 5 layers, hidden 172, 8 heads of 8 -> 7 matmuls per layer + the head.
    ASSERT_EQ(c.layers.size(), 5u * 7u + 1u);
    EXPECT_EQ(c.layers[0].name, "blk.0.attn_q.weight");
    EXPECT_EQ(c.layers[6].name, "blk.0.ffn_down.weight");
    EXPECT_EQ(c.layers[35].name, "output.weight");
    const int64_t rows = 4 * 65;
    EXPECT_EQ(c.layers[0].activation.count, rows * 64);
    EXPECT_EQ(c.layers[6].activation.count, rows * 172);  // ffn_down takes the hidden activation
    EXPECT_EQ(c.layers[6].channelAbsMax.size(), 172u);
    EXPECT_EQ(c.layers[35].activation.count, rows * 64);
    EXPECT_EQ(c.layers[0].weight.count, 64 * 64);          // wq [heads*headDim, dim]
    EXPECT_EQ(c.layers[4].weight.count, 172 * 64);         // ffn_gate
    // q, k and v read the same normed input.
    EXPECT_EQ(c.layers[0].activation.min, c.layers[2].activation.min);
    EXPECT_EQ(c.layers[0].activation.max, c.layers[2].activation.max);
    for (const auto& l : c.layers) EXPECT_GT(l.activation.max, l.activation.min) << l.name;
}

} // namespace
} // namespace qb
