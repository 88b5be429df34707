// AWQ on real stories260K layers with real calibration inputs (TinyStories windows through the
// fp32 transformer), against RTN on the layer objective tr((W - W') G (W - W')^T), G = sum x^T x.
// The objective is recomputed here with plain loops, not with awq.cpp's outputError.
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/quant/rtn.h"
#include "core/quant/effective_weight.h"
#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/quant/awq.h"
#include "core/quant/llm_inputs.h"
#include "core/quant/weight_matrix.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"
#include "test_support.h"

using namespace qb;
using namespace qb::quant;

namespace {

struct Stories {
    Model model = openModel(test::model("llama2c/stories260K.bin"));
    std::map<std::string, LayerInputs> inputs;
    Stories() {
        const BpeTokenizer tok = loadTokenizer(model);
        const TextDataset text =
            loadTextDataset(test::shared("data/tinystories/TinyStories-validation-excerpt.txt"), tok);
        CalibrationSettings cs;
        cs.samples = 16;
        cs.context = 256;
        inputs = collectLlmInputs(model, text.tokens, tok.bos(), cs);
    }
};

const Stories& stories() {
    static const Stories s;
    return s;
}

double objective(const WeightMatrix& w, const std::vector<float>& approx, const LayerInputs& in) {
    const auto& g = in.gram();
    const auto n = size_t(w.cols);
    double total = 0;
    std::vector<double> d(n);
    for (size_t i = 0; i < size_t(w.rows); ++i) {
        for (size_t j = 0; j < n; ++j) d[j] = double(w.values[i * n + j]) - approx[i * n + j];
        for (size_t a = 0; a < n; ++a)
            for (size_t b = 0; b < n; ++b) total += d[a] * g[a * n + b] * d[b];
    }
    return total;
}

std::vector<float> rtnApprox(const Scheme& s, const WeightMatrix& w, const std::string& name, bool clip) {
    RtnOptions o;
    o.clipSearch = clip;
    return dequantize(quantizeRtn(s, w.values, w.rows, w.cols, name, o));
}

} // namespace

// Hand arithmetic: m^alpha floored at 1e-4, divided by sqrt(max * min).
TEST(QuantAwq, ScalesFromMeanMagnitudes) {
    const std::vector<float> m = {4, 1, 0, 16};
    const auto s0 = awqScales(m, 0.0);
    for (float v : s0) EXPECT_FLOAT_EQ(v, 1.f);
    // alpha 0.5: {2, 1, 1e-4, 4} / sqrt(4 * 1e-4) = {100, 50, 0.005, 200}
    const auto s = awqScales(m, 0.5);
    ASSERT_EQ(s.size(), 4u);
    EXPECT_FLOAT_EQ(s[0], 100.f);
    EXPECT_FLOAT_EQ(s[1], 50.f);
    EXPECT_FLOAT_EQ(s[2], 0.005f);
    EXPECT_FLOAT_EQ(s[3], 200.f);
}

// Hand arithmetic: input rows {1, 1}, {1, 0}, {0, 1}, {0, 1} give G = [[2, 1], [1, 3]]; error rows
// d = {1, -1} and {2, 0}: d G d^T = (2 - 1 - 1 + 3) + 4 * 2 = 11.
TEST(QuantAwq, OutputErrorIsTraceOfDGDt) {
    LayerInputs in(2);
    const std::vector<float> x = {1, 1, 1, 0, 0, 1, 0, 1};
    in.add(x, 4);
    ASSERT_DOUBLE_EQ(in.gram()[1], 1.0);
    const std::vector<float> w = {1, -1, 2, 0}, approx = {0, 0, 0, 0};
    EXPECT_DOUBLE_EQ(outputError(w, approx, 2, 2, in), 11.0);
}

TEST(QuantAwq, AlphaZeroWithoutClipIsRtn) {
    const auto& st = stories();
    for (const char* name : {"blk.0.attn_q.weight", "blk.2.ffn_down.weight", "blk.4.ffn_up.weight"}) {
        const WeightMatrix w = weightMatrix(*st.model.find(name));
        for (const char* sn : {"int4_g32_sym", "int3_g32_asym", "int8_channel_sym", "q4_0"}) {
            const Scheme& s = scheme(sn);
            RtnOptions o;
            o.clipSearch = false;
            const QuantizedTensor rtn = quantizeRtn(s, w.values, w.rows, w.cols, name, o);
            const QuantizedLayer awq =
                quantizeAwq(s, w.values, w.rows, w.cols, st.inputs.at(name), name, {.gridPoints = 1, .clipSearch = false});
            EXPECT_EQ(awq.method, "awq");
            EXPECT_EQ(awq.weight.scheme, rtn.scheme) << name << " " << sn;
            EXPECT_EQ(awq.weight.bytes, rtn.bytes) << name << " " << sn;
            // A row length q4_0 cannot block falls back to f16, where AWQ applies no scales.
            if (rtn.scheme->kind == SchemeKind::Float) {
                EXPECT_TRUE(awq.inputScale.empty());
                continue;
            }
            ASSERT_EQ(awq.inputScale.size(), size_t(w.cols));
            for (float v : awq.inputScale) EXPECT_EQ(v, 1.f);
        }
    }
}

// The acceptance test: AWQ's layer objective below RTN's (with its MSE clip search) at 4
// and 3 bits, group 32, on real layers with real inputs.
TEST(QuantAwq, BeatsRtnOnStoriesLayers) {
    const auto& st = stories();
    for (const char* sn : {"int4_g32_sym", "int3_g32_sym", "int4_g32_asym", "int3_g32_asym"}) {
        const Scheme& s = scheme(sn);
        int better = 0, total = 0;
        for (const auto& [name, in] : st.inputs) {
            const WeightMatrix w = weightMatrix(*st.model.find(name));
            const double rtn = objective(w, rtnApprox(s, w, name, true), in);
            const QuantizedLayer awq = quantizeAwq(s, w.values, w.rows, w.cols, in, name);
            const double a = objective(w, effectiveWeight(awq), in);
            std::printf("%-14s %-24s awq/rtn objective %.3f\n", sn, name.c_str(), a / rtn);
            ++total;
            better += a < rtn;
            // Per layer: never much worse than RTN, even where it does not win.
            EXPECT_LT(a, 1.05 * rtn) << sn << " " << name;
        }
        std::printf("%s: AWQ below RTN on %d of %d layers\n", sn, better, total);
        EXPECT_GE(better, total * 9 / 10) << sn;
    }
}

TEST(QuantAwq, ClipSearchLowersTheObjective) {
    const auto& st = stories();
    const Scheme& s = scheme("int3_g32_sym");
    for (const char* name : {"blk.1.attn_k.weight", "blk.3.ffn_gate.weight", "blk.4.attn_output.weight"}) {
        const WeightMatrix w = weightMatrix(*st.model.find(name));
        const auto& in = st.inputs.at(name);
        const double plain = objective(w, effectiveWeight(quantizeAwq(s, w.values, w.rows, w.cols, in, name,
                                                                      {.gridPoints = 20, .clipSearch = false})),
                                       in);
        const double clipped = objective(w, effectiveWeight(quantizeAwq(s, w.values, w.rows, w.cols, in, name)), in);
        std::printf("%s: clipped/unclipped objective %.3f\n", name, clipped / plain);
        EXPECT_LT(clipped, plain) << name;
    }
}

TEST(QuantAwq, RejectsMismatchedInputsAndOptions) {
    LayerInputs in(4);
    const std::vector<float> x = {1, 2, 3, 4};
    in.add(x, 1);
    const std::vector<float> w(8, 0.5f);
    const Scheme& s = scheme("int4_channel_sym");
    try {
        quantizeAwq(s, w, 4, 2, in, "blk.0.attn_q.weight");
        FAIL() << "accepted inputs of the wrong width";
    } catch (const Error& e) {
        EXPECT_EQ(e.where(), "blk.0.attn_q.weight");
        EXPECT_NE(std::string(e.what()).find("4 channels but the weight has 2 columns"), std::string::npos) << e.what();
    }
    EXPECT_THROW(quantizeAwq(s, w, 3, 4, in, "t"), Error);                            // 8 values, not 12
    EXPECT_THROW(quantizeAwq(s, w, 2, 4, in, "t", {.gridPoints = 0}), Error);         // no grid
    EXPECT_THROW(quantizeAwq(s, w, 2, 4, LayerInputs(4), "t"), Error);                // no rows seen
    const std::vector<float> bad = {1, 2, NAN, 4, 5, 6, 7, 8};
    EXPECT_THROW(quantizeAwq(s, bad, 2, 4, in, "t"), Error);
}

TEST(QuantAwq, CancelStops) {
    const auto& st = stories();
    const WeightMatrix w = weightMatrix(*st.model.find("blk.0.attn_q.weight"));
    std::atomic<bool> cancel{true};
    JobContext job;
    job.cancel = &cancel;
    EXPECT_THROW(quantizeAwq(scheme("int4_g32_sym"), w.values, w.rows, w.cols, st.inputs.at("blk.0.attn_q.weight"),
                             "blk.0.attn_q.weight", {}, job),
                 Cancelled);
}
