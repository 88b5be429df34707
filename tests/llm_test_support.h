// Helpers shared by the LLM tests: a Hugging Face llama folder (model.safetensors + config.json)
// written from stories260K.gguf.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/formats/model_reader.h"
#include "test_support.h"

namespace qb::test {

struct HfTensor {
    std::string name;
    std::vector<int64_t> shape;
    std::vector<float> data;
};

/// An F32 safetensors file holding `tensors` in this order.
inline void writeSafetensors(const std::string& path, const std::vector<HfTensor>& tensors) {
    nlohmann::json header = nlohmann::json::object();
    uint64_t offset = 0;
    for (const auto& t : tensors) {
        const uint64_t bytes = 4 * t.data.size();
        header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string h = header.dump();
    h.append((8 - h.size() % 8) % 8, ' ');
    std::vector<unsigned char> out(8 + h.size());
    putLE<uint64_t>(out, 0, h.size());
    std::memcpy(out.data() + 8, h.data(), h.size());
    for (const auto& t : tensors) {
        const auto* p = reinterpret_cast<const unsigned char*>(t.data.data());
        out.insert(out.end(), p, p + 4 * t.data.size());
    }
    writeAll(path, out);
}

// GGUF (Meta layout) rotates adjacent pairs; transformers' convert_llama_weights_to_hf permutes
// q/k rows so that rotate_half pairs (i, i + hd/2) see the same values:
// HF row h*hd + s*hd/2 + i = Meta row h*hd + 2i + s.
inline std::vector<float> toHfRopeLayout(const std::vector<float>& w, int64_t heads, int64_t hd, int64_t in) {
    std::vector<float> out(w.size());
    for (int64_t h = 0; h < heads; ++h)
        for (int64_t s = 0; s < 2; ++s)
            for (int64_t i = 0; i < hd / 2; ++i)
                std::copy_n(w.begin() + (h * hd + 2 * i + s) * in, in, out.begin() + (h * hd + s * hd / 2 + i) * in);
    return out;
}

/// Writes stories260K.gguf as a Hugging Face llama folder into `dir`: model.safetensors and
/// config.json (returned). With tied embeddings there is no lm_head.weight.
inline nlohmann::json writeHfLlamaFolderFromGguf(const std::string& dir, bool tieWordEmbeddings) {
    const qb::Model g = qb::openModel(model("gguf/stories260K.gguf"));
    const qb::LlamaConfig& c = *g.llama;
    auto get = [&](const std::string& name) { return qb::toFloat(*g.find(name)); };
    std::vector<HfTensor> ts;
    ts.push_back({"model.embed_tokens.weight", {c.vocab, c.dim}, get("token_embd.weight")});
    ts.push_back({"model.norm.weight", {c.dim}, get("output_norm.weight")});
    if (!tieWordEmbeddings) ts.push_back({"lm_head.weight", {c.vocab, c.dim}, get("output.weight")});
    const int64_t kv = c.kvHeads * c.headDim;
    for (int64_t l = 0; l < c.layers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".", p = "model.layers." + std::to_string(l) + ".";
        ts.push_back({p + "input_layernorm.weight", {c.dim}, get(b + "attn_norm.weight")});
        ts.push_back({p + "post_attention_layernorm.weight", {c.dim}, get(b + "ffn_norm.weight")});
        ts.push_back({p + "self_attn.q_proj.weight", {c.dim, c.dim}, toHfRopeLayout(get(b + "attn_q.weight"), c.heads, c.headDim, c.dim)});
        ts.push_back({p + "self_attn.k_proj.weight", {kv, c.dim}, toHfRopeLayout(get(b + "attn_k.weight"), c.kvHeads, c.headDim, c.dim)});
        ts.push_back({p + "self_attn.v_proj.weight", {kv, c.dim}, get(b + "attn_v.weight")});
        ts.push_back({p + "self_attn.o_proj.weight", {c.dim, c.dim}, get(b + "attn_output.weight")});
        ts.push_back({p + "mlp.gate_proj.weight", {c.hiddenDim, c.dim}, get(b + "ffn_gate.weight")});
        ts.push_back({p + "mlp.up_proj.weight", {c.hiddenDim, c.dim}, get(b + "ffn_up.weight")});
        ts.push_back({p + "mlp.down_proj.weight", {c.dim, c.hiddenDim}, get(b + "ffn_down.weight")});
    }
    writeSafetensors(dir + "/model.safetensors", ts);
    const nlohmann::json config = {
        {"architectures", {"LlamaForCausalLM"}}, {"model_type", "llama"}, {"hidden_size", c.dim},
        {"intermediate_size", c.hiddenDim}, {"num_hidden_layers", c.layers}, {"num_attention_heads", c.heads},
        {"num_key_value_heads", c.kvHeads}, {"vocab_size", c.vocab}, {"max_position_embeddings", 512},
        {"rms_norm_eps", 1e-5}, {"rope_theta", 10000.0}, {"tie_word_embeddings", tieWordEmbeddings}};
    std::ofstream(dir + "/config.json") << config.dump(2);
    return config;
}

} // namespace qb::test
