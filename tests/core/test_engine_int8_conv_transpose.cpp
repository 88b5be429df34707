// The patch ConvTranspose (kernel = strides, no pads) in W8A8: it runs int8 as a 1x1 Conv on its
// input codes and a pixel shuffle, against a simulation in doubles, and chained to its int8
// neighbours' codes as unchained.
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
using qb::test::maxAbs;
using qb::test::chainsOnThisCpu;
using qb::test::kNoChainsReason;
using qb::test::maxDiff;

// Conv 3x3 (+ Relu: unsigned input codes; without: signed) -> ConvTranspose (kernel = strides = 2,
// bias) -> Mul by a per-channel constant -> Relu, quantized W8A8 by quantizeModel (int8_channel_sym RTN, calibrated ranges): the patch
// ConvTranspose gets an input grid and runs int8 (a 1x1 Conv on its codes and a pixel shuffle),
// with the Mul folded into its per-channel scales and the Relu fused. Its output is checked
// against a simulation done here in doubles: its observed input quantized onto the engine's grid
// and back, convolved with the dequantized codes (effectiveWeight), plus bias, times the Mul's
// factor, Relu. Before, quantize left it weight-only and the engine ran it in f32, which is its
// full quantization error away from the simulation (printed).
void checkPatchConvTranspose(bool unsignedInput) {
    const int64_t N = 2, C0 = 3, H = 5, W = 6, C = 8, M = 4, k = 2;
    qb::test::GaussianValues random(5);
    qb::test::GraphBuilder g;
    g.m.graphInputs = {{"x", {N, C0, H, W}}};
    g.m.graphOutputs = {{"y", {N, M, H * k, W * k}}};
    g.constant("conv_w", {C, C0, 3, 3}, random(size_t(C * C0 * 9), 0.4f));
    g.constant("conv_b", {C}, random(size_t(C), 0.2f));
    const std::vector<float> wt = random(size_t(C * M * k * k), 0.3f), bt = random(size_t(M), 0.3f);
    const std::vector<float> factor{1.5f, 0.5f, -0.75f, 2.f};
    g.constant("up_w", {C, M, k, k}, wt);
    g.constant("up_b", {M}, bt);
    g.constant("factor", {1, M, 1, 1}, factor);
    g.m.tensors[0].quantizable = g.m.tensors[2].quantizable = true;
    g.m.tensors[2].channelAxis = 1; // ConvTranspose [in, out, kh, kw], as the ONNX reader marks it
    auto& conv = g.node("Conv", {"x", "conv_w", "conv_b"}, {"c"});
    qb::Attribute ints;
    ints.kind = qb::Attribute::Kind::Ints;
    ints.ints = {1, 1, 1, 1};
    conv.attrs["pads"] = ints;
    if (unsignedInput) g.node("Relu", {"c"}, {"a"});
    else g.node("Identity", {"c"}, {"a"});
    ints.ints = {k, k};
    g.node("ConvTranspose", {"a", "up_w", "up_b"}, {"d"}).attrs["strides"] = ints;
    g.node("Mul", {"d", "factor"}, {"e"});
    g.node("Relu", {"e"}, {"y"});
    ASSERT_TRUE(qb::quant::takesQuantizedInput(g.m, g.m.tensors[2]));

    Tensor x(qb::DType::F32, {N, C0, H, W});
    const std::vector<float> xs = random(x.f.size(), 1.f);
    x.f.assign(xs.begin(), xs.end());
    // Calibrated ranges: the Conv's input as it is, the ConvTranspose's observed magnitude
    // shrunk a little so that its extremes saturate, as an MSE clip would.
    double aMax = 0;
    Executor f32(g.m);
    const auto f32Out = f32.run({x}, [&](const qb::GraphNode& n, std::span<const Tensor* const> in) {
        if (n.op == "ConvTranspose")
            for (const float v : in[0]->f) aMax = std::max(aMax, double(std::abs(v)));
    })[0];
    ASSERT_GT(aMax, 0.5);
    qb::Calibration cal;
    std::vector<qb::quant::LayerPlan> plan;
    for (const auto& [name, lo, hi, rows, cols] :
         {std::tuple{"conv_w", -3.0, 3.0, C, C0 * 9}, std::tuple{"up_w", unsignedInput ? 0.0 : -0.9 * aMax, 0.9 * aMax, M, C * k * k}}) {
        qb::LayerStats st;
        st.name = name;
        st.activation.clips[size_t(qb::ClipMethod::Mse)] = {qb::ClipMethod::Mse, lo, hi, 40.0};
        cal.layers.push_back(st);
        qb::quant::LayerPlan lp;
        lp.name = name;
        lp.rows = rows;
        lp.cols = cols;
        lp.scheme = &qb::quant::scheme("int8_channel_sym");
        lp.method = "rtn";
        lp.actBits = 8;
        plan.push_back(lp);
    }
    const auto layers = qb::quant::quantizeModel(g.m, plan, {.calibration = &cal});
    ASSERT_EQ(layers.size(), 2u);
    ASSERT_TRUE(layers[1].activation.has_value()) << "the patch ConvTranspose stayed weight-only";

    Executor ex(g.m, Int8Options{.layers = layers});
    std::vector<std::string> int8Ops;
    for (size_t n = 0; n < ex.nodes().size(); ++n)
        if (ex.runsInt8(n)) int8Ops.push_back(ex.nodes()[n].op);
    EXPECT_EQ(int8Ops, (std::vector<std::string>{"Conv", "ConvTranspose"}));
    std::vector<float> a; // the ConvTranspose's input in this run (the int8 Conv's output)
    ex.setProfiling(true);
    const auto y = ex.run({x}, [&](const qb::GraphNode& n, std::span<const Tensor* const> in) {
        if (n.op == "ConvTranspose") a.assign(in[0]->f.begin(), in[0]->f.end());
    })[0];
    for (const auto& p : ex.profile())
        if (p.op == "ConvTranspose") EXPECT_TRUE(p.src == "u8" || p.src == "s8") << p.src << " " << p.impl;
    ASSERT_EQ(a.size(), size_t(N * C * H * W));
    ASSERT_EQ(y.shape, (qb::engine::Shape{N, M, H * k, W * k}));

    const auto grid = qb::engine::activationGrid(*layers[1].activation, qb::engine::maxActivationCode(ActivationRange::Auto), "a");
    const std::vector<float> wq = qb::quant::effectiveWeight(layers[1]); // [M, C * k * k]
    std::vector<double> want(y.f.size());
    for (int64_t n = 0; n < N; ++n)
        for (int64_t m = 0; m < M; ++m)
            for (int64_t i = 0; i < H * k; ++i)
                for (int64_t j = 0; j < W * k; ++j) {
                    double acc = bt[size_t(m)];
                    for (int64_t c = 0; c < C; ++c) {
                        const double v = a[size_t(((n * C + c) * H + i / k) * W + j / k)];
                        const double u = std::clamp(std::nearbyint(v / grid.scale) + grid.zero, 0.0, double(grid.maxCode));
                        acc += (u - grid.zero) * grid.scale * wq[size_t(m * C * k * k + c * k * k + (i % k) * k + j % k)];
                    }
                    want[size_t(((n * M + m) * H * k + i) * W * k + j)] = std::max(0.0, acc * factor[size_t(m)]);
                }
    const double mag = maxAbs(want), err = maxDiff(y.f, want), f32Err = maxDiff(f32Out.f, want);
    std::printf("patch ConvTranspose W8A8 (%s input, grid scale %.4g, zero %d, max code %d): max error %.3g of max |y| "
                "%.3g; the f32 model %.3g from the simulation\n",
                unsignedInput ? "unsigned" : "signed", grid.scale, grid.zero, grid.maxCode, err, mag, f32Err);
    // Exact integer sums times f32 scales: float rounding only (measured 5e-7 of 8, both grids,
    // with and without VNNI); one input a code apart would be about 2e-3 of it.
    EXPECT_LE(err, 1e-5 * mag);
    EXPECT_GT(f32Err, 100 * err); // the simulation tells int8 from f32 apart
}

TEST(EngineInt8, PatchConvTransposeRunsInt8AsItsQuantizeDequantizeSimulation) {
    checkPatchConvTranspose(true);
    checkPatchConvTranspose(false);
}

// ------------------------------------------------------------------ chained post-op chains

// Chains need full-range (u8 0..255) activation codes, which only VNNI computes exactly; a test of
// chains skips elsewhere, saying why, rather than passing without checking them.

// Conv -> patch ConvTranspose -> Relu -> patch ConvTranspose: chained, the Conv writes the first
// ConvTranspose's codes and that one (its 1x1 Conv writing codes, its shuffle moving them) the
// second's; the output is the unchained one's, and an observer sees the codes' values.
TEST(EngineInt8, ChainedPatchConvTransposesMatchUnchained) {
    qb::test::GaussianValues random(9);
    qb::test::GraphBuilder g;
    g.m.graphInputs = {{"x", {2, 3, 6, 5}}};
    g.m.graphOutputs = {{"y", {2, 2, 24, 20}}};
    g.constant("conv_w", {8, 3, 1, 1}, random(24, 0.5f));
    g.constant("up1_w", {8, 4, 2, 2}, random(128, 0.3f));
    g.constant("up1_b", {4}, random(4, 0.3f));
    g.constant("up2_w", {4, 2, 2, 2}, random(32, 0.3f));
    for (auto& t : g.m.tensors) {
        t.quantizable = t.name != "up1_b";
        t.channelAxis = t.name == "conv_w" ? 0 : 1;
    }
    qb::Attribute strides;
    strides.kind = qb::Attribute::Kind::Ints;
    strides.ints = {2, 2};
    g.node("Conv", {"x", "conv_w"}, {"c"});
    g.node("ConvTranspose", {"c", "up1_w", "up1_b"}, {"u"}).attrs["strides"] = strides;
    g.node("Relu", {"u"}, {"r"});
    g.node("ConvTranspose", {"r", "up2_w"}, {"y"}).attrs["strides"] = strides;
    Tensor x(qb::DType::F32, {2, 3, 6, 5});
    const std::vector<float> xs = random(x.f.size(), 1.f);
    x.f.assign(xs.begin(), xs.end());
    qb::test::ActivationRanges ranges;
    Executor fp(g.m);
    fp.run({x}, [&](const qb::GraphNode& n, std::span<const Tensor* const> in) {
        if (n.op != "Conv" && n.op != "ConvTranspose") return;
        auto& r = ranges[n.inputs[1]];
        for (const float v : in[0]->f) r = {std::min(r.first, double(v)), std::max(r.second, double(v))};
    });
    const auto layers = qb::test::w8a8Layers(g.m, ranges, true);
    ASSERT_EQ(layers.size(), 3u);
    Executor chained(g.m, Int8Options{layers}), plain(g.m, Int8Options{.layers = layers, .chain = false});
    if (!chainsOnThisCpu()) {
        EXPECT_EQ(chained.chainedInt8Layers(), 0u);
        GTEST_SKIP() << kNoChainsReason;
    }
    EXPECT_EQ(chained.chainedInt8Layers(), 2u);
    std::vector<float> seen[2]; // the second ConvTranspose's input, as observed
    const auto yc = chained.run({x})[0], yp = plain.run({x})[0];
    int k = 0;
    for (Executor* ex : {&chained, &plain})
        ex->run({x}, [&](const qb::GraphNode& n, std::span<const Tensor* const> in) {
            if (n.op == "ConvTranspose" && n.inputs[1] == "up2_w") seen[k].assign(in[0]->f.begin(), in[0]->f.end());
        }), ++k;
    const std::vector<double> want(yp.f.begin(), yp.f.end());
    const double err = maxDiff(yc.f, want), mag = maxAbs(want);
    const std::vector<double> plainIn(seen[1].begin(), seen[1].end());
    // The chained run holds codes: their values are the unchained input rounded onto its grid.
    const double step = qb::engine::activationGrid(*layers[2].activation, 255, "r").scale;
    std::printf("chained patch ConvTransposes: output max difference %.3g of max |y| %.3g; observed input within "
                "%.3g of unchained (grid step %.3g)\n",
                err, mag, maxDiff(seen[0], plainIn), step);
    EXPECT_LE(err, 1e-5 * mag);
    ASSERT_EQ(seen[0].size(), plainIn.size());
    EXPECT_LE(maxDiff(seen[0], plainIn), 0.5001 * step);
}

} // namespace
