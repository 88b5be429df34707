// GPTQ: hand-computed error propagation, equality with plain RTN when the Hessian is the identity,
// and on real stories260K layers with real TinyStories inputs a lower layer objective
// ||W X^T - W' X^T||^2 = tr((W - W') G (W - W')^T) than RTN with its MSE clip search.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/quant/rtn.h"
#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/quant/gptq.h"
#include "core/quant/llm_inputs.h"
#include "core/quant/weight_matrix.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"
#include "test_support.h"

namespace qb::quant {
namespace {

// Inputs whose gram is exactly `rows` x^T x of the given rows.
LayerInputs inputsOf(const std::vector<std::vector<float>>& xs) {
    LayerInputs in(int64_t(xs.front().size()));
    for (const auto& x : xs) in.add(x, 1);
    return in;
}

LayerInputs identityInputs(int64_t cols) {
    LayerInputs in(cols);
    std::vector<float> row(size_t(cols), 0.0f);
    for (int64_t c = 0; c < cols; ++c) {
        row.assign(size_t(cols), 0.0f);
        row[size_t(c)] = 1;
        in.add(row, 1);
    }
    return in;
}

// tr((W - W') G (W - W')^T) with G = sum of x^T x: the squared output error over the inputs seen.
double objective(std::span<const float> w, std::span<const float> wq, int64_t rows, int64_t cols,
                 const std::vector<double>& gram) {
    double total = 0;
    std::vector<double> d(static_cast<size_t>(cols));
    for (int64_t r = 0; r < rows; ++r) {
        for (int64_t c = 0; c < cols; ++c) d[size_t(c)] = double(w[size_t(r * cols + c)]) - wq[size_t(r * cols + c)];
        for (int64_t i = 0; i < cols; ++i) {
            double gi = 0;
            for (int64_t j = 0; j < cols; ++j) gi += gram[size_t(i * cols + j)] * d[size_t(j)];
            total += d[size_t(i)] * gi;
        }
    }
    return total;
}

uint32_t bitsAt(const std::vector<uint8_t>& b, uint64_t pos, int bits) {
    uint32_t v = 0;
    for (int i = 0; i < bits; ++i, ++pos) v |= uint32_t((b[pos / 8] >> (pos % 8)) & 1u) << i;
    return v;
}

// Reads the bytes as scheme.h lays them out (fp16 scales, packed zero points, packed codes) and
// checks every code is on the scheme's grid and decodes to what dequantize() returns.
void expectOnGrid(const QuantizedTensor& q) {
    const Scheme& s = *q.scheme;
    ASSERT_EQ(s.kind, SchemeKind::Integer);
    const uint64_t n = uint64_t(q.rows * q.cols);
    const uint64_t len = s.granularity == Granularity::Tensor ? n
                         : s.granularity == Granularity::Channel ? uint64_t(q.cols)
                                                                 : uint64_t(s.group);
    // 8-bit scales: an fp16 super-scale, then one code byte per group.
    const bool s8 = s.scaleBits == 8;
    const uint64_t groups = n / len, zerosAt = s8 ? 2 + groups : 2 * groups;
    const uint64_t codesAt = zerosAt + (s.symmetric ? 0 : (groups * uint64_t(s.bits) + 7) / 8);
    ASSERT_EQ(q.bytes.size(), codesAt + (n * uint64_t(s.bits) + 7) / 8);
    const std::vector<float> y = dequantize(q);
    const uint32_t lo = s.symmetric ? 1 : 0, hi = (1u << s.bits) - 1;
    for (uint64_t i = 0; i < n; ++i) {
        const uint64_t g = i / len;
        uint16_t h;
        std::memcpy(&h, q.bytes.data() + (s8 ? 0 : 2 * g), 2);
        const float scale = s8 ? float(q.bytes[2 + g]) * halfToFloat(h) : halfToFloat(h);
        const int zero = s.symmetric ? 1 << (s.bits - 1) : int(bitsAt(q.bytes, 8 * zerosAt + g * uint64_t(s.bits), s.bits));
        const uint32_t u = bitsAt(q.bytes, 8 * codesAt + i * uint64_t(s.bits), s.bits);
        ASSERT_GE(u, lo) << s.name << " element " << i;
        ASSERT_LE(u, hi) << s.name << " element " << i;
        ASSERT_EQ(y[i], float(int(u) - zero) * scale) << s.name << " element " << i;
    }
}

TEST(QuantGptq, TwoColumnsByHand) {
    // Rows (1,-1), (1,0), (0,1): G = [[2,-1],[-1,2]], H = 2/3 G, no dampening. int2_tensor_sym has
    // the levels {-1, 0, 1} * s with s = max|W| = 0.75 (exact in fp16).
    // Row 1 [0.75, 0]: exact. Row 0 [0.5, 0.3]: column 0 rounds 0.5/0.75 -> 1 (0.75), error
    // e0 = 0.5 - 0.75 = -0.25; the best column 1 given that error is w1 + (g01/g11) e0 =
    // 0.3 + (-1/2)(-0.25) = 0.425, which rounds 0.425/0.75 = 0.567 -> 1 (0.75). RTN rounds
    // 0.3/0.75 = 0.4 -> 0. Objectives e^T G e = 2 e0^2 - 2 e0 e1 + 2 e1^2 with e = W - W':
    // GPTQ e = (-0.25, -0.45): 0.125 - 0.225 + 0.405 = 0.305;
    // RTN  e = (-0.25, 0.3):   0.125 + 0.15 + 0.18 = 0.455.
    const LayerInputs in = inputsOf({{1, -1}, {1, 0}, {0, 1}});
    const std::vector<float> w{0.5f, 0.3f, 0.75f, 0.0f};
    const QuantizedTensor q = quantizeGptq(scheme("int2_tensor_sym"), w, 2, 2, in, "w", {.dampening = 0, .clipSearch = false});
    EXPECT_EQ(dequantize(q), (std::vector<float>{0.75f, 0.75f, 0.75f, 0.0f}));
    // Codes u = q + 2, packed 2 bits LSB-first after the one fp16 scale: 3,3,3,2 -> 0b10111111.
    ASSERT_EQ(q.bytes.size(), 3u);
    EXPECT_EQ(q.bytes[2], 0xBF);
    const QuantizedTensor r = quantizeRtn(scheme("int2_tensor_sym"), w, 2, 2, "w", {.clipSearch = false});
    EXPECT_EQ(dequantize(r), (std::vector<float>{0.75f, 0.0f, 0.75f, 0.0f}));
    EXPECT_NEAR(objective(w, dequantize(q), 2, 2, in.gram()), 0.305, 1e-6);
    EXPECT_NEAR(objective(w, dequantize(r), 2, 2, in.gram()), 0.455, 1e-6);
}

TEST(QuantGptq, IdentityHessianEqualsRtn) {
    // H = I spreads no error between columns, so every column rounds on the grid RTN picks, with
    // the clip search and without it.
    const int64_t rows = 6, cols = 128;
    std::mt19937 gen(11);
    std::normal_distribution<float> normal(0, 0.05f);
    std::vector<float> w(size_t(rows * cols));
    for (size_t i = 0; i < w.size(); ++i) w[i] = i % 37 == 5 ? 0.9f : normal(gen);
    const LayerInputs in = identityInputs(cols);
    for (const char* name : {"int4_g32_sym", "int4_g32_asym", "int3_channel_asym", "int8_tensor_sym", "int2_g64_asym",
                             "int5_g128_sym"}) {
        for (bool clip : {false, true}) {
            const QuantizedTensor r = quantizeRtn(scheme(name), w, rows, cols, "w", {.clipSearch = clip});
            for (bool actOrder : {false, true}) {
                for (int64_t block : {int64_t(128), int64_t(32), int64_t(5)}) {
                    const QuantizedTensor g = quantizeGptq(scheme(name), w, rows, cols, in, "w",
                                                           {.blockSize = block, .actOrder = actOrder, .clipSearch = clip});
                    EXPECT_EQ(g.scheme, r.scheme) << name;
                    EXPECT_EQ(g.bytes, r.bytes) << name << " clip " << clip << " actOrder " << actOrder << " block " << block;
                }
            }
        }
    }
}

TEST(QuantGptq, DeadInputChannelGetsZeroWeights) {
    // Input channel 2 is always 0: its weights cannot matter and are quantized as 0.
    const LayerInputs in = inputsOf({{1, 2, 0, -1}, {0.5f, -1, 0, 3}, {2, 0.25f, 0, 1}, {-1, 1, 0, 0.5f}});
    const std::vector<float> w{0.3f, -0.2f, 0.8f, 0.1f, -0.4f, 0.6f, -0.9f, 0.05f};
    const auto y = dequantize(quantizeGptq(scheme("int4_channel_asym"), w, 2, 4, in, "w"));
    EXPECT_EQ(y[2], 0.0f);
    EXPECT_EQ(y[6], 0.0f);
}

TEST(QuantGptq, RejectsWhatItCannotQuantize) {
    const LayerInputs in = identityInputs(32);
    const std::vector<float> w(64, 0.5f);
    auto message = [&](auto&& f) {
        try {
            f();
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message([&] { quantizeGptq(scheme("q4_0"), w, 2, 32, in, "blk.0.attn_q.weight"); })
                  .find("blk.0.attn_q.weight: GPTQ needs an integer scheme; q4_0 is a ggml block format"),
              std::string::npos);
    EXPECT_NE(message([&] { quantizeGptq(scheme("f16"), w, 2, 32, in, "t"); }).find("float type"), std::string::npos);
    EXPECT_NE(message([&] { quantizeGptq(scheme("int4_g32_sym"), w, 1, 64, in, "t"); }).find("32 channels"),
              std::string::npos);
    EXPECT_NE(message([&] { quantizeGptq(scheme("int4_g32_sym"), w, 3, 32, in, "t"); }).find("shape 3 x 32"),
              std::string::npos);
    EXPECT_NE(message([&] { quantizeGptq(scheme("int4_g32_sym"), w, 2, 32, LayerInputs(32), "t"); })
                  .find("none were collected"),
              std::string::npos);
    std::vector<float> bad = w;
    bad[40] = std::nanf("");
    EXPECT_NE(message([&] { quantizeGptq(scheme("int4_g32_sym"), bad, 2, 32, in, "t"); }).find("row 1, column 8) is NaN"),
              std::string::npos);
    // int4 symmetric: scale = max|w| / 7 = 1e6 / 7 = 142857, beyond fp16's largest 65504.
    std::vector<float> huge = w;
    huge[3] = 1e6f;
    EXPECT_NE(message([&] { quantizeGptq(scheme("int4_g32_sym"), huge, 2, 32, in, "t"); }).find("beyond fp16"),
              std::string::npos);
}

TEST(QuantGptq, ReportsProgressAndCancels) {
    const int64_t cols = 256;
    const LayerInputs in = identityInputs(cols);
    const std::vector<float> w(size_t(4 * cols), 0.25f);
    std::vector<double> fractions;
    JobContext job;
    job.progress = [&](double f, std::string_view) { fractions.push_back(f); };
    quantizeGptq(scheme("int4_g32_sym"), w, 4, cols, in, "w", {.blockSize = 64}, job);
    ASSERT_FALSE(fractions.empty());
    EXPECT_EQ(fractions.back(), 1.0);
    std::atomic<bool> cancel{true};
    job.cancel = &cancel;
    EXPECT_THROW(quantizeGptq(scheme("int4_g32_sym"), w, 4, cols, in, "w", {}, job), Cancelled);
}

// Real inputs: 16 windows of 256 tokens (BOS + 255) of the TinyStories excerpt through stories260K.
struct Stories {
    Model model;
    std::map<std::string, LayerInputs> inputs;
};

const Stories& stories() {
    static const Stories s = [] {
        Stories st{openModel(test::model("gguf/stories260K.gguf")), {}};
        const BpeTokenizer tok = loadTokenizer(st.model);
        const TextDataset text = loadTextDataset(test::shared("data/tinystories/TinyStories-validation-excerpt.txt"), tok);
        CalibrationSettings cs;
        cs.samples = 16;
        cs.context = 256;
        cs.seed = 1;
        st.inputs = collectLlmInputs(st.model, text.tokens, tok.bos(), cs);
        return st;
    }();
    return s;
}

TEST(QuantGptqStories, CollectsEveryMatmulInputWithSharedGroups) {
    const Stories& s = stories();
    // PROVENANCE.md: 5 layers x 7 matmuls + the output head; dim 64, hidden 172.
    ASSERT_EQ(s.inputs.size(), 36u);
    const LayerInputs& q = s.inputs.at("blk.0.attn_q.weight");
    EXPECT_EQ(q.cols(), 64);
    EXPECT_EQ(q.rowsSeen(), 16 * 256); // every window is full: the excerpt has ~127k tokens
    EXPECT_EQ(s.inputs.at("blk.2.ffn_down.weight").cols(), 172);
    EXPECT_EQ(s.inputs.at("output.weight").cols(), 64);
    // q, k and v read the same normed input, gate and up too.
    EXPECT_EQ(s.inputs.at("blk.3.attn_v.weight").gram(), s.inputs.at("blk.3.attn_q.weight").gram());
    EXPECT_EQ(s.inputs.at("blk.3.ffn_up.weight").gram(), s.inputs.at("blk.3.ffn_gate.weight").gram());
    EXPECT_NE(s.inputs.at("blk.3.ffn_gate.weight").gram(), s.inputs.at("blk.3.attn_q.weight").gram());
    EXPECT_EQ(q.sampleRowCount(), 512);
}

TEST(QuantGptqStories, LowerLayerObjectiveThanRtn) {
    const Stories& s = stories();
    const char* layers[] = {"blk.0.attn_q.weight", "blk.2.ffn_down.weight", "blk.4.ffn_up.weight", "blk.1.attn_output.weight"};
    const char* schemesTried[] = {"int4_g32_sym", "int3_g32_sym", "int4_g32_asym", "int3_g32_asym",
                                  "int4_channel_sym", "int3_channel_sym", "int4_channel_asym", "int3_channel_asym",
                                  "int4_g32_sym_s8", "int3_g32_asym_s8"};
    double actOverPlain = 0;
    int count = 0;
    for (const char* name : layers) {
        const TensorEntry* t = s.model.find(name);
        ASSERT_NE(t, nullptr) << name;
        const WeightMatrix m = weightMatrix(*t);
        const LayerInputs& in = s.inputs.at(name);
        ASSERT_EQ(in.cols(), m.cols) << name;
        for (const char* sn : schemesTried) {
            const Scheme& sc = scheme(sn);
            const QuantizedTensor rtn = quantizeRtn(sc, m.values, m.rows, m.cols, name);
            const QuantizedTensor gptq = quantizeGptq(sc, m.values, m.rows, m.cols, in, name);
            const QuantizedTensor act = quantizeGptq(sc, m.values, m.rows, m.cols, in, name, {.actOrder = true});
            // ffn_down has 172 input columns: no whole groups of 32, so the scheme falls back.
            EXPECT_EQ(gptq.scheme, &resolve(sc, m.cols));
            if (m.cols == 172) EXPECT_EQ(gptq.scheme->granularity, Granularity::Channel) << sn;
            expectOnGrid(gptq);
            expectOnGrid(act);
            const double eR = objective(m.values, dequantize(rtn), m.rows, m.cols, in.gram());
            const double eG = objective(m.values, dequantize(gptq), m.rows, m.cols, in.gram());
            const double eA = objective(m.values, dequantize(act), m.rows, m.cols, in.gram());
            std::printf("%-26s %-18s gptq/rtn %.3f  act-order/rtn %.3f\n", name, sn, eG / eR, eA / eR);
            EXPECT_LT(eG, eR) << name << " " << sn;
            EXPECT_LT(eA, eR) << name << " " << sn;
            actOverPlain += eA / eG;
            ++count;
        }
    }
    // Act-order is at least no worse on average.
    std::printf("mean act-order/plain objective %.3f over %d cases\n", actOverPlain / count, count);
    EXPECT_LE(actOverPlain / count, 1.0);
}

} // namespace
} // namespace qb::quant
