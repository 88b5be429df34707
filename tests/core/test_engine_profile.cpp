// Per-node profiling of real runs (Executor::setProfiling): mnist-12 in fp32 and W8A8 names each
// node's oneDNN implementation and data types (u8/s8 int8 convs, f32 otherwise), times every node
// within the run's wall time, and costs nothing while off. Implementation names depend on the CPU:
// the checks assert their structure, and where the ISA decides, say so when they skip.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <set>

#include "core/calib/graph_calibration.h"
#include "core/datasets/idx_dataset.h"
#include "core/engine/cpu_isa.h"
#include "core/engine/graph_executor.h"
#include "core/formats/onnx_reader.h"
#include "engine_test_support.h"
#include "int8_test_support.h"
#include "test_support.h"

namespace {

using qb::engine::Executor;
using qb::engine::Int8Options;
using qb::engine::NodeProfile;
using qb::engine::Tensor;

struct Mnist12 {
    qb::Model model;
    std::vector<qb::quant::QuantizedLayer> layers;
    std::vector<Tensor> images; // [1,1,28,28] each: the model's batch is fixed at 1
};

const Mnist12& mnist12() {
    static const Mnist12 m = [] {
        Mnist12 r{qb::readOnnx(qb::test::model("onnx/mnist-12.onnx")), {}, {}};
        const auto data = qb::readIdxDataset(qb::test::shared("data/mnist"));
        qb::CalibrationSettings cs;
        cs.samples = 64;
        qb::test::ActivationRanges ranges;
        for (const auto& l : qb::calibrateGraph(r.model, data, {}, cs).layers) ranges[l.name] = {l.activation.min, l.activation.max};
        r.layers = qb::test::w8a8Layers(r.model, ranges);
        for (int64_t n = 0; n < 6; ++n) {
            Tensor x(qb::DType::F32, {1, 1, 28, 28});
            for (size_t k = 0; k < 784; ++k) x.f[k] = float(data.pixels[size_t(n) * 784 + k]);
            r.images.push_back(std::move(x));
        }
        return r;
    }();
    return m;
}

// Runs every image once unprofiled (plans and primitives made), then `runs` times each profiled;
// returns the wall time of the profiled runs.
double profiledRuns(Executor& ex, int runs) {
    for (const Tensor& x : mnist12().images) ex.run({x});
    ex.setProfiling(true);
    double wall = 0;
    for (int r = 0; r < runs; ++r)
        for (const Tensor& x : mnist12().images) {
            const auto t0 = std::chrono::steady_clock::now();
            ex.run({x});
            wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        }
    return wall;
}

// ISAs for which oneDNN 2.6 has jit convolutions in f32 and int8 (a "ref" kernel there is a bug
// of ours: a layout or attribute oneDNN's fast kernels refuse).
bool jitConvIsa(const std::string& isa) {
    return isa.find("avx2") != std::string::npos || isa.find("avx512") != std::string::npos ||
           isa.find("amx") != std::string::npos || isa == "sse41" || isa == "avx";
}

void print(const char* what, const std::vector<NodeProfile>& p) {
    for (const NodeProfile& n : p)
        std::printf("%s %-22s %-8s %-24s %3s/%3s/%3s %8.4f ms (primitive %8.4f)\n", what, n.node.c_str(), n.op.c_str(),
                    n.impl.c_str(), n.src.c_str(), n.weights.c_str(), n.dst.c_str(), 1e3 * n.seconds / double(n.runs),
                    1e3 * n.primitiveSeconds / double(n.runs));
}

TEST(EngineProfile, Mnist12W8A8NamesInt8KernelsAndTimesEveryNode) {
    const Mnist12& m = mnist12();
    ASSERT_EQ(m.layers.size(), 3u); // two Convs and the MatMul
    Executor fp(m.model), q(m.model, Int8Options{m.layers});
    constexpr int kRuns = 3;
    const double fpWall = profiledRuns(fp, kRuns), qWall = profiledRuns(q, kRuns);
    const std::vector<NodeProfile> pf = fp.profile(), pq = q.profile();
    print("fp32", pf);
    print("w8a8", pq);
    ASSERT_FALSE(pf.empty());
    // The same nodes (after fusion) in the same order in both runs.
    ASSERT_EQ(pf.size(), pq.size());
    for (size_t k = 0; k < pf.size(); ++k) {
        EXPECT_EQ(pf[k].node, pq[k].node);
        EXPECT_EQ(pf[k].op, pq[k].op);
        ASSERT_LT(pf[k].index, fp.nodes().size());
        EXPECT_EQ(fp.nodes()[pf[k].index].name, pf[k].node);
        if (k > 0) EXPECT_GT(pf[k].index, pf[k - 1].index); // execution order
    }
    const int64_t runs = kRuns * int64_t(m.images.size());
    for (const auto* p : {&pf, &pq}) {
        double sum = 0;
        for (const NodeProfile& n : *p) {
            EXPECT_EQ(n.runs, runs) << n.node;
            EXPECT_GT(n.seconds, 0.0) << n.node;
            EXPECT_LE(n.primitiveSeconds, n.seconds) << n.node;
            EXPECT_GT(n.bestSeconds, 0.0) << n.node;
            EXPECT_LE(n.bestSeconds * double(n.runs), n.seconds * (1 + 1e-12)) << n.node; // the least of the runs
            EXPECT_FALSE(n.impl.empty()) << n.node;
            EXPECT_FALSE(n.output.empty()) << n.node;
            sum += n.seconds;
        }
        EXPECT_LE(sum, p == &pf ? fpWall : qWall); // nodes run inside run(), one after another
        EXPECT_GT(sum, 0.2 * (p == &pf ? fpWall : qWall)); // ... and make up most of it
    }
    size_t convs = 0, matmuls = 0;
    const std::string isa = qb::engine::int8Isa().isa;
    for (size_t k = 0; k < pf.size(); ++k) {
        const NodeProfile &f = pf[k], &i = pq[k];
        const bool layer = f.op == "Conv" || f.op == "MatMul" || f.op == "Gemm";
        if (!layer) {
            EXPECT_FALSE(i.int8) << i.node;
            EXPECT_EQ(i.src, f.src) << i.node; // untouched nodes compute as in fp32
            continue;
        }
        (f.op == "Conv" ? convs : matmuls)++;
        EXPECT_NE(f.impl, "host") << f.node;
        EXPECT_NE(i.impl, "host") << i.node;
        EXPECT_FALSE(f.int8);
        EXPECT_TRUE(i.int8) << i.node;
        EXPECT_EQ(f.src, "f32") << f.node;
        EXPECT_EQ(f.weights, "f32") << f.node;
        EXPECT_EQ(f.dst, "f32") << f.node;
        EXPECT_TRUE(i.src == "u8" || i.src == "s8") << i.node << ": " << i.src;
        EXPECT_EQ(i.weights, "s8") << i.node;
        EXPECT_GT(f.primitiveSeconds, 0.0) << f.node;
        EXPECT_GT(i.primitiveSeconds, 0.0) << i.node;
        // The int8 input is quantized besides the primitive: by a reorder, or by a host loop.
        EXPECT_LT(i.primitiveSeconds, i.seconds) << i.node;
    }
    EXPECT_EQ(convs, 2u);
    EXPECT_EQ(matmuls, 1u);
    if (!jitConvIsa(isa)) GTEST_SKIP() << "oneDNN runs on ISA '" << isa << "', for which it may have only reference convolutions";
    for (size_t k = 0; k < pf.size(); ++k)
        if (pf[k].op == "Conv")
            for (const NodeProfile* n : {&pf[k], &pq[k]})
                EXPECT_EQ(n->impl.find("ref"), std::string::npos) << n->node << " runs " << n->impl << " on " << isa;
}

TEST(EngineProfile, OffByDefaultAndClearedWhenTurnedOn) {
    const Mnist12& m = mnist12();
    Executor ex(m.model);
    ex.run({m.images[0]});
    EXPECT_TRUE(ex.profile().empty());
    ex.setProfiling(true);
    ex.run({m.images[0]});
    ex.run({m.images[1]});
    const auto p = ex.profile();
    ASSERT_FALSE(p.empty());
    EXPECT_EQ(p[0].runs, 2);
    ex.setProfiling(true); // a fresh profile
    EXPECT_TRUE(ex.profile().empty());
    ex.run({m.images[0]});
    EXPECT_EQ(ex.profile()[0].runs, 1);
    ex.setProfiling(false);
    ex.run({m.images[0]});
    EXPECT_TRUE(ex.profile().empty());
}

// Ops the engine computes itself are named "host", without oneDNN types; a depthwise Conv says so.
TEST(EngineProfile, HostOpsAndDepthwiseConvsAreNamed) {
    qb::test::GraphBuilder g;
    g.m.graphInputs = {{"x", {1, 4, 5, 5}}};
    g.m.graphOutputs = {{"z", {}}};
    g.constant("w", {4, 1, 3, 3}, std::vector<float>(36, 0.5f));
    g.node("Conv", {"x", "w"}, {"y"}).attrs["group"] = [] {
        qb::Attribute a;
        a.kind = qb::Attribute::Kind::Int;
        a.i = 4;
        return a;
    }();
    g.node("Erf", {"y"}, {"z"});
    Executor ex(g.m);
    ex.setProfiling(true);
    Tensor x(qb::DType::F32, {1, 4, 5, 5});
    for (size_t k = 0; k < x.f.size(); ++k) x.f[k] = float(k % 7);
    ex.run({x});
    const auto p = ex.profile();
    ASSERT_EQ(p.size(), 2u);
    EXPECT_EQ(p[0].op, "Conv");
    EXPECT_TRUE(p[0].depthwise);
    EXPECT_NE(p[0].impl, "host");
    EXPECT_EQ(p[0].input, (qb::engine::Shape{1, 4, 5, 5}));
    EXPECT_EQ(p[0].output, (qb::engine::Shape{1, 4, 3, 3}));
    EXPECT_EQ(p[1].op, "Erf");
    EXPECT_EQ(p[1].impl, "host");
    EXPECT_TRUE(p[1].src.empty());
    EXPECT_EQ(p[1].primitiveSeconds, 0.0);
    EXPECT_EQ(p[1].runs, 1);
}

} // namespace
