// The compare use case (core/pipeline/compare.h) on mnist-12 (W8A8, W4) and stories260K (W8, W4
// GPTQ): its metric equals evaluate's, its KL and top-1 agreement equal a small independent
// computation on the raw outputs, sample records come largest KL first, and the per-layer table
// is exact before the only quantized layer and equal (accumulated, local) at it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/pipeline/compare.h"
#include "core/pipeline/evaluate.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/pipeline/run_outputs.h"
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

// Mean KL(softmax(a) || softmax(b)) per row and the fraction of rows with the same argmax, in
// long double, written apart from core/eval/agreement.cpp.
struct Independent {
    double kl = 0, agreement = 0;
    std::vector<double> rowKl;
};
Independent independent(const std::vector<float>& a, const std::vector<float>& b, int64_t classes) {
    Independent r;
    const size_t C = size_t(classes), N = a.size() / C;
    for (size_t s = 0; s < N; ++s) {
        const float* x = a.data() + s * C;
        const float* y = b.data() + s * C;
        long double zx = 0, zy = 0;
        const long double mx = *std::max_element(x, x + C), my = *std::max_element(y, y + C);
        for (size_t c = 0; c < C; ++c) {
            zx += std::exp(x[c] - mx);
            zy += std::exp(y[c] - my);
        }
        long double kl = 0;
        for (size_t c = 0; c < C; ++c) {
            const long double lp = x[c] - mx - std::log(zx), lq = y[c] - my - std::log(zy);
            kl += std::exp(lp) * (lp - lq);
        }
        r.rowKl.push_back(double(kl));
        r.kl += double(kl) / double(N);
        r.agreement += (std::max_element(x, x + C) - x == std::max_element(y, y + C) - y) ? 1.0 / double(N) : 0.0;
    }
    return r;
}

// ln softmax(row)[label] in long double.
double labelLogProb(const float* row, size_t C, int64_t label) {
    const long double m = *std::max_element(row, row + C);
    long double z = 0;
    for (size_t c = 0; c < C; ++c) z += std::exp(row[c] - m);
    return double(row[label] - m - std::log(z));
}

void expectAgreesWithIndependent(const Comparison& c, const std::shared_ptr<const Model>& model,
                                 const std::vector<CompareVariant>& variants, const DataSpec& data, int64_t limit) {
    const RawOutputs ref = runModel(model, nullptr, data, limit, {});
    for (size_t v = 0; v < variants.size(); ++v) {
        const RawOutputs out = runModel(model, &variants[v].quantization, data, limit, {});
        const Independent ind = independent(ref.values, out.values, ref.rowSize());
        const RunFigures& f = c.runs[v + 1];
        EXPECT_NEAR(f.agreement.kl, ind.kl, 1e-9 + 1e-6 * ind.kl) << f.name;
        EXPECT_NEAR(f.agreement.top1Agreement, ind.agreement, 1e-12) << f.name;
        EXPECT_GT(f.agreement.sqnrDb, 10.0) << f.name; // quantized, but not beyond recognition
        EXPECT_TRUE(std::isfinite(f.agreement.sqnrDb)) << f.name;
        // Every sample, largest KL first, each with its own row's KL.
        const auto& records = c.details[v].samples;
        ASSERT_EQ(int64_t(records.size()), ref.samples());
        for (size_t k = 0; k < records.size(); ++k) {
            if (k > 0) EXPECT_GE(records[k - 1].kl, records[k].kl);
            EXPECT_NEAR(records[k].kl, ind.rowKl[size_t(records[k].index)], 1e-9 + 1e-6 * records[k].kl);
            if (records[k].label < 0) continue;
            const size_t C = size_t(ref.rowSize()), row = size_t(records[k].index) * C;
            EXPECT_NEAR(records[k].referenceLogProb, labelLogProb(ref.values.data() + row, C, records[k].label), 1e-6);
            EXPECT_NEAR(records[k].candidateLogProb, labelLogProb(out.values.data() + row, C, records[k].label), 1e-6);
        }
    }
}

TEST(Compare, Mnist12FiguresEqualEvaluateAndAnIndependentComputation) {
    const auto model = openInput(test::model("onnx/mnist-12.onnx")).model;
    DataSpec data;
    data.path = test::shared("data/mnist");
    const int64_t limit = 300;
    const std::vector<CompareVariant> variants{
        {"W8A8", quantizeBy(model, R"({"default": {"bits": 8, "act_bits": 8}})", data)},
        {"W4", quantizeBy(model, R"({"default": {"bits": 4}})", data)}};
    const Comparison c = compareRuns(model, variants, data, {.limit = limit, .latencySamples = 4, .layerSamples = 2}, {});
    ASSERT_EQ(c.runs.size(), 3u);
    ASSERT_EQ(c.details.size(), 2u);
    EXPECT_EQ(c.runs[0].name, "fp32");
    EXPECT_EQ(c.runs[0].agreement.kl, 0.0);
    EXPECT_EQ(c.runs[0].agreement.top1Agreement, 1.0);
    EXPECT_EQ(c.runs[0].bitsPerWeight, 32.0);
    for (size_t v = 0; v < 3; ++v) {
        const ProjectQuantization* q = v == 0 ? nullptr : &variants[v - 1].quantization;
        const EvaluationReport e = evaluate(model, q, data, {.limit = limit}, {});
        EXPECT_EQ(c.runs[v].metric, "top1");
        EXPECT_EQ(c.runs[v].value, e.classifier->counts.top1Rate()) << c.runs[v].name;
        EXPECT_EQ(c.runs[v].samples, limit);
        EXPECT_GT(c.runs[v].throughput, 0);
        EXPECT_GT(c.runs[v].latencyMs, 0);
    }
    EXPECT_LT(c.runs[1].sizeBytes, c.runs[0].sizeBytes / 3);
    EXPECT_LT(c.runs[2].bitsPerWeight, c.runs[1].bitsPerWeight);
    expectAgreesWithIndependent(c, model, variants, data, limit);
    // W4 drifts further than W8A8; every layer of the plan appears, in order, with finite SQNR.
    EXPECT_GT(c.runs[2].agreement.kl, 1e-3);
    EXPECT_GT(c.runs[2].agreement.kl, c.runs[1].agreement.kl);
    EXPECT_LT(c.runs[2].agreement.sqnrDb, c.runs[1].agreement.sqnrDb);
    ASSERT_EQ(c.details[0].layers.size(), 3u);
    EXPECT_EQ(c.details[0].layers[0].name, "Parameter5");
    EXPECT_EQ(c.details[0].layers[2].name, "Parameter193");
    for (const auto& l : c.details[1].layers) {
        EXPECT_TRUE(l.quantized);
        EXPECT_TRUE(std::isfinite(l.accumulatedDb) && std::isfinite(l.localDb)) << l.name;
        EXPECT_GT(l.accumulatedDb, 10.0) << l.name;
    }
}

TEST(Compare, OneQuantizedLayerAccumulatedEqualsLocalAndTheLayersBeforeAreExact) {
    const auto model = openInput(test::model("onnx/mnist-12.onnx")).model;
    DataSpec data;
    data.path = test::shared("data/mnist");
    const ProjectQuantization q = quantizeBy(
        model, R"({"default": {"format": "fp32"}, "layers": {"Parameter87": {"bits": 8, "act_bits": 8}}})", data);
    ASSERT_EQ(q.layers.size(), 1u);
    const auto table = layerSqnr(model, q, data, 4, {});
    ASSERT_EQ(table.size(), 3u);
    EXPECT_EQ(table[0].name, "Parameter5");
    EXPECT_FALSE(table[0].quantized);
    EXPECT_TRUE(std::isinf(table[0].accumulatedDb) && table[0].accumulatedDb > 0) << table[0].accumulatedDb;
    EXPECT_TRUE(std::isinf(table[0].localDb));
    EXPECT_EQ(table[1].name, "Parameter87");
    EXPECT_TRUE(table[1].quantized);
    ASSERT_TRUE(std::isfinite(table[1].accumulatedDb));
    EXPECT_NEAR(table[1].accumulatedDb, table[1].localDb, 1e-9);
    EXPECT_GT(table[1].accumulatedDb, 20.0);
    // The error carries on: the next (fp32) layer's output is not exact either.
    EXPECT_TRUE(std::isfinite(table[2].accumulatedDb));
    EXPECT_TRUE(std::isinf(table[2].localDb));
}

TEST(Compare, Stories260kPerplexityEqualsEvaluateAndKlAnIndependentComputation) {
    const auto model = openInput(test::model("llama2c/stories260K.bin")).model;
    DataSpec data;
    data.path = test::shared("data/tinystories/TinyStories-validation-excerpt.txt");
    data.context = 65;
    const int64_t limit = 3;
    const std::vector<CompareVariant> variants{
        {"W8", quantizeBy(model, R"({"default": {"bits": 8, "group": 32}})", data)},
        {"W4 GPTQ", quantizeBy(model, R"({"default": {"bits": 4, "group": 32, "method": "gptq"}})", data)}};
    const Comparison c = compareRuns(model, variants, data, {.limit = limit, .latencySamples = 1}, {});
    ASSERT_EQ(c.runs.size(), 3u);
    for (size_t v = 0; v < 3; ++v) {
        const ProjectQuantization* q = v == 0 ? nullptr : &variants[v - 1].quantization;
        const EvaluationReport e = evaluate(model, q, data, {.limit = limit}, {});
        EXPECT_EQ(c.runs[v].metric, "perplexity");
        EXPECT_EQ(c.runs[v].value, e.language->perplexity) << c.runs[v].name;
        EXPECT_EQ(c.runs[v].samples, e.language->tokens);
    }
    EXPECT_GT(c.runs[2].value, c.runs[0].value); // 4 bits cost perplexity
    expectAgreesWithIndependent(c, model, variants, data, limit);
    EXPECT_GT(c.runs[2].agreement.kl, c.runs[1].agreement.kl);
    EXPECT_EQ(c.details[0].layers.size(), 5u * 7 + 1); // one per weight matmul (test_compare_llm.cpp)
    // The records' label log-probabilities are the perplexities' own: exp(-mean) of them is each
    // run's perplexity; and each record names its token's text.
    for (size_t v = 0; v < variants.size(); ++v) {
        double ref = 0, cand = 0;
        for (const SampleRecord& s : c.details[v].samples) {
            ref -= s.referenceLogProb;
            cand -= s.candidateLogProb;
            EXPECT_FALSE(s.text.empty()) << s.index;
        }
        const auto n = double(c.details[v].samples.size());
        EXPECT_NEAR(std::exp(ref / n), c.runs[0].value, 1e-5 * c.runs[0].value);
        EXPECT_NEAR(std::exp(cand / n), c.runs[v + 1].value, 1e-5 * c.runs[v + 1].value);
    }
}

} // namespace
