// The graph view's data (core/pipeline/model_graph.h) on mnist-12 and a Keras CNN: which nodes the
// engine runs in int8, which it fuses or folds, and each node's output SQNR, checked against the
// per-layer table (pipeline::layerSqnr) and against an SQNR computed here from two engine runs.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/datasets/idx_dataset.h"
#include "core/engine/graph_executor.h"
#include "core/pipeline/compare.h"
#include "core/pipeline/model_graph.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/apply_quantized.h"
#include "core/quant/plan.h"
#include "test_support.h"

namespace {

using namespace qb;
using namespace qb::pipeline;

ProjectQuantization quantizeBy(const std::shared_ptr<const Model>& model, const std::string& plan, const DataSpec& data) {
    QuantizeRequest req;
    req.plan = quant::parsePlan(plan, "test plan");
    req.planSource = "test plan";
    req.data = data;
    req.calibration.samples = 16;
    return *quantize(model, std::nullopt, req, {}).project.quantization;
}

const GraphNodeInfo& byName(const ModelGraph& g, const std::string& name) {
    for (const auto& n : g.nodes)
        if (n.name == name) return n;
    throw std::runtime_error("no node " + name);
}

} // namespace

// mnist-12 W8A8: Conv -> Add -> Relu -> MaxPool twice, Reshape, MatMul -> Add. The engine folds
// each bias Add and fuses each Relu into its Conv, so the Conv and Add are "fused" and measured at
// the Relu, which runs int8 with them; the MatMul's reshaped weight is a constant.
TEST(ModelGraph, Mnist12W8A8PrecisionFusionAndSqnrMatchTheLayerTable) {
    const auto model = openInput(test::model("onnx/mnist-12.onnx")).model;
    DataSpec data;
    data.path = test::shared("data/mnist");
    const ProjectQuantization q = quantizeBy(model, R"({"default": {"bits": 8, "act_bits": 8}})", data);
    const ModelGraph g = measureModelGraph(model, q, data, 3, {});
    ASSERT_EQ(g.nodes.size(), model->nodes.size());
    EXPECT_EQ(g.samples, 3);
    EXPECT_EQ(g.layout.row.size(), model->nodes.size());

    std::map<std::string, int> precision;
    for (const auto& n : g.nodes) precision[n.op] += n.precision == NodePrecision::Int8;
    EXPECT_EQ(precision["Conv"], 2);
    EXPECT_EQ(precision["MatMul"], 1);
    EXPECT_EQ(precision["Relu"], 2); // post-ops of the int8 convs
    EXPECT_EQ(precision["MaxPool"], 0);

    const GraphNodeInfo& conv = byName(g, "Convolution28");
    EXPECT_EQ(conv.weight, "Parameter5");
    EXPECT_EQ(conv.scheme, "int8_channel_sym");
    EXPECT_EQ(conv.status, NodeStatus::Fused);
    ASSERT_GE(conv.measuredAt, 0);
    const GraphNodeInfo& relu = g.nodes[size_t(conv.measuredAt)];
    EXPECT_EQ(relu.op, "Relu");
    EXPECT_EQ(relu.status, NodeStatus::Measured);
    EXPECT_EQ(relu.shape, (std::vector<int64_t>{1, 8, 28, 28}));
    EXPECT_EQ(byName(g, "Times212_reshape1").status, NodeStatus::Constant);

    // Each layer's accumulated SQNR is its output's: the node it is measured at.
    const auto table = layerSqnr(model, q, data, 3, {});
    ASSERT_EQ(table.size(), 3u);
    for (const LayerSqnr& row : table) {
        const GraphNodeInfo* at = nullptr;
        for (const auto& n : g.nodes)
            if (n.weight == row.name) at = n.status == NodeStatus::Fused ? &g.nodes[size_t(n.measuredAt)] : &n;
        ASSERT_TRUE(at) << row.name;
        EXPECT_NEAR(at->sqnrDb, row.accumulatedDb, 1e-6) << row.name;
        EXPECT_TRUE(std::isfinite(at->sqnrDb) && at->sqnrDb > 15) << row.name << ": " << at->sqnrDb;
    }
}

// The graph output's SQNR equals one computed here from the two engines' outputs on the first
// image (long double), and a weight-only W4 plan on the MatMul alone leaves every node before it
// exact, runs all in fp32, and names the scheme on the MatMul only.
TEST(ModelGraph, OutputSqnrEqualsTwoRunsAndNodesBeforeTheQuantizedLayerAreExact) {
    const auto model = openInput(test::model("onnx/mnist-12.onnx")).model;
    DataSpec data;
    data.path = test::shared("data/mnist");
    const ProjectQuantization q =
        quantizeBy(model, R"({"default": {"format": "fp32"}, "layers": {"Parameter193": {"bits": 4}}})", data);
    const ModelGraph g = measureModelGraph(model, q, data, 1, {});

    const ImageDataset images = readIdxDataset(data.path);
    engine::Tensor x(DType::F32, {1, 1, 28, 28});
    for (size_t k = 0; k < 784; ++k) x.f[k] = float(images.pixels[k]);
    engine::Executor fp32(*model);
    quant::QuantizedModel qm = quant::quantizedModel(*model, q.layers);
    engine::Executor w4(qm.model, {.layers = std::move(qm.activationLayers), .chain = false});
    const auto a = fp32.run({x}), b = w4.run({x});
    long double signal = 0, noise = 0;
    for (size_t k = 0; k < a[0].f.size(); ++k) {
        signal += (long double)a[0].f[k] * a[0].f[k];
        noise += ((long double)a[0].f[k] - b[0].f[k]) * ((long double)a[0].f[k] - b[0].f[k]);
    }
    const GraphNodeInfo& out = byName(g, "Plus214");
    ASSERT_EQ(out.status, NodeStatus::Measured);
    EXPECT_NEAR(out.sqnrDb, double(10 * std::log10(signal / noise)), 1e-6);
    EXPECT_EQ(out.shape, (std::vector<int64_t>{1, 10}));

    bool beforeMatMul = true;
    for (const auto& n : g.nodes) {
        EXPECT_EQ(n.precision, NodePrecision::Fp32) << n.name;
        if (n.op == "MatMul") {
            beforeMatMul = false;
            EXPECT_EQ(n.scheme.rfind("int4", 0), 0u) << n.scheme;
            EXPECT_TRUE(std::isfinite(n.sqnrDb)) << n.sqnrDb;
        } else {
            EXPECT_EQ(n.scheme, "") << n.name;
        }
        if (beforeMatMul && n.status == NodeStatus::Measured) EXPECT_TRUE(std::isinf(n.sqnrDb) && n.sqnrDb > 0) << n.name;
    }
    EXPECT_FALSE(beforeMatMul);
}

// Keras: the layers are the nodes, each layer's output is measured (those Keras runs as identity
// share their input's value); W8 weight-only: Conv2D and Dense carry the scheme and run fp32.
TEST(ModelGraph, KerasCnnLayersAreMeasured) {
    const auto model = openInput(test::model("keras/mnist_cnn_small.h5")).model;
    DataSpec data;
    data.path = test::shared("data/mnist");
    data.image.scale = 1.f / 255;
    const ProjectQuantization q = quantizeBy(model, R"({"default": {"bits": 8}})", data);
    const ModelGraph g = measureModelGraph(model, q, data, 2, {});
    ASSERT_EQ(g.nodes.size(), model->nodes.size());
    int layers = 0;
    for (const auto& n : g.nodes) {
        const bool layer = n.op == "Conv2D" || n.op == "Dense";
        EXPECT_EQ(n.precision, NodePrecision::Fp32) << n.name;
        EXPECT_EQ(!n.weight.empty(), layer) << n.name;
        EXPECT_EQ(n.scheme.empty(), !layer) << n.name;
        layers += layer;
        EXPECT_NE(n.status, NodeStatus::Unmeasured) << n.name;
        if (n.status == NodeStatus::Measured) EXPECT_FALSE(std::isnan(n.sqnrDb)) << n.name;
        if (layer && n.status == NodeStatus::Measured) EXPECT_TRUE(std::isfinite(n.sqnrDb)) << n.name;
        std::printf("%-24s %-20s %s %s %.2f dB\n", n.name.c_str(), n.op.c_str(),
                    n.precision == NodePrecision::Int8 ? "int8" : "fp32", n.status == NodeStatus::Measured ? "measured" : "other",
                    n.sqnrDb);
    }
    EXPECT_GE(layers, 2);
    // Without data: the same precision, nothing measured.
    const ModelGraph plain = modelGraph(*model, &q);
    for (size_t k = 0; k < g.nodes.size(); ++k) {
        EXPECT_EQ(plain.nodes[k].precision, g.nodes[k].precision);
        EXPECT_EQ(plain.nodes[k].status, NodeStatus::Unmeasured);
    }
}

// Keras W8A8: each Conv2D and Dense layer runs on an int8 kernel (its node reads a re-laid-out
// copy of the weight, found by the weight's name) and its output is measured with a finite SQNR.
TEST(ModelGraph, KerasCnnW8A8LayersRunInt8) {
    const auto model = openInput(test::model("keras/mnist_cnn_small.h5")).model;
    DataSpec data;
    data.path = test::shared("data/mnist");
    data.image.scale = 1.f / 255;
    const ProjectQuantization q = quantizeBy(model, R"({"default": {"bits": 8, "act_bits": 8}})", data);
    const ModelGraph g = measureModelGraph(model, q, data, 2, {});
    int int8 = 0;
    for (const auto& n : g.nodes) {
        const bool layer = n.op == "Conv2D" || n.op == "Dense";
        EXPECT_EQ(n.precision == NodePrecision::Int8, layer) << n.name;
        if (layer) EXPECT_EQ(n.scheme, "int8_channel_sym") << n.name;
        if (layer && n.status == NodeStatus::Measured) EXPECT_GT(n.sqnrDb, 20.0) << n.name;
        int8 += n.precision == NodePrecision::Int8;
    }
    EXPECT_EQ(int8, 3);
}
