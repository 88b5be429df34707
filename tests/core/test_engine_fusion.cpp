// Graph rewrites and oneDNN layout passing (graph_fusion.h, blocked_layout.h): fused graphs must
// compute what the unfused ONNX ops compute. Expected values come from the ONNX operator
// definitions evaluated in plain loops here (Conv 1x1 with diagonal weights is a per-channel
// a*x+b; Relu, Clip, MaxPool, Concat, Transpose, HardSwish = x*clip(x+3,0,6)/6 by the spec).
#include <algorithm>
#include <cmath>

#include "core/engine/graph_executor.h"
#include "engine_test_support.h"
#include "test_support.h"

namespace {

using qb::engine::Executor;
using qb::engine::Tensor;

using qb::test::GraphBuilder;

qb::Attribute ints(std::vector<int64_t> v) {
    qb::Attribute a;
    a.kind = qb::Attribute::Kind::Ints;
    a.ints = std::move(v);
    return a;
}

constexpr int64_t C = 16, H = 4, W = 4;
float inputAt(int64_t h, int64_t w, int64_t c) { return float(c % 5) - 2.f + 0.25f * float(h) - 0.5f * float(w); }

// NHWC input -> Transpose -> Conv+Relu (A) -> Conv+Clip(0,6) (B) -> Concat(A,B) -> MaxPool 2x2.
GraphBuilder convChain() {
    GraphBuilder g;
    g.m.graphInputs = {{"x", {1, H, W, C}}};
    g.m.graphOutputs = {{"y", {1, 2 * C, H / 2, W / 2}}};
    g.node("Transpose", {"x"}, {"t"}).attrs["perm"] = ints({0, 3, 1, 2});
    std::vector<float> scaleA, biasA(size_t(C), -0.5f), one(size_t(C), 1.f), zero(size_t(C), 0.f);
    for (int64_t m = 0; m < C; ++m) scaleA.push_back(float(m + 1));
    g.diagonalConv("ca", "t", "ca_out", scaleA, biasA);
    g.node("Relu", {"ca_out"}, {"a"});
    g.diagonalConv("cb", "a", "cb_out", one, zero);
    g.constant("lo", {}, {0.f});
    g.constant("hi", {}, {6.f});
    g.node("Clip", {"cb_out", "lo", "hi"}, {"b"});
    g.node("Concat", {"a", "b"}, {"cat"}).attrs["axis"] = qb::Attribute{qb::Attribute::Kind::Int, 1};
    auto& pool = g.node("MaxPool", {"cat"}, {"y"});
    pool.attrs["kernel_shape"] = ints({2, 2});
    pool.attrs["strides"] = ints({2, 2});
    return g;
}

Tensor chainInput() {
    Tensor x(qb::DType::F32, {1, H, W, C});
    for (int64_t h = 0; h < H; ++h)
        for (int64_t w = 0; w < W; ++w)
            for (int64_t c = 0; c < C; ++c) x.f[size_t((h * W + w) * C + c)] = inputAt(h, w, c);
    return x;
}

// Concat(A, B) at [channel, h, w] by the operator definitions.
float chainConcat(int64_t ch, int64_t h, int64_t w) {
    const int64_t m = ch % C;
    const float a = std::max(0.f, float(m + 1) * inputAt(h, w, m) - 0.5f);
    return ch < C ? a : std::clamp(a, 0.f, 6.f);
}

TEST(EngineFusion, ConvActivationsThroughTransposeConcatAndPool) {
    Executor ex(convChain().m);
    const auto y = ex.run({chainInput()});
    ASSERT_EQ(y.size(), 1u);
    ASSERT_EQ(y[0].shape, (qb::engine::Shape{1, 2 * C, H / 2, W / 2}));
    for (int64_t ch = 0; ch < 2 * C; ++ch)
        for (int64_t oh = 0; oh < H / 2; ++oh)
            for (int64_t ow = 0; ow < W / 2; ++ow) {
                float want = -1e30f;
                for (int64_t dh = 0; dh < 2; ++dh)
                    for (int64_t dw = 0; dw < 2; ++dw) want = std::max(want, chainConcat(ch, 2 * oh + dh, 2 * ow + dw));
                EXPECT_FLOAT_EQ(y[0].f[size_t((ch * (H / 2) + oh) * (W / 2) + ow)], want) << ch << "," << oh << "," << ow;
            }
}

TEST(EngineFusion, ObserverSeesPlainInputsOfKernelsThatPassBlockedData) {
    Executor ex(convChain().m);
    ex.run({chainInput()}); // the plan exists before the observed run, as in calibration
    int seen = 0;
    std::vector<std::string> ops;
    ex.run({chainInput()}, [&](const qb::GraphNode& node, std::span<const Tensor* const> in) {
        ops.push_back(node.op);
        if (node.op != "MaxPool") return;
        ++seen;
        ASSERT_EQ(in[0]->shape, (qb::engine::Shape{1, 2 * C, H, W}));
        for (int64_t ch = 0; ch < 2 * C; ++ch)
            for (int64_t h = 0; h < H; ++h)
                for (int64_t w = 0; w < W; ++w)
                    EXPECT_FLOAT_EQ(in[0]->f[size_t((ch * H + h) * W + w)], chainConcat(ch, h, w));
    });
    EXPECT_EQ(seen, 1);
    // Relu and Clip ran inside the convolutions.
    EXPECT_EQ(ops, (std::vector<std::string>{"Transpose", "Conv", "Conv", "Concat", "MaxPool"}));
}

TEST(EngineFusion, PaddleHardSwishAfterConvScaleAndShift) {
    GraphBuilder g;
    g.m.graphInputs = {{"x", {1, C, 1, 2}}};
    g.m.graphOutputs = {{"y", {1, C, 1, 2}}};
    g.diagonalConv("c", "x", "conv", std::vector<float>(size_t(C), 1.f), std::vector<float>(size_t(C), 0.f));
    std::vector<float> s;
    for (int64_t m = 0; m < C; ++m) s.push_back(0.5f + 0.25f * float(m));
    g.constant("s", {1, C, 1, 1}, s);
    g.constant("t", {}, {-1.f});
    g.constant("three", {}, {3.f});
    g.constant("six", {}, {6.f});
    g.constant("zero", {}, {0.f});
    g.node("Mul", {"s", "conv"}, {"scaled"});
    g.node("Add", {"scaled", "t"}, {"a"});
    g.node("Add", {"a", "three"}, {"a3"});
    g.node("Clip", {"a3", "zero", "six"}, {"clipped"});
    g.node("Mul", {"a", "clipped"}, {"prod"});
    g.node("Div", {"prod", "six"}, {"y"});
    Executor ex(g.m);
    Tensor x(qb::DType::F32, {1, C, 1, 2});
    for (int64_t k = 0; k < 2 * C; ++k) x.f[size_t(k)] = float(k % 7) - 3.f;
    std::vector<std::string> ops;
    const auto y = ex.run({x}, [&](const qb::GraphNode& node, std::span<const Tensor* const>) { ops.push_back(node.op); });
    EXPECT_EQ(ops, std::vector<std::string>{"Conv"}); // scale, shift and hard_swish folded into it
    for (int64_t m = 0; m < C; ++m)
        for (int64_t k = 0; k < 2; ++k) {
            const float a = s[size_t(m)] * x.f[size_t(2 * m + k)] - 1.f;
            EXPECT_NEAR(y[0].f[size_t(2 * m + k)], a * std::clamp(a + 3.f, 0.f, 6.f) / 6.f, 1e-6f) << m << "," << k;
        }
}

// PP-OCRv4's learnable affine blocks: act(conv) * a + b by scalar Mul/Add after the activation,
// here with Sub and Div on both sides too: ((2 - relu(x) * 1.5) + 0.25 - 1) / 4, as one Conv.
TEST(EngineFusion, ScalarAffineAfterConvActivation) {
    GraphBuilder g;
    g.m.graphInputs = {{"x", {1, C, 1, 2}}};
    g.m.graphOutputs = {{"y", {1, C, 1, 2}}};
    std::vector<float> w;
    for (int64_t m = 0; m < C; ++m) w.push_back(0.5f + 0.25f * float(m));
    g.diagonalConv("c", "x", "conv", w, std::vector<float>(size_t(C), 0.f));
    g.node("Relu", {"conv"}, {"r"});
    g.constant("a", {}, {1.5f});
    g.constant("b", {1}, {2.f});
    g.constant("c0", {}, {0.25f});
    g.constant("c1", {}, {1.f});
    g.constant("d", {}, {4.f});
    g.node("Mul", {"a", "r"}, {"m"});
    g.node("Sub", {"b", "m"}, {"s"}); // constant minus the value
    g.node("Add", {"s", "c0"}, {"t"});
    g.node("Sub", {"t", "c1"}, {"u"});
    g.node("Div", {"u", "d"}, {"y"});
    Executor ex(g.m);
    Tensor x(qb::DType::F32, {1, C, 1, 2});
    for (int64_t k = 0; k < 2 * C; ++k) x.f[size_t(k)] = float(k % 7) - 3.f;
    std::vector<std::string> ops;
    const auto y = ex.run({x}, [&](const qb::GraphNode& node, std::span<const Tensor* const>) { ops.push_back(node.op); });
    EXPECT_EQ(ops, std::vector<std::string>{"Conv"});
    for (int64_t m = 0; m < C; ++m)
        for (int64_t k = 0; k < 2; ++k) {
            const float r = std::max(0.f, w[size_t(m)] * x.f[size_t(2 * m + k)]);
            EXPECT_NEAR(y[0].f[size_t(2 * m + k)], ((2.f - r * 1.5f) + 0.25f - 1.f) / 4.f, 1e-6f) << m << "," << k;
        }
}

// A scalar Div by the value (c / y) is not linear in y, and a value read twice cannot be
// rewritten: both stay nodes and still compute their definitions.
TEST(EngineFusion, ScalarAffineLeavesNonLinearAndSharedValues) {
    GraphBuilder g;
    g.m.graphInputs = {{"x", {1, C, 1, 2}}};
    g.m.graphOutputs = {{"y", {1, C, 1, 2}}, {"z", {1, C, 1, 2}}};
    g.diagonalConv("c", "x", "conv", std::vector<float>(size_t(C), 1.f), std::vector<float>(size_t(C), 0.f));
    g.node("Relu", {"conv"}, {"r"});
    g.constant("two", {}, {2.f});
    g.node("Div", {"two", "r"}, {"y"});
    g.node("Mul", {"r", "two"}, {"z"});
    Executor ex(g.m);
    Tensor x(qb::DType::F32, {1, C, 1, 2});
    for (int64_t k = 0; k < 2 * C; ++k) x.f[size_t(k)] = float(k % 5) + 1.f;
    std::vector<std::string> ops;
    const auto out = ex.run({x}, [&](const qb::GraphNode& node, std::span<const Tensor* const>) { ops.push_back(node.op); });
    EXPECT_EQ(ops, (std::vector<std::string>{"Conv", "Div", "Mul"}));
    for (int64_t k = 0; k < 2 * C; ++k) {
        EXPECT_FLOAT_EQ(out[0].f[size_t(k)], 2.f / x.f[size_t(k)]);
        EXPECT_FLOAT_EQ(out[1].f[size_t(k)], 2.f * x.f[size_t(k)]);
    }
}

// paddle2onnx's DB head: ConvTranspose (kernel = stride = 2), its bias as an Add, BN, Relu. It
// runs as one patch ConvTranspose (a 1x1 Conv and a pixel shuffle) with the rest folded in, and
// computes the ONNX definition: y[m, 2h+i, 2w+j] = sum_c x[c, h, w] W[c, m, i, j], then the rest.
TEST(EngineFusion, PatchConvTransposeWithBiasBatchNormAndRelu) {
    constexpr int64_t Ci = 3, Mo = 5, Hi = 3, Wi = 4;
    GraphBuilder g;
    g.m.graphInputs = {{"x", {2, Ci, Hi, Wi}}};
    g.m.graphOutputs = {{"y", {2, Mo, 2 * Hi, 2 * Wi}}};
    std::vector<float> w(size_t(Ci * Mo * 4)), bias, gamma, beta, mean, var;
    for (size_t k = 0; k < w.size(); ++k) w[k] = float(int(k * 7 % 11) - 5) * 0.125f;
    for (int64_t m = 0; m < Mo; ++m) {
        bias.push_back(0.25f * float(m) - 0.5f);
        gamma.push_back(1.f + 0.5f * float(m));
        beta.push_back(0.1f * float(m));
        mean.push_back(0.2f - 0.1f * float(m));
        var.push_back(0.5f + float(m));
    }
    g.constant("w", {Ci, Mo, 2, 2}, w);
    g.constant("b", {1, Mo, 1, 1}, bias);
    g.constant("gamma", {Mo}, gamma);
    g.constant("beta", {Mo}, beta);
    g.constant("mean", {Mo}, mean);
    g.constant("var", {Mo}, var);
    g.node("ConvTranspose", {"x", "w"}, {"d"}).attrs["strides"] = ints({2, 2});
    g.node("Add", {"d", "b"}, {"db"});
    g.node("BatchNormalization", {"db", "gamma", "beta", "mean", "var"}, {"bn"});
    g.node("Relu", {"bn"}, {"y"});
    Executor ex(g.m);
    Tensor x(qb::DType::F32, {2, Ci, Hi, Wi});
    for (size_t k = 0; k < x.f.size(); ++k) x.f[k] = float(int(k * 5 % 13) - 6) * 0.25f;
    std::vector<std::string> ops;
    const auto y = ex.run({x}, [&](const qb::GraphNode& node, std::span<const Tensor* const>) { ops.push_back(node.op); });
    EXPECT_EQ(ops, std::vector<std::string>{"ConvTranspose"});
    ASSERT_EQ(y[0].shape, (qb::engine::Shape{2, Mo, 2 * Hi, 2 * Wi}));
    for (int64_t n = 0; n < 2; ++n)
        for (int64_t m = 0; m < Mo; ++m)
            for (int64_t oh = 0; oh < 2 * Hi; ++oh)
                for (int64_t ow = 0; ow < 2 * Wi; ++ow) {
                    float d = 0;
                    for (int64_t c = 0; c < Ci; ++c)
                        d += x.f[size_t(((n * Ci + c) * Hi + oh / 2) * Wi + ow / 2)] *
                             w[size_t(((c * Mo + m) * 2 + oh % 2) * 2 + ow % 2)];
                    const size_t mi = size_t(m);
                    const float bn = (d + bias[mi] - mean[mi]) / std::sqrt(var[mi] + 1e-5f) * gamma[mi] + beta[mi];
                    EXPECT_NEAR(y[0].f[size_t(((n * Mo + m) * 2 * Hi + oh) * 2 * Wi + ow)], std::max(0.f, bn), 1e-5f)
                        << n << "," << m << "," << oh << "," << ow;
                }
}

// A 1-D ConvTranspose of the same patch form has no patch kernel: its Relu stays a node of its own.
TEST(EngineFusion, OneDimensionalConvTransposeKeepsItsRelu) {
    GraphBuilder g;
    g.m.graphInputs = {{"x", {1, 1, 3}}};
    g.m.graphOutputs = {{"y", {1, 2, 6}}};
    g.constant("w", {1, 2, 2}, {1.f, -1.f, 2.f, 0.5f}); // [C=1, M=2, k=2]
    g.node("ConvTranspose", {"x", "w"}, {"d"}).attrs["strides"] = ints({2});
    g.node("Relu", {"d"}, {"y"});
    Executor ex(g.m);
    Tensor x(qb::DType::F32, {1, 1, 3});
    x.f = {1.f, -2.f, 3.f};
    std::vector<std::string> ops;
    const auto y = ex.run({x}, [&](const qb::GraphNode& node, std::span<const Tensor* const>) { ops.push_back(node.op); });
    EXPECT_EQ(ops, (std::vector<std::string>{"ConvTranspose", "Relu"}));
    // y[m, 2h + i] = relu(x[h] * w[m, i])
    EXPECT_EQ(y[0].f, (qb::engine::FloatStorage{1.f, 0.f, 0.f, 2.f, 3.f, 0.f, 2.f, 0.5f, 0.f, 0.f, 6.f, 1.5f}));
}

// Gemm's row bias is applied before the fused Relu: [[1,2,3],[-4,0,1]] x [[1,0],[0,1],[1,-1]]
// = [[4,-1],[-3,-1]], + C [0.5,2] = [[4.5,1],[-2.5,1]], Relu -> [[4.5,1],[0,1]].
TEST(EngineFusion, GemmBiasThenRelu) {
    GraphBuilder g;
    g.m.graphInputs = {{"a", {2, 3}}};
    g.m.graphOutputs = {{"y", {2, 2}}};
    g.constant("b", {3, 2}, {1, 0, 0, 1, 1, -1});
    g.constant("c", {2}, {0.5f, 2.f});
    g.node("Gemm", {"a", "b", "c"}, {"g"});
    g.node("Relu", {"g"}, {"y"});
    Executor ex(g.m);
    Tensor a(qb::DType::F32, {2, 3});
    a.f = {1, 2, 3, -4, 0, 1};
    EXPECT_EQ(ex.run({a})[0].f, (qb::engine::FloatStorage{4.5f, 1.f, 0.f, 1.f}));
}

// HardSigmoid, then a scalar Mul and Add (fused as one Conv: the clip and a single linear map),
// against the same graph with the Conv's output also a graph output (so nothing fuses), for a
// plain and a depthwise Conv and a negative slope too. oneDNN computed the two eltwise_linear of
// the former post-op chain (HardSigmoid's, then the affine one) with the first one's
// parameters: outputs in [0.5, 0.7] instead of [-0.5, 0.1].
TEST(EngineFusion, HardSigmoidThenScalarAffineMatchesUnfused) {
    for (const int64_t group : {int64_t(1), C})
        for (const float alpha : {0.2f, -0.3f}) {
            const auto build = [&](bool fused) {
                GraphBuilder g;
                g.m.graphInputs = {{"x", {1, C, 6, 6}}};
                g.m.graphOutputs = {{"y", {1, C, 6, 6}}};
                if (!fused) g.m.graphOutputs.push_back({"d", {1, C, 6, 6}});
                std::vector<float> w(size_t(C * (C / group) * 9));
                for (size_t k = 0; k < w.size(); ++k) w[k] = float(int(k % 7) - 3) * 0.3f;
                g.constant("w", {C, C / group, 3, 3}, w);
                g.constant("a", {}, {0.6f});
                g.constant("b", {}, {-0.5f});
                auto& conv = g.node("Conv", {"x", "w"}, {"d"});
                conv.attrs["group"] = qb::Attribute{qb::Attribute::Kind::Int, group};
                conv.attrs["pads"] = ints({1, 1, 1, 1});
                auto& hs = g.node("HardSigmoid", {"d"}, {"h"});
                hs.attrs["alpha"] = qb::Attribute{qb::Attribute::Kind::Float, 0, alpha};
                g.node("Mul", {"h", "a"}, {"m"});
                g.node("Add", {"m", "b"}, {"y"});
                return g;
            };
            Tensor x(qb::DType::F32, {1, C, 6, 6});
            for (size_t k = 0; k < x.f.size(); ++k) x.f[k] = float(int(k % 11) - 5) * 0.7f;
            const GraphBuilder fusedGraph = build(true), plainGraph = build(false);
            Executor fused(fusedGraph.m), plain(plainGraph.m);
            std::vector<std::string> ops;
            const auto y = fused.run({x}, [&](const qb::GraphNode& n, std::span<const Tensor* const>) { ops.push_back(n.op); })[0];
            EXPECT_EQ(ops, std::vector<std::string>{"Conv"});
            const auto want = plain.run({x})[0];
            float lo = 1e9f, hi = -1e9f;
            for (size_t k = 0; k < y.f.size(); ++k) {
                ASSERT_NEAR(y.f[k], want.f[k], 1e-6f) << "group " << group << ", alpha " << alpha << ", at " << k;
                lo = std::min(lo, y.f[k]);
                hi = std::max(hi, y.f[k]);
            }
            EXPECT_FLOAT_EQ(lo, -0.5f); // 0.6 * [0, 1] - 0.5, both ends reached
            EXPECT_FLOAT_EQ(hi, 0.1f);
        }
}

} // namespace
