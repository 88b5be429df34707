// SmoothQuant: scales, activation quantization and the input transform checked by hand
// arithmetic; W8A8 output error with and without smoothing on real stories260K layers (real
// TinyStories inputs) and on a synthetic layer with planted outlier input channels.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>

#include "core/quant/rtn.h"
#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/quant/llm_inputs.h"
#include "core/quant/smoothquant.h"
#include "core/quant/weight_matrix.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"
#include "test_support.h"

using namespace qb;
using namespace qb::quant;

namespace {

// Plain W8A8: int8 per-channel weights, one per-tensor symmetric activation scale, no smoothing.
QuantizedLayer plainW8A8(std::span<const float> w, int64_t rows, int64_t cols, const LayerInputs& in) {
    QuantizedLayer l;
    l.name = "plain";
    l.weight = quantizeRtn(scheme("int8_channel_sym"), w, rows, cols, "plain");
    l.activation = activationQuant(in.absMax(), {}, 8);
    return l;
}

// sum over the kept input rows x of |x W^T - T(x) Wq^T|^2, where T divides by s and
// fake-quantizes and Wq is the dequantized (smoothed) weight.
double w8a8Error(const QuantizedLayer& l, std::span<const float> w, int64_t rows, int64_t cols,
                 const LayerInputs& in) {
    std::vector<float> x = in.sample();
    const std::vector<float> orig = x;
    transformInput(l, x, cols);
    const std::vector<float> wq = dequantize(l.weight);
    double err = 0;
    for (int64_t r = 0; r < in.sampleRowCount(); ++r)
        for (int64_t o = 0; o < rows; ++o) {
            double y = 0, yq = 0;
            for (int64_t j = 0; j < cols; ++j) {
                y += double(orig[size_t(r * cols + j)]) * w[size_t(o * cols + j)];
                yq += double(x[size_t(r * cols + j)]) * wq[size_t(o * cols + j)];
            }
            err += (y - yq) * (y - yq);
        }
    return err;
}

double outlierRatio(const LayerInputs& in) {
    std::vector<float> m = in.absMax();
    std::sort(m.begin(), m.end());
    return m.back() / std::max(m[m.size() / 2], 1e-30f);
}

} // namespace

// Hand arithmetic: absMax {16, 0, 9, 1}; column max |w| {4, 2, 0, 0.5}.
// alpha 0.5: s0 = 4 / 2 = 2; s1 = 1 (silent input); s2 = 1 (zero weights); s3 = 1 / sqrt(0.5).
TEST(QuantSmoothQuant, ScalesByHand) {
    const std::vector<float> absMax = {16, 0, 9, 1};
    const std::vector<float> w = {1, 2, 0, -0.25f, -4, 1, 0, 0.5f};
    const auto s = smoothScales(absMax, w, 2, 4, 0.5);
    ASSERT_EQ(s.size(), 4u);
    EXPECT_FLOAT_EQ(s[0], 2.f);
    EXPECT_FLOAT_EQ(s[1], 1.f);
    EXPECT_FLOAT_EQ(s[2], 1.f);
    EXPECT_FLOAT_EQ(s[3], float(std::sqrt(2.0)));
    // alpha 1: s = max|x| (16, -, -, 1); alpha 0: s = 1 / max|w| (0.25, -, -, 2).
    EXPECT_FLOAT_EQ(smoothScales(absMax, w, 2, 4, 1.0)[0], 16.f);
    EXPECT_FLOAT_EQ(smoothScales(absMax, w, 2, 4, 0.0)[3], 2.f);
    EXPECT_THROW(smoothScales(absMax, w, 2, 3, 0.5), Error);
}

// max |x / s| = max(16/2, 0, 9/1, 1/sqrt(2)) = 9, so the 8-bit scale is 9 / 127.
TEST(QuantSmoothQuant, ActivationScaleByHand) {
    const std::vector<float> absMax = {16, 0, 9, 1}, s = {2, 1, 1, float(std::sqrt(2.0))};
    const ActivationQuant a = activationQuant(absMax, s, 8);
    EXPECT_EQ(a.bits, 8);
    EXPECT_EQ(a.zero, 0);
    EXPECT_FALSE(a.isUnsigned);
    EXPECT_FLOAT_EQ(a.scale, 9.f / 127.f);
    EXPECT_FLOAT_EQ(activationQuant(absMax, {}, 4).scale, 16.f / 7.f);
    EXPECT_FLOAT_EQ(activationQuant(std::vector<float>{0, 0}, {}, 8).scale, 1.f); // silent input
    EXPECT_THROW(activationQuant(absMax, {}, 1), Error);
    EXPECT_THROW(activationQuant(absMax, std::vector<float>{1, 2}, 8), Error);
}

// x / s = {1.3, -6, 0.5, 40}; 4 bits, scale 0.5: round to {3, -12, 1, 80} -> clamp to [-8, 7]
// -> {1.5, -4, 0.5, 3.5}.
TEST(QuantSmoothQuant, TransformInputByHand) {
    QuantizedLayer l;
    l.name = "layer";
    l.inputScale = {1, 2, 4, 0.5f};
    l.activation = ActivationQuant{4, 0.5f, 0, false};
    std::vector<float> x = {1.3f, -12, 2, 20};
    transformInput(l, x, 4);
    EXPECT_FLOAT_EQ(x[0], 1.5f);
    EXPECT_FLOAT_EQ(x[1], -4.f);
    EXPECT_FLOAT_EQ(x[2], 0.5f);
    EXPECT_FLOAT_EQ(x[3], 3.5f);
    // Unsigned 4 bits with zero point 3: codes clamp to [0, 15], values (u - 3) * 0.5 in [-1.5, 6].
    l.inputScale.clear();
    l.activation = ActivationQuant{4, 0.5f, 3, true};
    std::vector<float> u = {-5, 0.74f, 100, 1};
    transformInput(l, u, 2);
    EXPECT_FLOAT_EQ(u[0], -1.5f);
    EXPECT_FLOAT_EQ(u[1], 0.5f);
    EXPECT_FLOAT_EQ(u[2], 6.f);
    EXPECT_FLOAT_EQ(u[3], 1.f);
    std::vector<float> odd(3);
    EXPECT_THROW(transformInput(l, odd, 2), Error);
    l.activation->scale = 0;
    EXPECT_THROW(transformInput(l, u, 2), Error);
}

// fakeQuantizeInput (one fused float pass) against its definition, transformInput() then times s:
// the same grid point for all but rounding ties, which may fall one code apart.
TEST(QuantSmoothQuant, FakeQuantizeInputMatchesTransformThenScale) {
    std::mt19937 rng(3);
    std::normal_distribution<float> g(0, 1);
    const int64_t rows = 64, cols = 48;
    QuantizedLayer l;
    l.name = "layer";
    for (int64_t j = 0; j < cols; ++j) l.inputScale.push_back(std::exp(0.5f * g(rng)));
    for (const bool isUnsigned : {false, true}) {
        l.activation = ActivationQuant{8, 0.03f, isUnsigned ? 40 : 0, isUnsigned};
        std::vector<float> x(size_t(rows * cols));
        for (size_t i = 0; i < x.size(); ++i) x[i] = (i % 97 == 0 ? 40.f : 1.f) * g(rng); // some far outside the grid
        std::vector<float> want = x, got = x;
        transformInput(l, want, cols);
        for (size_t i = 0; i < want.size(); ++i) want[i] *= l.inputScale[i % size_t(cols)];
        fakeQuantizeInput(l, got, cols);
        int apart = 0;
        for (size_t i = 0; i < x.size(); ++i) {
            const double step = double(l.activation->scale) * l.inputScale[i % size_t(cols)];
            const double d = std::fabs(double(got[i]) - want[i]);
            if (d > 1e-3 * step) ++apart; // a code apart, not float rounding of the same code
            EXPECT_LE(d, step * (1 + 1e-5)) << i;
        }
        EXPECT_LE(apart, 2) << (isUnsigned ? "unsigned" : "signed");
    }
    std::vector<float> odd(5);
    EXPECT_THROW(fakeQuantizeInput(l, odd, cols), Error);
}

// Planted outliers: channels 3 and 17 of 64 carry inputs 60x larger than the rest, as in the
// SmoothQuant paper's LLM activations. Smoothing must cut the W8A8 output error sharply.
TEST(QuantSmoothQuant, SmoothingHelpsWithPlantedOutliers) {
    const int64_t n = 512, cols = 64, rows = 48;
    std::mt19937 rng(7);
    std::normal_distribution<float> g(0, 1);
    std::vector<float> x(size_t(n * cols)), w(size_t(rows * cols));
    for (int64_t r = 0; r < n; ++r)
        for (int64_t j = 0; j < cols; ++j) x[size_t(r * cols + j)] = g(rng) * (j == 3 || j == 17 ? 60.f : 1.f);
    for (float& v : w) v = 0.05f * g(rng);
    LayerInputs in(cols, {.sampleRows = n});
    in.add(x, n);
    const double plain = w8a8Error(plainW8A8(w, rows, cols, in), w, rows, cols, in);
    const QuantizedLayer sq = quantizeSmoothQuant(scheme("int8_channel_sym"), w, rows, cols, in, "synthetic");
    EXPECT_EQ(sq.method, "smoothquant");
    ASSERT_TRUE(sq.activation);
    const double smooth = w8a8Error(sq, w, rows, cols, in);
    std::printf("planted outliers: W8A8 error smoothquant/plain %.4f\n", smooth / plain);
    EXPECT_LT(smooth, 0.25 * plain);
}

// Real layers: every weight matmul of stories260K. This tiny model has no extreme outlier channels
// (max over median of the per-channel max |x| is 1.3 to 3.5, where large LLMs reach 20+), but the
// trend is the paper's: wherever that ratio exceeds 2, alpha 0.5 must beat plain W8A8 (measured:
// 0.25 to 0.86 of its error on those 20 layers); below 2 it may lose (up to 1.6x on
// blk.0.attn_output). Every ratio is printed.
TEST(QuantSmoothQuant, StoriesLayers) {
    const Model m = openModel(test::model("llama2c/stories260K.bin"));
    const BpeTokenizer tok = loadTokenizer(m);
    const TextDataset text = loadTextDataset(test::shared("data/tinystories/TinyStories-validation-excerpt.txt"), tok);
    CalibrationSettings cs;
    cs.samples = 16;
    cs.context = 256;
    const auto inputs = collectLlmInputs(m, text.tokens, tok.bos(), cs);
    int outlierLayers = 0, wins = 0, total = 0;
    for (const auto& [name, in] : inputs) {
        const WeightMatrix w = weightMatrix(*m.find(name));
        const double plain = w8a8Error(plainW8A8(w.values, w.rows, w.cols, in), w.values, w.rows, w.cols, in);
        const double smooth = w8a8Error(quantizeSmoothQuant(scheme("int8_channel_sym"), w.values, w.rows, w.cols, in, name),
                                        w.values, w.rows, w.cols, in);
        const double ratio = outlierRatio(in);
        std::printf("%-24s outliers max/median %6.2f  W8A8 error smoothquant/plain %.3f\n", name.c_str(), ratio,
                    smooth / plain);
        ++total;
        wins += smooth < plain;
        if (ratio > 2) {
            ++outlierLayers;
            EXPECT_LT(smooth, plain) << name;
        }
    }
    std::printf("smoothquant below plain W8A8 on %d of %d layers; %d layers with outlier channels\n", wins, total,
                outlierLayers);
    EXPECT_GE(outlierLayers, 15);
    EXPECT_GE(wins, 30);
}

TEST(QuantSmoothQuant, RejectsBadOptions) {
    LayerInputs in(2);
    const std::vector<float> x = {1, 2};
    in.add(x, 1);
    const std::vector<float> w = {1, 2, 3, 4};
    const Scheme& s = scheme("int8_channel_sym");
    EXPECT_THROW(quantizeSmoothQuant(s, w, 2, 2, in, "t", {.alpha = 1.5}), Error);
    EXPECT_THROW(quantizeSmoothQuant(s, w, 2, 2, in, "t", {.alpha = NAN}), Error);
    EXPECT_THROW(quantizeSmoothQuant(s, w, 2, 2, in, "t", {.alpha = 0.5, .actBits = 17}), Error);
    EXPECT_THROW(quantizeSmoothQuant(s, w, 1, 4, in, "t"), Error);
    try {
        quantizeSmoothQuant(s, w, 4, 1, in, "blk.1.ffn_up.weight");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.where(), "blk.1.ffn_up.weight");
    }
}
