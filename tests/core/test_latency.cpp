// The per-layer latency table (pipeline/latency.h), its place in the project file, the predicted
// latency of a plan from it (quant/latency_model.h), and the planner's
// latency target (AutoPlanner::plan with a LatencyTarget).
#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>

#include "core/formats/hdf5_util.h"
#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/pipeline/latency.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/auto_plan.h"
#include "core/quant/latency_model.h"
#include "core/util/error.h"
#include "engine_test_support.h"
#include "test_support.h"

namespace qb {
namespace {

using namespace qb::pipeline;

std::vector<std::string> quantizableNames(const Model& m) {
    std::vector<std::string> out;
    for (const TensorEntry& t : m.tensors)
        if (t.quantizable) out.push_back(t.name);
    return out;
}

TEST(Latency, Mnist12TableHasEveryLayerInF32AndInt8AndIsKeyedToThisMachine) {
    const auto model = openInput(test::model("onnx/mnist-12.onnx")).model;
    const ProjectLatency t = measureLatency(model, newProject(*model, {}));
    const auto names = quantizableNames(*model);
    ASSERT_EQ(t.layers.size(), names.size());
    ASSERT_EQ(names.size(), 3u);
    double layers = 0;
    for (size_t k = 0; k < names.size(); ++k) {
        EXPECT_EQ(t.layers[k].layer, names[k]);
        EXPECT_GT(t.layers[k].f32Ms, 0) << names[k];
        EXPECT_TRUE(t.layers[k].hasInt8()) << names[k] << ": two Convs and a MatMul all have int8 kernels";
        EXPECT_GT(t.layers[k].int8Ms, 0) << names[k];
        EXPECT_LT(t.layers[k].f32Ms, t.f32TotalMs);
        layers += t.layers[k].f32Ms;
    }
    EXPECT_NEAR(t.restMs, t.f32TotalMs - layers, 1e-12);
    EXPECT_GT(t.restMs, -0.05 * t.f32TotalMs); // medians of parts need not add up exactly, but nearly
    EXPECT_TRUE(std::isfinite(t.int8TotalMs));
    EXPECT_GE(t.repetitions, LatencyRequest{}.minRepetitions);

    EXPECT_EQ(t.key, currentLatencyKey(*model));
    EXPECT_EQ(t.key.batch, 1);
    EXPECT_TRUE(latencyIsCurrent(t, *model));
    ProjectLatency other = t;
    other.key.threads += 1;
    EXPECT_FALSE(latencyIsCurrent(other, *model)) << "another thread count";
    other = t;
    other.key.isa = "sse41";
    EXPECT_FALSE(latencyIsCurrent(other, *model)) << "another ISA";
    other = t;
    other.key.cpu += " (another)";
    EXPECT_FALSE(latencyIsCurrent(other, *model)) << "another CPU";
    other = t;
    other.layers.pop_back();
    EXPECT_FALSE(latencyIsCurrent(other, *model)) << "a layer missing";
}

// A Keras layer's node reads a re-laid-out copy of its weight (conv HWIO -> OIHW): the int8 path
// finds it by the model weight's name, so each layer is timed in f32 and in int8.
TEST(Latency, KerasLayersAreTimedInF32AndInt8) {
    const auto model = openInput(test::model("keras/mnist_cnn_small.h5")).model;
    LatencyRequest quick;
    quick.minRepetitions = 5, quick.minSeconds = 0.05, quick.warmup = 1;
    const ProjectLatency t = measureLatency(model, newProject(*model, {}), quick);
    ASSERT_EQ(t.layers.size(), 3u);
    for (const LayerLatency& l : t.layers) {
        EXPECT_GT(l.f32Ms, 0) << l.layer;
        EXPECT_TRUE(l.hasInt8()) << l.layer;
        EXPECT_GT(l.int8Ms, 0) << l.layer;
    }
    EXPECT_TRUE(std::isfinite(t.int8TotalMs));
}

// A ConvTranspose of the patch form (kernel = strides) runs int8 like a Conv, so it has an int8
// time; one whose patches overlap (kernel 3, strides 2) has the f32 kernel only.
TEST(Latency, PatchConvTransposeHasAnInt8TimeAndAnOverlappingOneDoesNot) {
    test::GraphBuilder g;
    g.m.graphInputs = {{"x", {1, 4, 6, 6}}};
    g.m.graphOutputs = {{"y", {1, 2, 25, 25}}};
    g.constant("conv_w", {8, 4, 1, 1}, std::vector<float>(32, 0.25f));
    g.constant("patch_w", {8, 4, 2, 2}, std::vector<float>(128, 0.125f));
    g.constant("gap_w", {4, 2, 3, 3}, std::vector<float>(72, 0.5f));
    for (TensorEntry& t : g.m.tensors) {
        t.quantizable = true;
        t.kind = t.name == "conv_w" ? "Conv" : "ConvTranspose";
        t.channelAxis = t.name == "conv_w" ? 0 : 1;
    }
    Attribute strides;
    strides.kind = Attribute::Kind::Ints;
    strides.ints = {2, 2};
    g.node("Conv", {"x", "conv_w"}, {"c"});
    g.node("ConvTranspose", {"c", "patch_w"}, {"p"}).attrs["strides"] = strides;
    g.node("ConvTranspose", {"p", "gap_w"}, {"y"}).attrs["strides"] = strides;
    const auto model = std::make_shared<const Model>(std::move(g.m));
    LatencyRequest quick;
    quick.minRepetitions = 5, quick.minSeconds = 0.05, quick.warmup = 1;
    const ProjectLatency t = measureLatency(model, Project{}, quick); // no file to hash: no newProject()
    ASSERT_EQ(t.layers.size(), 3u);
    std::map<std::string, bool> int8;
    for (const LayerLatency& l : t.layers) {
        EXPECT_GT(l.f32Ms, 0) << l.layer;
        int8[l.layer] = l.hasInt8();
    }
    EXPECT_EQ(int8, (std::map<std::string, bool>{{"conv_w", true}, {"patch_w", true}, {"gap_w", false}}));
    EXPECT_TRUE(std::isfinite(t.int8TotalMs));
}

TEST(Latency, TableIsKeptInTheProjectFileAndSurvivesOtherWrites) {
    const auto model = openInput(test::model("onnx/mnist-12.onnx")).model;
    Project p = newProject(*model, {});
    LatencyRequest quick;
    quick.minRepetitions = 3, quick.minSeconds = 0, quick.warmup = 1;
    p.latency = measureLatency(model, p, quick);
    p.latency->layers[0].int8Ms = std::nan(""); // "no int8 kernel" must read back as such
    const test::TempDir dir;
    writeProject(dir.file("p.qbproj"), p);
    const Project back = readProject(dir.file("p.qbproj"));
    ASSERT_TRUE(back.latency);
    EXPECT_EQ(*back.latency, *p.latency);
    EXPECT_FALSE(back.latency->layers[0].hasInt8());
    // Quantizing the project keeps the table (the base project is carried through).
    QuantizeRequest req;
    req.plan = quant::parsePlan(R"({"default": {"bits": 4}})", "test plan");
    req.planSource = "test plan";
    const Project q = quantize(model, back, req, {}).project;
    ASSERT_TRUE(q.latency);
    EXPECT_EQ(*q.latency, *p.latency);
    // A project without the group reads without a table.
    p.latency.reset();
    writeProject(dir.file("none.qbproj"), p);
    EXPECT_FALSE(readProject(dir.file("none.qbproj")).latency);
}

// A damaged /latency group is an error naming the group, not a table of made-up times.
TEST(Latency, DamagedTableInTheProjectFileIsAnError) {
    const auto model = openInput(test::model("onnx/mnist-12.onnx")).model;
    Project p = newProject(*model, {});
    p.latency = ProjectLatency{};
    p.latency->key = currentLatencyKey(*model);
    for (const std::string& name : quantizableNames(*model)) p.latency->layers.push_back({name, 0.01, 0.005});
    const test::TempDir dir;
    const auto damaged = [&](const std::string& name, const std::function<void(hid_t)>& damage) {
        const std::string path = dir.file(name);
        writeProject(path, p);
        {
            h5::Id f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
            damage(f.get());
        }
        try {
            readProject(path);
            ADD_FAILURE() << name << " was read";
            return std::string();
        } catch (const Error& e) {
            return std::string(e.what());
        }
    };
    // Replaced, not rewritten in place (HDF5 1.10 cannot find the writer's attribute to modify).
    const auto setDouble = [](hid_t f, const char* object, const char* attr, double v) {
        ASSERT_GE(H5Adelete_by_name(f, object, attr, H5P_DEFAULT), 0);
        h5::Id space(H5Screate(H5S_SCALAR), H5Sclose);
        h5::Id a(H5Acreate_by_name(f, object, attr, H5T_NATIVE_DOUBLE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                 H5Aclose);
        ASSERT_GE(H5Awrite(a.get(), H5T_NATIVE_DOUBLE, &v), 0);
    };
    EXPECT_NE(damaged("negative.qbproj", [&](hid_t f) { setDouble(f, "/latency/000001", "f32_ms", -1.0); })
                  .find("/latency/000001"),
              std::string::npos);
    EXPECT_NE(damaged("infinite.qbproj", [&](hid_t f) { setDouble(f, "/latency/000002", "int8_ms", INFINITY); })
                  .find("/latency/000002"),
              std::string::npos);
    EXPECT_NE(damaged("missing.qbproj", [](hid_t f) { H5Ldelete(f, "/latency/000002", H5P_DEFAULT); }).find("count says 3"),
              std::string::npos);
}

TEST(Latency, LanguageModelTimesEveryMatmulInF32Only) {
    const auto model = openInput(test::model("llama2c/stories260K.bin")).model;
    LatencyRequest r;
    r.tokens = 32, r.minRepetitions = 3, r.minSeconds = 0, r.warmup = 1;
    const ProjectLatency t = measureLatency(model, newProject(*model, {}), r);
    EXPECT_EQ(t.key.batch, 32);
    const auto names = quantizableNames(*model);
    ASSERT_EQ(t.layers.size(), names.size());
    for (const LayerLatency& l : t.layers) {
        EXPECT_FALSE(l.hasInt8()) << l.layer << ": the transformer has no int8 matmul";
        EXPECT_GT(l.f32Ms, 0) << l.layer;
    }
    EXPECT_TRUE(std::isnan(t.int8TotalMs));
    EXPECT_TRUE(latencyIsCurrent(t, *model, r));
    EXPECT_FALSE(latencyIsCurrent(t, *model)) << "another window length";
    // Every scheme runs f32 there: W8A8 predicts the same as fp32.
    const auto w8a8 = quant::resolvePlan(quant::parsePlan(R"({"default": {"bits": 8, "act_bits": 8}})", "t"), *model, "t");
    const auto fp32 = quant::resolvePlan(quant::parsePlan(R"({"default": {"format": "fp32"}})", "t"), *model, "t");
    EXPECT_DOUBLE_EQ(quant::predictLatencyMs(t, *model, w8a8), quant::predictLatencyMs(t, *model, fp32));
}

// A plan's prediction is the table's rest plus each layer's time in the precision the runtime runs
// it in: fp32, all W8A8, and one layer W8A8 (a mix the table never ran as such). How close that
// comes to the measured forward pass is a wall-clock comparison: bench/bench_latency_prediction.
TEST(Latency, Mnist12PredictionAddsEachLayersTimeInItsRuntimePrecision) {
    const auto model = openInput(test::model("onnx/mnist-12.onnx")).model;
    DataSpec data;
    data.path = test::shared("data/mnist");
    QuantizeRequest req;
    req.plan = quant::parsePlan(R"({"default": {"bits": 8, "act_bits": 8}})", "test plan");
    req.planSource = "test plan";
    req.data = data;
    req.calibration.samples = 16;
    const Project w8a8 = quantize(model, std::nullopt, req, {}).project;
    const ProjectLatency t = measureLatency(model, w8a8);
    const auto predict = [&](const char* json) {
        return quant::predictLatencyMs(t, *model, quant::resolvePlan(quant::parsePlan(json, "t"), *model, "t"));
    };
    double f32 = t.restMs, int8 = t.restMs, mixed = t.restMs;
    for (const quant::LayerPlan& lp : quant::resolvePlan(req.plan, *model, "t")) {
        EXPECT_EQ(quant::runtimePrecision(*model, lp, t), quant::RunPrecision::Int8) << lp.name;
        const LayerLatency* l = t.find(lp.name);
        ASSERT_NE(l, nullptr) << lp.name;
        ASSERT_TRUE(l->hasInt8()) << lp.name;
        f32 += l->f32Ms;
        int8 += l->int8Ms;
        mixed += lp.name == "Parameter87" ? l->int8Ms : l->f32Ms;
    }
    EXPECT_NEAR(predict(R"({"default": {"format": "fp32"}})"), f32, 1e-12);
    EXPECT_NEAR(predict(R"({"default": {"bits": 8, "act_bits": 8}})"), int8, 1e-12);
    EXPECT_NEAR(predict(R"({"default": {"format": "fp32"}, "layers": {"Parameter87": {"bits": 8, "act_bits": 8}}})"),
                mixed, 1e-12);
    EXPECT_NE(int8, f32);
    // Weight-only schemes run the f32 kernels: they predict what fp32 does.
    EXPECT_NEAR(predict(R"({"default": {"bits": 8}})"), f32, 1e-12);
}

// mnist-12's three layers with made-up KLs and times: W8A8 halves each layer's time.
struct Synthetic {
    ProjectSensitivity table;
    ProjectLatency times;
};
Synthetic synthetic(const Model& m) {
    Synthetic s;
    const char* schemes[] = {"int8_channel_sym", "int4_channel_sym", "int3_channel_sym"};
    const double weight[] = {5.0, 1.0, 0.05}, kl[] = {0.001, 0.2, 1.0}, ms[] = {1.0, 2.0, 0.5};
    size_t l = 0;
    s.times.key = pipeline::currentLatencyKey(m);
    s.times.restMs = 0.25;
    for (const TensorEntry& t : m.tensors) {
        if (!t.quantizable) continue;
        for (size_t k = 0; k < 3; ++k) s.table.entries.push_back({t.name, schemes[k], weight[l] * kl[k], 0, 0, 0, 0, 0});
        s.times.layers.push_back({t.name, ms[l], ms[l] / 2});
        ++l;
    }
    return s;
}

TEST(Latency, PlannerMeetsATargetByMovingLayersToW8A8AndNamesTheFastestWhenItCannot) {
    const Model m = openModel(test::model("onnx/mnist-12.onnx"));
    const Synthetic s = synthetic(m);
    const quant::AutoPlanner planner(m, s.table);
    const uint64_t budget = planner.budgetBytes(8.5);
    const quant::AutoPlan loose = planner.plan(budget, {&s.times, 100.0});
    // Without pressure: the plan without a target, all weight-only (a tie goes to weight-only).
    const quant::AutoPlan plain = planner.plan(budget);
    EXPECT_DOUBLE_EQ(loose.predictedDelta, plain.predictedDelta);
    for (const auto& l : loose.layers) EXPECT_FALSE(l.int8) << l.name;
    EXPECT_DOUBLE_EQ(loose.predictedLatencyMs, 0.25 + 1.0 + 2.0 + 0.5);

    // fp32 3.75 ms. 2.75 ms: layer 2 (2 ms -> 1 ms) alone suffices, the others stay weight-only;
    // 2 ms: every layer W8A8.
    const quant::AutoPlan tight = planner.plan(budget, {&s.times, 2.75});
    EXPECT_LE(tight.predictedLatencyMs, 2.75 + 1e-12);
    EXPECT_TRUE(tight.layers[1].int8);
    size_t int8 = 0;
    for (const auto& l : tight.layers) int8 += l.int8;
    EXPECT_EQ(int8, 1u) << "one W8A8 layer is enough";
    // The plan says act_bits 8 for it, and resolved it runs int8 and predicts the same time.
    const auto resolved = quant::resolvePlan(tight.plan, m, "t");
    EXPECT_EQ(resolved[1].actBits, 8);
    EXPECT_EQ(quant::runtimePrecision(m, resolved[1], s.times), quant::RunPrecision::Int8);
    EXPECT_DOUBLE_EQ(quant::predictLatencyMs(s.times, m, resolved), tight.predictedLatencyMs);
    EXPECT_TRUE(quant::planProblems(tight.plan, m).empty());

    const quant::AutoPlan all = planner.plan(budget, {&s.times, 2.0});
    for (const auto& l : all.layers) EXPECT_TRUE(l.int8) << l.name;
    EXPECT_DOUBLE_EQ(all.predictedLatencyMs, 2.0);
    EXPECT_DOUBLE_EQ(planner.fastestLatencyMs(budget, s.times), 2.0);

    try {
        planner.plan(budget, {&s.times, 1.9});
        ADD_FAILURE() << "1.9 ms is below the fastest plan";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("fastest plan within the budget: 2 ms"), std::string::npos) << e.what();
    }
    // A small budget forces int3/int4 somewhere; those run f32, so the target cannot be met then.
    EXPECT_THROW(planner.plan(planner.budgetBytes(4.5), {&s.times, 2.0}), Error);
    // A table lacking a layer is an error naming it.
    Synthetic missing = s;
    missing.times.layers.pop_back();
    EXPECT_THROW(planner.plan(budget, {&missing.times, 10.0}), Error);
}

} // namespace
} // namespace qb
