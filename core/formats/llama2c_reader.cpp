#include "core/formats/llama2c_reader.h"

#include <array>
#include <cstring>

#include "core/formats/llama2c_tokenizer.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb {

namespace {

constexpr uint64_t kHeaderBytes = 7 * 4;
constexpr std::array<const char*, 7> kFieldNames = {"dim",        "hidden_dim", "n_layers", "n_heads",
                                                    "n_kv_heads", "vocab_size", "seq_len"};

struct Header {
    int64_t dim, hidden, layers, heads, kvHeads, vocab, seqLen;
    bool sharedClassifier;
    int64_t headSize() const { return dim / heads; }
    int64_t kvDim() const { return kvHeads * headSize(); }
};

std::string headerText(const std::array<int32_t, 7>& h) {
    std::string s;
    for (size_t i = 0; i < h.size(); ++i)
        s += (i ? ", " : "") + std::string(kFieldNames[i]) + " " + std::to_string(h[i]);
    return s;
}

Header parseHeader(const std::string& path, const std::byte* p) {
    std::array<int32_t, 7> h;
    std::memcpy(h.data(), p, kHeaderBytes);
    for (size_t i = 0; i < h.size(); ++i) {
        // The sign of vocab_size is a flag; only zero is wrong there.
        const bool bad = i == 5 ? h[i] == 0 : h[i] <= 0;
        if (bad)
            throw Error(path, std::string("header field ") + kFieldNames[i] + " is " + std::to_string(h[i]) +
                                  (i == 5 ? ", must not be zero" : ", must be positive") + " (offset " +
                                  std::to_string(4 * i) + "; header: " + headerText(h) + ")");
    }
    Header r{h[0], h[1], h[2], h[3], h[4], h[5] < 0 ? -int64_t(h[5]) : int64_t(h[5]), h[6], h[5] > 0};
    if (r.dim % r.heads != 0)
        throw Error(path, "header: dim " + std::to_string(r.dim) + " is not divisible by n_heads " +
                              std::to_string(r.heads));
    if (r.heads % r.kvHeads != 0)
        throw Error(path, "header: n_kv_heads " + std::to_string(r.kvHeads) + " does not divide n_heads " +
                              std::to_string(r.heads));
    if (r.headSize() % 2 != 0)
        throw Error(path, "header: head size " + std::to_string(r.headSize()) +
                              " (dim / n_heads) is odd; RoPE rotates pairs of dimensions");
    return r;
}

// Products of header fields can exceed 64 bits on a hostile header: every step is checked.
struct SizeMath {
    const std::string& path;
    uint64_t mul(uint64_t a, uint64_t b) const {
        uint64_t r;
        if (__builtin_mul_overflow(a, b, &r)) overflow();
        return r;
    }
    uint64_t add(uint64_t a, uint64_t b) const {
        uint64_t r;
        if (__builtin_add_overflow(a, b, &r)) overflow();
        return r;
    }
    [[noreturn]] void overflow() const {
        throw Error(path, "header sizes imply more than 2^64 bytes of weights; not a llama2.c checkpoint");
    }
};

} // namespace

Model readLlama2c(const std::string& path) {
    const auto file = MappedFile::open(path);
    if (file->size() < kHeaderBytes)
        throw Error(path,
                    "file is " + std::to_string(file->size()) + " bytes, shorter than the 28-byte header");
    const Header h = parseHeader(path, file->data());

    const SizeMath m{path};
    const uint64_t L = uint64_t(h.layers), dim = uint64_t(h.dim), hid = uint64_t(h.hidden);
    const uint64_t embedding = m.mul(uint64_t(h.vocab), dim);
    const uint64_t perLayer =
        m.add(m.add(m.mul(2, dim), m.mul(2, m.mul(dim, dim))),                              // 2 norms, wq, wo
              m.add(m.mul(2, m.mul(uint64_t(h.kvDim()), dim)), m.mul(3, m.mul(hid, dim)))); // wk wv, w1 w2 w3
    uint64_t weights = m.add(m.add(embedding, m.mul(L, perLayer)), dim);
    if (!h.sharedClassifier) weights = m.add(weights, embedding);
    const uint64_t ropeFloats = m.mul(uint64_t(h.seqLen), uint64_t(h.headSize())); // real + imag halves
    const uint64_t sizeWithout = m.add(kHeaderBytes, m.mul(4, weights));
    const uint64_t sizeWith = m.add(sizeWithout, m.mul(4, ropeFloats));
    if (file->size() != sizeWith && file->size() != sizeWithout)
        throw Error(path, "file is " + std::to_string(file->size()) + " bytes but its header implies " +
                              std::to_string(sizeWith) + " bytes (" + std::to_string(sizeWithout) +
                              " without the RoPE tables): truncated, or not a legacy llama2.c checkpoint");
    const bool hasRope = file->size() == sizeWith;

    Model model;
    model.path = path;
    model.format = "llama2c";
    model.architecture = "llama";
    model.storage.push_back(file);
    LlamaConfig& c = model.llama.emplace();
    c.dim = h.dim;
    c.hiddenDim = h.hidden;
    c.layers = h.layers;
    c.heads = h.heads;
    c.kvHeads = h.kvHeads;
    c.vocab = h.vocab;
    c.maxSeqLen = h.seqLen;
    c.headDim = h.headSize();
    c.ropeDim = h.headSize();
    c.ropeTheta = 10000.0;
    c.normEps = 1e-5;
    c.tiedEmbeddings = h.sharedClassifier;

    // The file stacks each kind of weight over all layers; record where each stack starts.
    uint64_t cursor = kHeaderBytes;
    auto stack = [&](uint64_t floatsPerLayer, uint64_t count) {
        const uint64_t start = cursor;
        cursor += 4 * floatsPerLayer * count; // cannot overflow: bounded by the checked total
        return start;
    };
    const int64_t kvDim = h.kvDim();
    const uint64_t embOff = stack(embedding, 1);
    const uint64_t attnNormOff = stack(dim, L);
    const uint64_t qOff = stack(dim * dim, L);
    const uint64_t kOff = stack(uint64_t(kvDim) * dim, L);
    const uint64_t vOff = stack(uint64_t(kvDim) * dim, L);
    const uint64_t oOff = stack(dim * dim, L);
    const uint64_t ffnNormOff = stack(dim, L);
    const uint64_t w1Off = stack(hid * dim, L);
    const uint64_t w2Off = stack(dim * hid, L);
    const uint64_t w3Off = stack(hid * dim, L);
    const uint64_t finalNormOff = stack(dim, 1);
    const uint64_t ropeOff = hasRope ? stack(ropeFloats, 1) : 0;
    const uint64_t wclsOff = h.sharedClassifier ? 0 : stack(embedding, 1);

    auto add = [&](std::string name, std::vector<int64_t> shape, uint64_t offset, std::string kind) {
        TensorEntry t;
        t.name = std::move(name);
        t.shape = std::move(shape);
        t.dtype = DType::F32;
        t.quantizable = t.shape.size() == 2; // every 2-D matrix, embedding and classifier included
        t.kind = std::move(kind);
        t.channelAxis = 0; // [out, in] rows are output channels
        t.fileOffset = offset;
        t.data = file->slice(offset, 4 * uint64_t(t.params()), "tensor '" + t.name + "'");
        model.tensors.push_back(std::move(t));
    };
    add("token_embd.weight", {h.vocab, h.dim}, embOff, "token_embd");
    for (uint64_t l = 0; l < L; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        add(b + "attn_norm.weight", {h.dim}, attnNormOff + 4 * l * dim, "attn_norm");
        add(b + "attn_q.weight", {h.dim, h.dim}, qOff + 4 * l * dim * dim, "attn_q");
        add(b + "attn_k.weight", {kvDim, h.dim}, kOff + 4 * l * uint64_t(kvDim) * dim, "attn_k");
        add(b + "attn_v.weight", {kvDim, h.dim}, vOff + 4 * l * uint64_t(kvDim) * dim, "attn_v");
        add(b + "attn_output.weight", {h.dim, h.dim}, oOff + 4 * l * dim * dim, "attn_output");
        add(b + "ffn_norm.weight", {h.dim}, ffnNormOff + 4 * l * dim, "ffn_norm");
        add(b + "ffn_gate.weight", {h.hidden, h.dim}, w1Off + 4 * l * hid * dim, "ffn_gate");
        add(b + "ffn_down.weight", {h.dim, h.hidden}, w2Off + 4 * l * dim * hid, "ffn_down");
        add(b + "ffn_up.weight", {h.hidden, h.dim}, w3Off + 4 * l * hid * dim, "ffn_up");
    }
    add("output_norm.weight", {h.dim}, finalNormOff, "output_norm");
    if (!h.sharedClassifier) add("output.weight", {h.vocab, h.dim}, wclsOff, "output");

    model.addProperty("layout", "llama2.c legacy (version 0)");
    model.addProperty("classifier", h.sharedClassifier ? "shared with token_embd.weight (vocab_size > 0)"
                                                       : "separate wcls at the end (vocab_size < 0)");
    const std::string ropeShape =
        "[" + std::to_string(h.seqLen) + ", " + std::to_string(h.headSize() / 2) + "]";
    model.addProperty("rope_tables", hasRope ? "freq_cis_real/imag " + ropeShape + " at offset " +
                                                   std::to_string(ropeOff) +
                                                   " (not weights; recomputed at run time)"
                                             : "absent");
    if (const auto tok = findLlama2cTokenizer(path, h.vocab)) {
        const Llama2cVocab v = readLlama2cTokenizer(*tok, h.vocab);
        model.addProperty("tokenizer.file", *tok);
        model.addProperty("tokenizer.vocab_size", std::to_string(v.pieces.size()));
        model.addProperty("tokenizer.max_token_length", std::to_string(v.maxTokenLength));
    }
    return model;
}

} // namespace qb
