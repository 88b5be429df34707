#include "core/llm/llama_weights.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "core/llm/int_matmul.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb {

using llm::hasIntKernel;

namespace {

std::string shapeText(const std::vector<int64_t>& s) {
    std::string r = "[";
    for (size_t i = 0; i < s.size(); ++i) r += (i ? ", " : "") + std::to_string(s[i]);
    return r + "]";
}

struct TensorNames {
    std::string embedding, outputNorm, output;
    std::string layer(int64_t l, const char* role) const { return layerName(l, role); }
    std::string (*layerName)(int64_t, const char*);
};

// GGUF role names, also used by our llama2.c reader.
std::string ggufLayer(int64_t l, const char* role) { return "blk." + std::to_string(l) + "." + role + ".weight"; }

std::string hfLayer(int64_t l, const char* role) { return huggingFaceLayerName(l, role); }

void checkConfig(const LlamaConfig& c, const std::string& path) {
    auto bad = [&](const std::string& what) { throw Error(path, "llama config: " + what); };
    for (const auto& [name, v] : {std::pair{"dim", c.dim}, {"hidden_dim", c.hiddenDim}, {"layers", c.layers},
                                  {"heads", c.heads}, {"kv_heads", c.kvHeads}, {"vocab", c.vocab},
                                  {"max_seq_len", c.maxSeqLen}, {"head_dim", c.headDim}, {"rope_dim", c.ropeDim}})
        if (v <= 0 || v > (int64_t(1) << 31)) bad(std::string(name) + " is " + std::to_string(v));
    if (c.heads % c.kvHeads != 0)
        bad("kv heads " + std::to_string(c.kvHeads) + " do not divide heads " + std::to_string(c.heads));
    if (c.ropeDim > c.headDim || c.ropeDim % 2 != 0)
        bad("rope dimension " + std::to_string(c.ropeDim) + " must be even and at most the head size " +
            std::to_string(c.headDim));
    if (!(c.normEps > 0) || !(c.ropeTheta > 0)) bad("norm epsilon and rope theta must be positive");
}

} // namespace

std::string huggingFaceLayerName(int64_t l, const char* role) {
    const std::string r = role;
    const std::string prefix = "model.layers." + std::to_string(l) + ".";
    if (r == "attn_norm") return prefix + "input_layernorm.weight";
    if (r == "ffn_norm") return prefix + "post_attention_layernorm.weight";
    if (r == "attn_q") return prefix + "self_attn.q_proj.weight";
    if (r == "attn_k") return prefix + "self_attn.k_proj.weight";
    if (r == "attn_v") return prefix + "self_attn.v_proj.weight";
    if (r == "attn_output") return prefix + "self_attn.o_proj.weight";
    if (r == "ffn_gate") return prefix + "mlp.gate_proj.weight";
    if (r == "ffn_up") return prefix + "mlp.up_proj.weight";
    return prefix + "mlp.down_proj.weight";
}

LlamaWeights bindLlamaWeights(const Model& model, const LlamaParts& parts) {
    if (!model.llama) throw Error(model.path, "not a llama-family decoder (architecture '" + model.architecture + "')");
    LlamaWeights w;
    w.config = *model.llama;
    const LlamaConfig& c = w.config;
    checkConfig(c, model.path);
    w.storage = model.storage;

    const bool hf = model.format == "safetensors";
    w.rope = hf ? RopeStyle::Halves : RopeStyle::AdjacentPairs;
    const TensorNames names = hf ? TensorNames{"model.embed_tokens.weight", "model.norm.weight", "lm_head.weight", hfLayer}
                                 : TensorNames{"token_embd.weight", "output_norm.weight", "output.weight", ggufLayer};

    const bool partial = !parts.embedding || !parts.head || parts.layerBegin != 0 || parts.layerEnd >= 0;
    auto bind = [&](const std::string& name, std::vector<int64_t> shape) -> const float* {
        const TensorEntry* t = model.find(name);
        if (!t) throw Error(model.path, "tensor '" + name + "' is missing; a llama decoder needs it");
        if (t->shape != shape)
            throw Error(model.path, "tensor '" + name + "' has shape " + shapeText(t->shape) + " but the config (dim " +
                                        std::to_string(c.dim) + ", hidden " + std::to_string(c.hiddenDim) + ", heads " +
                                        std::to_string(c.heads) + "/" + std::to_string(c.kvHeads) + ", head size " +
                                        std::to_string(c.headDim) + ", vocab " + std::to_string(c.vocab) +
                                        ") implies " + shapeText(shape));
        const uint64_t n = uint64_t(t->params());
        if (t->dtype == DType::F32 && t->data.size() == 4 * n && reinterpret_cast<uintptr_t>(t->data.data()) % 4 == 0)
            return reinterpret_cast<const float*>(t->data.data()); // a view into the mapped file
        auto copy = std::make_shared<std::vector<float>>(toFloat(*t));
        if (partial) MappedFile::releasePages(t->data);
        w.storage.push_back(copy);
        if (hasIntKernel(t->dtype) && shape.size() == 2 && shape[1] % 32 == 0)
            w.blockWeights.push_back({copy->data(), name, t->dtype, t->data, shape[0], shape[1]});
        return copy->data();
    };

    const int64_t qDim = c.heads * c.headDim, kvDim = c.kvHeads * c.headDim;
    if (parts.embedding) w.embedding = bind(names.embedding, {c.vocab, c.dim});
    if (parts.head) {
        w.outputNorm = bind(names.outputNorm, {c.dim});
        const bool tied = !model.find(names.output);
        w.output = !tied ? bind(names.output, {c.vocab, c.dim})
                         : w.embedding ? w.embedding : bind(names.embedding, {c.vocab, c.dim});
    }
    w.layers.assign(size_t(c.layers), LayerWeights{});
    const int64_t end = parts.layerEnd < 0 ? c.layers : std::min(parts.layerEnd, c.layers);
    for (int64_t l = std::max<int64_t>(parts.layerBegin, 0); l < end; ++l) {
        LayerWeights lw;
        lw.attnNorm = bind(names.layer(l, "attn_norm"), {c.dim});
        lw.wq = bind(names.layer(l, "attn_q"), {qDim, c.dim});
        lw.wk = bind(names.layer(l, "attn_k"), {kvDim, c.dim});
        lw.wv = bind(names.layer(l, "attn_v"), {kvDim, c.dim});
        lw.wo = bind(names.layer(l, "attn_output"), {c.dim, qDim});
        lw.ffnNorm = bind(names.layer(l, "ffn_norm"), {c.dim});
        lw.gate = bind(names.layer(l, "ffn_gate"), {c.hiddenDim, c.dim});
        lw.up = bind(names.layer(l, "ffn_up"), {c.hiddenDim, c.dim});
        lw.down = bind(names.layer(l, "ffn_down"), {c.dim, c.hiddenDim});
        w.layers[size_t(l)] = lw;
    }
    return w;
}

} // namespace qb
