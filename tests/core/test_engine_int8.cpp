// True int8 (W8A8) execution: int8 Conv, Gemm and MatMul against an exact integer reference on
// full-range data, the no-VNNI int16 saturation and the reduced range that avoids it, and whole
// models (mnist-12 top-1, squeezenet agreement with fp32).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <span>
#include <tuple>

#include "core/calib/graph_calibration.h"
#include "core/domain/calibration.h"
#include "core/engine/cpu_isa.h"
#include "core/engine/graph_executor.h"
#include "core/engine/graph_fusion.h"
#include "core/eval/agreement.h"
#include "core/eval/classifier_eval.h"
#include "core/datasets/idx_dataset.h"
#include "core/formats/onnx_reader.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/apply_quantized.h"
#include "core/quant/effective_weight.h"
#include "core/quant/rtn.h"
#include "core/util/error.h"
#include "engine_test_support.h"
#include "int8_test_support.h"
#include "ort/model_inputs.h"
#include "test_support.h"

namespace {

using qb::engine::ActivationRange;
using qb::engine::Executor;
using qb::engine::Int8Options;
using qb::engine::Tensor;
using qb::quant::ActivationQuant;
using qb::quant::QuantizedLayer;
using qb::test::maxAbs;
using qb::test::chainsOnThisCpu;
using qb::test::kNoChainsReason;
using qb::test::maxDiff;

// ------------------------------------------------------------------ hand-built int8 layers

// int8_channel_sym bytes per scheme.h: an fp16 scale per row, then u = q + 128 per weight. Row r's
// scale is 2^-(6 + r % 3), whose fp16 bits are (15 - 6 - r % 3) << 10 (sign 0, mantissa 0).
struct HandLayer {
    int64_t rows, cols;
    std::vector<int> q;          // [-127, 127]
    std::vector<double> scale;
    QuantizedLayer layer;
};

HandLayer handLayer(const std::string& name, int64_t rows, int64_t cols, std::mt19937& rng, const ActivationQuant& a) {
    HandLayer h{rows, cols, {}, {}, {}};
    std::uniform_int_distribution<int> code(-127, 127);
    h.layer.name = name;
    h.layer.method = "rtn";
    h.layer.activation = a;
    auto& t = h.layer.weight;
    t.scheme = &qb::quant::scheme("int8_channel_sym");
    t.rows = rows;
    t.cols = cols;
    for (int64_t r = 0; r < rows; ++r) {
        const int e = 6 + int(r % 3);
        h.scale.push_back(std::ldexp(1.0, -e));
        const uint16_t bits = uint16_t((15 - e) << 10);
        t.bytes.push_back(uint8_t(bits & 0xff));
        t.bytes.push_back(uint8_t(bits >> 8));
    }
    for (int64_t k = 0; k < rows * cols; ++k) {
        // Every row holds both extremes, so each dot product meets full-magnitude weights.
        const int64_t c = k % cols;
        const int q = c == 0 ? 127 : c == 1 ? -127 : code(rng);
        h.q.push_back(q);
        t.bytes.push_back(uint8_t(q + 128));
    }
    return h;
}

// Activations on the engine's grid: codes spanning 0..maxCode (both ends present), x = (u - z) * s.
struct GridInput {
    std::vector<int> u;
    Tensor x;
};

GridInput gridInput(const qb::engine::ActivationGrid& g, const qb::engine::Shape& shape, std::mt19937& rng) {
    GridInput in{{}, Tensor(qb::DType::F32, shape)};
    std::uniform_int_distribution<int> code(0, g.maxCode);
    for (size_t k = 0; k < in.x.f.size(); ++k) {
        const int u = k % 7 == 0 ? g.maxCode : k % 7 == 1 ? 0 : code(rng);
        in.u.push_back(u);
        in.x.f[k] = float(u - g.zero) * g.scale;
    }
    return in;
}

// A 3x3 pad-1 Conv [N,C,H,W] -> [N,M,H,W] with bias, run in int8 with range `r`; returns the worst
// error against the exact result on the grid's codes and that result's largest magnitude.
std::pair<double, double> convError(ActivationRange r, const ActivationQuant& a) {
    const int64_t N = 2, C = 32, H = 7, W = 9, M = 8;
    std::mt19937 rng(7);
    HandLayer h = handLayer("w", M, C * 9, rng, a);
    std::vector<float> wf, bias;
    for (int64_t k = 0; k < M * C * 9; ++k) wf.push_back(float(h.q[size_t(k)] * h.scale[size_t(k / (C * 9))]));
    for (int64_t m = 0; m < M; ++m) bias.push_back(0.25f * float(m) - 1.f);
    qb::test::GraphBuilder g;
    g.constant("w", {M, C, 3, 3}, wf);
    g.constant("b", {M}, bias);
    auto& conv = g.node("Conv", {"x", "w", "b"}, {"y"});
    qb::Attribute pads;
    pads.kind = qb::Attribute::Kind::Ints;
    pads.ints = {1, 1, 1, 1};
    conv.attrs["pads"] = pads;
    g.m.graphInputs = {{"x", {N, C, H, W}}};
    g.m.graphOutputs = {{"y", {N, M, H, W}}};
    const auto grid = qb::engine::activationGrid(a, qb::engine::maxActivationCode(r), "x");
    const GridInput in = gridInput(grid, {N, C, H, W}, rng);

    Executor ex(g.m, Int8Options{{h.layer}, r});
    const auto y = ex.run({in.x})[0];
    std::vector<double> want(size_t(N * M * H * W));
    for (int64_t n = 0; n < N; ++n)
        for (int64_t m = 0; m < M; ++m)
            for (int64_t i = 0; i < H; ++i)
                for (int64_t j = 0; j < W; ++j) {
                    double acc = 0; // in real values: q * s_w * (u - z) * s_a, zero outside the image
                    for (int64_t c = 0; c < C; ++c)
                        for (int64_t di = 0; di < 3; ++di)
                            for (int64_t dj = 0; dj < 3; ++dj) {
                                const int64_t yi = i + di - 1, xj = j + dj - 1;
                                if (yi < 0 || yi >= H || xj < 0 || xj >= W) continue;
                                const int u = in.u[size_t(((n * C + c) * H + yi) * W + xj)];
                                acc += double(h.q[size_t(((m * C + c) * 3 + di) * 3 + dj)]) * double(u - grid.zero);
                            }
                    want[size_t(((n * M + m) * H + i) * W + j)] = acc * h.scale[size_t(m)] * grid.scale + bias[size_t(m)];
                }
    return {maxDiff(y.f, want), maxAbs(want)};
}

// Gemm (transB, B stored [N,K]: the layer's orientation) + bias + fused Relu, or MatMul (B stored
// [K,N], the layer holds its transpose), on A [M,K].
std::pair<double, double> matmulError(ActivationRange r, const ActivationQuant& a, bool gemm) {
    const int64_t M = 5, K = 96, N = 12;
    std::mt19937 rng(11);
    HandLayer h = handLayer("B", N, K, rng, a);
    std::vector<float> bf(size_t(K * N)), bias;
    for (int64_t n = 0; n < N; ++n)
        for (int64_t k = 0; k < K; ++k) {
            const float v = float(h.q[size_t(n * K + k)] * h.scale[size_t(n)]);
            bf[size_t(gemm ? n * K + k : k * N + n)] = v;
        }
    for (int64_t n = 0; n < N; ++n) bias.push_back(0.5f * float(n % 4) - 0.75f);
    qb::test::GraphBuilder g;
    if (gemm) {
        g.constant("B", {N, K}, bf);
        g.constant("C", {N}, bias);
        auto& node = g.node("Gemm", {"A", "B", "C"}, {"t"});
        qb::Attribute tb;
        tb.i = 1;
        node.attrs["transB"] = tb;
        g.node("Relu", {"t"}, {"y"});
    } else {
        g.constant("B", {K, N}, bf);
        g.node("MatMul", {"A", "B"}, {"y"});
    }
    g.m.graphInputs = {{"A", {M, K}}};
    g.m.graphOutputs = {{"y", {M, N}}};
    const auto grid = qb::engine::activationGrid(a, qb::engine::maxActivationCode(r), "A");
    const GridInput in = gridInput(grid, {M, K}, rng);

    Executor ex(g.m, Int8Options{{h.layer}, r});
    const auto y = ex.run({in.x})[0];
    std::vector<double> want(size_t(M * N));
    for (int64_t m = 0; m < M; ++m)
        for (int64_t n = 0; n < N; ++n) {
            double acc = 0;
            for (int64_t k = 0; k < K; ++k)
                acc += double(h.q[size_t(n * K + k)]) * double(in.u[size_t(m * K + k)] - grid.zero);
            const double v = acc * h.scale[size_t(n)] * grid.scale + (gemm ? bias[size_t(n)] : 0.0);
            want[size_t(m * N + n)] = gemm ? std::max(v, 0.0) : v;
        }
    return {maxDiff(y.f, want), maxAbs(want)};
}

// Unsigned activations (after ReLU) and asymmetric ones with a zero point.
const ActivationQuant kUnsigned{8, 0.03125f, 0, true};
const ActivationQuant kAsymmetric{8, 0.0625f, 96, true};

// Float rounding only: the result is an exact int32 sum times one f32 scale, plus the bias.
constexpr double kRounding = 1e-6;

TEST(EngineInt8, GridFromLayerRange) {
    // Hand arithmetic: 8-bit codes onto 0..127 keep the real range, scale * 255 / 127; zero
    // points scale alike (96 * 127 / 255 = 47.8 -> 48); signed codes shift by 128 (or 64).
    const auto full = qb::engine::activationGrid(kAsymmetric, 255, "t");
    EXPECT_FLOAT_EQ(full.scale, 0.0625f);
    EXPECT_EQ(full.zero, 96);
    const auto reduced = qb::engine::activationGrid(kUnsigned, 127, "t");
    EXPECT_FLOAT_EQ(reduced.scale, float(0.03125 * 255 / 127));
    EXPECT_EQ(reduced.zero, 0);
    EXPECT_EQ(qb::engine::activationGrid(kAsymmetric, 127, "t").zero, 48);
    const ActivationQuant sym{8, 0.5f, 0, false};
    EXPECT_EQ(qb::engine::activationGrid(sym, 255, "t").zero, 128);
    EXPECT_EQ(qb::engine::activationGrid(sym, 127, "t").zero, 64);
    EXPECT_THROW(qb::engine::activationGrid(ActivationQuant{8, 0.f, 0, true}, 255, "t"), qb::Error);
    EXPECT_THROW(qb::engine::activationGrid(ActivationQuant{8, 1.f, 300, true}, 255, "t"), qb::Error);
}

TEST(EngineInt8, ConvMatchesExactIntegerReferenceOnFullRangeData) {
    std::printf("%s\n", qb::engine::int8Summary().c_str());
    for (const auto& a : {kUnsigned, kAsymmetric}) {
        const auto [err, mag] = convError(ActivationRange::Auto, a);
        std::printf("conv zero %d: max error %.3g of max |y| %.3g\n", a.zero, err, mag);
        EXPECT_LE(err, kRounding * mag);
    }
}

TEST(EngineInt8, GemmAndMatMulMatchExactIntegerReferenceOnFullRangeData) {
    for (const bool gemm : {true, false})
        for (const auto& a : {kUnsigned, kAsymmetric}) {
            const auto [err, mag] = matmulError(ActivationRange::Auto, a, gemm);
            std::printf("%s zero %d: max error %.3g of max |y| %.3g\n", gemm ? "gemm" : "matmul", a.zero, err, mag);
            EXPECT_LE(err, kRounding * mag);
        }
}

// Full-range u8 codes: exact with VNNI; without, the int16 pair sums saturate.
void expectFullRange(bool exact) {
    const auto [ce, cm] = convError(ActivationRange::Full, kUnsigned);
    const auto [me, mm] = matmulError(ActivationRange::Full, kUnsigned, false);
    std::printf("full-range u8: conv max error %.4g (max |y| %.4g), matmul %.4g (%.4g)\n", ce, cm, me, mm);
    if (exact) {
        EXPECT_LE(ce, kRounding * cm);
        EXPECT_LE(me, kRounding * mm);
    } else {
        EXPECT_GT(ce, 1e-3 * cm);
        EXPECT_GT(me, 1e-3 * mm);
    }
}

TEST(EngineInt8, FullRangeIsExactOnlyWithVnni) {
    expectFullRange(qb::engine::int8Isa().vnni);
}

// Runs in a child whose oneDNN is capped at AVX2: 0 when the reduced range is exact there and the
// full range is not.
int reducedRangeOnAvx2() {
    const bool vnni = qb::engine::int8Isa().vnni;
    const auto [ce, cm] = convError(ActivationRange::Auto, kAsymmetric);
    const auto [me, mm] = matmulError(ActivationRange::Auto, kUnsigned, true);
    const auto [fe, fm] = convError(ActivationRange::Full, kUnsigned);
    std::fprintf(stderr, "%s; reduced: conv %.3g/%.3g gemm %.3g/%.3g; full-range conv %.4g/%.4g\n",
                 qb::engine::int8Summary().c_str(), ce, cm, me, mm, fe, fm);
    return !vnni && ce <= kRounding * cm && me <= kRounding * mm && fe > 1e-3 * fm ? 0 : 1;
}

// The no-VNNI path on any AVX2 CPU: ONEDNN_MAX_CPU_ISA must be set before oneDNN starts, so the
// check runs in a fresh child process (a threadsafe death test re-executes this binary).
TEST(EngineInt8, WithoutVnniSaturatesFullRangeAndReducedRangeIsExact) {
    if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "no AVX2";
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    ::setenv("ONEDNN_MAX_CPU_ISA", "AVX2", 1);
    EXPECT_EXIT(std::exit(reducedRangeOnAvx2()), testing::ExitedWithCode(0), "avx2 without VNNI, 7-bit");
    ::unsetenv("ONEDNN_MAX_CPU_ISA");
}

TEST(EngineInt8, RejectsLayersItCannotRun) {
    std::mt19937 rng(3);
    qb::test::GraphBuilder g;
    g.constant("B", {4, 3}, std::vector<float>(12, 0.5f));
    g.node("MatMul", {"A", "B"}, {"y"});
    g.m.graphInputs = {{"A", {2, 4}}};
    g.m.graphOutputs = {{"y", {2, 3}}};
    // No node takes "nope" as weights.
    EXPECT_THROW(Executor(g.m, Int8Options{{handLayer("nope", 3, 4, rng, kUnsigned).layer}}), qb::Error);
    // Wrong orientation: MatMul B [4,3] is the layer [3,4].
    Executor wrong(g.m, Int8Options{{handLayer("B", 4, 3, rng, kUnsigned).layer}});
    EXPECT_THROW(wrong.run({Tensor(qb::DType::F32, {2, 4})}), qb::Error);
    // No activation range.
    auto noAct = handLayer("B", 3, 4, rng, kUnsigned).layer;
    noAct.activation.reset();
    EXPECT_THROW(Executor(g.m, Int8Options{{noAct}}), qb::Error);
    // Code 0 is not a symmetric code.
    auto bad = handLayer("B", 3, 4, rng, kUnsigned).layer;
    bad.weight.bytes.back() = 0;
    Executor badEx(g.m, Int8Options{{bad}});
    EXPECT_THROW(badEx.run({Tensor(qb::DType::F32, {2, 4})}), qb::Error);
}


// Depthwise 3x3 Conv + `act` + a scalar affine map (PP-OCRv4's learnable affine blocks, fused into
// the Conv as kFusedLinear), read by a 1x1 int8 Conv: the chained depthwise Conv writes the 1x1's
// codes. Relative L2 between the chained and unchained outputs. Before fusedPostOps() composed
// the codes' map with the affine one (and HardSigmoid's), oneDNN computed the second
// eltwise_linear with the first one's parameters: 0.97 (HardSwish, Relu), 0.99 (Sigmoid, HardSigmoid).
double chainedAffineBlockError(const std::string& act) {
    constexpr int64_t C = 16, H = 24, W = 24;
    qb::test::GaussianValues random(7);
    qb::test::GraphBuilder g;
    g.m.graphInputs = {{"x", {1, C, H, W}}};
    g.m.graphOutputs = {{"y", {1, C, H, W}}};
    g.constant("dw_w", {C, 1, 3, 3}, random(size_t(C * 9), 0.5f));
    g.constant("dw_b", {C}, random(size_t(C), 0.2f));
    g.constant("pw_w", {C, C, 1, 1}, random(size_t(C * C), 0.3f));
    g.constant("a", {}, {0.6f});
    g.constant("b", {}, {-0.5f});
    auto& dw = g.node("Conv", {"x", "dw_w", "dw_b"}, {"d"});
    dw.attrs["group"] = qb::Attribute{qb::Attribute::Kind::Int, C};
    qb::Attribute pads;
    pads.kind = qb::Attribute::Kind::Ints;
    pads.ints = {1, 1, 1, 1};
    dw.attrs["pads"] = pads;
    g.node(act, {"d"}, {"h"});
    g.node("Mul", {"h", "a"}, {"m"});
    g.node("Add", {"m", "b"}, {"s"});
    g.node("Conv", {"s", "pw_w"}, {"y"});
    for (auto& t : g.m.tensors) {
        t.kind = "Conv";
        t.quantizable = t.name.find("_w") != std::string::npos;
    }
    Tensor x(qb::DType::F32, {1, C, H, W});
    const auto xv = random(size_t(C * H * W), 2.f);
    x.f.assign(xv.begin(), xv.end());
    Executor fp(g.m);
    qb::test::ActivationRanges ranges;
    fp.run({x}, [&](const qb::GraphNode& n, std::span<const Tensor* const> in) {
        if (n.op != "Conv" || in.size() < 2 || !in[0]) return;
        const auto src = n.attrs.find(qb::engine::kWeightSource);
        auto& r = ranges[src != n.attrs.end() ? src->second.s : n.inputs[1]];
        for (const float v : in[0]->f) r = {std::min(r.first, double(v)), std::max(r.second, double(v))};
    });
    const auto layers = qb::test::w8a8Layers(g.m, ranges, true);
    EXPECT_EQ(layers.size(), 2u);
    Executor chained(g.m, Int8Options{layers}), plain(g.m, Int8Options{.layers = layers, .chain = false});
    if (!chainsOnThisCpu()) {
        EXPECT_EQ(chained.chainedInt8Layers(), 0u);
        return 0; // the test reports the skip
    }
    EXPECT_EQ(chained.chainedInt8Layers(), 1u);
    const auto yc = chained.run({x})[0], yp = plain.run({x})[0];
    double num = 0, den = 0;
    for (size_t k = 0; k < yp.f.size(); ++k) {
        num += (double(yc.f[k]) - yp.f[k]) * (double(yc.f[k]) - yp.f[k]);
        den += double(yp.f[k]) * yp.f[k];
    }
    return std::sqrt(num / den);
}

TEST(EngineInt8, ChainedConvWithActivationAndAffineMatchesUnchained) {
    if (!chainsOnThisCpu()) {
        (void)chainedAffineBlockError("Relu"); // still checks that nothing is chained
        GTEST_SKIP() << kNoChainsReason;
    }
    for (const std::string act : {"HardSwish", "Relu", "Sigmoid", "HardSigmoid"}) {
        const double e = chainedAffineBlockError(act);
        std::printf("depthwise Conv + %s + affine chained into a 1x1 Conv: relative L2 to unchained %.5f\n", act.c_str(), e);
        EXPECT_LT(e, 0.01) << act;
    }
}

// ------------------------------------------------------------------ real models

// W8A8 layers (int8_test_support.h) over the ranges calibrateGraph measured.
std::vector<QuantizedLayer> w8a8Layers(const qb::Model& m, const qb::Calibration& cal) {
    qb::test::ActivationRanges ranges;
    for (const auto& l : cal.layers) ranges[l.name] = {l.activation.min, l.activation.max};
    return qb::test::w8a8Layers(m, ranges);
}

TEST(EngineInt8, Mnist12W8A8Top1WithinPointThreeOfFp32) {
    // fp32 9891/10000 on raw pixels: ../shared/models/PROVENANCE.md. Calibrated on 256 t10k images
    // (the only MNIST split in ../shared/data).
    const qb::Model m = qb::readOnnx(qb::test::model("onnx/mnist-12.onnx"));
    const auto data = qb::readIdxDataset(qb::test::shared("data/mnist"));
    const qb::Preprocess pre;
    qb::CalibrationSettings cs;
    cs.samples = 256;
    cs.seed = 1;
    const auto layers = w8a8Layers(m, qb::calibrateGraph(m, data, pre, cs));
    ASSERT_EQ(layers.size(), 3u); // two Convs and the final MatMul
    Executor fp(m), q(m, Int8Options{layers});
    const auto rf = qb::evaluateClassifier(fp, data, pre, 0, 256);
    const auto rq = qb::evaluateClassifier(q, data, pre, 0, 256);
    std::printf("%s\nmnist-12 top-1: fp32 %lld/10000, W8A8 int8 %lld/10000\n", qb::engine::int8Summary().c_str(),
                (long long)rf.counts.top1, (long long)rq.counts.top1);
    EXPECT_EQ(rf.counts.top1, 9891);
    EXPECT_LE(std::abs(rq.counts.top1 - rf.counts.top1), 30);
}

// Chained int8 Convs (the producer writes its readers' codes, through a Concat too) compute what
// the unchained ones do, up to rounding ties.
TEST(EngineInt8, ChainedConvsMatchUnchained) {
    const qb::Model m = qb::readOnnx(qb::test::model("onnx/squeezenet_cifar10.onnx"));
    const auto fashion = qb::readIdxDataset(qb::test::shared("data/fashion-mnist"));
    Tensor x(qb::DType::F32, {64, 32, 32, 3});
    for (int64_t n = 0; n < 64; ++n)
        for (int64_t y = 0; y < 32; ++y)
            for (int64_t c = 0; c < 32; ++c) {
                const bool in = y >= 2 && y < 30 && c >= 2 && c < 30;
                const float v = in ? float(fashion.pixels[size_t((n * 28 + y - 2) * 28 + c - 2)]) / 255.f : 0.f;
                for (int k = 0; k < 3; ++k) x.f[size_t(((n * 32 + y) * 32 + c) * 3 + k)] = v;
            }
    Executor fp(m);
    qb::test::ActivationRanges ranges;
    fp.run({x}, [&](const qb::GraphNode& n, std::span<const Tensor* const> in) {
        if (n.op != "Conv" || in.size() < 2 || !in[0]) return;
        const auto src = n.attrs.find(qb::engine::kWeightSource);
        auto& r = ranges[src != n.attrs.end() ? src->second.s : n.inputs[1]];
        for (const float v : in[0]->f) r = {std::min(r.first, double(v)), std::max(r.second, double(v))};
    });
    const auto layers = qb::test::w8a8Layers(m, ranges);
    ASSERT_EQ(layers.size(), 11u);
    Executor chained(m, Int8Options{layers}), plain(m, Int8Options{.layers = layers, .chain = false});
    if (!chainsOnThisCpu()) {
        EXPECT_EQ(chained.chainedInt8Layers(), 0u); // reduced range quantizes by hand: no chains
        GTEST_SKIP() << kNoChainsReason;
    }
    // The squeeze convs of the three fire modules feed both expand convs; the expand convs feed a
    // Concat that only an int8 Conv reads (the next squeeze, or conv10): 3 + 6.
    EXPECT_EQ(chained.chainedInt8Layers(), 9u);
    EXPECT_EQ(plain.chainedInt8Layers(), 0u);
    const auto yc = chained.run({x})[0], yp = plain.run({x})[0];
    const auto agree = qb::compareOutputs(yp.f, yc.f, 10);
    std::printf("squeezenet chained vs unchained int8: top-1 agreement %.4f, SQNR %.1f dB\n", agree.top1Agreement,
                agree.sqnrDb);
    EXPECT_GE(agree.top1Agreement, 0.98);
    EXPECT_GE(agree.sqnrDb, 35.0);
    // An observer reads every plain value: the chained codes come back as their values (not as
    // codes), close to the unchained run's f32 values at every Conv input.
    const auto convInputs = [&](Executor& ex) {
        std::map<std::string, std::vector<float>> seen;
        ex.run({x}, [&](const qb::GraphNode& n, std::span<const Tensor* const> in) {
            if (n.op == "Conv" && !in.empty() && in[0]) seen[n.name].assign(in[0]->f.begin(), in[0]->f.end());
        });
        return seen;
    };
    const auto sc = convInputs(chained), sp = convInputs(plain);
    ASSERT_EQ(sc.size(), sp.size());
    for (const auto& [name, v] : sp) {
        const auto& w = sc.at(name);
        ASSERT_EQ(w.size(), v.size()) << name;
        double signal = 0, noise = 0;
        for (size_t i = 0; i < v.size(); ++i) {
            signal += double(v[i]) * v[i];
            noise += (double(w[i]) - v[i]) * (double(w[i]) - v[i]);
        }
        EXPECT_GT(10 * std::log10(signal / std::max(noise, 1e-30)), 30.0) << name;
    }
}

// PaddleOCR's direction classifier (MobileNetV3: SE blocks, hard_swish, residual sums) with the
// grids `quantize` gives: its SE Muls write the projection Convs' codes, and the chained run
// classifies as the unchained one does.
TEST(EngineInt8, SeBlockMulsWriteCodesAsUnchained) {
    const std::string file = "ch_ppocr_mobile_v2.0_cls_infer.onnx";
    const qb::Model m = qb::readOnnx(qb::test::model("onnx/" + file));
    Executor fp(m);
    const qb::ortref::ImageSets images{qb::readIdxDataset(qb::test::shared("data/mnist")),
                                       qb::readIdxDataset(qb::test::shared("data/fashion-mnist"))};
    const Tensor x = qb::ortref::modelInputs(file, fp.inputs()[0].name, images, {16})[0].tensor;
    qb::test::ActivationRanges ranges;
    fp.run({x}, [&](const qb::GraphNode& n, std::span<const Tensor* const> in) {
        if ((n.op != "Conv" && n.op != "Gemm" && n.op != "MatMul") || in.size() < 2 || !in[0]) return;
        const auto src = n.attrs.find(qb::engine::kWeightSource);
        auto& r = ranges[src != n.attrs.end() ? src->second.s : n.inputs[1]];
        for (const float v : in[0]->f) r = {std::min(r.first, double(v)), std::max(r.second, double(v))};
    });
    const auto layers = qb::test::w8a8Layers(m, ranges, true);
    Executor chained(m, Int8Options{layers}), plain(m, Int8Options{.layers = layers, .chain = false});
    EXPECT_EQ(plain.codeNodes(), 0u);
    if (!chainsOnThisCpu()) {
        EXPECT_EQ(chained.codeNodes(), 0u);
        GTEST_SKIP() << kNoChainsReason;
    }
    EXPECT_GE(chained.codeNodes(), 5u); // at least one SE block per stage
    const auto yc = chained.run({x})[0], yp = plain.run({x})[0], yf = fp.run({x})[0];
    ASSERT_EQ(yc.shape, (qb::engine::Shape{16, 2}));
    double worst = 0, meanFp = 0;
    for (size_t k = 0; k < yc.f.size(); ++k) {
        worst = std::max(worst, std::abs(double(yc.f[k]) - yp.f[k]));
        meanFp += std::abs(double(yc.f[k]) - yf.f[k]) / double(yc.f.size());
    }
    std::printf("cls chained vs unchained int8: largest probability difference %.4f (mean vs fp32 %.4f)\n", worst, meanFp);
    EXPECT_LT(worst, 0.02);
    // Min-max grids on these out-of-domain pages (digits, not text lines, most near 0.5) move
    // probabilities by 0.07 on average; a broken int8 path moves them by far more.
    EXPECT_LT(meanFp, 0.15);
    for (int64_t n = 0; n < 16; ++n)
        EXPECT_EQ(yc.f[size_t(2 * n)] > yc.f[size_t(2 * n + 1)], yp.f[size_t(2 * n)] > yp.f[size_t(2 * n + 1)]) << n;
}

// PaddleOCR models quantized W8A8 as `quantbench-cli quantize --bits 8 --act-bits 8` does
// (calibrateGraph on model_inputs.h pages, pipeline::quantize), run chained (the evaluation
// default) and unchained: relative L2 between the two outputs, and of each against fp32.
struct OcrW8A8 {
    double chainedVsPlain, plainVsFp32, chainedNorm;
    size_t chained, actLayers, weightOnly;
};

OcrW8A8 ocrW8A8(const std::string& file, const qb::ortref::InputSize& calibration, const qb::ortref::InputSize& probe) {
    const auto m = std::make_shared<const qb::Model>(qb::readOnnx(qb::test::model("onnx/" + file)));
    const qb::ortref::ImageSets images{qb::readIdxDataset(qb::test::shared("data/mnist")),
                                       qb::readIdxDataset(qb::test::shared("data/fashion-mnist"))};
    const std::string input = m->graphInputs[0].name;
    // The pages as an ImageDataset: channels last, already normalised.
    const Tensor t = qb::ortref::modelInputs(file, input, images, calibration)[0].tensor;
    const int64_t n = t.shape[0], c = t.shape[1], h = t.shape.size() > 2 ? t.shape[2] : 1, w = t.shape.size() > 3 ? t.shape[3] : 1;
    qb::ImageDataset d;
    d.count = n, d.channels = c, d.rows = h, d.cols = w;
    d.values.resize(t.f.size());
    for (int64_t k = 0; k < n; ++k)
        for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t y = 0; y < h; ++y)
                for (int64_t x = 0; x < w; ++x)
                    d.values[size_t(((k * h + y) * w + x) * c + ch)] = t.f[size_t(((k * c + ch) * h + y) * w + x)];
    qb::CalibrationSettings cs;
    cs.samples = n;
    qb::Project base = qb::pipeline::newProject(*m, {});
    base.calibration = qb::calibrateGraph(*m, d, {}, cs);
    qb::quant::PlanSettings s;
    s.bits = 8;
    s.method = "rtn";
    s.actBits = 8;
    qb::pipeline::QuantizeRequest r;
    r.plan = qb::quant::uniformPlan(s);
    r.planSource = "test plan";
    const qb::Project p = qb::pipeline::quantize(m, std::move(base), r, {}).project;
    const auto q = qb::quant::quantizedModel(*m, p.quantization->layers);
    OcrW8A8 o{};
    o.actLayers = q.activationLayers.size();
    o.weightOnly = p.quantization->layers.size() - o.actLayers;
    const Tensor x = qb::ortref::modelInputs(file, input, images, probe)[0].tensor;
    Executor fp(*m), chained(q.model, Int8Options{q.activationLayers}),
        plain(q.model, Int8Options{.layers = q.activationLayers, .chain = false});
    o.chained = chained.chainedInt8Layers();
    const auto yf = fp.run({x})[0], yc = chained.run({x})[0], yp = plain.run({x})[0];
    const auto relL2 = [](const auto& ref, const auto& v) {
        double num = 0, den = 0;
        for (size_t k = 0; k < ref.size(); ++k) {
            num += (double(v[k]) - ref[k]) * (double(v[k]) - ref[k]);
            den += double(ref[k]) * ref[k];
        }
        return std::sqrt(num / std::max(den, 1e-30));
    };
    o.chainedVsPlain = relL2(yp.f, yc.f);
    o.plainVsFp32 = relL2(yf.f, yp.f);
    for (const float v : yc.f) o.chainedNorm += double(v) * v;
    o.chainedNorm = std::sqrt(o.chainedNorm);
    std::printf("%s W8A8 from pipeline::quantize: %zu layers with activations, %zu weight-only, %zu chained; "
                "chained vs unchained relative L2 %.3g, unchained vs fp32 %.4f, chained output norm %.4g\n",
                file.c_str(), o.actLayers, o.weightOnly, o.chained, o.chainedVsPlain, o.plainVsFp32, o.chainedNorm);
    return o;
}

// PP-OCRv4 det: its learnable affine blocks (act(conv) * a + b) chained gave an output of norm
// 2.8e-10 (unchained 44) before fusedPostOps() composed the codes' map with the affine one; now
// the chained codes are the unchained ones (measured 0 here). Its two ConvTranspose are of the
// patch form (kernel = strides), so they get grids too and every layer runs int8.
TEST(EngineInt8, PaddleOcrDetW8A8FromPipelineChainedMatchesUnchained) {
    const OcrW8A8 o = ocrW8A8("ch_PP-OCRv4_det_infer.onnx", {8, 0, 96, 160}, {1, 20, 96, 160});
    EXPECT_EQ(o.weightOnly, 0u);
    EXPECT_EQ(o.actLayers, 64u);
    if (qb::engine::maxActivationCode(ActivationRange::Auto) >= 255) EXPECT_GE(o.chained, 40u);
    EXPECT_LT(o.chainedVsPlain, 1e-3);
    EXPECT_LT(o.plainVsFp32, 0.35); // measured 0.17 (ONNX QDQ test): grids from 8 digit pages
}

// PaddleOCR cls (MobileNetV3, no ConvTranspose): every layer gets a grid, chained as unchained.
TEST(EngineInt8, PaddleOcrClsW8A8FromPipelineChainedMatchesUnchained) {
    const OcrW8A8 o = ocrW8A8("ch_ppocr_mobile_v2.0_cls_infer.onnx", {32, 0}, {8, 40});
    EXPECT_EQ(o.weightOnly, 0u);
    EXPECT_LT(o.chainedVsPlain, 1e-3);
    EXPECT_LT(o.plainVsFp32, 0.35);
}

// squeezenet_cifar10 ([N,32,32,3]) on Fashion-MNIST images padded by 2, grey in all channels
// (no CIFAR images in ../shared/data): int8 outputs against fp32 on the same images.
TEST(EngineInt8, SqueezenetW8A8AgreesWithFp32) {
    const qb::Model m = qb::readOnnx(qb::test::model("onnx/squeezenet_cifar10.onnx"));
    const auto fashion = qb::readIdxDataset(qb::test::shared("data/fashion-mnist"));
    qb::ImageDataset rgb;
    rgb.count = 1000;
    rgb.rows = rgb.cols = 32;
    rgb.channels = 3;
    for (int64_t n = 0; n < rgb.count; ++n) {
        rgb.labels.push_back(fashion.labels[size_t(n)]);
        for (int64_t y = 0; y < 32; ++y)
            for (int64_t x = 0; x < 32; ++x) {
                const bool in = y >= 2 && y < 30 && x >= 2 && x < 30;
                const uint8_t v = in ? fashion.pixels[size_t((n * 28 + y - 2) * 28 + x - 2)] : 0;
                for (int c = 0; c < 3; ++c) rgb.pixels.push_back(v);
            }
    }
    qb::Preprocess pre;
    pre.scale = 1.f / 255.f;
    qb::CalibrationSettings cs;
    cs.samples = 256;
    const auto layers = w8a8Layers(m, qb::calibrateGraph(m, rgb, pre, cs));
    ASSERT_EQ(layers.size(), 11u); // every Conv (PROVENANCE: 3x3/2 stem, 3 fire modules, conv10)
    Executor fp(m), q(m, Int8Options{layers});
    Tensor x(qb::DType::F32, {rgb.count, 32, 32, 3});
    for (size_t k = 0; k < x.f.size(); ++k) x.f[k] = float(rgb.pixels[k]) / 255.f;
    const auto yf = fp.run({x})[0], yq = q.run({x})[0];
    const auto agree = qb::compareOutputs(yf.f, yq.f, 10);
    std::printf("squeezenet W8A8 vs fp32 on %lld images: top-1 agreement %.4f, SQNR %.1f dB, KL %.2g\n",
                (long long)agree.samples, agree.top1Agreement, agree.sqnrDb, agree.kl);
    EXPECT_GE(agree.top1Agreement, 0.95);
    EXPECT_GE(agree.sqnrDb, 20.0);
}

} // namespace
