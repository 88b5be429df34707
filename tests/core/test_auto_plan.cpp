// The automatic planner (quant/auto_plan.h): budgets kept, optimal choices on a small table, the
// Pareto curve, and on real models: planned no worse than uniform at the same or a larger size.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/calib/calibration_stats.h"
#include "core/datasets/idx_dataset.h"
#include "core/eval/paired_difference.h"
#include "core/eval/perplexity.h"
#include "core/formats/model_reader.h"
#include "core/llm/transformer.h"
#include "core/pipeline/evaluate.h"
#include "core/pipeline/held_out.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/pipeline/sensitivity.h"
#include "core/quant/apply_quantized.h"
#include "core/quant/auto_plan.h"
#include "core/quant/quantize_model.h"
#include "core/quant/weight_matrix.h"
#include "core/util/error.h"
#include "ort/model_inputs.h"
#include "test_support.h"

namespace qb {
namespace {

const char* kSchemes[] = {"int8_channel_sym", "int4_channel_sym", "int3_channel_sym", "int2_channel_sym"};

// mnist-12's three layers with made-up KLs: the last layer barely cares, the first a lot.
ProjectSensitivity syntheticTable(const Model& m) {
    ProjectSensitivity s;
    const double weight[] = {5.0, 1.0, 0.05};
    size_t l = 0;
    for (const TensorEntry& t : m.tensors) {
        if (!t.quantizable) continue;
        const double kl[] = {0.001, 0.2, 1.0, 6.0};
        for (size_t k = 0; k < 4; ++k)
            s.entries.push_back({t.name, kSchemes[k], weight[l] * kl[k], 0, 0, 0, 0, 0});
        ++l;
    }
    return s;
}

TEST(AutoPlan, KeepsTheBudgetAndFindsTheBestChoiceOfASmallTable) {
    const Model m = openModel(test::model("onnx/mnist-12.onnx"));
    const ProjectSensitivity table = syntheticTable(m);
    const quant::AutoPlanner planner(m, table);
    std::vector<const TensorEntry*> layers;
    for (const TensorEntry& t : m.tensors)
        if (t.quantizable) layers.push_back(&t);
    ASSERT_EQ(layers.size(), 3u);
    const auto bytesOf = [&](size_t l, size_t k) {
        const auto shape = quant::matrixShape(*layers[l]);
        return *quant::sizeBytes(quant::scheme(kSchemes[k]), shape.rows, shape.cols);
    };
    for (const double bpw : {2.2, 2.7, 3.0, 3.5, 4.0, 5.0, 6.5, 8.5}) {
        const uint64_t budget = planner.budgetBytes(bpw);
        const quant::AutoPlan p = planner.plan(budget);
        EXPECT_LE(p.size.bytes, budget) << bpw;
        EXPECT_TRUE(quant::planProblems(p.plan, m).empty());
        // Resolved, the plan gives each layer the scheme the planner chose.
        const auto resolved = quant::resolvePlan(p.plan, m, "test");
        ASSERT_EQ(resolved.size(), 3u);
        for (size_t l = 0; l < 3; ++l) EXPECT_EQ(resolved[l].scheme, p.layers[l].scheme);
        EXPECT_NEAR(planner.predict(resolved), p.predictedDelta, 1e-12);
        // Brute force over the 64 choices.
        double best = 1e300;
        for (size_t a = 0; a < 4; ++a)
            for (size_t b = 0; b < 4; ++b)
                for (size_t c = 0; c < 4; ++c) {
                    if (bytesOf(0, a) + bytesOf(1, b) + bytesOf(2, c) > budget) continue;
                    const double d = table.find(layers[0]->name, kSchemes[a])->kl +
                                     table.find(layers[1]->name, kSchemes[b])->kl +
                                     table.find(layers[2]->name, kSchemes[c])->kl;
                    best = std::min(best, d);
                }
        EXPECT_NEAR(p.predictedDelta, best, 1e-12) << bpw << " bits per weight";
    }
    EXPECT_THROW(planner.plan(planner.budgetBytes(1.5)), Error); // below all-int2

    // The curve runs from the smallest plan to the best, each step larger and better.
    const auto curve = planner.pareto();
    ASSERT_GE(curve.size(), 4u);
    for (size_t i = 1; i < curve.size(); ++i) {
        EXPECT_GT(curve[i].bytes, curve[i - 1].bytes);
        EXPECT_LT(curve[i].predictedDelta, curve[i - 1].predictedDelta);
    }
    EXPECT_NEAR(curve.front().predictedDelta, 6.0 * 6.05, 1e-9);
    EXPECT_NEAR(curve.back().predictedDelta, 0.001 * 6.05, 1e-9);
    EXPECT_EQ(planner.uniform().size(), 4u);
}

TEST(AutoPlan, LayersWithoutEntriesAreNamed) {
    const Model m = openModel(test::model("onnx/mnist-12.onnx"));
    ProjectSensitivity table = syntheticTable(m);
    const std::string dropped = table.entries.back().layer;
    std::erase_if(table.entries, [&](const SensitivityEntry& e) { return e.layer == dropped; });
    try {
        quant::AutoPlanner planner(m, table);
        FAIL() << "planned without entries for " << dropped;
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(dropped), std::string::npos) << e.what();
    }
    // A scheme the layer cannot take is never offered: a ggml type on 25-weight rows.
    ProjectSensitivity ggml = syntheticTable(m);
    for (SensitivityEntry& e : ggml.entries)
        if (e.scheme == "int8_channel_sym") e.scheme = "q8_0", e.kl = 0;
    const quant::AutoPlanner planner(m, ggml);
    const quant::AutoPlan p = planner.plan(planner.budgetBytes(12));
    EXPECT_TRUE(quant::planProblems(p.plan, m).empty());
    for (const quant::PlannedLayer& l : p.layers) {
        const auto cols = quant::matrixShape(*m.find(l.name)).cols;
        if (cols % 32 != 0) EXPECT_NE(l.scheme->name, "q8_0") << l.name;
    }
}

// GPTQ takes no ggml type: a table whose q8_0 entries are free (KL 0) still never gets q8_0 into
// a GPTQ plan, while RTN, which takes it, chooses it for every layer whose rows hold whole blocks.
TEST(AutoPlan, SchemesTheMethodCannotTakeAreNeverOffered) {
    const pipeline::OpenedInput in = pipeline::openInput(test::model("llama2c/stories260K.bin"));
    const Model& m = *in.model;
    ProjectSensitivity table;
    size_t blockRows = 0;
    for (const TensorEntry& t : m.tensors) {
        if (!t.quantizable) continue;
        table.entries.push_back({t.name, "int8_channel_sym", 0.001, 0, 0, 0, 0, 0});
        table.entries.push_back({t.name, "int4_channel_sym", 0.2, 0, 0, 0, 0, 0});
        table.entries.push_back({t.name, "q8_0", 0.0, 0, 0, 0, 0, 0});
        blockRows += quant::matrixShape(t).cols % 32 == 0;
    }
    ASSERT_GT(blockRows, 0u);
    for (const char* method : {"rtn", "gptq"}) {
        const quant::AutoPlanner planner(m, table, method);
        const quant::AutoPlan p = planner.plan(planner.budgetBytes(12));
        EXPECT_TRUE(quant::planProblems(p.plan, m).empty()) << method;
        size_t q8 = 0;
        for (const quant::PlannedLayer& l : p.layers) q8 += l.scheme->name == "q8_0";
        EXPECT_EQ(q8, std::string(method) == "rtn" ? blockRows : 0u) << method;
    }
}

// The quantized model of `plan` compared with fp32.
pipeline::OutputComparison::Change measure(const pipeline::OutputComparison& ref, const Model& m, const quant::Plan& plan) {
    const auto layers = quant::resolvePlan(plan, m, "test");
    return ref.measure(quant::applyQuantized(m, quant::quantizeModel(m, layers, {})));
}

quant::Plan uniform(const std::string& scheme) {
    quant::PlanSettings s = quant::schemeSettings(quant::scheme(scheme));
    s.method = "rtn";
    return quant::uniformPlan(s);
}

TEST(AutoPlan, Mnist12PlannedKlIsNoWorseThanUniformAtTheSameSize) {
    const pipeline::OpenedInput in = pipeline::openInput(test::model("onnx/mnist-12.onnx"));
    pipeline::SensitivityRequest r;
    r.data.path = test::shared("data/mnist");
    r.limit = 1000;
    r.bits = {8, 6, 5, 4, 3, 2};
    const ProjectSensitivity table = pipeline::measureSensitivity(in.model, pipeline::newProject(*in.model, {}), r);
    EXPECT_EQ(table.settings.metric, "top1");
    const quant::AutoPlanner planner(*in.model, table);
    const pipeline::OutputComparison ref(in.model, r.data, r.limit);
    for (const char* name : {"int4_channel_sym", "int3_channel_sym"}) {
        const quant::Plan u = uniform(name);
        const quant::PlanSize size = quant::planSize(quant::resolvePlan(u, *in.model, "test"));
        const quant::AutoPlan p = planner.plan(size.bytes);
        EXPECT_LE(p.size.bytes, size.bytes);
        const double planned = measure(ref, *in.model, p.plan).kl, flat = measure(ref, *in.model, u).kl;
        std::cerr << "mnist-12 at " << size.bitsPerWeight() << " bpw: uniform " << name << " KL " << flat
                  << ", planned (" << p.size.bitsPerWeight() << " bpw) KL " << planned << "\n";
        EXPECT_LE(planned, flat) << name;
    }
}

// PaddleOCR's text-direction classifier (MobileNetV3, 54 layers) on 32 text lines of six MNIST
// digits at its 3x48x192 input, every other line turned 180 degrees (tests/ort/model_inputs.h),
// prepared as PaddleOCR does: (x/255 - 0.5)/0.5. Candidates 8, 6, 5, 4, 3, 2 bits per channel (and
// the ggml types where rows take them), RTN. At each uniform scheme's size the plan's output KL
// against fp32 is lower. Measured KL uniform/planned: int6 .129/.0091, int5 .084/.0173, int4
// .293/.0545, int3 .919/.146, so below 8 bits planned < 0.6 x uniform is asserted (a 3x margin
// on the worst measured ratio, .21). At int8's size the plan is uniform int8 but for a few layers
// whose table entries differ by noise: .00175/.00182 measured, planned <= 1.1 x uniform asserted.
// (The lines are not text: fp32 tells their direction 50-56% of the time, so top-1 is printed only.)
TEST(AutoPlan, PaddleOcrClsPlannedKlIsNoWorseThanUniformAtTheSameSize) {
    test::TempDir dir;
    pipeline::SensitivityRequest r;
    r.data.path = ortref::writeTextLines(dir.path().string(), readIdxDataset(test::shared("data/mnist")), 0, 32);
    r.data.image = {.scale = 1.f / 255.f, .mean = {0.5f}, .std = {0.5f}};
    r.limit = 32;
    r.bits = {8, 6, 5, 4, 3, 2};
    const pipeline::OpenedInput in = pipeline::openInput(test::model("onnx/ch_ppocr_mobile_v2.0_cls_infer.onnx"));
    const ProjectSensitivity table = pipeline::measureSensitivity(in.model, pipeline::newProject(*in.model, {}), r);
    EXPECT_EQ(table.settings.metric, "top1"); // the labels say which lines are turned
    const quant::AutoPlanner planner(*in.model, table);
    const pipeline::OutputComparison ref(in.model, r.data, r.limit);
    EXPECT_EQ(ref.samples(), 32);
    std::cerr << "PaddleOCR cls fp32 top-1 on the lines " << ref.baseMetric() << "%\n";
    for (const int bits : {8, 6, 5, 4, 3}) {
        const std::string name = "int" + std::to_string(bits) + "_channel_sym";
        const quant::Plan u = uniform(name);
        const quant::PlanSize size = quant::planSize(quant::resolvePlan(u, *in.model, "test"));
        const quant::AutoPlan p = planner.plan(size.bytes);
        EXPECT_LE(p.size.bytes, size.bytes);
        const auto planned = measure(ref, *in.model, p.plan), flat = measure(ref, *in.model, u);
        std::cerr << "PaddleOCR cls at " << size.bitsPerWeight() << " bpw: uniform " << name << " KL " << flat.kl
                  << " top-1 " << flat.metric << "%, planned (" << p.size.bitsPerWeight() << " bpw) KL " << planned.kl
                  << " top-1 " << planned.metric << "%\n";
        EXPECT_LT(planned.kl, (bits == 8 ? 1.1 : 0.6) * flat.kl) << name;
    }
}

// stories260K, context 256, the first 4 windows of the excerpt (sensitivity and evaluation alike),
// candidates 4 and 3 bits (g32 or per channel where 32 does not divide, q4_0, q4_1).
TEST(AutoPlan, Stories260KPlannedPerplexityBeatsUniform) {
    const pipeline::OpenedInput in = pipeline::openInput(test::model("llama2c/stories260K.bin"));
    pipeline::SensitivityRequest r;
    r.data.path = test::shared("data/tinystories/TinyStories-validation-excerpt.txt");
    r.data.context = 256;
    r.limit = 4;
    r.bits = {4, 3};
    const ProjectSensitivity table = pipeline::measureSensitivity(in.model, pipeline::newProject(*in.model, {}), r);
    const auto perplexity = [&](const quant::Plan& plan) {
        const auto layers = quant::resolvePlan(plan, *in.model, "test");
        ProjectQuantization q{quant::planJson(plan), "rtn", quant::quantizeModel(*in.model, layers, {})};
        return pipeline::evaluate(in.model, &q, r.data, {.limit = r.limit, .sampleTokens = 0}, {}).language->perplexity;
    };
    const auto bpw = [&](const quant::Plan& plan) {
        return quant::planSize(quant::resolvePlan(plan, *in.model, "test")).bitsPerWeight();
    };
    const quant::AutoPlanner byKl(*in.model, table);
    const quant::AutoPlanner byMetric(*in.model, table, "rtn", "test", quant::PlanObjective::Metric);

    // 3.6 bits per weight against uniform 3-bit g32 (3.41 bits per weight).
    const quant::Plan u3 = uniform("int3_g32_sym");
    const quant::AutoPlan p36 = byKl.plan(byKl.budgetBytes(3.6));
    const double pplU3 = perplexity(u3), ppl36 = perplexity(p36.plan);
    std::cerr << "uniform int3_g32 " << bpw(u3) << " bpw: ppl " << pplU3 << "; planned " << bpw(p36.plan)
              << " bpw: ppl " << ppl36 << "\n";
    EXPECT_LT(ppl36, pplU3);

    // At uniform 4-bit g32's own size: by KL the plan moves the outputs less, by the metric its
    // perplexity is no higher.
    const quant::Plan u4 = uniform("int4_g32_sym");
    const uint64_t size4 = quant::planSize(quant::resolvePlan(u4, *in.model, "test")).bytes;
    const double pplU4 = perplexity(u4);
    const quant::AutoPlan k4 = byKl.plan(size4), m4 = byMetric.plan(size4);
    const pipeline::OutputComparison ref(in.model, r.data, r.limit);
    const double klU4 = measure(ref, *in.model, u4).kl, klK4 = measure(ref, *in.model, k4.plan).kl;
    const double pplM4 = perplexity(m4.plan);
    std::cerr << "uniform int4_g32 " << bpw(u4) << " bpw: ppl " << pplU4 << ", KL " << klU4 << "; planned by KL "
              << bpw(k4.plan) << " bpw: KL " << klK4 << "; planned by perplexity " << bpw(m4.plan) << " bpw: ppl "
              << pplM4 << "\n";
    EXPECT_LE(klK4, klU4);
    EXPECT_LE(pplM4, pplU4);
}

// `plan` quantized as `quantize` does it: GPTQ inputs from the table's calibration windows
// (r.calibrationSamples chosen by its seed).
ProjectQuantization quantized(const pipeline::OpenedInput& in, const pipeline::SensitivityRequest& r, const quant::Plan& plan) {
    pipeline::QuantizeRequest q{plan, "test", r.data, {}};
    q.calibration.samples = r.calibrationSamples;
    q.calibration.seed = r.calibrationSeed;
    return *pipeline::quantize(in.model, std::nullopt, q, {}).project.quantization;
}

quant::Plan uniformWith(const std::string& scheme, const std::string& method) {
    quant::PlanSettings s = quant::schemeSettings(quant::scheme(scheme));
    s.method = method;
    return quant::uniformPlan(s);
}

// The table of issue 12's must-show with GPTQ, on stories260K with context 256: KL on the first 4
// windows; each layer's GPTQ calibrated on the 4 windows `quantize` chooses by seed 0 (as the plans
// below are quantized), so mostly other text than the KL's; candidates 5, 4 and 3 bits, g32 and g64
// (per channel where they do not divide), symmetric, with 8-, 6- and 4-bit scale codes (4.06 bits
// per weight for int4 g64 with 4-bit codes lets a 4.0 plan keep almost every layer at 4 bits). Bits
// per weight count every quantizable weight once (token_embd, tied to the output, included) for
// plan and uniform alike.
pipeline::SensitivityRequest gptqRequest() {
    pipeline::SensitivityRequest r;
    r.data.path = test::shared("data/tinystories/TinyStories-validation-excerpt.txt");
    r.data.context = 256;
    r.limit = 4;
    r.bits = {5, 4, 3};
    r.groups = {32, 64};
    r.scaleBits = {8, 6, 4};
    r.method = "gptq";
    r.calibrationSamples = 4;
    return r;
}

// Held-out windows are full, spread over the text, and none is among the table's first windows or
// the calibration's seeded choice; each window's NLL is what perplexity gives that window alone.
TEST(AutoPlan, HeldOutWindowsAvoidTheTableAndCalibrationWindows) {
    const pipeline::OpenedInput in = pipeline::openInput(test::model("llama2c/stories260K.bin"));
    pipeline::DataSpec data;
    data.path = test::shared("data/tinystories/TinyStories-validation-excerpt.txt");
    data.context = 256;
    CalibrationSettings cal;
    cal.samples = 60;
    cal.seed = 7;
    const pipeline::HeldOutText held = pipeline::heldOutWindows(*in.model, data, 400, 30, {cal});
    ASSERT_EQ(held.windows.size(), 400u);
    const int64_t all = int64_t((held.tokens.size() - 1 + 254) / 255); // 501 windows, the last one short
    const std::vector<int64_t> chosen = chooseSamples(all, cal.samples, cal.seed);
    for (size_t k = 0; k < held.windows.size(); ++k) {
        const int64_t i = held.indexes[k];
        EXPECT_GE(i, 30);
        EXPECT_FALSE(std::binary_search(chosen.begin(), chosen.end(), i)) << i;
        if (k > 0) EXPECT_GT(i, held.indexes[k - 1]);
        EXPECT_EQ(held.windows[k].size(), 255u);
        EXPECT_EQ(held.windows[k].data(), held.tokens.data() + 1 + i * 255);
    }
    EXPECT_GT(held.indexes.back(), all - 20); // spread to the end of the text
    try {
        pipeline::heldOutWindows(*in.model, data, 420, 30, {cal}); // about 414 are left
        FAIL() << "more held-out windows than the text has";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("fewer than the 420"), std::string::npos) << e.what();
    }
    // Held-out windows for plans quantized with two calibrations avoid the windows of both.
    CalibrationSettings other = cal;
    other.seed = 8;
    const std::vector<int64_t> chosenToo = chooseSamples(all, other.samples, other.seed);
    const pipeline::HeldOutText both = pipeline::heldOutWindows(*in.model, data, 340, 30, {cal, other});
    ASSERT_EQ(both.windows.size(), 340u);
    for (const int64_t i : both.indexes) {
        EXPECT_GE(i, 30);
        EXPECT_FALSE(std::binary_search(chosen.begin(), chosen.end(), i)) << i;
        EXPECT_FALSE(std::binary_search(chosenToo.begin(), chosenToo.end(), i)) << i;
    }
    std::vector<int64_t> read(chosen);
    read.insert(read.end(), chosenToo.begin(), chosenToo.end());
    std::sort(read.begin(), read.end());
    read.erase(std::unique(read.begin(), read.end()), read.end());
    const auto beyondFirst = std::count_if(read.begin(), read.end(), [](int64_t i) { return i >= 30; });
    try {
        pipeline::heldOutWindows(*in.model, data, 400, 30, {cal, other});
        FAIL() << "fewer windows are left beside two calibrations";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("and " + std::to_string(beyondFirst) + " more that calibration reads"),
                  std::string::npos)
            << e.what();
    }
    const pipeline::OpenedInput mnist = pipeline::openInput(test::model("onnx/mnist-12.onnx"));
    try {
        pipeline::heldOutWindows(*mnist.model, data, 4, 0, {cal});
        FAIL() << "held-out text windows for an image classifier";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("mnist-12.onnx"), std::string::npos) << e.what();
    }

    const pipeline::HeldOutText few = pipeline::heldOutWindows(*in.model, data, 3, 4, {});
    const std::vector<double> nll = pipeline::heldOutNll(*in.model, nullptr, few);
    ASSERT_EQ(nll.size(), 3u);
    Transformer tf(*in.model);
    for (size_t k = 0; k < 3; ++k) {
        std::vector<int32_t> one{few.bos};
        one.insert(one.end(), few.windows[k].begin(), few.windows[k].end());
        EXPECT_NEAR(nll[k], evaluatePerplexity(tf, one, few.bos, {.context = 256}).meanNll, 1e-5) << k;
    }
    // The same windows as an output comparison: fp32's perplexity there, and KL 0 against itself.
    const pipeline::OutputComparison onFew(in.model, few);
    EXPECT_EQ(onFew.samples(), 3 * 255);
    EXPECT_NEAR(std::log(onFew.baseMetric()), (nll[0] + nll[1] + nll[2]) / 3, 1e-5);
    const pipeline::OutputComparison::Change self = onFew.measure(*in.model);
    EXPECT_NEAR(self.kl, 0.0, 1e-6); // the reference is kept as floats
    ASSERT_EQ(self.windowNll.size(), 3u); // and each window's NLL, as heldOutNll gives it
    for (size_t k = 0; k < 3; ++k) EXPECT_NEAR(self.windowNll[k], nll[k], 1e-5) << k;
    EXPECT_GT(std::abs(nll[0] - nll[1]) + std::abs(nll[1] - nll[2]), 0.01); // windows that differ
    EXPECT_THROW(pipeline::OutputComparison(mnist.model, few), Error);
    const double a[] = {1.0, 2.0, 3.5}, b[] = {0.5, 1.0, 3.0};
    const PairedDifference d = pairedDifference(a, b);
    EXPECT_NEAR(d.mean, 2.0 / 3.0, 1e-12);
    EXPECT_NEAR(d.standardError, std::sqrt((2.0 * std::pow(1.0 / 6.0, 2) + std::pow(1.0 / 3.0, 2)) / 2.0 / 3.0), 1e-12);
    EXPECT_THROW(pairedDifference(std::span(a, 2), b), Error);
}

// The plans of gptqRequest's table, scored on 40 windows that neither the table (the first 4) nor
// GPTQ (4 chosen by seed 0 among all 501) read, spread over the text (pipeline::heldOutWindows),
// window by window against uniform GPTQ. Measured, ppl on the 40: uniform int4 g32 5.645 (4.414
// bpw), int3 g32 10.50; planned at int4 g32's size 5.396, NLL difference -0.045 +- 0.006 per token;
// at 3.6 bpw 6.76. At 4.0 bpw the plan is NOT better than uniform int4 g32 on held-out text: 5.808,
// +0.029 +- 0.007 (4 windows make a noisy table; bench_planner's mean over 3 GPTQ calibrations
// with a 128-window table: +0.002 +- 0.003, a tie; README). Asserted for it is only that it stays
// within 5% of uniform int4 g32 (2.9% measured) and far below int3 g32.
TEST(AutoPlan, Stories260KGptqPlanOnHeldOutText) {
    const pipeline::OpenedInput in = pipeline::openInput(test::model("llama2c/stories260K.bin"));
    const pipeline::SensitivityRequest r = gptqRequest();
    const ProjectSensitivity table = pipeline::measureSensitivity(in.model, pipeline::newProject(*in.model, {}), r);
    const quant::AutoPlanner planner(*in.model, table, "gptq");
    CalibrationSettings gptq;
    gptq.samples = r.calibrationSamples;
    gptq.seed = r.calibrationSeed;
    const pipeline::HeldOutText held = pipeline::heldOutWindows(*in.model, r.data, 40, r.limit, {gptq});
    ASSERT_EQ(held.windows.size(), 40u);
    for (const int64_t i : held.indexes) EXPECT_GE(i, r.limit);
    const auto nll = [&](const quant::Plan& plan) {
        const ProjectQuantization q = quantized(in, r, plan);
        return pipeline::heldOutNll(*in.model, &q, held);
    };
    const auto ppl = [](const std::vector<double>& v) {
        double sum = 0;
        for (const double x : v) sum += x;
        return std::exp(sum / double(v.size()));
    };
    const quant::Plan u4 = uniformWith("int4_g32_sym", "gptq"), u3 = uniformWith("int3_g32_sym", "gptq");
    const std::vector<double> nllU4 = nll(u4), nllU3 = nll(u3);
    const uint64_t size4 = quant::planSize(quant::resolvePlan(u4, *in.model, "test")).bytes;
    const quant::AutoPlan atU4 = planner.plan(size4), p40 = planner.plan(planner.budgetBytes(4.0)),
                          p36 = planner.plan(planner.budgetBytes(3.6));
    const std::vector<double> nllAtU4 = nll(atU4.plan), nll40 = nll(p40.plan), nll36 = nll(p36.plan);
    const PairedDifference dU4 = pairedDifference(nllAtU4, nllU4), d40 = pairedDifference(nll40, nllU4);
    std::cerr << "held-out (40 windows): uniform int4_g32 ppl " << ppl(nllU4) << ", int3_g32 " << ppl(nllU3)
              << "; planned at int4_g32's size " << ppl(nllAtU4) << " (NLL " << dU4.mean << " +- " << dU4.standardError
              << "), at 4.0 bpw " << ppl(nll40) << " (NLL " << d40.mean << " +- " << d40.standardError << "), at 3.6 bpw "
              << ppl(nll36) << "\n";
    // At the same size the plan is better by more than two standard errors of the paired difference.
    EXPECT_LT(dU4.mean + 2 * dU4.standardError, 0.0);
    EXPECT_LT(ppl(nllAtU4), ppl(nllU4));
    EXPECT_LT(ppl(nll36), 0.8 * ppl(nllU3));
    EXPECT_LT(ppl(nll40), 1.05 * ppl(nllU4));
    EXPECT_LT(ppl(nll40), 0.6 * ppl(nllU3));
}

} // namespace
} // namespace qb
