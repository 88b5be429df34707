#include "core/formats/gguf_reader.h"

#include <limits>

#include "core/formats/gguf_file.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb {

namespace {

// "blk.3.attn_q.weight" -> "attn_q"; token_embd -> "embedding"; output -> "output"; *_norm -> "norm".
std::string tensorKind(const std::string& name) {
    std::string base = name;
    if (base.rfind("blk.", 0) == 0) {
        const auto dot = base.find('.', 4);
        base = dot == std::string::npos ? std::string() : base.substr(dot + 1);
    }
    for (const char* suffix : {".weight", ".bias"}) {
        const std::string s = suffix;
        if (base.size() > s.size() && base.compare(base.size() - s.size(), s.size(), s) == 0) {
            base.resize(base.size() - s.size());
            break;
        }
    }
    if (base == "token_embd") return "embedding";
    if (base == "norm" || (base.size() > 5 && base.compare(base.size() - 5, 5, "_norm") == 0)) return "norm";
    return base;
}

class LlamaKeys {
public:
    LlamaKeys(const gguf::File& f, const std::string& path, std::string arch)
        : f_(f), path_(path), arch_(std::move(arch)) {}

    /// `<arch>.<key>` as a positive integer; `fallback` when absent (0 = required).
    int64_t positive(const std::string& key, int64_t fallback = 0) const {
        const std::string full = arch_ + "." + key;
        const gguf::Value* v = f_.find(full);
        if (!v) {
            if (fallback > 0) return fallback;
            throw Error(path_, "metadata lacks '" + full + "', needed for a " + arch_ + " model");
        }
        const auto i = v->asInt();
        if (!i || *i <= 0 || *i > std::numeric_limits<int32_t>::max())
            throw Error(path_, "metadata '" + full + "' = " + v->text() + " is not a positive integer");
        return *i;
    }
    double number(const std::string& key, double fallback) const {
        const gguf::Value* v = f_.find(arch_ + "." + key);
        if (!v) return fallback;
        const auto d = v->asDouble();
        if (!d || !(*d > 0)) throw Error(path_, "metadata '" + arch_ + "." + key + "' = " + v->text() + " is not a positive number");
        return *d;
    }

private:
    const gguf::File& f_;
    const std::string& path_;
    std::string arch_;
};

LlamaConfig llamaConfig(const gguf::File& f, const Model& m, const std::string& path) {
    const LlamaKeys k(f, path, m.architecture);
    LlamaConfig c;
    c.dim = k.positive("embedding_length");
    c.hiddenDim = k.positive("feed_forward_length");
    c.layers = k.positive("block_count");
    c.heads = k.positive("attention.head_count");
    c.kvHeads = k.positive("attention.head_count_kv", c.heads);
    if (c.heads % c.kvHeads != 0)
        throw Error(path, "metadata: attention.head_count_kv " + std::to_string(c.kvHeads) +
                              " does not divide attention.head_count " + std::to_string(c.heads));
    if (!f.find(m.architecture + ".attention.key_length") && c.dim % c.heads != 0)
        throw Error(path, "metadata: attention.head_count " + std::to_string(c.heads) +
                              " does not divide embedding_length " + std::to_string(c.dim));
    c.headDim = k.positive("attention.key_length", c.dim / c.heads);
    c.ropeDim = k.positive("rope.dimension_count", c.headDim);
    c.maxSeqLen = k.positive("context_length");
    c.ropeTheta = k.number("rope.freq_base", 10000.0);
    c.normEps = k.number("attention.layer_norm_rms_epsilon", 1e-5);
    // The vocabulary is the tokenizer's; without one, the embedding's row count.
    if (const auto* tokens = f.find("tokenizer.ggml.tokens"); tokens && tokens->asArray())
        c.vocab = int64_t(tokens->asArray()->items.size());
    else if (const auto* emb = m.find("token_embd.weight"); emb && emb->shape.size() == 2)
        c.vocab = emb->shape[0];
    else
        c.vocab = k.positive("vocab_size");
    c.tiedEmbeddings = m.find("output.weight") == nullptr;
    return c;
}

} // namespace

Model readGguf(const std::string& path) {
    auto file = MappedFile::open(path);
    const gguf::File f = gguf::parse(file->bytes(), path);

    Model m;
    m.path = path;
    m.format = "gguf";
    if (const auto* arch = f.find("general.architecture"); arch && arch->asString())
        m.architecture = *arch->asString();
    for (const auto& [key, value] : f.metadata) m.addProperty(key, value.text());

    m.tensors.reserve(f.tensors.size());
    for (const auto& info : f.tensors) {
        TensorEntry t;
        t.name = info.name;
        t.shape = info.shape;
        t.dtype = info.dtype;
        t.kind = tensorKind(info.name);
        const auto& tr = traits(info.dtype);
        t.quantizable = t.shape.size() == 2 && t.kind != "norm" && (tr.isFloat || tr.blockElems > 1);
        t.channelAxis = 0; // ggml matrices are [out, in] once dims are outermost-first
        t.fileOffset = f.dataStart + info.offset;
        t.data = file->slice(t.fileOffset, info.bytes, "tensor '" + info.name + "'");
        m.tensors.push_back(std::move(t));
    }
    if (m.architecture == "llama") m.llama = llamaConfig(f, m, path);
    m.storage.push_back(file);
    return m;
}

} // namespace qb
