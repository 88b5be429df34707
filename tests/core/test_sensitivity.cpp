// Per-layer sensitivity (pipeline/sensitivity.h): the table in the project file, shards merged
// equal to one run, re-runs reuse what they have, and the rank correlation the CLI prints.
#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <atomic>
#include <limits>
#include <set>

#include "core/eval/rank_correlation.h"
#include "core/formats/model_hash.h"
#include "core/formats/project_file.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/apply_quantized.h"
#include "core/quant/auto_plan.h"
#include "core/quant/plan.h"
#include "core/pipeline/sensitivity.h"
#include "core/util/error.h"
#include "test_support.h"

namespace qb {
namespace {

const std::string kText = "data/tinystories/TinyStories-validation-excerpt.txt";

TEST(RankCorrelation, KnownValues) {
    const std::vector<double> a{1, 2, 3, 4}, same{10, 20, 30, 40}, reversed{4, 3, 2, 1}, swapped{1, 3, 2, 4};
    EXPECT_DOUBLE_EQ(spearman(a, same), 1.0);
    EXPECT_DOUBLE_EQ(spearman(a, reversed), -1.0);
    EXPECT_NEAR(spearman(a, swapped), 0.8, 1e-12); // 1 - 6 * 2 / (4 * 15)
    // Ties take their mean rank: b ranks 0, 2, 2, 2 against 0..3 -> Pearson of the ranks.
    const std::vector<double> tied{1, 5, 5, 5};
    EXPECT_NEAR(spearman(a, tied), 0.7745966692414834, 1e-12);
    const std::vector<double> withInf{1, 2, std::numeric_limits<double>::infinity(), 3};
    EXPECT_NEAR(spearman(a, withInf), 0.8, 1e-12);
    EXPECT_TRUE(std::isnan(spearman(a, std::vector<double>{1, 1, 1, 1})));
    EXPECT_TRUE(std::isnan(spearman(a, std::vector<double>{1, 2})));
}

ProjectSensitivity sampleTable() {
    ProjectSensitivity s;
    s.settings = {"/data/x.txt", "context 256", 8, "gptq", 16, 7, "8,4", "32", "sym", "16,8", "perplexity", 4.3566, "layer inputs"};
    s.shardIndex = 1;
    s.shardCount = 3;
    SensitivityEntry a{"blk.0.attn_q.weight", "int4_g32_sym", 0.0123, 0.25, 20.5, 1.5, 1.6, 1.4};
    SensitivityEntry b{"blk.0.attn_q.weight", "q8_0", 1e-5, std::numeric_limits<double>::quiet_NaN(),
                       std::numeric_limits<double>::infinity(), 0, 0, 0};
    s.entries = {a, b};
    return s;
}

TEST(SensitivityProject, RoundTripAndOldProjectsStayReadable) {
    test::TempDir dir;
    Project p;
    p.modelPath = test::model("onnx/mnist-12.onnx");
    p.modelHash = modelHash(p.modelPath);
    writeProject(dir.file("old.qbproj"), p); // no sensitivity: as every project before it
    EXPECT_FALSE(readProject(dir.file("old.qbproj")).sensitivity.has_value());

    p.sensitivity = sampleTable();
    writeProject(dir.file("new.qbproj"), p);
    const Project q = readProject(dir.file("new.qbproj"));
    ASSERT_TRUE(q.sensitivity.has_value());
    EXPECT_EQ(q.sensitivity->settings, p.sensitivity->settings);
    EXPECT_EQ(q.sensitivity->shardIndex, 1);
    EXPECT_EQ(q.sensitivity->shardCount, 3);
    EXPECT_EQ(q.sensitivity->entries, p.sensitivity->entries);
    EXPECT_TRUE(std::isnan(q.sensitivity->entries[1].metricDelta));
    EXPECT_TRUE(std::isinf(q.sensitivity->entries[1].sqnrDb));

    // An unknown scheme is refused, naming the entry.
    p.sensitivity->entries[0].scheme = "int9_g7";
    writeProject(dir.file("bad.qbproj"), p);
    try {
        (void)readProject(dir.file("bad.qbproj"));
        FAIL() << "read a table with an unknown scheme";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("/sensitivity/000000: unknown scheme 'int9_g7'"), std::string::npos) << e.what();
    }
}

class StoriesSensitivity : public ::testing::Test {
protected:
    static void SetUpTestSuite() { input_ = new pipeline::OpenedInput(pipeline::openInput(test::model("llama2c/stories260K.bin"))); }
    static void TearDownTestSuite() { delete input_; }

    static pipeline::SensitivityRequest request() {
        pipeline::SensitivityRequest r;
        r.data.path = test::shared(kText);
        r.data.context = 64;
        r.limit = 2;
        r.bits = {8, 3};
        return r;
    }
    static Project project() { return pipeline::newProject(*input_->model, {}); }
    static pipeline::OpenedInput* input_;
};
pipeline::OpenedInput* StoriesSensitivity::input_ = nullptr;

TEST_F(StoriesSensitivity, TableCoversEveryLayerAndOrdersSchemesByError) {
    const auto r = request();
    const ProjectSensitivity s = pipeline::measureSensitivity(input_->model, project(), r);
    const auto pairs = pipeline::sensitivityPairs(*input_->model, r.bits);
    ASSERT_EQ(s.entries.size(), pairs.size());
    EXPECT_EQ(s.settings.metric, "perplexity");
    EXPECT_GT(s.settings.baseMetric, 1.0);
    EXPECT_EQ(s.settings.proxySource, "layer inputs");
    size_t quantizable = 0;
    for (const TensorEntry& t : input_->model->tensors) quantizable += t.quantizable;
    std::set<std::string> layers;
    for (const SensitivityEntry& e : s.entries) layers.insert(e.layer);
    EXPECT_EQ(layers.size(), quantizable);
    // Per layer, 3 bits moves the outputs more than 8 bits, by every measure.
    for (const std::string& l : layers) {
        const SensitivityEntry* e8 = s.find(l, "int8_g32_sym");
        const SensitivityEntry* e3 = s.find(l, "int3_g32_sym");
        if (!e8) e8 = s.find(l, "int8_channel_sym"), e3 = s.find(l, "int3_channel_sym"); // rows groups do not divide
        ASSERT_TRUE(e8 && e3) << l;
        EXPECT_GT(e3->kl, e8->kl) << l;
        EXPECT_GT(e8->sqnrDb, e3->sqnrDb + 20) << l;
        EXPECT_GT(e3->outputError, e8->outputError) << l;
        EXPECT_GT(e3->imatrixError, e8->imatrixError) << l;
        EXPECT_GT(e8->kl, 0) << l;
    }
    const auto rho = pipeline::proxyCorrelation(s.entries);
    EXPECT_GT(rho.sqnr, 0.5);
    EXPECT_GT(rho.outputError, 0.5);
}

TEST_F(StoriesSensitivity, ShardsMergedEqualOneRunAndReRunsReuse) {
    auto r = request();
    const ProjectSensitivity whole = pipeline::measureSensitivity(input_->model, project(), r);
    std::vector<Project> parts;
    for (int64_t i = 0; i < 3; ++i) {
        r.shardIndex = i;
        r.shardCount = 3;
        Project p = project();
        p.sensitivity = pipeline::measureSensitivity(input_->model, p, r);
        EXPECT_EQ(p.sensitivity->entries.size(), (whole.entries.size() - size_t(i) + 2) / 3);
        parts.push_back(std::move(p));
    }
    const std::vector<std::string> names{"a", "b", "c"};
    // Any order of the parts.
    const Project merged = pipeline::mergeSensitivity({parts[2], parts[0], parts[1]}, names);
    ASSERT_TRUE(merged.sensitivity.has_value());
    EXPECT_EQ(merged.sensitivity->entries, whole.entries);
    EXPECT_EQ(merged.sensitivity->settings, whole.settings);
    EXPECT_EQ(merged.sensitivity->shardCount, 1);

    // A missing shard, a repeated one, or a part of another model is refused.
    EXPECT_THROW(pipeline::mergeSensitivity({parts[0], parts[1]}, names), Error);
    EXPECT_THROW(pipeline::mergeSensitivity({parts[0], parts[1], parts[1]}, names), Error);
    Project other = parts[2];
    other.modelHash = "fnv1a64:0000000000000000";
    try {
        pipeline::mergeSensitivity({parts[0], parts[1], other}, names);
        FAIL() << "merged a part of another model";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("c: is of another model"), std::string::npos) << e.what();
    }

    // A re-run keeps the entries it has (a forged value survives) and measures the others.
    Project again = project();
    again.sensitivity = whole;
    again.sensitivity->entries.erase(again.sensitivity->entries.begin() + 1); // one pair missing
    again.sensitivity->entries[0].kl = 123;
    r.shardIndex = 0;
    r.shardCount = 1;
    const ProjectSensitivity rerun = pipeline::measureSensitivity(input_->model, again, r);
    ASSERT_EQ(rerun.entries.size(), whole.entries.size());
    EXPECT_EQ(rerun.entries[0].kl, 123);
    EXPECT_EQ(rerun.entries[1], whole.entries[1]); // measured again, the same
    // Other data (another limit): nothing is reused.
    r.limit = 1;
    const ProjectSensitivity fresh = pipeline::measureSensitivity(input_->model, again, r);
    EXPECT_NE(fresh.entries[0].kl, 123);
}

// A GPTQ entry measures the layer `quantize` gives: GPTQ calibrated on the windows quantize chooses
// with the same --samples and --seed (not on the evaluated ones), so the entry's KL is the KL of
// quantize's result for a plan of that layer alone. Another seed gives other windows, another layer.
TEST_F(StoriesSensitivity, GptqEntriesMeasureTheLayerQuantizeGives) {
    auto r = request();
    r.method = "gptq";
    r.bits = {3};
    r.calibrationSamples = 3;
    r.calibrationSeed = 5;
    r.shardCount = 12; // pair 0 (token_embd) and pair 12 among the 36
    const ProjectSensitivity s = pipeline::measureSensitivity(input_->model, project(), r);
    EXPECT_EQ(s.settings.calibrationSamples, 3);
    EXPECT_EQ(s.settings.calibrationSeed, 5u);
    ASSERT_EQ(s.entries.size(), 3u);
    const pipeline::OutputComparison reference(input_->model, r.data, r.limit);
    for (const SensitivityEntry& e : s.entries) {
        quant::Plan plan;
        plan.defaults.method = "gptq";
        plan.setEntry(e.layer, quant::schemeSettings(quant::scheme(e.scheme)));
        pipeline::QuantizeRequest q{plan, "test", r.data, {}};
        q.calibration.samples = 3;
        q.calibration.seed = 5;
        const pipeline::QuantizeResult done = pipeline::quantize(input_->model, std::nullopt, q, {});
        ASSERT_EQ(done.quantizedLayers, 1u) << e.layer;
        const double kl = reference.measure(quant::applyQuantized(*input_->model, done.project.quantization->layers)).kl;
        EXPECT_NEAR(e.kl, kl, 1e-9 * kl) << e.layer;
    }
    // Other windows (seed 6): another GPTQ solution, another KL; the table is not reused for it.
    Project again = project();
    again.sensitivity = s;
    r.calibrationSeed = 6;
    const ProjectSensitivity other = pipeline::measureSensitivity(input_->model, again, r);
    ASSERT_EQ(other.entries.size(), s.entries.size());
    for (size_t k = 0; k < s.entries.size(); ++k) EXPECT_NE(other.entries[k].kl, s.entries[k].kl) << s.entries[k].layer;
    r.calibrationSamples = 0;
    EXPECT_THROW(pipeline::measureSensitivity(input_->model, project(), r), Error);
}

// measure() from kept fp32 states (the blocks before a layer's run once for all its pairs) gives
// the full run's figures, in ascending and descending block order, for the untied head of the
// GGUF copy alone, and after a cancel; and the states really stand in for those blocks: a variant
// that differs earlier than the block it is measured from scores as if it did not.
TEST(SensitivityKeptStates, GiveTheFullRunsFigures) {
    const pipeline::OpenedInput in = pipeline::openInput(test::model("gguf/stories260K.gguf"));
    ASSERT_TRUE(in.model->find("output.weight"));
    pipeline::DataSpec data;
    data.path = test::shared(kText);
    data.context = 256;
    const pipeline::OutputComparison reference(in.model, data, 20); // batches of 16 and 4 windows
    const auto variant = [&](const std::string& layer) {
        quant::Plan plan;
        plan.setEntry(layer, quant::schemeSettings(quant::scheme("int3_g32_sym")));
        const pipeline::QuantizeResult done = pipeline::quantize(in.model, std::nullopt, {plan, "test", data, {}}, {});
        return quant::applyQuantized(*in.model, done.project.quantization->layers);
    };
    const auto expectSame = [](const pipeline::OutputComparison::Change& a, const pipeline::OutputComparison::Change& b,
                               const std::string& what) {
        EXPECT_NEAR(a.kl, b.kl, 1e-12 * b.kl) << what;
        EXPECT_NEAR(a.metric, b.metric, 1e-12 * b.metric) << what;
        ASSERT_EQ(a.windowNll.size(), 20u) << what;
        for (size_t w = 0; w < 20; ++w) EXPECT_NEAR(a.windowNll[w], b.windowNll[w], 1e-12) << what << " window " << w;
    };
    const int64_t layers = in.model->llama->layers;
    ASSERT_EQ(layers, 5);
    for (const int64_t b : {1, 3, 4, 2}) {
        const Model v = variant("blk." + std::to_string(b) + ".attn_output.weight");
        const pipeline::OutputComparison::Change full = reference.measure(v);
        EXPECT_GT(full.kl, 1e-4);
        expectSame(reference.measure(v, b), full, "block " + std::to_string(b));
    }
    const Model head = variant("output.weight");
    expectSame(reference.measure(head, layers), reference.measure(head), "head");

    const Model early = variant("blk.1.attn_output.weight");
    EXPECT_NEAR(reference.measure(early, 3).kl, 0.0, 1e-6); // blocks 0-2 came from the fp32 states

    std::atomic<bool> cancel{true};
    JobContext job;
    job.cancel = &cancel;
    const Model late = variant("blk.4.attn_output.weight");
    EXPECT_THROW(reference.measure(late, 4, job), Cancelled);
    expectSame(reference.measure(late, 4), reference.measure(late), "after a cancel");
}

TEST_F(StoriesSensitivity, ReportsLayerAndSchemeAndCancels) {
    std::atomic<bool> cancel{false};
    std::vector<std::string> stages;
    JobContext job;
    job.cancel = &cancel;
    job.progress = [&](double, std::string_view stage) {
        stages.emplace_back(stage);
        if (stage.rfind("layer 2/", 0) == 0) cancel = true; // after the first layer's schemes
    };
    EXPECT_THROW(pipeline::measureSensitivity(input_->model, project(), request(), job), Cancelled);
    const auto layerStages = std::count_if(stages.begin(), stages.end(), [](const std::string& s) { return s.rfind("layer ", 0) == 0; });
    EXPECT_GE(layerStages, 2);
    EXPECT_NE(std::find(stages.begin(), stages.end(), "layer 1/36: int8_g32_sym"), stages.end());
}

TEST_F(StoriesSensitivity, BadShardsAndMethodsAreRefused) {
    auto r = request();
    r.shardIndex = 3;
    r.shardCount = 3;
    EXPECT_THROW(pipeline::measureSensitivity(input_->model, project(), r), Error);
    r = request();
    r.method = "awq";
    EXPECT_THROW(pipeline::measureSensitivity(input_->model, project(), r), Error);
    r = request();
    r.bits = {9};
    EXPECT_THROW(pipeline::measureSensitivity(input_->model, project(), r), Error);
}

} // namespace
} // namespace qb
