// Generates Llama-shaped F16 safetensors checkpoints for the benchmarks without the disk space or
// the time to write them: the header is written, the file is extended to its declared size with
// ftruncate (holes read as zeros), and optionally the first bytes of each tensor get real values.
#pragma once
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/tensor/dtype.h"
#include "core/util/error.h"

namespace qb::bench {

struct LlamaShape {
    int64_t dim = 4096, ffn = 11008, layers = 32, vocab = 32000, heads = 32;
    int64_t kvHeads = 0; ///< 0: as many as heads
    static LlamaShape llama2_7b() { return {}; }
    /// Llama-2-70B: 80 layers of 8192, ffn 28672, 64 heads sharing 8 key/value heads.
    static LlamaShape llama2_70b() { return {8192, 28672, 80, 32000, 64, 8}; }
    /// A quick stand-in: the 7B's proportions at a quarter of its width and an eighth of its depth.
    static LlamaShape small() { return {1024, 2752, 4, 8000, 8}; }
    int64_t kv() const { return kvHeads > 0 ? kvHeads : heads; }
};

using TensorShapes = std::vector<std::pair<std::string, std::vector<int64_t>>>;

/// The tensors of a Llama checkpoint in Hugging Face naming, untied head.
inline TensorShapes llamaTensors(const LlamaShape& s) {
    TensorShapes t;
    t.push_back({"model.embed_tokens.weight", {s.vocab, s.dim}});
    for (int64_t l = 0; l < s.layers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        const int64_t kvDim = s.dim / s.heads * s.kv();
        t.push_back({p + "self_attn.q_proj.weight", {s.dim, s.dim}});
        t.push_back({p + "self_attn.k_proj.weight", {kvDim, s.dim}});
        t.push_back({p + "self_attn.v_proj.weight", {kvDim, s.dim}});
        t.push_back({p + "self_attn.o_proj.weight", {s.dim, s.dim}});
        t.push_back({p + "mlp.gate_proj.weight", {s.ffn, s.dim}});
        t.push_back({p + "mlp.up_proj.weight", {s.ffn, s.dim}});
        t.push_back({p + "mlp.down_proj.weight", {s.dim, s.ffn}});
        t.push_back({p + "input_layernorm.weight", {s.dim}});
        t.push_back({p + "post_attention_layernorm.weight", {s.dim}});
    }
    t.push_back({"model.norm.weight", {s.dim}});
    t.push_back({"lm_head.weight", {s.vocab, s.dim}});
    return t;
}

/// Writes a sparse F16 safetensors file of `tensors` at `path`; the first `fillBytes` of each
/// tensor hold N(0, 0.02) values, the rest is a hole. Returns the file's size.
inline uint64_t writeSparseSafetensors(const std::string& path, const TensorShapes& tensors, uint64_t fillBytes = 0) {
    nlohmann::json h = nlohmann::json::object();
    std::vector<std::pair<uint64_t, uint64_t>> spans; // [begin, end) of each tensor's data
    uint64_t offset = 0;
    for (const auto& [name, shape] : tensors) {
        uint64_t n = 2;
        for (int64_t d : shape) n *= uint64_t(d);
        h[name] = {{"dtype", "F16"}, {"shape", shape}, {"data_offsets", {offset, offset + n}}};
        spans.emplace_back(offset, offset + n);
        offset += n;
    }
    const std::string header = h.dump();
    const uint64_t len = header.size();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) throw Error(path, "cannot create");
    bool ok = ::write(fd, &len, 8) == 8 && ::write(fd, header.data(), len) == ssize_t(len) &&
              ::ftruncate(fd, off_t(8 + len + offset)) == 0;
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.0f, 0.02f);
    std::vector<uint16_t> values;
    for (const auto& [begin, end] : spans) {
        const uint64_t n = std::min(fillBytes, end - begin) / 2;
        values.resize(size_t(n));
        for (auto& v : values) v = qb::floatToHalf(normal(rng));
        ok = ok && (n == 0 || ::pwrite(fd, values.data(), n * 2, off_t(8 + len + begin)) == ssize_t(n * 2));
    }
    ok = ::close(fd) == 0 && ok;
    if (!ok) throw Error(path, "cannot write the sparse checkpoint");
    return 8 + len + offset;
}

/// config.json of a LlamaForCausalLM of shape `s` stored in `torchDtype` ("float16", "bfloat16").
inline void writeLlamaConfig(const std::string& dir, const LlamaShape& s, const std::string& torchDtype = "float16") {
    std::ofstream config(dir + "/config.json");
    config << nlohmann::json{{"architectures", {"LlamaForCausalLM"}},
                             {"model_type", "llama"},
                             {"hidden_size", s.dim},
                             {"intermediate_size", s.ffn},
                             {"num_hidden_layers", s.layers},
                             {"num_attention_heads", s.heads},
                             {"num_key_value_heads", s.kv()},
                             {"vocab_size", s.vocab},
                             {"max_position_embeddings", 4096},
                             {"rms_norm_eps", 1e-5},
                             {"tie_word_embeddings", false},
                             {"torch_dtype", torchDtype}}
                  .dump(2);
    if (!config.good()) throw Error(dir + "/config.json", "cannot write");
}

/// A Hugging Face folder: `dir`/model.safetensors (sparse, as above) and `dir`/config.json.
/// Returns the checkpoint's size.
inline uint64_t writeLlamaFolder(const std::string& dir, const LlamaShape& s, uint64_t fillBytes) {
    writeLlamaConfig(dir, s);
    return writeSparseSafetensors(dir + "/model.safetensors", llamaTensors(s), fillBytes);
}

/// A stand-in tokenizer.json of `vocab` pieces (SentencePiece-style byte-fallback BPE, no merges:
/// <unk> <s> </s>, the 256 byte pieces, then made-up words) so that exporters that need a
/// vocabulary (GGUF) take the generated folder.
inline void writeLlamaTokenizer(const std::string& dir, int64_t vocab) {
    const std::string space = "\xE2\x96\x81"; // U+2581
    nlohmann::json pieces = nlohmann::json::object();
    pieces["<unk>"] = 0;
    pieces["<s>"] = 1;
    pieces["</s>"] = 2;
    char hex[8];
    for (int b = 0; b < 256; ++b) {
        std::snprintf(hex, sizeof hex, "<0x%02X>", b);
        pieces[hex] = 3 + b;
    }
    for (int64_t id = 259; id < vocab; ++id) {
        std::string word;
        for (int64_t v = id; v > 0; v /= 26) word += char('a' + v % 26);
        pieces[space + word] = id;
    }
    auto special = [](int id, const char* content) {
        return nlohmann::json{{"id", id}, {"content", content}, {"single_word", false}, {"lstrip", false},
                              {"rstrip", false}, {"normalized", false}, {"special", true}};
    };
    const nlohmann::json tokenizer = {
        {"version", "1.0"},
        {"added_tokens", {special(0, "<unk>"), special(1, "<s>"), special(2, "</s>")}},
        {"normalizer",
         {{"type", "Sequence"},
          {"normalizers",
           {{{"type", "Prepend"}, {"prepend", space}},
            {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", space}}}}}},
        {"pre_tokenizer", nullptr},
        {"decoder", nullptr},
        {"model",
         {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", "<unk>"}, {"fuse_unk", true}, {"byte_fallback", true},
          {"vocab", pieces}, {"merges", nlohmann::json::array()}}}};
    std::ofstream out(dir + "/tokenizer.json");
    out << tokenizer.dump();
    if (!out.good()) throw Error(dir + "/tokenizer.json", "cannot write");
}

} // namespace qb::bench
