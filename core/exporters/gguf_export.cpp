#include "core/exporters/gguf_export.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>

#include "core/exporters/ggml_reencode.h"
#include "core/exporters/gguf_vocab.h"
#include "core/util/temp_output_file.h"
#include "core/llm/llama_weights.h"
#include "core/quant/plan.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb::exporters {

namespace {

using quant::QuantizedLayer;
using quant::Scheme;
using quant::SchemeKind;

constexpr const char* kLayerRoles[] = {"attn_norm", "attn_q", "attn_k", "attn_v", "attn_output",
                                       "ffn_norm", "ffn_gate", "ffn_up", "ffn_down"};

struct Role {
    std::string name, source;
    bool norm = false;
    int64_t permuteHeads = 0;
    bool optional = false;
};

// Every tensor llama.cpp's llama architecture reads, with its name in the source model.
std::vector<Role> llamaRoles(const Model& m) {
    const LlamaConfig& c = *m.llama;
    const bool hf = m.format == "safetensors";
    std::vector<Role> r;
    r.push_back({"token_embd.weight", hf ? "model.embed_tokens.weight" : "token_embd.weight"});
    r.push_back({"output_norm.weight", hf ? "model.norm.weight" : "output_norm.weight", true});
    r.push_back({"output.weight", hf ? "lm_head.weight" : "output.weight", false, 0, true}); // absent: tied
    for (int64_t l = 0; l < c.layers; ++l) {
        for (const char* role : kLayerRoles) {
            const std::string rs = role;
            Role x{"blk." + std::to_string(l) + "." + rs + ".weight",
                   hf ? huggingFaceLayerName(l, role) : "blk." + std::to_string(l) + "." + rs + ".weight"};
            x.norm = rs == "attn_norm" || rs == "ffn_norm";
            if (hf && rs == "attn_q") x.permuteHeads = c.heads;
            if (hf && rs == "attn_k") x.permuteHeads = c.kvHeads;
            r.push_back(std::move(x));
        }
    }
    return r;
}

bool isLegacyBlock(DType t) {
    return t == DType::Q4_0 || t == DType::Q4_1 || t == DType::Q5_0 || t == DType::Q5_1 || t == DType::Q8_0;
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return char(std::toupper(ch)); });
    return s;
}

// The GGUF types closest to an integer scheme that has none of its own.
std::string nearestTypes(const Scheme& s) {
    if (s.bits <= 3) return "Q4_K (4.5 bits), Q4_0 (4.5 bits)";
    if (s.bits == 4) return s.symmetric ? "Q4_0 (int4_g32_sym), Q4_K" : "Q4_1 (int4_g32_asym), Q4_K";
    if (s.bits == 5) return s.symmetric ? "Q5_0 (int5_g32_sym)" : "Q5_1 (int5_g32_asym)";
    if (s.bits == 6) return "Q6_K, Q8_0";
    return "Q8_0 (int8_g32_sym)";
}

// The scheme each layer's plan names before its fallback, where the project's plan still resolves.
std::map<std::string, const Scheme*> plannedSchemes(const Model& model, const Project& project) {
    std::map<std::string, const Scheme*> out;
    if (!project.quantization) return out;
    try {
        const quant::Plan plan = quant::parsePlan(project.quantization->plan, "plan");
        for (const quant::LayerPlan& l : quant::resolvePlan(plan, model, "plan")) out[l.name] = l.planned;
    } catch (const Error&) {
        // A plan that no longer resolves only costs the "planned" column its detail.
    }
    return out;
}

// What a llama.cpp loader wants to see as general.file_type: the type most weights have.
uint32_t fileType(const std::vector<GgufTensorPlan>& tensors) {
    std::map<DType, int64_t> weights;
    for (const auto& t : tensors) {
        if (t.shape.size() != 2) continue;
        int64_t n = 1;
        for (int64_t d : t.shape) n *= d;
        weights[t.type] += n;
    }
    DType best = DType::F32;
    int64_t most = -1;
    for (const auto& [type, n] : weights)
        if (n > most) best = type, most = n;
    switch (best) { // llama_ftype values (llama.h)
    case DType::F16: return 1;
    case DType::Q4_0: return 2;
    case DType::Q4_1: return 3;
    case DType::Q8_0: return 7;
    case DType::Q5_0: return 8;
    case DType::Q5_1: return 9;
    case DType::Q4_K: return 14; // MOSTLY_Q4_K_S: Q4_K throughout
    case DType::Q6_K: return 18;
    default: return 0;
    }
}

GgufMetadata llamaMetadata(const Model& model, const std::vector<GgufTensorPlan>& tensors) {
    const LlamaConfig& c = *model.llama;
    auto u32 = [](int64_t v) { return gguf::Value{uint32_t(v)}; };
    std::string name = std::filesystem::path(model.path).stem().string();
    if (model.format == "gguf") {
        const auto file = MappedFile::open(model.path);
        const gguf::File f = gguf::parse(file->bytes(), model.path);
        if (const auto* v = f.find("general.name"); v && v->asString()) name = *v->asString();
    }
    GgufMetadata m;
    m.emplace_back("general.architecture", gguf::Value{std::string("llama")});
    m.emplace_back("general.name", gguf::Value{name});
    m.emplace_back("general.file_type", u32(fileType(tensors)));
    m.emplace_back("general.quantization_version", u32(2));
    m.emplace_back("general.alignment", u32(int64_t(kGgufAlignment)));
    m.emplace_back("llama.context_length", u32(c.maxSeqLen));
    m.emplace_back("llama.embedding_length", u32(c.dim));
    m.emplace_back("llama.block_count", u32(c.layers));
    m.emplace_back("llama.feed_forward_length", u32(c.hiddenDim));
    m.emplace_back("llama.rope.dimension_count", u32(c.ropeDim));
    m.emplace_back("llama.attention.head_count", u32(c.heads));
    m.emplace_back("llama.attention.head_count_kv", u32(c.kvHeads));
    if (c.headDim * c.heads != c.dim) {
        m.emplace_back("llama.attention.key_length", u32(c.headDim));
        m.emplace_back("llama.attention.value_length", u32(c.headDim));
    }
    m.emplace_back("llama.attention.layer_norm_rms_epsilon", gguf::Value{float(c.normEps)});
    m.emplace_back("llama.rope.freq_base", gguf::Value{float(c.ropeTheta)});
    m.emplace_back("llama.vocab_size", u32(c.vocab));
    for (auto& kv : ggufVocabulary(model)) m.push_back(std::move(kv));
    return m;
}

// Plans one tensor that the project quantized; false (and a problem) when GGUF cannot hold it.
bool planLayer(const LayerSource& src, size_t index, const Scheme* planned, GgufTensorPlan& t, ExportCheck& check) {
    const QuantizedLayer& l = src.info(index);
    const Scheme& s = *l.weight.scheme;
    const std::string where = "layer '" + l.name + "'";
    if (l.weight.rows != t.shape[0] || l.weight.cols != t.shape[1]) {
        check.problems.push_back(where + ": quantized as [" + std::to_string(l.weight.rows) + ", " +
                                 std::to_string(l.weight.cols) + "] but the model's tensor is [" +
                                 std::to_string(t.shape[0]) + ", " + std::to_string(t.shape[1]) + "]");
        return false;
    }
    if (!l.inputScale.empty()) {
        check.problems.push_back(where + ": " + l.method + " stores W*diag(s) with per-input scales, which GGUF cannot "
                                 "undo at run time; quantize it with RTN or GPTQ for a GGUF export");
        return false;
    }
    const auto size = quant::sizeBytes(s, l.weight.rows, l.weight.cols);
    if (!size || *size != src.weightSize(index)) {
        check.problems.push_back(where + ": holds " + std::to_string(src.weightSize(index)) + " bytes, not the size of " + s.name);
        return false;
    }
    if (s.kind == SchemeKind::Integer) {
        const auto form = ggmlFormOf(s);
        if (!form) {
            std::string msg = where + ": " + s.name + " has no GGUF type" +
                              (s.scaleBits != 16 ? " (GGUF blocks hold fp16 scales, not " + std::to_string(s.scaleBits) +
                                                   "-bit codes under a per-tensor super-scale; quantize with " +
                                                   s.name.substr(0, s.name.size() - 3) + ")"
                                                 : "") +
                              "; nearest: " + nearestTypes(s);
            if (planned && planned != &s)
                msg += " (the plan's " + planned->name + " fell back to " + s.name + " on rows of " +
                       std::to_string(l.weight.cols) + " weights; a plan entry \"fp16\" keeps such layers in F16)";
            check.problems.push_back(msg);
            return false;
        }
        t.type = *form;
        double err = 0;
        // Only asymmetric groups have minimums to check: the layer's bytes are read for them alone.
        if (const uint64_t n = s.symmetric ? 0 : inexactMins(src.layer(index).weight, err)) {
            // Beyond fp16's range the minimum would be written as infinity: every weight of the
            // group would read back as -inf or NaN.
            if (!std::isfinite(err)) {
                check.problems.push_back(where + ": a group's minimum -z*s is beyond fp16's range (65504), which " +
                                         std::string(dtypeName(*form)) + " stores it in; quantize it symmetric or keep it in F16");
                return false;
            }
            check.fallbacks.push_back({l.name, s.name, std::string(dtypeName(*form)),
                                       std::to_string(n) + " groups' minimum -z*s is not an fp16 value (largest error " +
                                           std::to_string(err) + "); rounded to the nearest"});
        }
    } else {
        t.type = s.storage;
    }
    if (planned && planned != &s) {
        const std::string bw = std::to_string(planned->group);
        std::string reason = "rows of " + std::to_string(l.weight.cols) + " weights are not a multiple of " +
                             upper(planned->name) + "'s " + bw + "-weight blocks";
        if (planned->kind == SchemeKind::Ggml && isLegacyBlock(planned->storage))
            reason += "; llama.cpp's quantizer refuses this shape, QuantBench kept it in " + upper(s.name);
        else if (planned->kind == SchemeKind::Ggml)
            reason += "; " + upper(s.name) + " as llama.cpp's quantizer does";
        check.fallbacks.push_back({l.name, planned->name, s.name, reason});
    }
    if (l.activation)
        check.fallbacks.push_back({l.name, "int" + std::to_string(l.activation->bits) + " activations", "float activations",
                                   "GGUF has no static activation scales; llama.cpp quantizes activations per block "
                                   "at run time"});
    t.bytes = *storageBytes(t.type, uint64_t(l.weight.rows) * uint64_t(l.weight.cols));
    return true;
}

// Plans one tensor taken from the model as it is stored (norms always F32).
bool planStored(const TensorEntry& e, bool norm, GgufTensorPlan& t, ExportCheck& check) {
    const auto& tr = traits(e.dtype);
    if (norm || e.dtype == DType::BF16 || e.dtype == DType::F64) {
        if (!tr.toFloat) {
            check.problems.push_back("tensor '" + e.name + "': " + std::string(tr.name) + " cannot be decoded");
            return false;
        }
        t.type = DType::F32;
    } else if (e.dtype == DType::F32 || e.dtype == DType::F16 || ggmlId(e.dtype)) {
        t.type = e.dtype;
    } else {
        check.problems.push_back("tensor '" + e.name + "': " + std::string(tr.name) + " has no GGUF type");
        return false;
    }
    t.bytes = *storageBytes(t.type, uint64_t(e.params()));
    return true;
}

// Rows of each head from Hugging Face's rotate-half order back to adjacent RoPE pairs: row
// 2i + half of a head comes from row half * headDim/2 + i.
std::vector<uint8_t> permuteHeadRows(const std::vector<uint8_t>& in, int64_t rows, int64_t heads) {
    const uint64_t rowBytes = in.size() / uint64_t(rows);
    const int64_t hd = rows / heads;
    std::vector<uint8_t> out(in.size());
    for (int64_t h = 0; h < heads; ++h)
        for (int64_t j = 0; j < hd; ++j) {
            const int64_t src = h * hd + (j % 2) * (hd / 2) + j / 2;
            std::memcpy(out.data() + uint64_t(h * hd + j) * rowBytes, in.data() + uint64_t(src) * rowBytes, rowBytes);
        }
    return out;
}

std::vector<uint8_t> tensorBytes(const Model& model, const LayerSource& project, const GgufTensorPlan& t) {
    std::vector<uint8_t> bytes;
    if (t.layer >= 0) {
        const QuantizedLayer& l = project.layer(size_t(t.layer));
        if (l.weight.scheme->kind == SchemeKind::Integer)
            bytes = reencodeToGgml(l.weight, t.type, l.name).bytes;
        else
            bytes = l.weight.bytes;
    } else {
        const TensorEntry& e = *model.find(t.source);
        if (t.type == e.dtype) {
            const auto* p = reinterpret_cast<const uint8_t*>(e.data.data());
            bytes.assign(p, p + e.data.size());
        } else { // to F32 (norms, bf16)
            const std::vector<float> f = toFloat(e);
            bytes.resize(f.size() * 4);
            std::memcpy(bytes.data(), f.data(), bytes.size());
        }
        MappedFile::releasePages(e.data);
    }
    if (t.permuteHeads > 0) bytes = permuteHeadRows(bytes, t.shape[0], t.permuteHeads);
    if (bytes.size() != t.bytes)
        throw Error(t.name, "produced " + std::to_string(bytes.size()) + " bytes where the header promised " +
                                std::to_string(t.bytes));
    return bytes;
}

} // namespace

GgufPlan planGguf(const Model& model, const LayerSource& source) {
    const Project& project = source.project();
    GgufPlan plan;
    ExportCheck& check = plan.check;
    if (!model.llama || model.architecture != "llama") {
        check.problems.push_back(model.path + ": GGUF export takes llama-family models; this is '" + model.architecture + "'");
        return plan;
    }
    const LlamaConfig& c = *model.llama;
    if (model.format == "safetensors" && c.ropeDim != c.headDim)
        check.problems.push_back(model.path + ": RoPE over " + std::to_string(c.ropeDim) + " of " +
                                 std::to_string(c.headDim) + " head dimensions; the q/k row order for llama.cpp is "
                                 "known only for full-head RoPE");

    std::map<std::string, int> layerOf;
    if (project.quantization)
        for (size_t i = 0; i < project.quantization->layers.size(); ++i)
            layerOf[project.quantization->layers[i].name] = int(i);
    const auto planned = plannedSchemes(model, project);

    for (const Role& r : llamaRoles(model)) {
        const TensorEntry* e = model.find(r.source);
        if (!e) {
            if (!r.optional) check.problems.push_back("tensor '" + r.source + "' is missing; llama.cpp needs " + r.name);
            continue;
        }
        GgufTensorPlan t;
        t.name = r.name;
        t.source = r.source;
        t.shape = e->shape;
        t.permuteHeads = r.permuteHeads;
        if (t.permuteHeads > 0 && (t.shape.size() != 2 || t.shape[0] % (2 * t.permuteHeads) != 0)) {
            check.problems.push_back("tensor '" + r.source + "': " + std::to_string(t.shape.empty() ? 0 : t.shape[0]) +
                                     " rows do not split into " + std::to_string(t.permuteHeads) + " heads of even size");
            continue;
        }
        bool ok;
        if (const auto it = layerOf.find(r.source); it != layerOf.end()) {
            t.layer = it->second;
            const auto p = planned.find(r.source);
            ok = t.shape.size() == 2 &&
                 planLayer(source, size_t(t.layer), p == planned.end() ? nullptr : p->second, t, check);
            layerOf.erase(it);
        } else {
            ok = planStored(*e, r.norm, t, check);
        }
        if (ok) plan.tensors.push_back(std::move(t));
    }
    for (const auto& [name, index] : layerOf)
        check.problems.push_back("layer '" + name + "' is no tensor of a llama model that llama.cpp reads");
    if (!check.problems.empty()) return plan;

    uint64_t offset = 0;
    std::vector<GgufTensorHeader> headers;
    for (GgufTensorPlan& t : plan.tensors) {
        t.offset = offset;
        offset = alignUp(offset + t.bytes, kGgufAlignment);
        headers.push_back({t.name, t.shape, *ggmlId(t.type), t.offset});
    }
    try {
        plan.metadata = llamaMetadata(model, plan.tensors);
    } catch (const Error& e) { // no tokenizer we read: llama.cpp cannot load a GGUF without one
        check.problems.push_back(std::string("the vocabulary: ") + e.what());
        return plan;
    }
    plan.headerBytes = ggufHeader(plan.metadata, headers).size();
    plan.predictedBytes = plan.headerBytes + offset;
    check.predictedBytes = plan.predictedBytes;
    return plan;
}

ExportCheck checkGguf(const Model& model, const LayerSource& project) { return planGguf(model, project).check; }

ExportResult writeGguf(const Model& model, const LayerSource& project, const std::string& out, const JobContext& job) {
    job.checkCancel();
    const GgufPlan plan = planGguf(model, project);
    if (!plan.check.problems.empty()) refuseExport(ExportFormat::Gguf, out, plan.check);
    std::vector<GgufTensorHeader> headers;
    for (const auto& t : plan.tensors) headers.push_back({t.name, t.shape, *ggmlId(t.type), t.offset});
    const std::string header = ggufHeader(plan.metadata, headers);

    TempOutputFile file(out);
    file.write(header.data(), header.size());
    size_t layers = 0;
    const size_t n = plan.tensors.size();
    for (size_t i = 0; i < n; ++i) {
        const GgufTensorPlan& t = plan.tensors[i];
        job.checkCancel();
        job.report(double(i) / double(n), "tensor " + std::to_string(i + 1) + "/" + std::to_string(n) + ": " + t.name);
        if (file.position() != plan.headerBytes + t.offset)
            throw Error(out, "tensor '" + t.name + "' would start at " + std::to_string(file.position()) +
                                 ", not at its planned offset " + std::to_string(plan.headerBytes + t.offset));
        const std::vector<uint8_t> bytes = tensorBytes(model, project, t);
        file.write(bytes.data(), bytes.size());
        file.padTo(kGgufAlignment);
        if (t.layer >= 0) ++layers;
    }
    job.checkCancel();
    file.commit();
    job.report(1.0, "written");
    return exportResult(ExportFormat::Gguf, out, file.position(), layers, plan.check);
}

} // namespace qb::exporters
