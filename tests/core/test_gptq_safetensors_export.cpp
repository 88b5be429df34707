// GPTQ-layout safetensors export of stories260K quantized RTN at 2, 3, 4 and 8 bits (groups and per
// channel, asymmetric and symmetric; the FFN kept in fp16 because its 172 features do not pack):
// the packed tensors decoded back by a decoder of this file and by a Python struct reader against
// the project's codes, scales, zero points and dequantized values; zero points of 0; config.json;
// the size against the plan; and refusals.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/exporters/gptq_safetensors_export.h"
#include "core/formats/model_reader.h"
#include "core/pipeline/export.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/quant/rtn.h"
#include "core/util/error.h"
#include "gptq_packing.h"
#include "llm_test_support.h"
#include "test_support.h"

namespace qb {
namespace {

using exporters::ExportFormat;

const std::string kBin = test::model("llama2c/stories260K.bin");

struct Quantized {
    std::shared_ptr<const Model> model;
    Project project;
};

Quantized quantizeWith(const std::string& planJson, const std::string& source = kBin) {
    Quantized q{std::make_shared<const Model>(openModel(source)), {}};
    const quant::Plan plan = quant::parsePlan(planJson, "plan");
    q.project.modelPath = source;
    q.project.quantization = ProjectQuantization{planJson, "rtn", quant::quantizeModel(*q.model, quant::resolvePlan(plan, *q.model, "plan"), {})};
    return q;
}

std::string planFor(int bits, int group, bool symmetric) {
    return R"({"default": {"bits": )" + std::to_string(bits) + (group ? ", \"group\": " + std::to_string(group) : std::string()) +
           R"(, "method": "rtn", "symmetric": )" + (symmetric ? "true" : "false") +
           R"(}, "layers": {"token_embd.weight": "fp16", "blk.*.ffn_*": "fp16"}})";
}
std::string int4Plan(bool symmetric) { return planFor(4, 32, symmetric); }

// A safetensors file read by hand: the header and each tensor's bytes.
struct SafeTensors {
    nlohmann::json header;
    std::vector<unsigned char> bytes;
    uint64_t dataAt = 0;
    std::vector<int64_t> shape(const std::string& n) const { return header.at(n).at("shape").get<std::vector<int64_t>>(); }
    const unsigned char* data(const std::string& n) const {
        return bytes.data() + dataAt + header.at(n).at("data_offsets")[0].get<uint64_t>();
    }
    uint32_t u32(const std::string& n, uint64_t k) const {
        uint32_t v;
        std::memcpy(&v, data(n) + 4 * k, 4);
        return v;
    }
    uint16_t u16(const std::string& n, uint64_t k) const {
        uint16_t v;
        std::memcpy(&v, data(n) + 2 * k, 2);
        return v;
    }
};

SafeTensors readSafeTensors(const std::string& path) {
    SafeTensors s;
    s.bytes = test::readAll(path);
    uint64_t n;
    std::memcpy(&n, s.bytes.data(), 8);
    s.header = nlohmann::json::parse(std::string(s.bytes.begin() + 8, s.bytes.begin() + 8 + long(n)));
    s.dataAt = 8 + n;
    return s;
}

// The project's integer layout, read independently: fp16 scales, packed zeros (asym), packed codes.
uint32_t bitsAt(const std::vector<uint8_t>& b, uint64_t base, uint64_t pos, int bits) {
    uint32_t v = 0;
    for (int k = 0; k < bits; ++k) {
        const uint64_t p = pos + uint64_t(k);
        v |= uint32_t((b[base + p / 8] >> (p % 8)) & 1) << k;
    }
    return v;
}


// HF row r of a q/k weight with `heads` heads comes from llama2.c row h*hd + 2i + half.
int64_t llama2cRow(int64_t r, int64_t rows, int64_t heads) {
    const int64_t hd = rows / heads, h = r / hd, j = r % hd;
    return h * hd + 2 * (j % (hd / 2)) + j / (hd / 2);
}

struct Case {
    const char* name;
    int bits, group; ///< group 0: per channel
    bool sym;
};

class GptqRoundTrip : public testing::TestWithParam<Case> {};

// Exports q and decodes every quantized layer back; `shifted` counts the weights whose group's zero
// point 0 went up by one.
void checkRoundTrip(const Quantized& q, int bits, int group, bool sym, uint64_t& shifted) {
    const test::TempDir dir;
    const std::string out = dir.file("gptq");
    const auto result = pipeline::exportProject(ExportFormat::GptqSafetensors, q.model, q.project, out, {});
    EXPECT_EQ(result.layers, 20u); // 5 blocks x q, k, v, o
    const SafeTensors st = readSafeTensors(out + "/model.safetensors");
    EXPECT_EQ(result.sizeBytes, st.bytes.size());
    const LlamaConfig& c = *q.model->llama;
    const char* roles[][2] = {{"attn_q", "self_attn.q_proj"}, {"attn_k", "self_attn.k_proj"},
                              {"attn_v", "self_attn.v_proj"}, {"attn_output", "self_attn.o_proj"}};
    int checked = 0;
    shifted = 0;
    for (const auto& l : q.project.quantization->layers) {
        if (l.weight.scheme->kind != quant::SchemeKind::Integer) continue;
        int64_t block = -1;
        std::string module;
        for (const auto& r : roles)
            for (int64_t b = 0; b < c.layers; ++b)
                if (l.name == "blk." + std::to_string(b) + "." + r[0] + ".weight") block = b, module = r[1];
        ASSERT_GE(block, 0) << l.name;
        const std::string prefix = "model.layers." + std::to_string(block) + "." + module;
        const int64_t rows = l.weight.rows, cols = l.weight.cols, G = group ? cols / group : 1;
        ASSERT_EQ(l.weight.scheme->bits, bits);
        ASSERT_EQ(l.weight.scheme->group, group ? group : 1);
        const int64_t heads = module == "self_attn.q_proj" ? c.heads : module == "self_attn.k_proj" ? c.kvHeads : 0;
        EXPECT_EQ(st.shape(prefix + ".qweight"), (std::vector<int64_t>{cols * bits / 32, rows}));
        EXPECT_EQ(st.shape(prefix + ".qzeros"), (std::vector<int64_t>{G, rows * bits / 32}));
        EXPECT_EQ(st.shape(prefix + ".scales"), (std::vector<int64_t>{G, rows}));
        EXPECT_EQ(st.shape(prefix + ".g_idx"), (std::vector<int64_t>{cols}));
        EXPECT_EQ(st.header.at(prefix + ".scales").at("dtype"), "F16");
        const std::vector<float> values = quant::dequantize(l.weight);
        const uint64_t zerosAt = 2 * uint64_t(rows * G), codesAt = zerosAt + (sym ? 0 : (uint64_t(rows * G * bits) + 7) / 8);
        for (int64_t r = 0; r < rows; ++r) {
            const int64_t o = heads ? llama2cRow(r, rows, heads) : r;
            for (int64_t i = 0; i < cols; ++i) {
                const int64_t g = st.u32(prefix + ".g_idx", uint64_t(i));
                ASSERT_EQ(g, group ? i / group : 0);
                // Bit streams of int32 words, LSB first: down qweight's column r, along qzeros' row g.
                const uint32_t code = test::fromStream(i * bits, bits, [&](int64_t w) { return st.u32(prefix + ".qweight", uint64_t(w * rows + r)); });
                const uint32_t zero = test::fromStream(r * bits, bits, [&](int64_t w) {
                    return st.u32(prefix + ".qzeros", uint64_t(g * (rows * bits / 32) + w)); }) + 1;
                const uint16_t scale = st.u16(prefix + ".scales", uint64_t(g * rows + r));
                const uint64_t pg = uint64_t(o * G + g);
                // A zero point of 0 is written as 1 with the group's codes + 1 (GPTQ stores zero - 1).
                const uint32_t projZero = sym ? 1u << (bits - 1) : bitsAt(l.weight.bytes, zerosAt, pg * bits, bits);
                const uint32_t shift = projZero == 0 ? 1 : 0;
                shifted += shift;
                ASSERT_EQ(code, bitsAt(l.weight.bytes, codesAt, uint64_t(o * cols + i) * bits, bits) + shift) << prefix << " " << r << "," << i;
                ASSERT_EQ(zero, projZero + shift) << prefix << " " << r << "," << g;
                uint16_t projScale;
                std::memcpy(&projScale, l.weight.bytes.data() + 2 * pg, 2);
                ASSERT_EQ(scale, projScale);
                ASSERT_EQ((float(code) - float(zero)) * halfToFloat(scale), values[size_t(o * cols + i)]);
            }
        }
        ++checked;
    }
    EXPECT_EQ(checked, 20);
    // Kept in float: fp16 under HF names, the FFN among them.
    EXPECT_EQ(st.header.at("model.layers.0.mlp.gate_proj.weight").at("dtype"), "F16");
    EXPECT_EQ(st.shape("model.embed_tokens.weight"), (std::vector<int64_t>{c.vocab, c.dim}));
    EXPECT_EQ(st.header.count("lm_head.weight"), c.tiedEmbeddings ? 0u : 1u);
    // Their values are the model's in fp16, row for row (decoded a row at a time).
    for (const auto& [hf, source] : {std::pair{"model.embed_tokens.weight", "token_embd.weight"},
                                     std::pair{"model.layers.1.mlp.gate_proj.weight", "blk.1.ffn_gate.weight"}}) {
        const std::vector<float> v = toFloat(*q.model->find(source));
        for (size_t i = 0; i < v.size(); ++i) ASSERT_EQ(st.u16(hf, i), floatToHalf(v[i])) << hf << " " << i;
    }
}

TEST_P(GptqRoundTrip, PackedTensorsDecodeToTheProjectsCodesScalesAndZeros) {
    const Case& c = GetParam();
    uint64_t shifted = 1;
    checkRoundTrip(quantizeWith(planFor(c.bits, c.group, c.sym)), c.bits, c.group, c.sym, shifted);
    EXPECT_EQ(shifted, 0u);
}

// A zero point of 0 (GPTQ stores zero - 1) goes to 1 with its group's codes + 1: the same values.
// stories260K int4 has none, so the groups of blk.0.attn_q where no code is 15 (clipping leaves
// few) get one.
TEST(GptqSafetensorsExport, ZeroPointZeroIsShiftedExactly) {
    Quantized q = quantizeWith(int4Plan(false));
    quant::QuantizedLayer* l = nullptr;
    for (auto& x : q.project.quantization->layers)
        if (x.name == "blk.0.attn_q.weight") l = &x;
    ASSERT_NE(l, nullptr);
    const uint64_t groups = uint64_t(l->weight.rows * l->weight.cols / 32), codesAt = 2 * groups + groups / 2;
    int changed = 0;
    for (uint64_t g = 0; g < groups; ++g) {
        bool room = true;
        for (uint64_t i = 0; i < 32; ++i) room &= bitsAt(l->weight.bytes, codesAt, (g * 32 + i) * 4, 4) != 15;
        if (!room) continue;
        l->weight.bytes[2 * groups + g / 2] &= uint8_t(g % 2 ? 0x0F : 0xF0);
        ++changed;
    }
    ASSERT_GE(changed, 1);
    EXPECT_TRUE(exporters::checkGptqSafetensors(*q.model, q.project).problems.empty());
    uint64_t shifted = 0;
    checkRoundTrip(q, 4, 32, false, shifted);
    EXPECT_EQ(shifted, uint64_t(changed) * 32u);
    std::printf("[ shift ] %d groups of blk.0.attn_q\n", changed);
}

// int2 g32 asymmetric: blk.1.attn_output has a group of positive weights (zero point 0) that uses
// code 3, which GPTQ's zero - 1 cannot hold.
TEST(GptqSafetensorsExport, ZeroPointZeroWithTheTopCodeIsRefused) {
    const Quantized q = quantizeWith(planFor(2, 32, false));
    const auto check = exporters::checkGptqSafetensors(*q.model, q.project);
    ASSERT_EQ(check.problems.size(), 1u);
    EXPECT_EQ(check.problems[0], "layer 'blk.1.attn_output.weight': 1 group has zero point 0 and uses the code 3, which "
                                 "GPTQ's stored zero-1 cannot hold; use a symmetric scheme or more bits");
}

INSTANTIATE_TEST_SUITE_P(Stories260K, GptqRoundTrip,
                         testing::Values(Case{"int4_g32_asym", 4, 32, false}, Case{"int4_g32_sym", 4, 32, true},
                                         Case{"int2_g32_sym", 2, 32, true}, Case{"int8_channel_sym", 8, 0, true},
                                         Case{"int4_g64_asym", 4, 64, false}, Case{"int8_g32_asym", 8, 32, false},
                                         Case{"int3_g32_asym", 3, 32, false}, Case{"int3_channel_sym", 3, 0, true}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(GptqSafetensorsExport, ConfigJsonHoldsQuantizationConfig) {
    const Quantized q = quantizeWith(int4Plan(true));
    const test::TempDir dir;
    const std::string out = dir.file("gptq");
    exporters::writeGptqSafetensors(*q.model, q.project, out, {});
    std::ifstream f(out + "/config.json");
    const nlohmann::json cfg = nlohmann::json::parse(f);
    const auto& qc = cfg.at("quantization_config");
    EXPECT_EQ(qc.at("quant_method"), "gptq");
    EXPECT_EQ(qc.at("bits"), 4);
    EXPECT_EQ(qc.at("group_size"), 32);
    EXPECT_EQ(qc.at("desc_act"), false);
    EXPECT_EQ(qc.at("sym"), true);
    EXPECT_EQ(qc.at("checkpoint_format"), "gptq");
    EXPECT_EQ(qc.at("modules_in_block_to_quantize"),
              nlohmann::json::parse(R"([["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj"]])"));
    EXPECT_EQ(cfg.at("hidden_size"), 64);
    EXPECT_EQ(cfg.at("intermediate_size"), 172);
    EXPECT_EQ(cfg.at("num_key_value_heads"), 4);
    std::ifstream g(out + "/quantize_config.json");
    const nlohmann::json qcfg = nlohmann::json::parse(g);
    EXPECT_EQ(qcfg.at("bits"), 4);
    EXPECT_EQ(qcfg.at("group_size"), 32);
    EXPECT_EQ(qcfg.at("sym"), true);
}

// The reader unpacks 4 bits per nibble and 3 bits by auto-gptq's word pattern (ten codes per word,
// the 11th and 22nd split across words), not as a bit stream like the exporter.
TEST(GptqSafetensorsExport, PythonStructReaderPrintsOurValues) {
    const test::TempDir dir;
    const std::string script = dir.file("read.py");
    std::ofstream(script) << R"PY(import json, struct, sys
d = open(sys.argv[1], 'rb').read()
n = struct.unpack('<Q', d[:8])[0]; h = json.loads(d[8:8 + n]); base = 8 + n
def t(name, fmt):
    a, b = h[name]['data_offsets']; k = (b - a) // struct.calcsize(fmt)
    return h[name]['shape'], struct.unpack('<%d%s' % (k, fmt), d[base + a:base + b])
def unpack(words, bits):  # the codes of one packed run of int32 words
    if bits == 4:
        return [(w >> (4 * j)) & 15 for w in words for j in range(8)]
    out = []
    for k in range(0, len(words), 3):
        w0, w1, w2 = words[k:k + 3]
        out += [(w0 >> (3 * j)) & 7 for j in range(10)] + [(w0 >> 30) | ((w1 & 1) << 2)]
        out += [(w1 >> (3 * j + 1)) & 7 for j in range(10)] + [(w1 >> 31) | ((w2 & 3) << 1)]
        out += [(w2 >> (3 * j + 2)) & 7 for j in range(10)]
    return out
p, bits = sys.argv[2], int(sys.argv[3])
(wp, out), qw = t(p + '.qweight', 'I'); (groups, zw), qz = t(p + '.qzeros', 'I')
_, sc = t(p + '.scales', 'e'); _, gi = t(p + '.g_idx', 'i')
cols = len(gi)
codes = [unpack([qw[w * out + o] for w in range(wp)], bits) for o in range(out)]
zeros = [unpack(qz[g * zw:(g + 1) * zw], bits) for g in range(groups)]
for o in range(out):
    print(' '.join('%.9g' % ((codes[o][i] - zeros[gi[i]][o] - 1) * sc[gi[i] * out + o]) for i in range(cols)))
)PY";
    for (const int bits : {4, 3}) {
        const Quantized q = quantizeWith(planFor(bits, 32, false));
        const std::string out = dir.file("gptq" + std::to_string(bits));
        exporters::writeGptqSafetensors(*q.model, q.project, out, {});
        const std::string cmd = "python3 " + script + " " + out + "/model.safetensors model.layers.1.self_attn.v_proj " +
                                std::to_string(bits) + " 2>&1";
        FILE* p = popen(cmd.c_str(), "r");
        ASSERT_NE(p, nullptr);
        std::string text;
        char buf[4096];
        while (size_t k = fread(buf, 1, sizeof buf, p)) text.append(buf, k);
        ASSERT_EQ(pclose(p), 0) << text;
        const quant::QuantizedLayer* v = nullptr;
        for (const auto& l : q.project.quantization->layers)
            if (l.name == "blk.1.attn_v.weight") v = &l;
        ASSERT_NE(v, nullptr);
        const std::vector<float> want = quant::dequantize(v->weight);
        std::istringstream in(text);
        std::vector<double> got;
        for (double x; in >> x;) got.push_back(x);
        ASSERT_EQ(got.size(), want.size()) << bits;
        double worst = 0;
        for (size_t k = 0; k < got.size(); ++k)
            worst = std::max(worst, std::abs(got[k] - want[k]) / std::max(1e-3, double(std::abs(want[k]))));
        EXPECT_LT(worst, 1e-6) << bits << " bits"; // the same fp16 products, printed to 9 digits
        std::printf("[ python ] int%d_g32_asym v_proj: %zu values, worst relative difference %.3g\n", bits, got.size(), worst);
    }
}

// The same weights from GGUF (Meta q/k row order, exported permuted) and from a Hugging Face folder
// written by the test support (rows permuted there, exported as they are) give the same bytes.
TEST(GptqSafetensorsExport, GgufAndHuggingFaceSourcesGiveTheSameFile) {
    const test::TempDir dir;
    test::writeHfLlamaFolderFromGguf(dir.file(""), /*tieWordEmbeddings=*/false);
    const Quantized gguf = quantizeWith(R"({"default": {"bits": 4, "group": 32, "method": "rtn", "symmetric": false},
        "layers": {"token_embd.weight": "fp16", "output.weight": "fp16", "blk.*.ffn_*": "fp16"}})",
                                        test::model("gguf/stories260K.gguf"));
    const Quantized hf = quantizeWith(R"({"default": {"bits": 4, "group": 32, "method": "rtn", "symmetric": false},
        "layers": {"model.embed_tokens.weight": "fp16", "lm_head.weight": "fp16", "model.layers.*.mlp.*": "fp16"}})",
                                      dir.file(""));
    exporters::writeGptqSafetensors(*gguf.model, gguf.project, dir.file("from_gguf"), {});
    exporters::writeGptqSafetensors(*hf.model, hf.project, dir.file("from_hf"), {});
    const auto a = test::readAll(dir.file("from_gguf") + "/model.safetensors");
    const auto b = test::readAll(dir.file("from_hf") + "/model.safetensors");
    EXPECT_GT(a.size(), 400000u);
    EXPECT_TRUE(a == b) << a.size() << " vs " << b.size() << " bytes";
    EXPECT_EQ(readSafeTensors(dir.file("from_hf") + "/model.safetensors").header.count("lm_head.weight"), 1u);
}

TEST(GptqSafetensorsExport, SizeMatchesThePlanAndFloatTensors) {
    const Quantized q = quantizeWith(int4Plan(true));
    const exporters::GptqPlan plan = exporters::planGptqSafetensors(*q.model, q.project);
    ASSERT_TRUE(plan.check.problems.empty());
    const test::TempDir dir;
    const auto r = exporters::writeGptqSafetensors(*q.model, q.project, dir.file("gptq"), {});
    EXPECT_EQ(r.sizeBytes, plan.predictedBytes);
    EXPECT_EQ(std::filesystem::file_size(dir.file("gptq") + "/model.safetensors"), r.sizeBytes);
    // The scheme's own size (4-bit codes + fp16 scale per 32) plus every float tensor in fp16.
    uint64_t quantBytes = 0, floatBytes = 0, gidx = 0, zeros = 0;
    for (const auto& l : q.project.quantization->layers)
        if (l.weight.scheme->kind == quant::SchemeKind::Integer) {
            quantBytes += *quant::sizeBytes(*l.weight.scheme, l.weight.rows, l.weight.cols);
            gidx += 4 * uint64_t(l.weight.cols);
            zeros += uint64_t(l.weight.rows * l.weight.cols / 32) / 2; // 4-bit zeros GPTQ stores even when symmetric
        }
    for (const auto& t : plan.tensors)
        if (t.part == exporters::GptqTensorPlan::Part::Float) floatBytes += t.bytes;
    const double predicted = double(quantBytes + floatBytes);
    const double data = double(r.sizeBytes - 8 - plan.header.size());
    std::printf("[ size ] file %llu, header %zu, data %.0f, scheme+fp16 %.0f, g_idx %llu, sym zeros %llu\n",
                (unsigned long long)r.sizeBytes, plan.header.size(), data, predicted, (unsigned long long)gidx,
                (unsigned long long)zeros);
    EXPECT_NEAR(data - double(gidx), predicted, 0.01 * predicted);
    EXPECT_EQ(data, predicted + double(gidx + zeros));
}

TEST(GptqSafetensorsExport, RefusesInt5AndGgmlNamingEveryLayerAndWritesNothing) {
    for (const char* planJson : {R"({"default": {"bits": 5, "group": 32, "method": "rtn"}, "layers": {"token_embd.weight": "fp16", "blk.*.ffn_*": "fp16"}})",
                                 R"({"default": "q8_0", "layers": {"token_embd.weight": "fp16", "blk.*.ffn_*": "fp16"}})"}) {
        const Quantized q = quantizeWith(planJson);
        const auto check = exporters::checkGptqSafetensors(*q.model, q.project);
        for (int64_t b = 0; b < 5; ++b)
            for (const char* role : {"attn_q", "attn_k", "attn_v", "attn_output"}) {
                const std::string name = "'blk." + std::to_string(b) + "." + role + ".weight'";
                bool named = false;
                for (const auto& p : check.problems) named |= p.find(name) != std::string::npos;
                EXPECT_TRUE(named) << planJson << ": " << name;
            }
        const test::TempDir dir;
        const std::string out = dir.file("gptq");
        try {
            pipeline::exportProject(ExportFormat::GptqSafetensors, q.model, q.project, out, {});
            ADD_FAILURE() << "no error for " << planJson;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("nothing written"), std::string::npos) << e.what();
        }
        EXPECT_FALSE(std::filesystem::exists(out));
    }
}

TEST(GptqSafetensorsExport, RefusesFloatKeptLayerInsideABlock) {
    const Quantized q = quantizeWith(
        R"({"default": {"bits": 4, "group": 32, "method": "rtn"}, "layers": {"token_embd.weight": "fp16", "blk.*.ffn_*": "fp16", "blk.2.attn_v.weight": "fp16"}})");
    const auto check = exporters::checkGptqSafetensors(*q.model, q.project);
    ASSERT_EQ(check.problems.size(), 1u);
    EXPECT_NE(check.problems[0].find("blk.2.attn_v.weight"), std::string::npos) << check.problems[0];
}

} // namespace
} // namespace qb
