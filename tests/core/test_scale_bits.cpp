// 8-bit group scales ("_s8" schemes, double quantization): names, sizes and plan settings, the
// layout and the super-scale worked by hand, the clip search against every code of the grid, RTN
// and GPTQ error against fp16 scales on stories260K's weights, the project round trip and what
// the exporters do with the layout.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/pipeline/export.h"
#include "core/pipeline/open_input.h"
#include "core/quant/auto_plan.h"
#include "core/quant/gptq.h"
#include "core/quant/integer_grid.h"
#include "core/quant/layer_inputs.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/quant/rtn.h"
#include "core/quant/weight_matrix.h"
#include "core/util/error.h"
#include "test_support.h"

namespace qb {
namespace {

using namespace quant;

double sse(std::span<const float> w, const std::vector<float>& y) {
    double e = 0;
    for (size_t i = 0; i < w.size(); ++i) e += (double(w[i]) - y[i]) * (double(w[i]) - y[i]);
    return e;
}

TEST(ScaleBits, NamesBitsPerWeightAndSizes) {
    // Per channel and per group at every width and symmetry; none per tensor.
    EXPECT_EQ(schemes().size(), 2u + 7u + 7u * 2u * 5u + 3u * 7u * 2u * 4u); // codes of 8, 6 and 4 bits
    EXPECT_EQ(findScheme("int4_tensor_sym_s8"), nullptr);
    const Scheme& s = scheme("int4_g32_sym_s8");
    EXPECT_EQ(s.scaleBits, 8);
    EXPECT_EQ(scheme("int4_g32_sym").scaleBits, 16);
    // bits + 8-bit scale / group (+ zero point / group); the super-scale is per tensor.
    EXPECT_DOUBLE_EQ(s.bitsPerWeight, 4.25);
    EXPECT_DOUBLE_EQ(scheme("int4_g64_sym_s8").bitsPerWeight, 4.125);
    EXPECT_DOUBLE_EQ(scheme("int3_g32_sym_s8").bitsPerWeight, 3.25);
    EXPECT_DOUBLE_EQ(scheme("int4_g32_asym_s8").bitsPerWeight, 4 + 12 / 32.0);
    // 64 x 64: super-scale 2 + 128 codes + 2048 code bytes.
    EXPECT_EQ(sizeBytes(s, 64, 64), 2u + 128u + 2048u);
    EXPECT_DOUBLE_EQ(*bitsPerWeight(s, 64, 64), (2 + 128 + 2048) * 8 / 4096.0);
    // stories260K's ffn_down (64 x 172) falls back to per channel with 8-bit scales:
    // 2 + 64 + 64 * 172 / 2 = 5570 bytes, 4.048 bits per weight (fp16 per channel: 4.186).
    EXPECT_EQ(resolve(s, 172).name, "int4_channel_sym_s8");
    EXPECT_EQ(sizeBytes(resolve(s, 172), 64, 172), 5570u);
    // int3 asymmetric g128, 2 x 256: 2 + 4 scale codes + ceil(4*3/8) = 2 zero bytes + 192 code bytes.
    EXPECT_EQ(sizeBytes(scheme("int3_g128_asym_s8"), 2, 256), 2u + 4u + 2u + 192u);
    EXPECT_EQ(sizeBytes(s, 0, 64), 0u); // no groups, no super-scale
    // The layout sits where IntLayout says.
    const IntLayout l = intLayout(scheme("int3_g128_asym_s8"), 2, 256);
    EXPECT_EQ(l.scalesAt, 2u);
    EXPECT_EQ(l.zerosAt, 6u);
    EXPECT_EQ(l.codesAt, 8u);
}

TEST(ScaleBits, PlanSettingsRoundTripEveryScheme) {
    // Every integer scheme a plan can name by settings: its settings name it again, and the plan
    // JSON of those settings reads back equal.
    int s8 = 0;
    for (const Scheme& s : schemes()) {
        const PlanSettings p = schemeSettings(s);
        EXPECT_EQ(schemeName(p), s.name);
        Plan plan;
        plan.defaults = p;
        const Plan back = parsePlan(planJson(plan), "plan");
        EXPECT_EQ(back, plan) << s.name << ": " << planJson(plan);
        s8 += s.scaleBits == 8;
    }
    EXPECT_EQ(s8, 56);
    const Plan p = parsePlan(R"({"default": {"bits": 3, "group": 64, "symmetric": false, "scale_bits": 8}})", "plan");
    EXPECT_TRUE(p.problems.empty());
    EXPECT_EQ(schemeName(p.defaults), "int3_g64_asym_s8");
    EXPECT_NE(planJson(p).find(R"("scale_bits": 8)"), std::string::npos) << planJson(p);
    const Plan bad = parsePlan(R"({"default": {"bits": 4, "scale_bits": 5}})", "plan");
    ASSERT_EQ(bad.problems.size(), 1u);
    EXPECT_NE(bad.problems[0].find("scale_bits must be 16"), std::string::npos) << bad.problems[0];
    // A format entry clears scale_bits as it clears bits.
    const Plan mixed = parsePlan(R"({"default": {"bits": 4, "scale_bits": 8}, "layers": {"x": "q4_0"}})", "plan");
    EXPECT_EQ(mixed.layers.at(0).settings.scaleBits, std::nullopt);
}

TEST(ScaleBits, LayoutAndSuperScaleByHand) {
    // int4 g32 symmetric on one row of two groups: ramps up to amax 7 and 3.5, min-max scales 1
    // and 0.5. Super-scale: 1/255 = 1.004 * 2^-8 -> m = ceil(4.016) = 5, 5 * 2^-10 = 0.0048828125
    // (fp16 0x1d00). Codes rounded up: ceil(204.8) = 205 and ceil(102.4) = 103.
    std::vector<float> w(64);
    for (int i = 0; i < 32; ++i) w[size_t(i)] = float(i % 15 - 7);
    for (int i = 0; i < 32; ++i) w[size_t(32 + i)] = float(i % 15 - 7) * 0.5f;
    const Scheme& s = scheme("int4_g32_sym_s8");
    RtnOptions plain;
    plain.clipSearch = false;
    const QuantizedTensor q = quantizeRtn(s, w, 1, 64, "w", plain);
    ASSERT_EQ(q.bytes.size(), 2u + 2u + 32u);
    uint16_t h;
    std::memcpy(&h, q.bytes.data(), 2);
    EXPECT_EQ(h, 0x1d00);
    EXPECT_EQ(q.bytes[2], 205);
    EXPECT_EQ(q.bytes[3], 103);
    const IntLayout l = intLayout(s, 1, 64);
    EXPECT_EQ(storedScale(s, l, q.bytes.data(), 0), 205 * 0.0048828125f);
    EXPECT_EQ(storedScale(s, l, q.bytes.data(), 1), 103 * 0.0048828125f);
    // Scale 1.0009765625: every weight of group 0 (integers in [-7, 7]) rounds to itself.
    const std::vector<float> y = dequantize(q);
    for (int i = 0; i < 32; ++i) EXPECT_EQ(y[size_t(i)], float(i % 15 - 7) * (205 * 0.0048828125f)) << i;
    // Every scale c * super is an fp16 value (the super-scale has at most 3 significant bits).
    for (int c = 0; c <= 255; ++c) {
        const float v = float(c) * 0.0048828125f;
        EXPECT_EQ(halfToFloat(floatToHalf(v)), v) << c;
    }
}

TEST(ScaleBits, SixAndFourBitCodesPackedByHand) {
    // The ramps of LayoutAndSuperScaleByHand (min-max scales 1 and 0.5) with 6- and 4-bit codes.
    // 6 bits: 1/63 = 4.06 * 2^-8 -> super 5 * 2^-8, codes ceil(51.2) = 52 and ceil(25.6) = 26,
    // packed LSB-first into 12 bits: 52 + 26 * 64 = 0x6b4. 4 bits: 1/15 = 4.27 * 2^-6 -> super
    // 5 * 2^-6, codes ceil(12.8) = 13 and ceil(6.4) = 7 in one byte: 0x7d.
    std::vector<float> w(64);
    for (int i = 0; i < 32; ++i) w[size_t(i)] = float(i % 15 - 7);
    for (int i = 0; i < 32; ++i) w[size_t(32 + i)] = float(i % 15 - 7) * 0.5f;
    RtnOptions plain;
    plain.clipSearch = false;
    struct Case {
        const char* name;
        float super;
        std::vector<uint8_t> scales;
        int c0, c1;
    };
    for (const Case& k : {Case{"int4_g32_sym_s6", 5 * 0x1p-8f, {0xb4, 0x06}, 52, 26},
                          Case{"int4_g32_sym_s4", 5 * 0x1p-6f, {0x7d}, 13, 7}}) {
        const Scheme& s = scheme(k.name);
        const QuantizedTensor q = quantizeRtn(s, w, 1, 64, "w", plain);
        ASSERT_EQ(q.bytes.size(), 2u + k.scales.size() + 32u) << k.name;
        EXPECT_EQ(sizeBytes(s, 1, 64), q.bytes.size()) << k.name;
        uint16_t h;
        std::memcpy(&h, q.bytes.data(), 2);
        EXPECT_EQ(halfToFloat(h), k.super) << k.name;
        for (size_t i = 0; i < k.scales.size(); ++i) EXPECT_EQ(q.bytes[2 + i], k.scales[i]) << k.name << " byte " << i;
        const IntLayout l = intLayout(s, 1, 64);
        EXPECT_EQ(l.codesAt, 2u + k.scales.size());
        EXPECT_EQ(storedScaleCode(s, l, q.bytes.data(), 0), uint32_t(k.c0));
        EXPECT_EQ(storedScale(s, l, q.bytes.data(), 1), float(k.c1) * k.super) << k.name;
        // Every code times the super-scale is an fp16 value.
        for (int c = 0; c <= maxScaleCode(s); ++c)
            EXPECT_EQ(halfToFloat(floatToHalf(float(c) * k.super)), float(c) * k.super) << k.name << " code " << c;
    }
    // Sizes: codes padded to a byte once per tensor (ffn_down's 64 rows of 172 per channel: 48 bytes
    // of 6-bit codes), asymmetric zero points after them.
    EXPECT_EQ(sizeBytes(scheme("int4_channel_sym_s6"), 64, 172), 2u + 48u + 64u * 86u);
    EXPECT_EQ(sizeBytes(scheme("int3_g32_asym_s4"), 3, 64), 2u + 3u + 3u + 72u);
    EXPECT_DOUBLE_EQ(scheme("int4_g32_sym_s4").bitsPerWeight, 4.125);
    EXPECT_DOUBLE_EQ(scheme("int4_g64_sym_s6").bitsPerWeight, 4 + 6 / 64.0);
    EXPECT_EQ(findScheme("int4_tensor_sym_s4"), nullptr);
}

TEST(ScaleBits, SuperScaleCoversTheLargestGroupWithThreeBits) {
    std::mt19937 rng(3);
    std::lognormal_distribution<float> mag(0, 3);
    for (int k = 0; k < 2000; ++k) {
        const float a = mag(rng) * 1e-3f;
        std::vector<float> w{a, -a / 3, 0.5f * a, 0.1f * a};
        const float super = superScale(scheme("int4_channel_sym_s8"), w, 2);
        const double top = double(a) / 7;
        ASSERT_GE(255 * double(super), top) << a;
        ASSERT_LE(255 * double(super), top * 1.25 + 255 * 0x1p-24) << a; // largest code >= 204
        ASSERT_EQ(halfToFloat(floatToHalf(super)), super) << a;
        int e;
        const double m = std::frexp(double(super), &e) * 8; // in [4, 8)
        if (super >= 0x1p-14f) ASSERT_EQ(m, std::floor(m)) << a << " super " << super;
    }
    EXPECT_EQ(superScale(scheme("int4_g32_sym_s8"), std::vector<float>(32, 0.f), 32), 0.f);
    EXPECT_EQ(superScale(scheme("int4_g32_sym"), std::vector<float>(32, 1.f), 32), 0.f); // fp16 scales: none
}

TEST(ScaleBits, ClipSearchPicksTheBestCodeOfTheGrid) {
    // Heavy-tailed groups: the search must return the grid of least squared error over every code
    // from the min-max one down to half of it, each tried by brute force here.
    std::mt19937 rng(7);
    std::exponential_distribution<float> ex(1.0f);
    for (const char* name : {"int4_g32_sym_s8", "int3_g32_asym_s8"}) {
        const Scheme& s = scheme(name);
        std::vector<float> w(32 * 40);
        for (size_t i = 0; i < w.size(); ++i) w[i] = (ex(rng) - ex(rng)) * float(1 + i / 32 % 5);
        const float super = superScale(s, w, 32);
        const Codes r = codeRange(s);
        int shrunk = 0;
        for (size_t g = 0; g < 40; ++g) {
            const std::span<const float> x(w.data() + 32 * g, 32);
            const Grid found = searchGrid(s, x, ClipSearch{}, super);
            auto err = [&](const Grid& gr) {
                double e = 0;
                for (float v : x) e += std::pow(double(v) - valueOf(codeOf(v, gr, r), gr), 2);
                return e;
            };
            // The min-max grid (code rounded up), then every smaller code c down to half the
            // unrounded scale raw, each the range shrunk by c * super / raw (asymmetric: the zero
            // point puts the shrunk low end on a code, as for fp16 scales).
            const Extent e = extentOf(x);
            const double raw = (s.symmetric ? double(e.amax) : double(e.hi) - double(e.lo)) / 7; // int4 sym, int3 asym: 7 steps
            const Grid top = gridFor(s, e, 1.0, super);
            EXPECT_EQ(top.scale, float(std::ceil(raw / super)) * super);
            double best = err(top);
            for (int c = int(std::lround(top.scale / super)) - 1; c >= 1 && double(c) * super >= 0.5 * raw - 1e-12; --c) {
                Grid gr = top;
                gr.scale = float(c) * super;
                const double shrink = double(gr.scale) / raw;
                if (!s.symmetric) gr.zero = int(std::nearbyint(std::clamp(-shrink * e.lo / gr.scale, 0.0, 7.0)));
                best = std::min(best, err(gr));
            }
            EXPECT_NEAR(err(found), best, 1e-5 * best) << name << " group " << g;
            // On the grid: a whole code times the super-scale.
            EXPECT_EQ(float(std::lround(found.scale / super)) * super, found.scale);
            shrunk += found.scale < top.scale;
        }
        EXPECT_GT(shrunk, 10) << name; // heavy tails: many groups clip
    }
}

// stories260K's quantizable weights, [rows, cols].
std::vector<WeightMatrix> storiesWeights() {
    const Model m = openModel(test::model("llama2c/stories260K.bin"));
    std::vector<WeightMatrix> out;
    for (const TensorEntry& t : m.tensors)
        if (t.quantizable) out.push_back(weightMatrix(t));
    return out;
}

TEST(ScaleBits, RtnErrorCloseToFp16Scales) {
    // Summed squared error over stories260K's weights, scale codes against fp16 scales at the same
    // grid (measured, 8 bits: int4 g32 0.9992, int3 g32 0.9999, int4 g32 asym 0.9983; 6 bits:
    // int4 g32 1.0072; 4 bits: int4 g32 1.0835, int4 g64 1.0511, int3 g32 1.0424); at g32 the
    // codes save 0.25, 0.3125 and 0.375 bits per weight.
    const std::vector<WeightMatrix> ws = storiesWeights();
    for (const auto& [fp16, s8, bound] : {std::tuple{"int4_g32_sym", "int4_g32_sym_s8", 1.02},
                                          std::tuple{"int3_g32_sym", "int3_g32_sym_s8", 1.02},
                                          std::tuple{"int4_g32_asym", "int4_g32_asym_s8", 1.03},
                                          std::tuple{"int4_g32_sym", "int4_g32_sym_s6", 1.02},
                                          std::tuple{"int4_g32_sym", "int4_g32_sym_s4", 1.12},
                                          std::tuple{"int4_g64_sym", "int4_g64_sym_s4", 1.08},
                                          std::tuple{"int3_g32_sym", "int3_g32_sym_s4", 1.07}}) {
        double a = 0, b = 0;
        for (const WeightMatrix& w : ws) {
            a += sse(w.values, dequantize(quantizeRtn(scheme(fp16), w.values, w.rows, w.cols, "w")));
            b += sse(w.values, dequantize(quantizeRtn(scheme(s8), w.values, w.rows, w.cols, "w")));
        }
        std::printf("[ %s ] squared error %.6g, %s %.6g: ratio %.4f\n", s8, b, fp16, a, b / a);
        EXPECT_LT(b / a, bound) << s8;
        EXPECT_GT(b / a, 0.98) << s8; // no better than the finer scales by more than noise
    }
}

TEST(ScaleBits, GptqKeepsCodesOnTheScaleGrid) {
    // GPTQ on a random layer with correlated inputs: the bytes decode to code * (c * super), the
    // output error is close to GPTQ's with fp16 scales, and below RTN's with 8-bit scales.
    const int64_t rows = 48, cols = 128;
    std::mt19937 rng(11);
    std::normal_distribution<float> n(0, 1);
    std::vector<float> w(size_t(rows * cols));
    for (float& v : w) v = n(rng) * 0.05f;
    LayerInputs in(cols);
    std::vector<float> x(size_t(256 * cols));
    for (int64_t r = 0; r < 256; ++r) {
        const float common = n(rng);
        for (int64_t c = 0; c < cols; ++c) x[size_t(r * cols + c)] = common + 0.5f * n(rng);
    }
    in.add(x, 256);
    auto outErr = [&](const std::vector<float>& y) {
        double e = 0;
        for (int64_t t = 0; t < 256; ++t)
            for (int64_t o = 0; o < rows; ++o) {
                double d = 0;
                for (int64_t c = 0; c < cols; ++c) d += (double(w[size_t(o * cols + c)]) - y[size_t(o * cols + c)]) * x[size_t(t * cols + c)];
                e += d * d;
            }
        return e;
    };
    const Scheme& s = scheme("int4_g32_sym_s8");
    const QuantizedTensor q = quantizeGptq(s, w, rows, cols, in, "w");
    const IntLayout l = intLayout(s, rows, cols);
    const float super = storedSuperScale(s, l, q.bytes.data());
    ASSERT_GT(super, 0.f);
    const std::vector<float> y = dequantize(q);
    for (uint64_t i = 0; i < y.size(); ++i) {
        const uint64_t g = i / l.groupLen;
        const int u = int(getBits(q.bytes.data() + l.codesAt, i * 4, 4));
        ASSERT_EQ(y[i], float(u - 8) * (float(q.bytes[2 + g]) * super)) << i;
    }
    const double gptq8 = outErr(y), gptq16 = outErr(dequantize(quantizeGptq(scheme("int4_g32_sym"), w, rows, cols, in, "w")));
    const double rtn8 = outErr(dequantize(quantizeRtn(s, w, rows, cols, "w")));
    std::printf("[ GPTQ int4_g32_sym_s8 ] output error %.6g; fp16 scales %.6g (ratio %.4f); RTN s8 %.6g\n", gptq8, gptq16,
                gptq8 / gptq16, rtn8);
    EXPECT_LT(gptq8, 1.05 * gptq16);
    EXPECT_LT(gptq8, 0.8 * rtn8);
}

TEST(ScaleBits, ProjectRoundTripAndBadSuperScale) {
    test::TempDir dir;
    const pipeline::OpenedInput in = pipeline::openInput(test::model("llama2c/stories260K.bin"));
    Project p = pipeline::newProject(*in.model, {});
    const std::string plan = R"({"default": {"bits": 4, "group": 32, "scale_bits": 8}})";
    const auto layers = resolvePlan(parsePlan(plan, "plan"), *in.model, "plan");
    p.quantization = ProjectQuantization{plan, "rtn", quantizeModel(*in.model, layers, {})};
    writeProject(dir.file("a.qbproj"), p, {});
    const Project r = readProject(dir.file("a.qbproj"));
    ASSERT_TRUE(r.quantization);
    ASSERT_EQ(r.quantization->layers.size(), p.quantization->layers.size());
    int channel = 0;
    for (size_t k = 0; k < r.quantization->layers.size(); ++k) {
        const QuantizedTensor &a = p.quantization->layers[k].weight, &b = r.quantization->layers[k].weight;
        EXPECT_EQ(b.scheme, a.scheme);
        EXPECT_EQ(b.bytes, a.bytes);
        EXPECT_EQ(dequantize(b), dequantize(a));
        channel += b.scheme->name == "int4_channel_sym_s8"; // ffn_down: rows of 172
    }
    EXPECT_EQ(channel, 5);
    // A super-scale that is no number is refused, naming the layer's group.
    p.quantization->layers[1].weight.bytes[1] = 0x7e; // fp16 0x7exx: NaN
    writeProject(dir.file("b.qbproj"), p, {});
    try {
        readProject(dir.file("b.qbproj"));
        ADD_FAILURE() << "NaN super-scale accepted";
    } catch (const Error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("/quantization/000001"), std::string::npos) << msg;
        EXPECT_NE(msg.find("super-scale"), std::string::npos) << msg;
    }
}

TEST(ScaleBits, ExportChecks) {
    const auto model = std::make_shared<const Model>(openModel(test::model("llama2c/stories260K.bin")));
    auto project = [&](const std::string& plan) {
        Project p;
        p.modelPath = model->path;
        const auto layers = resolvePlan(parsePlan(plan, "plan"), *model, "plan");
        p.quantization = ProjectQuantization{plan, "rtn", quantizeModel(*model, layers, {})};
        return p;
    };
    // GGUF has no block of 8-bit scales: refused, saying why and what to use instead.
    const Project g = project(R"({"default": {"bits": 4, "group": 32, "scale_bits": 8}, "layers": {"blk.*.ffn_down.weight": "fp16"}})");
    const auto gc = pipeline::checkExport(exporters::ExportFormat::Gguf, *model, g);
    ASSERT_FALSE(gc.problems.empty());
    EXPECT_NE(gc.problems[0].find("not 8-bit codes under a per-tensor super-scale; quantize with int4_g32_sym)"),
              std::string::npos)
        << gc.problems[0];
    EXPECT_EQ(gc.predictedBytes, 0u);
    // GPTQ safetensors: accepted; its fp16 scales are the codes times the super-scale, exactly.
    const Project q = project(
        R"({"default": {"bits": 4, "group": 32, "scale_bits": 8}, "layers": {"token_embd.weight": "fp16", "blk.*.ffn_*": "fp16"}})");
    const auto qc = pipeline::checkExport(exporters::ExportFormat::GptqSafetensors, *model, q);
    EXPECT_TRUE(qc.problems.empty()) << qc.problems.front();
    EXPECT_GT(qc.predictedBytes, 0u);
    // A forged super-scale of 11 significant bits (1 + 2^-10): most codes times it (255 * it, say)
    // are no fp16 value, so GPTQ's fp16 scales could not hold them and the check says which layer.
    Project forged = q;
    for (QuantizedLayer& l : forged.quantization->layers) {
        if (l.weight.scheme->scaleBits != 8) continue;
        l.weight.bytes[0] = 0x01, l.weight.bytes[1] = 0x3c, l.weight.bytes[2] = 255;
        const auto fc = pipeline::checkExport(exporters::ExportFormat::GptqSafetensors, *model, forged);
        ASSERT_EQ(fc.problems.size(), 1u);
        EXPECT_NE(fc.problems[0].find("layer '" + l.name + "': "), std::string::npos) << fc.problems[0];
        EXPECT_NE(fc.problems[0].find(" group scale(s) of int4_g32_sym_s8"), std::string::npos)
            << fc.problems[0];
        EXPECT_NE(fc.problems[0].find("not exact in GPTQ's fp16 scales"), std::string::npos) << fc.problems[0];
        break;
    }
}

} // namespace
} // namespace qb
