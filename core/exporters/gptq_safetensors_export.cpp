#include "core/exporters/gptq_safetensors_export.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/util/temp_output_file.h"
#include "core/llm/llama_weights.h"
#include "core/quant/integer_grid.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb::exporters {

namespace {

using quant::QuantizedLayer;
using quant::Scheme;
using quant::SchemeKind;
using Part = GptqTensorPlan::Part;

struct BlockRole {
    const char* gguf;   ///< "attn_q"
    const char* module; ///< "self_attn.q_proj"; null for norms
};
constexpr BlockRole kBlockRoles[] = {
    {"attn_norm", nullptr},          {"attn_q", "self_attn.q_proj"}, {"attn_k", "self_attn.k_proj"},
    {"attn_v", "self_attn.v_proj"},  {"attn_output", "self_attn.o_proj"}, {"ffn_norm", nullptr},
    {"ffn_gate", "mlp.gate_proj"},   {"ffn_up", "mlp.up_proj"},      {"ffn_down", "mlp.down_proj"}};

// "model.layers.0.self_attn.q_proj.weight" without ".weight".
std::string modulePrefix(const std::string& hfWeight) { return hfWeight.substr(0, hfWeight.size() - 7); }

uint64_t elements(const std::vector<int64_t>& shape) {
    uint64_t n = 1;
    for (int64_t d : shape) n *= uint64_t(d);
    return n;
}

// Which source row HF row r of a q/k weight comes from: rotate-half order (i, i + hd/2) of each
// head from the adjacent pairs (2i, 2i+1) llama2.c and GGUF store.
int64_t sourceRow(int64_t r, int64_t rows, int64_t heads) {
    if (heads <= 0) return r;
    const int64_t hd = rows / heads, h = r / hd, j = r % hd;
    return h * hd + 2 * (j % (hd / 2)) + j / (hd / 2);
}

// Problems of one quantized layer; empty when GPTQ can hold it.
std::vector<std::string> layerProblems(const LayerSource& src, size_t index, const std::vector<int64_t>& shape) {
    const QuantizedLayer& l = src.info(index);
    std::vector<std::string> p;
    const Scheme& s = *l.weight.scheme;
    const std::string where = "layer '" + l.name + "': ";
    if (s.kind == SchemeKind::Ggml) {
        p.push_back(where + s.name + " is a ggml block scheme; GPTQ holds integer schemes (int4_g128_sym, int4_g32_asym, "
                    "int8_channel_sym, ...): export it as GGUF or quantize with an integer scheme");
        return p;
    }
    if (s.bits != 2 && s.bits != 3 && s.bits != 4 && s.bits != 8)
        p.push_back(where + s.name + ": GPTQ packs 2, 3, 4 or 8 bits; nearest: int4 or int8 with the same grouping");
    if (s.granularity == quant::Granularity::Tensor)
        p.push_back(where + s.name + " has one scale per tensor; GPTQ needs groups or one per output channel");
    if (!l.inputScale.empty())
        p.push_back(where + l.method + " stores W*diag(s) with per-input scales, which GPTQ readers cannot undo; "
                    "quantize it with RTN or GPTQ");
    if (l.activation)
        p.push_back(where + "int" + std::to_string(l.activation->bits) + " activations: GPTQ checkpoints have no "
                    "activation quantization (act_bits)");
    if (shape.size() != 2 || l.weight.rows != shape[0] || l.weight.cols != shape[1])
        p.push_back(where + "quantized as [" + std::to_string(l.weight.rows) + ", " + std::to_string(l.weight.cols) +
                    "] but the model's tensor has another shape");
    const auto size = quant::sizeBytes(s, l.weight.rows, l.weight.cols);
    if (!size || *size != src.weightSize(index))
        p.push_back(where + "holds " + std::to_string(src.weightSize(index)) + " bytes, not the size of " + s.name);
    if (!p.empty()) return p;
    // Codes fill whole int32 words: 32/bits per word, or for 3 bits 32 codes per 3 words.
    const int64_t unit = s.bits == 3 ? 32 : 32 / s.bits;
    if (l.weight.cols % unit != 0)
        p.push_back(where + std::to_string(l.weight.cols) + " input features are not a multiple of " +
                    std::to_string(unit) + ", so they do not fill int32 words of qweight");
    if (l.weight.rows % unit != 0)
        p.push_back(where + std::to_string(l.weight.rows) + " output features are not a multiple of " +
                    std::to_string(unit) + ", so they do not fill int32 words of qzeros; keep this role in fp16 in "
                    "every block");
    if (s.scaleBits != 16) {
        // Scale codes go out as their values, code * super-scale, which fp16 holds exactly unless
        // beyond its range (the super-scale has at most 3 significant bits, a code at most 8).
        const quant::IntLayout lay = quant::intLayout(s, l.weight.rows, l.weight.cols);
        const uint8_t* b = src.layer(index).weight.bytes.data();
        uint64_t inexact = 0;
        for (uint64_t g = 0; g < lay.groups; ++g) {
            const float v = quant::storedScale(s, lay, b, g);
            if (halfToFloat(floatToHalf(v)) != v) ++inexact;
        }
        if (inexact)
            p.push_back(where + std::to_string(inexact) + " group scale(s) of " + s.name +
                        " (8-bit code times the super-scale) are not exact in GPTQ's fp16 scales");
    }
    if (!s.symmetric) {
        // GPTQ checkpoints store zero - 1 (readers add 1 back), so a zero point of 0 has no code.
        // Such a group is written with zero 1 and every code + 1, the same values, unless one of
        // its codes is already the largest.
        const quant::IntLayout lay = quant::intLayout(s, l.weight.rows, l.weight.cols);
        const uint8_t* b = src.layer(index).weight.bytes.data();
        const uint32_t top = (1u << s.bits) - 1;
        uint64_t stuck = 0;
        for (uint64_t g = 0; g < lay.groups; ++g) {
            if (quant::getBits(b + lay.zerosAt, g * uint64_t(s.bits), s.bits) != 0) continue;
            for (uint64_t i = 0; i < lay.groupLen; ++i)
                if (quant::getBits(b + lay.codesAt, (g * lay.groupLen + i) * uint64_t(s.bits), s.bits) == top) {
                    ++stuck;
                    break;
                }
        }
        if (stuck)
            p.push_back(where + std::to_string(stuck) +
                        (stuck == 1 ? " group has zero point 0 and uses" : " groups have zero point 0 and use") +
                        " the code " + std::to_string(top) +
                        ", which GPTQ's stored zero-1 cannot hold; use a symmetric scheme or more bits");
    }
    return p;
}

// One quantized layer's four tensors in GPTQ layout.
std::vector<uint8_t> gptqPart(const QuantizedLayer& l, const GptqTensorPlan& t) {
    const Scheme& s = *l.weight.scheme;
    const int bits = s.bits;
    const int64_t rows = l.weight.rows, cols = l.weight.cols;
    const quant::IntLayout lay = quant::intLayout(s, rows, cols);
    const int64_t perRow = int64_t(lay.groups) / rows; // groups along one output row
    const int64_t groupLen = int64_t(lay.groupLen);
    const uint8_t* b = l.weight.bytes.data();
    auto group = [&](int64_t o, int64_t gi) { return uint64_t(o * perRow + gi); };
    auto storedZero = [&](int64_t o, int64_t gi) -> uint32_t {
        return s.symmetric ? 1u << (bits - 1) : quant::getBits(b + lay.zerosAt, group(o, gi) * uint64_t(bits), bits);
    };
    // A zero point of 0 goes up by one with every code of its group (layerProblems checked room).
    auto zero = [&](int64_t o, int64_t gi) { return std::max(storedZero(o, gi), 1u); };
    auto code = [&](int64_t o, int64_t i) {
        return quant::getBits(b + lay.codesAt, uint64_t(o * cols + i) * uint64_t(bits), bits) +
               (storedZero(o, i / groupLen) == 0 ? 1u : 0u);
    };
    const uint32_t mask = (1u << bits) - 1;
    std::vector<uint8_t> out(t.bytes);
    auto put32 = [&](uint64_t k, uint32_t v) { std::memcpy(out.data() + 4 * k, &v, 4); };
    // GPTQ packs each column of qweight (and each row of qzeros) as one LSB-first bit stream over
    // consecutive int32 words; at 3 bits a value may straddle two words. `word(n)` is the index of
    // the stream's n-th word in the tensor.
    std::vector<uint32_t> words;
    auto stream = [&](int64_t count, auto value, auto word) {
        words.assign(size_t(count * bits / 32), 0);
        for (int64_t k = 0; k < count; ++k) {
            const uint64_t v = uint64_t(value(k) & mask) << (uint64_t(k * bits) % 32);
            const size_t w = size_t(k * bits / 32);
            words[w] |= uint32_t(v);
            if (v >> 32) words[w + 1] |= uint32_t(v >> 32);
        }
        for (size_t n = 0; n < words.size(); ++n) put32(word(int64_t(n)), words[n]);
    };
    switch (t.part) {
    case Part::QWeight: // [cols*bits/32, rows]: output r's codes down its column, input 0 lowest
        for (int64_t r = 0; r < rows; ++r) {
            const int64_t o = sourceRow(r, rows, t.permuteHeads);
            stream(cols, [&](int64_t i) { return code(o, i); }, [&](int64_t n) { return uint64_t(n * rows + r); });
        }
        break;
    case Part::QZeros: // [groups, rows*bits/32]: zero - 1 of each output along a group's row
        for (int64_t gi = 0; gi < perRow; ++gi)
            stream(rows, [&](int64_t r) { return zero(sourceRow(r, rows, t.permuteHeads), gi) - 1; },
                   [&](int64_t n) { return uint64_t(gi * (rows * bits / 32) + n); });
        break;
    case Part::Scales: // [groups, rows] fp16: the project's, or 8-bit scales' values (exact, layerProblems checked)
        for (int64_t gi = 0; gi < perRow; ++gi)
            for (int64_t r = 0; r < rows; ++r) {
                const uint16_t h = floatToHalf(quant::storedScale(s, lay, b, group(sourceRow(r, rows, t.permuteHeads), gi)));
                std::memcpy(out.data() + 2 * uint64_t(gi * rows + r), &h, 2);
            }
        break;
    case Part::GIdx:
        for (int64_t i = 0; i < cols; ++i) put32(uint64_t(i), uint32_t(i / groupLen));
        break;
    case Part::Float: break;
    }
    return out;
}

std::vector<uint8_t> floatPart(const Model& model, const GptqTensorPlan& t) {
    const TensorEntry& e = *model.find(t.source);
    const int64_t rows = t.shape.empty() ? 1 : t.shape[0];
    const uint64_t n = uint64_t(e.params()), rowLen = rows > 0 ? n / uint64_t(rows) : 0;
    const DTypeTraits& tr = traits(e.dtype);
    const auto rowBytes = storageBytes(e.dtype, rowLen);
    if (!tr.toFloat) throw Error(e.name, "cannot decode dtype " + std::string(tr.name) + " to f32");
    if (!rowBytes || *rowBytes * uint64_t(rows) != e.data.size() || rowLen * uint64_t(rows) != n)
        throw Error(e.name, "holds " + std::to_string(e.data.size()) + " bytes, not " + std::to_string(rows) +
                                " rows of " + std::to_string(rowLen) + " " + std::string(tr.name) + " values");
    // A row at a time, its pages of the mapped checkpoint released once read: a 70B model's
    // embedding is 1 GB in f32.
    std::vector<float> f(rowLen);
    std::vector<uint8_t> out(n * 2);
    for (int64_t r = 0; r < rows; ++r) {
        const auto src = e.data.subspan(uint64_t(sourceRow(r, rows, t.permuteHeads)) * *rowBytes, *rowBytes);
        tr.toFloat(src.data(), f.data(), int64_t(rowLen));
        MappedFile::releasePages(src);
        for (uint64_t i = 0; i < rowLen; ++i) {
            const uint16_t h = floatToHalf(f[i]);
            std::memcpy(out.data() + 2 * (uint64_t(r) * rowLen + i), &h, 2);
        }
    }
    return out;
}

nlohmann::ordered_json quantizationConfig(const GptqPlan& plan) {
    nlohmann::ordered_json q;
    q["quant_method"] = "gptq";
    q["bits"] = plan.bits;
    q["group_size"] = plan.groupSize;
    q["desc_act"] = false;
    q["sym"] = plan.symmetric;
    q["true_sequential"] = true;
    q["static_groups"] = false;
    q["damp_percent"] = 0.01;
    q["checkpoint_format"] = "gptq"; // v1: qzeros hold zero - 1
    if (plan.quantizedRoles.size() != 7) q["modules_in_block_to_quantize"] = {plan.quantizedRoles};
    return q;
}

std::string configJson(const Model& model, const GptqPlan& plan) {
    const LlamaConfig& c = *model.llama;
    nlohmann::ordered_json j;
    j["architectures"] = {"LlamaForCausalLM"};
    j["model_type"] = "llama";
    j["hidden_size"] = c.dim;
    j["intermediate_size"] = c.hiddenDim;
    j["num_hidden_layers"] = c.layers;
    j["num_attention_heads"] = c.heads;
    j["num_key_value_heads"] = c.kvHeads;
    if (c.headDim * c.heads != c.dim) j["head_dim"] = c.headDim;
    j["vocab_size"] = c.vocab;
    j["max_position_embeddings"] = c.maxSeqLen;
    j["rms_norm_eps"] = c.normEps;
    j["rope_theta"] = c.ropeTheta;
    j["hidden_act"] = "silu";
    j["tie_word_embeddings"] = c.tiedEmbeddings;
    j["torch_dtype"] = "float16";
    j["quantization_config"] = quantizationConfig(plan);
    return j.dump(2) + "\n";
}

std::string quantizeConfigJson(const GptqPlan& plan) {
    nlohmann::ordered_json q = quantizationConfig(plan);
    q["model_file_base_name"] = "model";
    return q.dump(2) + "\n";
}

// Creates the output folder and, unless keep() is called (the export completed), removes again
// the folders it created, when empty: a failed or cancelled export leaves no empty folder.
class CreatedFolders {
public:
    explicit CreatedFolders(const std::string& out) {
        namespace fs = std::filesystem;
        std::error_code ec;
        for (fs::path p = out; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) created_.push_back(p);
        fs::create_directories(out, ec);
        if (ec || !fs::is_directory(out)) {
            removeEmpty();
            throw Error(out, "cannot create the output folder: " + (ec ? ec.message() : std::string("not a folder")));
        }
    }
    ~CreatedFolders() {
        if (!kept_) removeEmpty();
    }
    CreatedFolders(const CreatedFolders&) = delete;
    CreatedFolders& operator=(const CreatedFolders&) = delete;
    void keep() { kept_ = true; }

private:
    void removeEmpty() { // deepest first; remove() leaves a folder that is not empty
        std::error_code ec;
        for (const auto& p : created_) std::filesystem::remove(p, ec);
    }
    std::vector<std::filesystem::path> created_;
    bool kept_ = false;
};

void writeSmallFile(const std::string& path, const std::string& text) {
    TempOutputFile f(path);
    f.write(text.data(), text.size());
    f.commit();
}

} // namespace

GptqPlan planGptqSafetensors(const Model& model, const LayerSource& source) {
    const Project& project = source.project();
    GptqPlan plan;
    ExportCheck& check = plan.check;
    if (!model.llama || model.architecture != "llama") {
        check.problems.push_back(model.path + ": GPTQ safetensors export takes llama-family models; this is '" +
                                 model.architecture + "'");
        return plan;
    }
    const LlamaConfig& c = *model.llama;
    const bool hf = model.format == "safetensors";
    if (!hf && c.ropeDim != c.headDim)
        check.problems.push_back(model.path + ": RoPE over " + std::to_string(c.ropeDim) + " of " + std::to_string(c.headDim) +
                                 " head dimensions; the q/k row order for Hugging Face is known only for full-head RoPE");
    std::map<std::string, int> layerOf;
    if (project.quantization)
        for (size_t i = 0; i < project.quantization->layers.size(); ++i)
            if (project.quantization->layers[i].weight.scheme &&
                project.quantization->layers[i].weight.scheme->kind != SchemeKind::Float)
                layerOf[project.quantization->layers[i].name] = int(i);

    auto addFloat = [&](const std::string& name, const std::string& source, int64_t permute) {
        const TensorEntry* e = model.find(source);
        GptqTensorPlan t;
        t.name = name;
        t.source = source;
        t.dtype = "F16";
        t.shape = e->shape;
        t.permuteHeads = permute;
        t.bytes = 2 * elements(t.shape);
        plan.tensors.push_back(std::move(t));
    };
    struct Top { const char* hfName; const char* gguf; bool optional; };
    const Top tops[] = {{"model.embed_tokens.weight", "token_embd.weight", false},
                        {"model.norm.weight", "output_norm.weight", false},
                        {"lm_head.weight", "output.weight", true}};
    for (const Top& top : tops) {
        const std::string src = hf ? top.hfName : top.gguf;
        if (layerOf.erase(src)) {
            check.problems.push_back("layer '" + src + "': quantized, but GPTQ readers keep the embeddings and lm_head "
                                     "in float; a plan entry \"fp16\" keeps it");
            continue;
        }
        if (!model.find(src)) {
            if (!top.optional) check.problems.push_back("tensor '" + src + "' is missing; the export needs " + top.hfName);
            continue;
        }
        addFloat(top.hfName, src, 0);
    }

    const Scheme* scheme = nullptr;
    std::string schemeLayer;
    std::map<std::string, std::vector<std::string>> floatKept, quantized; // module -> layers
    for (int64_t l = 0; l < c.layers; ++l) {
        for (const BlockRole& role : kBlockRoles) {
            const std::string hfName = huggingFaceLayerName(l, role.gguf);
            const std::string src = hf ? hfName : "blk." + std::to_string(l) + "." + role.gguf + ".weight";
            const TensorEntry* e = model.find(src);
            if (!e) {
                check.problems.push_back("tensor '" + src + "' is missing; the export needs " + hfName);
                continue;
            }
            const std::string r = role.gguf;
            const int64_t permute = hf ? 0 : r == "attn_q" ? c.heads : r == "attn_k" ? c.kvHeads : 0;
            if (permute && (e->shape.size() != 2 || e->shape[0] % (2 * permute) != 0)) {
                check.problems.push_back("tensor '" + src + "': its rows do not split into " + std::to_string(permute) +
                                         " heads of even size");
                continue;
            }
            const auto it = layerOf.find(src);
            if (it == layerOf.end()) {
                if (role.module) floatKept[role.module].push_back(src);
                addFloat(hfName, src, permute);
                continue;
            }
            const int index = it->second;
            layerOf.erase(it);
            const QuantizedLayer& q = project.quantization->layers[size_t(index)];
            if (!role.module) {
                check.problems.push_back("layer '" + src + "': a norm is quantized; GPTQ keeps norms in float");
                continue;
            }
            quantized[role.module].push_back(src);
            auto problems = layerProblems(source, size_t(index), e->shape);
            if (problems.empty() && scheme && q.weight.scheme != scheme)
                problems.push_back("layer '" + src + "': " + q.weight.scheme->name + ", but '" + schemeLayer + "' is " +
                                   scheme->name + "; a GPTQ checkpoint has one bits/group_size/sym for all layers");
            if (!problems.empty()) {
                check.problems.insert(check.problems.end(), problems.begin(), problems.end());
                continue;
            }
            if (!scheme) scheme = q.weight.scheme, schemeLayer = src;
            const Scheme& s = *q.weight.scheme;
            const int64_t rows = q.weight.rows, cols = q.weight.cols, bits = s.bits;
            const int64_t groups = s.granularity == quant::Granularity::Group ? cols / s.group : 1;
            const std::string prefix = modulePrefix(hfName);
            const std::pair<Part, std::pair<const char*, std::vector<int64_t>>> parts[] = {
                {Part::QWeight, {".qweight", {cols * bits / 32, rows}}},
                {Part::QZeros, {".qzeros", {groups, rows * bits / 32}}},
                {Part::Scales, {".scales", {groups, rows}}},
                {Part::GIdx, {".g_idx", {cols}}}};
            for (const auto& [part, ns] : parts) {
                GptqTensorPlan t;
                t.name = prefix + ns.first;
                t.source = src;
                t.part = part;
                t.dtype = part == Part::Scales ? "F16" : "I32";
                t.shape = ns.second;
                t.layer = index;
                t.permuteHeads = permute;
                t.bytes = (part == Part::Scales ? 2 : 4) * elements(t.shape);
                plan.tensors.push_back(std::move(t));
            }
        }
    }
    for (const auto& [name, index] : layerOf)
        check.problems.push_back("layer '" + name + "' is no tensor of a llama model that GPTQ readers load");
    // quantization_config names one set of quantized modules for every block.
    for (const BlockRole& role : kBlockRoles) {
        if (!role.module || !quantized.count(role.module)) continue;
        for (const std::string& l : floatKept[role.module])
            check.problems.push_back("layer '" + l + "': kept in float inside a block while other blocks quantize " +
                                     role.module + "; GPTQ's modules_in_block_to_quantize is one list for all blocks");
        plan.quantizedRoles.push_back(role.module);
    }
    if (!scheme && check.problems.empty())
        check.problems.push_back("the project quantizes no linear layer with an integer scheme; nothing for GPTQ to hold");
    if (!check.problems.empty()) return plan;

    plan.bits = scheme->bits;
    plan.groupSize = scheme->granularity == quant::Granularity::Group ? scheme->group : -1;
    plan.symmetric = scheme->symmetric;
    nlohmann::ordered_json header;
    uint64_t offset = 0;
    for (GptqTensorPlan& t : plan.tensors) {
        t.offset = offset;
        header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes}}};
        offset += t.bytes;
    }
    header["__metadata__"] = {{"format", "pt"}, {"quantized_by", "QuantBench"}};
    plan.header = header.dump();
    plan.header.append((8 - plan.header.size() % 8) % 8, ' ');
    plan.predictedBytes = 8 + plan.header.size() + offset;
    check.predictedBytes = plan.predictedBytes;
    return plan;
}

ExportCheck checkGptqSafetensors(const Model& model, const LayerSource& project) {
    return planGptqSafetensors(model, project).check;
}

ExportResult writeGptqSafetensors(const Model& model, const LayerSource& project, const std::string& out,
                                  const JobContext& job) {
    job.checkCancel();
    const GptqPlan plan = planGptqSafetensors(model, project);
    if (!plan.check.problems.empty()) refuseExport(ExportFormat::GptqSafetensors, out, plan.check);
    CreatedFolders folder(out);
    const std::string weights = (std::filesystem::path(out) / "model.safetensors").string();
    TempOutputFile file(weights);
    const uint64_t headerLen = plan.header.size();
    file.write(&headerLen, 8); // little-endian on every platform we build for
    file.write(plan.header.data(), plan.header.size());
    size_t layers = 0;
    const size_t n = plan.tensors.size();
    for (size_t i = 0; i < n; ++i) {
        const GptqTensorPlan& t = plan.tensors[i];
        job.checkCancel();
        job.report(double(i) / double(n), "tensor " + std::to_string(i + 1) + "/" + std::to_string(n) + ": " + t.name);
        const std::vector<uint8_t> bytes = t.layer >= 0 ? gptqPart(project.layer(size_t(t.layer)), t)
                                                        : floatPart(model, t);
        if (bytes.size() != t.bytes || file.position() != 8 + headerLen + t.offset)
            throw Error(weights, "tensor '" + t.name + "' does not match its planned size or offset");
        file.write(bytes.data(), bytes.size());
        if (t.part == Part::QWeight) ++layers;
    }
    job.checkCancel();
    file.commit();
    const uint64_t size = file.position();
    writeSmallFile((std::filesystem::path(out) / "config.json").string(), configJson(model, plan));
    writeSmallFile((std::filesystem::path(out) / "quantize_config.json").string(), quantizeConfigJson(plan));
    folder.keep();
    job.report(1.0, "written");
    return exportResult(ExportFormat::GptqSafetensors, out, size, layers, plan.check);
}

} // namespace qb::exporters
