// Resize in the engine: nearest upsampling by a whole factor per spatial axis runs on oneDNN's
// resampling in its producer's blocked layout (dnnl_ops.cpp), giving exactly the host kernel's
// values; other coordinate modes keep the host kernel.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/engine/graph_executor.h"
#include "engine_test_support.h"

namespace {

using qb::engine::Executor;
using qb::engine::Tensor;

qb::Attribute text(const std::string& s) {
    qb::Attribute a;
    a.kind = qb::Attribute::Kind::String;
    a.s = s;
    return a;
}

// x [1,16,5,6] -> 1x1 Conv (a blocked output) -> Resize by (2, 3) -> Add to itself. Outputs the
// Conv's y and the sum; returns the Resize node's implementation.
std::string upsample(const std::string& coord, const std::string& nearest, Tensor& y, Tensor& sum) {
    qb::test::GraphBuilder g;
    const int64_t C = 16;
    g.m.graphInputs = {{"x", {1, C, 5, 6}}};
    g.m.graphOutputs = {{"y", {}}, {"s", {}}};
    std::vector<float> scale(C), bias(C);
    for (int64_t c = 0; c < C; ++c) scale[size_t(c)] = 0.5f + float(c), bias[size_t(c)] = float(c) - 3.f;
    g.diagonalConv("conv", "x", "y", scale, bias);
    g.constant("scales", {4}, std::vector<float>{1, 1, 2, 3});
    auto& r = g.node("Resize", {"y", "", "scales"}, {"z"});
    r.attrs["mode"] = text("nearest");
    r.attrs["coordinate_transformation_mode"] = text(coord);
    r.attrs["nearest_mode"] = text(nearest);
    g.node("Add", {"z", "z"}, {"s"});
    Executor ex(g.m);
    ex.setProfiling(true);
    Tensor x(qb::DType::F32, {1, C, 5, 6});
    for (size_t k = 0; k < x.f.size(); ++k) x.f[k] = float(int(k * 7 % 23) - 11);
    auto out = ex.run({x});
    y = std::move(out.at(0));
    sum = std::move(out.at(1));
    for (const auto& n : ex.profile())
        if (n.op == "Resize") return n.impl;
    return "no Resize in the profile";
}

// What ONNX gives for a whole factor under these modes: source index floor(o / F).
void expectFloorMap(const Tensor& y, const Tensor& sum) {
    ASSERT_EQ(sum.shape, (qb::engine::Shape{1, 16, 10, 18}));
    for (int64_t c = 0; c < 16; ++c)
        for (int64_t h = 0; h < 10; ++h)
            for (int64_t w = 0; w < 18; ++w)
                ASSERT_EQ(sum.f[size_t((c * 10 + h) * 18 + w)], 2.f * y.f[size_t((c * 5 + h / 2) * 6 + w / 3)])
                    << "channel " << c << ", row " << h << ", column " << w;
}

TEST(EngineResize, AsymmetricFloorRunsOnOneDnnWithTheHostValues) {
    Tensor y, sum;
    EXPECT_NE(upsample("asymmetric", "floor", y, sum), "host");
    expectFloorMap(y, sum);
}

TEST(EngineResize, HalfPixelRoundRunsOnOneDnnWithTheHostValues) {
    Tensor y, sum;
    EXPECT_NE(upsample("half_pixel", "round_prefer_floor", y, sum), "host");
    expectFloorMap(y, sum);
}

// asymmetric + round_prefer_floor maps o to round(o / F), not floor: the host kernel runs it.
TEST(EngineResize, OtherModesKeepTheHostKernel) {
    Tensor y, sum;
    EXPECT_EQ(upsample("asymmetric", "round_prefer_floor", y, sum), "host");
    ASSERT_EQ(sum.shape, (qb::engine::Shape{1, 16, 10, 18}));
    // Column 2 of a row reads source column round(2 / 3) = 1, where floor would read 0.
    EXPECT_EQ(sum.f[2], 2.f * y.f[1]);
}

} // namespace
