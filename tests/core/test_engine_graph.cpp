// The graph executor on hand-built graphs: load-time errors, shape folding, and op arithmetic
// checked by hand from the ONNX operator spec.
#include <cmath>

#include "core/engine/graph_executor.h"
#include "core/util/error.h"
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
qb::Attribute integer(int64_t v) {
    qb::Attribute a;
    a.kind = qb::Attribute::Kind::Int;
    a.i = v;
    return a;
}
qb::Attribute real(float v) {
    qb::Attribute a;
    a.kind = qb::Attribute::Kind::Float;
    a.f = v;
    return a;
}

Tensor input(std::vector<int64_t> shape, std::vector<float> v) {
    Tensor t(qb::DType::F32, std::move(shape));
    t.f.assign(v.begin(), v.end());
    return t;
}

TEST(EngineGraph, UnsupportedOpIsReportedAtLoadNamingOpAndNode) {
    GraphBuilder g;
    g.m.graphInputs = {{"x", {1}}};
    g.m.graphOutputs = {{"y", {1}}};
    g.node("Relu", {"x"}, {"r"});
    g.node("NonMaxSuppression", {"r"}, {"y"});
    try {
        Executor ex(g.m);
        FAIL() << "no error";
    } catch (const qb::Error& e) {
        EXPECT_EQ(std::string(e.what()), "test.onnx: node 'NonMaxSuppression1' (NonMaxSuppression): operator not "
                                         "supported by the engine");
    }
}

TEST(EngineGraph, ShapeMismatchNamesTheNode) {
    GraphBuilder g;
    g.m.graphInputs = {{"x", {-1, 3}}};
    g.m.graphOutputs = {{"y", {}}};
    g.constant<float>("w", {4, 2}, std::vector<float>(8, 1.f), qb::DType::F32);
    g.node("MatMul", {"x", "w"}, {"y"});
    Executor ex(g.m);
    try {
        ex.run({input({1, 3}, {1, 2, 3})});
        FAIL() << "no error";
    } catch (const qb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("node 'MatMul0' (MatMul): inner dimensions differ"), std::string::npos) << e.what();
    }
}

// Y = alpha * A * B^T + beta * C with A [2,3], B [2,3] (transB), C [2] broadcast over rows.
TEST(EngineGraph, GemmTransposedWithAlphaBetaAndBroadcastBias) {
    GraphBuilder g;
    g.m.graphInputs = {{"a", {2, 3}}};
    g.m.graphOutputs = {{"y", {2, 2}}};
    g.constant<float>("b", {2, 3}, {1, 0, 1, 0, 1, 0}, qb::DType::F32);
    g.constant<float>("c", {2}, {10, 20}, qb::DType::F32);
    auto& n = g.node("Gemm", {"a", "b", "c"}, {"y"});
    n.attrs["transB"] = integer(1);
    n.attrs["alpha"] = real(2.f);
    n.attrs["beta"] = real(0.5f);
    Executor ex(g.m);
    const auto out = ex.run({input({2, 3}, {1, 2, 3, 4, 5, 6})});
    // row0: A0.B0 = 1+3 = 4, A0.B1 = 2 -> 2*4+5 = 13, 2*2+10 = 14; row1: 4+6 = 10, 5 -> 25, 20.
    ASSERT_EQ(out[0].shape, (qb::engine::Shape{2, 2}));
    EXPECT_EQ(out[0].f, (qb::engine::FloatStorage{13, 14, 25, 20}));
}

// Conv with stride (2,1) and SAME_UPPER on a 1x1x3x3 input with a 2x2 all-ones kernel: output
// [ceil(3/2), 3] = [2,3]; total pad rows (2-1)*2+2-3 = 1 -> bottom 1; cols (3-1)+2-3 = 1 -> right 1.
TEST(EngineGraph, ConvSameUpperWithAsymmetricStride) {
    GraphBuilder g;
    g.m.graphInputs = {{"x", {1, 1, 3, 3}}};
    g.m.graphOutputs = {{"y", {}}};
    g.constant<float>("w", {1, 1, 2, 2}, {1, 1, 1, 1}, qb::DType::F32);
    auto& n = g.node("Conv", {"x", "w"}, {"y"});
    n.attrs["strides"] = ints({2, 1});
    qb::Attribute pad;
    pad.kind = qb::Attribute::Kind::String;
    pad.s = "SAME_UPPER";
    n.attrs["auto_pad"] = pad;
    Executor ex(g.m);
    const auto out = ex.run({input({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9})});
    ASSERT_EQ(out[0].shape, (qb::engine::Shape{1, 1, 2, 3}));
    // rows 0-1: 1+2+4+5=12, 2+3+5+6=16, 3+6=9; rows 2-3 (3 is padding): 7+8=15, 8+9=17, 9.
    EXPECT_EQ(out[0].f, (qb::engine::FloatStorage{12, 16, 9, 15, 17, 9}));
}

// Flatten-by-shape as exporters write it: Reshape(x, Concat(Gather(Shape(x), 0), [-1])). The shape
// chain is folded into a constant while planning, so it must follow the batch size.
TEST(EngineGraph, ShapeChainFollowsTheBatchSize) {
    GraphBuilder g;
    g.m.graphInputs = {{"x", {-1, 2, 2}}};
    g.m.graphOutputs = {{"y", {}}};
    g.constant<int64_t>("zero", {1}, {0}, qb::DType::I64);
    g.constant<int64_t>("minus1", {1}, {-1}, qb::DType::I64);
    g.node("Shape", {"x"}, {"s"});
    g.node("Gather", {"s", "zero"}, {"n"});
    g.node("Concat", {"n", "minus1"}, {"target"}).attrs["axis"] = integer(0);
    g.node("Reshape", {"x", "target"}, {"y"});
    Executor ex(g.m);
    for (const int64_t batch : {1, 3}) {
        std::vector<float> v(size_t(batch * 4));
        for (size_t k = 0; k < v.size(); ++k) v[k] = float(k);
        const auto out = ex.run({input({batch, 2, 2}, v)});
        EXPECT_EQ(out[0].shape, (qb::engine::Shape{batch, 4}));
        EXPECT_EQ(std::vector<float>(out[0].f.begin(), out[0].f.end()), v);
    }
}

// Nearest Resize of a rank-5 tensor, down along one axis and up along others (asymmetric
// coordinates, floor: source index floor(o / scale)), against the definition element by element.
TEST(EngineGraph, NearestResizeRank5MixedScales) {
    const std::vector<int64_t> in{2, 3, 4, 5, 6};
    const std::vector<float> scales{1.f, 2.f, 0.5f, 3.f, 1.5f};
    std::vector<int64_t> out;
    for (size_t d = 0; d < in.size(); ++d) out.push_back(int64_t(std::floor(float(in[d]) * scales[d])));
    GraphBuilder g;
    g.m.graphInputs = {{"x", in}};
    g.m.graphOutputs = {{"y", out}};
    g.constant("scales", {5}, scales);
    auto& r = g.node("Resize", {"x", "", "scales"}, {"y"});
    r.attrs["coordinate_transformation_mode"] = qb::Attribute{qb::Attribute::Kind::String, 0, 0.f, {}, {}, "asymmetric"};
    r.attrs["nearest_mode"] = qb::Attribute{qb::Attribute::Kind::String, 0, 0.f, {}, {}, "floor"};
    Executor ex(g.m);
    Tensor x(qb::DType::F32, in);
    for (size_t k = 0; k < x.f.size(); ++k) x.f[k] = float(k);
    const auto y = ex.run({x})[0];
    ASSERT_EQ(y.shape, out);
    size_t o = 0;
    for (int64_t a = 0; a < out[0]; ++a)
        for (int64_t b = 0; b < out[1]; ++b)
            for (int64_t c = 0; c < out[2]; ++c)
                for (int64_t d = 0; d < out[3]; ++d)
                    for (int64_t e = 0; e < out[4]; ++e, ++o) {
                        const int64_t i[5] = {int64_t(float(a) / scales[0]), int64_t(float(b) / scales[1]),
                                              int64_t(float(c) / scales[2]), int64_t(float(d) / scales[3]),
                                              int64_t(float(e) / scales[4])};
                        const int64_t at = (((i[0] * in[1] + i[1]) * in[2] + i[2]) * in[3] + i[3]) * in[4] + i[4];
                        ASSERT_EQ(y.f[o], float(at)) << a << b << c << d << e;
                    }
}

} // namespace
