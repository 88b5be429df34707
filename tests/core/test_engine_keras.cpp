// The Keras frontend: the two Keras models in ../shared against the accuracies recorded in
// ../shared/models/PROVENANCE.md (mnist_cnn 99.13%, mnist_cnn_small 98.64% on MNIST t10k with
// pixels/255), and small hand-built models checked against a direct channels-last reference
// written here from the Keras/TensorFlow definitions (SAME padding puts the odd pixel last).
#include <cmath>
#include <memory>

#include "core/engine/graph_executor.h"
#include "core/eval/classifier_eval.h"
#include "core/formats/keras_h5_reader.h"
#include "core/util/error.h"
#include "test_support.h"

namespace {

using qb::engine::Executor;
using qb::engine::Tensor;

qb::EvalResult kerasTop1(const std::string& model) {
    const qb::Model m = qb::readKerasH5(qb::test::model(model));
    Executor ex(m);
    const auto d = qb::loadDataset(qb::test::shared("data/mnist"));
    qb::Preprocess pre;
    pre.scale = 1.f / 255.f;
    return qb::evaluateClassifier(ex, d, pre, 0, 256);
}

TEST(EngineKeras, MnistCnnTop1On10k) {
    const auto r = kerasTop1("keras/mnist_cnn.h5");
    EXPECT_EQ(r.counts.samples, 10000);
    EXPECT_EQ(r.counts.top1, 9913);
}

TEST(EngineKeras, MnistCnnSmallTop1On10k) {
    const auto r = kerasTop1("keras/mnist_cnn_small.h5");
    EXPECT_EQ(r.counts.samples, 10000);
    EXPECT_EQ(r.counts.top1, 9864);
}

// A Keras model assembled in memory: layers with their JSON config, f32 weights in owned buffers.
struct KerasBuilder {
    qb::Model m;
    KerasBuilder() {
        m.path = "hand.h5";
        m.format = "keras_h5";
    }
    void layer(const std::string& cls, const std::string& name, const std::string& config,
               std::vector<std::string> inputs = {}) {
        qb::GraphNode n;
        n.name = name;
        n.op = cls;
        n.outputs = {name};
        n.inputs = inputs.empty() && !m.nodes.empty() && cls != "InputLayer" ? std::vector{m.nodes.back().name} : inputs;
        n.attrs["config"].kind = qb::Attribute::Kind::String;
        n.attrs["config"].s = config;
        m.nodes.push_back(n);
    }
    void weight(const std::string& name, std::vector<int64_t> shape, const std::vector<float>& v) {
        auto buf = std::make_shared<std::vector<float>>(v);
        qb::TensorEntry t;
        t.name = name;
        t.shape = std::move(shape);
        t.data = std::as_bytes(std::span<const float>(*buf));
        m.storage.push_back(buf);
        m.tensors.push_back(t);
    }
};

std::vector<float> ramp(size_t n, float step, float start) {
    std::vector<float> v(n);
    for (size_t k = 0; k < n; ++k) v[k] = start + step * float(int(k % 11) - 5);
    return v;
}

TEST(EngineKeras, ConvSameStride2FlattenDenseMatchChannelsLastReference) {
    // Input 5x4x2 (odd rows: SAME pads 1 row, all at the bottom), Conv2D 3 filters 2x2 stride 2.
    const int64_t H = 5, W = 4, C = 2, F = 3, KH = 2, KW = 2, S = 2, OH = 3, OW = 2, U = 2;
    KerasBuilder b;
    b.layer("InputLayer", "in", R"({"batch_input_shape": [null, 5, 4, 2]})");
    b.layer("Conv2D", "conv", R"({"filters": 3, "kernel_size": 2, "strides": [2, 2], "padding": "same",
                                  "activation": "linear", "use_bias": true})");
    b.layer("Flatten", "flat", "{}");
    b.layer("Dense", "fc", R"({"units": 2, "activation": "linear"})");
    const auto k = ramp(KH * KW * C * F, 0.1f, 0.05f), bias = std::vector<float>{0.5f, -0.25f, 1.f};
    const auto dk = ramp(OH * OW * F * U, 0.03f, -0.01f), db = std::vector<float>{0.1f, -0.2f};
    b.weight("conv/kernel:0", {KH, KW, C, F}, k);
    b.weight("conv/bias:0", {F}, bias);
    b.weight("fc/kernel:0", {OH * OW * F, U}, dk);
    b.weight("fc/bias:0", {U}, db);
    Executor ex(b.m);
    ASSERT_EQ(ex.inputs().at(0).shape, (std::vector<int64_t>{-1, 5, 4, 2}));

    Tensor x(qb::DType::F32, {1, H, W, C});
    for (size_t i = 0; i < x.f.size(); ++i) x.f[i] = float(int(i * 7 % 13) - 6) * 0.25f;
    const auto y = ex.run({x}).at(0);
    ASSERT_EQ(y.shape, (qb::engine::Shape{1, U}));

    // TensorFlow SAME: out = ceil(in/s); pad total = (out-1)*s + k - in, the smaller half on top/left.
    const int64_t padTop = ((OH - 1) * S + KH - H) / 2, padLeft = ((OW - 1) * S + KW - W) / 2;
    std::vector<double> conv(OH * OW * F);
    for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow)
            for (int64_t f = 0; f < F; ++f) {
                double s = bias[f];
                for (int64_t kh = 0; kh < KH; ++kh)
                    for (int64_t kw = 0; kw < KW; ++kw)
                        for (int64_t c = 0; c < C; ++c) {
                            const int64_t ih = oh * S + kh - padTop, iw = ow * S + kw - padLeft;
                            if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                            s += double(x.f[((ih * W) + iw) * C + c]) * k[((kh * KW + kw) * C + c) * F + f];
                        }
                conv[(oh * OW + ow) * F + f] = s; // Keras' Flatten order: rows, cols, channels
            }
    for (int64_t u = 0; u < U; ++u) {
        double s = db[u];
        for (int64_t i = 0; i < OH * OW * F; ++i) s += conv[i] * dk[i * U + u];
        EXPECT_NEAR(y.f[u], s, 1e-5) << u;
    }
}

TEST(EngineKeras, BatchNormPoolingAndActivations) {
    // BatchNormalization (eps 0.001) -> AveragePooling2D 2x2 valid -> GlobalMaxPooling2D -> softmax,
    // checked element by element: y = gamma*(x-mean)/sqrt(var+eps)+beta per channel.
    KerasBuilder b;
    b.layer("InputLayer", "in", R"({"batch_input_shape": [null, 2, 4, 2]})");
    b.layer("BatchNormalization", "bn", R"({"axis": [3], "epsilon": 0.001})");
    b.layer("AveragePooling2D", "avg", R"({"pool_size": [2, 2], "padding": "valid"})");
    b.layer("GlobalMaxPooling2D", "gmp", "{}");
    b.layer("Activation", "act", R"({"activation": "softmax"})");
    const std::vector<float> gamma{2.f, 0.5f}, beta{0.1f, -1.f}, mean{1.f, -2.f}, var{4.f, 0.25f};
    b.weight("bn/gamma:0", {2}, gamma);
    b.weight("bn/beta:0", {2}, beta);
    b.weight("bn/moving_mean:0", {2}, mean);
    b.weight("bn/moving_variance:0", {2}, var);
    Executor ex(b.m);
    Tensor x(qb::DType::F32, {1, 2, 4, 2});
    for (size_t i = 0; i < x.f.size(); ++i) x.f[i] = float(i) * 0.5f - 3.f;
    const auto y = ex.run({x}).at(0);
    ASSERT_EQ(y.shape, (qb::engine::Shape{1, 2}));
    double pooled[2];
    for (int c = 0; c < 2; ++c) {
        pooled[c] = -1e30;
        for (int pw = 0; pw < 2; ++pw) {
            double s = 0;
            for (int h = 0; h < 2; ++h)
                for (int w = 2 * pw; w < 2 * pw + 2; ++w)
                    s += gamma[c] * (x.f[(h * 4 + w) * 2 + c] - mean[c]) / std::sqrt(var[c] + 0.001) + beta[c];
            pooled[c] = std::max(pooled[c], s / 4);
        }
    }
    const double e0 = std::exp(pooled[0]), e1 = std::exp(pooled[1]);
    EXPECT_NEAR(y.f[0], e0 / (e0 + e1), 1e-6);
    EXPECT_NEAR(y.f[1], e1 / (e0 + e1), 1e-6);
}

TEST(EngineKeras, UnsupportedLayerIsNamed) {
    KerasBuilder b;
    b.layer("InputLayer", "in", R"({"batch_input_shape": [null, 4, 3]})");
    b.layer("LSTM", "encoder", R"({"units": 4})");
    try {
        Executor ex(b.m);
        FAIL() << "no error";
    } catch (const qb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("layer 'encoder' (LSTM)"), std::string::npos) << e.what();
    }
}

TEST(EngineKeras, WrongKernelShapeIsNamed) {
    KerasBuilder b;
    b.layer("Dense", "fc", R"({"batch_input_shape": [null, 3], "units": 2})");
    b.weight("fc/kernel:0", {3, 4}, std::vector<float>(12, 0.f));
    b.weight("fc/bias:0", {2}, {0.f, 0.f});
    try {
        Executor ex(b.m);
        FAIL() << "no error";
    } catch (const qb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("layer 'fc' (Dense)"), std::string::npos) << e.what();
    }
}

TEST(EngineKeras, FunctionalAddAndConcatenate) {
    // concat([relu(x) + x, x]) on a 2-D input, by hand: x = (-1, 2, 0.5).
    KerasBuilder b;
    b.layer("InputLayer", "in", R"({"batch_input_shape": [null, 3]})");
    b.layer("ReLU", "r", "{}", {"in"});
    b.layer("Add", "sum", "{}", {"r", "in"});
    b.layer("Concatenate", "cat", R"({"axis": -1})", {"sum", "in"});
    Executor ex(b.m);
    Tensor x(qb::DType::F32, {1, 3});
    x.f = {-1.f, 2.f, 0.5f};
    const auto y = ex.run({x}).at(0);
    EXPECT_EQ(y.f, (qb::engine::FloatStorage{-1.f, 4.f, 1.f, -1.f, 2.f, 0.5f}));
}

} // namespace
