// libFuzzer round trip of the GPTQ safetensors exporter: the input chooses one scheme and which
// linear roles of stories260K's blocks it quantizes, and overwrites the first weights of two of
// them (any float bits); the model is quantized, exported to a GPTQ folder and read back with our
// safetensors reader. Every packed weight (qweight, qzeros, scales, g_idx) must decode to the
// project's value, every float tensor must be the fp16 of the source's (q/k rows in Hugging
// Face's order), config.json must name the scheme, and the folder must hold nothing else. A
// refusal must leave the output folder empty (no temporary file either). Else the target aborts.
//   byte 0: the scheme (kGptqSchemes, modulo)
//   byte 1: bits 0-6 quantize attn_q, attn_k, attn_v, attn_output, ffn_gate, ffn_up, ffn_down in
//           every block; bit 7 leaves the first of them in block 1 in fp16 (a refused mix)
//   then float32 bits overwriting the first weights of blk.0.attn_q, then of blk.1.attn_output
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/formats/model_hash.h"
#include "core/formats/model_reader.h"
#include "core/llm/llama_weights.h"
#include "core/pipeline/export.h"
#include "core/quant/rtn.h"
#include "core/util/error.h"
#include "fuzz/fuzz_quantized_input.h"
#include "fuzz/fuzz_export_step.h"
#include "fuzz/fuzz_roundtrip.h"
#include "gptq_packing.h"

namespace {

using namespace qb;
using fuzz::mismatch;
using fuzz::sameFloat;
constexpr const char* kFormat = "GPTQ";

// What GPTQ holds (2, 3, 4, 8 bits; groups or per channel; 8-bit scale codes) and what it refuses.
const char* const kGptqSchemes[] = {
    R"({"bits": 4, "group": 32})", R"({"bits": 4, "group": 32, "symmetric": false})", R"({"bits": 8})",
    R"({"bits": 8, "symmetric": false})", R"({"bits": 3, "group": 32})", R"({"bits": 3, "group": 64, "symmetric": false})",
    R"({"bits": 2, "group": 32, "symmetric": false})", R"({"bits": 4})", R"({"bits": 4, "group": 64, "scale_bits": 8})",
    R"({"bits": 8, "group": 32, "symmetric": false, "scale_bits": 4})", R"({"bits": 5, "group": 32})", "\"q4_0\"",
    "\"fp16\""};
constexpr const char* kRoles[] = {"attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down"};
constexpr const char* kAllRoles[] = {"attn_norm", "attn_q",   "attn_k", "attn_v",   "attn_output",
                                     "ffn_norm",  "ffn_gate", "ffn_up", "ffn_down"};

std::string blockWeight(int64_t b, const char* role) { return "blk." + std::to_string(b) + "." + role + ".weight"; }

std::string planOf(const uint8_t* data, int64_t blocks) {
    const std::string scheme = kGptqSchemes[data[0] % std::size(kGptqSchemes)];
    std::string layers;
    bool first = true;
    for (size_t r = 0; r < std::size(kRoles); ++r) {
        if (!(data[1] >> r & 1)) continue;
        for (int64_t b = 0; b < blocks; ++b) {
            if (first && b == 1 && (data[1] & 0x80)) continue;
            layers += std::string(layers.empty() ? "" : ", ") + "\"" + blockWeight(b, kRoles[r]) + "\": " + scheme;
        }
        first = false;
    }
    return R"({"default": "fp16", "layers": {)" + layers + "}}";
}

// HF row r of a q/k weight with `heads` heads holds source row h*hd + 2i + half (rotate-half order
// from llama2.c's adjacent pairs); other weights keep their rows.
int64_t sourceRow(int64_t r, int64_t rows, int64_t heads) {
    if (!heads) return r;
    const int64_t hd = rows / heads, h = r / hd, j = r % hd;
    return h * hd + 2 * (j % (hd / 2)) + j / (hd / 2);
}

const TensorEntry& tensor(const Model& m, const std::string& name, const char* dtype, const std::vector<int64_t>& shape) {
    const TensorEntry* t = m.find(name);
    if (!t) mismatch(kFormat, name + " is missing");
    if (dtypeName(t->dtype) != dtype || t->shape != shape) mismatch(kFormat, name + ": dtype or shape");
    return *t;
}

uint32_t u32(const TensorEntry& t, uint64_t k) {
    uint32_t v;
    std::memcpy(&v, t.data.data() + 4 * k, 4);
    return v;
}

uint16_t u16(const TensorEntry& t, uint64_t k) {
    uint16_t v;
    std::memcpy(&v, t.data.data() + 2 * k, 2);
    return v;
}


// A quantized layer's four tensors decoded: (code - (stored zero + 1)) * fp16 scale per weight.
void checkPacked(const Model& back, const std::string& prefix, const quant::QuantizedLayer& l, int64_t heads) {
    const quant::Scheme& s = *l.weight.scheme;
    const int bits = s.bits;
    const int64_t rows = l.weight.rows, cols = l.weight.cols;
    const int64_t groupLen = s.granularity == quant::Granularity::Group ? s.group : cols, groups = cols / groupLen;
    const TensorEntry& qweight = tensor(back, prefix + ".qweight", "i32", {cols * bits / 32, rows});
    const TensorEntry& qzeros = tensor(back, prefix + ".qzeros", "i32", {groups, rows * bits / 32});
    const TensorEntry& scales = tensor(back, prefix + ".scales", "f16", {groups, rows});
    const TensorEntry& gIdx = tensor(back, prefix + ".g_idx", "i32", {cols});
    const std::vector<float> want = quant::dequantize(l.weight);
    for (int64_t i = 0; i < cols; ++i)
        if (u32(gIdx, uint64_t(i)) != uint32_t(i / groupLen)) mismatch(kFormat, prefix + ".g_idx[" + std::to_string(i) + "]");
    for (int64_t r = 0; r < rows; ++r) {
        const int64_t o = sourceRow(r, rows, heads);
        for (int64_t i = 0; i < cols; ++i) {
            const int64_t g = i / groupLen;
            const uint32_t code = test::fromStream(i * bits, bits, [&](int64_t w) { return u32(qweight, uint64_t(w * rows + r)); });
            const uint32_t zero = test::fromStream(r * bits, bits, [&](int64_t w) {
                return u32(qzeros, uint64_t(g * (rows * bits / 32) + w)); }) + 1;
            const float got = (float(code) - float(zero)) * halfToFloat(u16(scales, uint64_t(g * rows + r)));
            if (!sameFloat(got, want[size_t(o * cols + i)]))
                mismatch(kFormat, prefix + " [" + std::to_string(r) + ", " + std::to_string(i) + "] reads " +
                                      std::to_string(got) + ", the project holds " + std::to_string(want[size_t(o * cols + i)]));
        }
    }
}

// A float tensor: the fp16 of the source's values, rows permuted like the quantized q/k.
void checkFloat(const Model& back, const std::string& name, const TensorEntry& src, int64_t heads) {
    const TensorEntry& t = tensor(back, name, "f16", src.shape);
    const std::vector<float> f = toFloat(src);
    const int64_t rows = src.shape.empty() ? 1 : src.shape[0];
    const uint64_t rowLen = f.size() / uint64_t(rows);
    for (int64_t r = 0; r < rows; ++r)
        for (uint64_t i = 0; i < rowLen; ++i)
            if (u16(t, uint64_t(r) * rowLen + i) != floatToHalf(f[uint64_t(sourceRow(r, rows, heads)) * rowLen + i]))
                mismatch(kFormat, name + ": not the fp16 of " + src.name);
}

void checkConfig(const std::string& path, const quant::Scheme& s) {
    std::ifstream in(path);
    const auto q = nlohmann::json::parse(in).at("quantization_config");
    const int64_t group = s.granularity == quant::Granularity::Group ? s.group : -1;
    if (q.at("bits") != s.bits || q.at("group_size") != group || q.at("sym") != s.symmetric)
        mismatch(kFormat, path + ": quantization_config does not name " + s.name);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const fuzz::OutputFolder folder;
    static const std::string hash = modelHash(fuzz::storiesSource().path);
    if (size < 2) return 0;
    const Model& source = fuzz::storiesSource();
    const LlamaConfig& c = *source.llama;
    auto q = fuzz::withWeights(source, hash, {blockWeight(0, "attn_q"), blockWeight(1, "attn_output")}, data, size, 2,
                               planOf(data, c.layers));
    const std::string out = folder.file("gptq");
    if (!fuzz::quantizedAndExported(kFormat, folder, q, exporters::ExportFormat::GptqSafetensors, "gptq")) return 0;
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(out)) files.push_back(e.path().filename().string());
    std::sort(files.begin(), files.end());
    if (files != std::vector<std::string>{"config.json", "model.safetensors", "quantize_config.json"})
        mismatch(kFormat, out + " holds other files than config.json, model.safetensors and quantize_config.json");

    const Model back = openModel(out);
    std::map<std::string, const quant::QuantizedLayer*> quantized;
    for (const auto& l : q.project.quantization->layers)
        if (l.weight.scheme->kind == quant::SchemeKind::Integer) quantized[l.name] = &l;
    checkConfig(out + "/config.json", *quantized.begin()->second->weight.scheme);
    size_t expected = 0;
    const auto floatTensor = [&](const char* hfName, const char* name) {
        if (const TensorEntry* t = q.model->find(name)) checkFloat(back, hfName, *t, 0), ++expected;
    };
    floatTensor("model.embed_tokens.weight", "token_embd.weight");
    floatTensor("model.norm.weight", "output_norm.weight");
    floatTensor("lm_head.weight", "output.weight");
    for (int64_t b = 0; b < c.layers; ++b) {
        for (const char* role : kAllRoles) {
            const std::string src = blockWeight(b, role), hf = huggingFaceLayerName(b, role);
            const int64_t heads = std::string(role) == "attn_q" ? c.heads : std::string(role) == "attn_k" ? c.kvHeads : 0;
            const auto it = quantized.find(src);
            if (it == quantized.end()) {
                checkFloat(back, hf, *q.model->find(src), heads);
                ++expected;
            } else {
                checkPacked(back, hf.substr(0, hf.size() - 7), *it->second, heads);
                expected += 4;
            }
        }
    }
    if (back.tensors.size() != expected)
        mismatch(kFormat, std::to_string(back.tensors.size()) + " tensors read back, " + std::to_string(expected) + " written");
    folder.clear();
    return 0;
}
