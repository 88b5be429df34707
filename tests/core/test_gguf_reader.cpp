// GGUF reading: the real stories260K file against its PROVENANCE facts and the llama2.c .bin it
// was converted from, a file written here with F16/Q8_0/Q4_0 tensors, and every malformed case.
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "core/formats/gguf_file.h"
#include "core/formats/gguf_reader.h"
#include "core/formats/model_reader.h"
#include "core/model/model.h"
#include "core/util/error.h"
#include "test_support.h"

using namespace qb;
using test::TempDir;

namespace {

// Builds GGUF bytes field by field, so tests can write valid files and break them precisely.
class GgufBuilder {
public:
    uint32_t version = 3;
    uint64_t alignment = 32;

    GgufBuilder& kv(const std::string& key, uint32_t type, const std::vector<unsigned char>& value) {
        str(kvs_, key);
        put(kvs_, type);
        kvs_.insert(kvs_.end(), value.begin(), value.end());
        ++nKv_;
        return *this;
    }
    GgufBuilder& kvU32(const std::string& key, uint32_t v) { return kv(key, 4, bytesOf(v)); }
    GgufBuilder& kvF32(const std::string& key, float v) { return kv(key, 6, bytesOf(v)); }
    GgufBuilder& kvString(const std::string& key, const std::string& v) {
        std::vector<unsigned char> b;
        str(b, v);
        return kv(key, 8, b);
    }
    GgufBuilder& kvStrings(const std::string& key, const std::vector<std::string>& v) {
        std::vector<unsigned char> b;
        put(b, uint32_t(8));
        put(b, uint64_t(v.size()));
        for (const auto& s : v) str(b, s);
        return kv(key, 9, b);
    }
    /// ne is innermost first, as GGUF stores it.
    GgufBuilder& tensor(const std::string& name, const std::vector<uint64_t>& ne, uint32_t type, uint64_t offset) {
        str(infos_, name);
        put(infos_, uint32_t(ne.size()));
        for (uint64_t d : ne) put(infos_, d);
        put(infos_, type);
        put(infos_, offset);
        ++nTensors_;
        return *this;
    }
    std::vector<unsigned char> build(const std::vector<unsigned char>& data = {}) const {
        std::vector<unsigned char> b = {'G', 'G', 'U', 'F'};
        put(b, version);
        put(b, nTensors_);
        put(b, nKv_);
        b.insert(b.end(), kvs_.begin(), kvs_.end());
        b.insert(b.end(), infos_.begin(), infos_.end());
        b.resize((b.size() + alignment - 1) / alignment * alignment, 0);
        b.insert(b.end(), data.begin(), data.end());
        return b;
    }
    /// Where the tensor data section starts in build()'s output.
    size_t dataStart() const { return build().size(); }

    template <typename T>
    static std::vector<unsigned char> bytesOf(T v) {
        std::vector<unsigned char> b(sizeof v);
        std::memcpy(b.data(), &v, sizeof v);
        return b;
    }
    template <typename T>
    static void put(std::vector<unsigned char>& b, T v) {
        const auto x = bytesOf(v);
        b.insert(b.end(), x.begin(), x.end());
    }
    static void str(std::vector<unsigned char>& b, const std::string& s) {
        put(b, uint64_t(s.size()));
        b.insert(b.end(), s.begin(), s.end());
    }

private:
    std::vector<unsigned char> kvs_, infos_;
    uint64_t nKv_ = 0, nTensors_ = 0;
};

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

std::string openError(const TempDir& dir, const std::vector<unsigned char>& bytes) {
    const auto path = dir.file("bad.gguf");
    test::writeAll(path, bytes);
    return errorOf([&] { readGguf(path); });
}

float readF32(const std::vector<unsigned char>& b, size_t at) {
    float f;
    std::memcpy(&f, b.data() + at, 4);
    return f;
}

} // namespace

// Reference figures from /usr/bin/python3 with a 40-line struct-based GGUF parser written for this
// check (tmp script, not kept): "version 3 kv 19 tensors 48 data_start 14176 total_params 292800",
// and the PROVENANCE arithmetic: 260,032 llama2.c weights + a stored copy of the 512x64 embedding.
TEST(GgufReader, Stories260KHeaderFacts) {
    const auto path = test::model("gguf/stories260K.gguf");
    const auto bytes = test::readAll(path);
    const gguf::File f = gguf::parse(std::as_bytes(std::span(bytes)), path);
    EXPECT_EQ(f.version, 3u);
    EXPECT_EQ(f.metadata.size(), 19u);
    EXPECT_EQ(f.tensors.size(), 48u);
    EXPECT_EQ(f.alignment, 32u);
    EXPECT_EQ(f.dataStart, 14176u);

    const auto* tokens = f.find("tokenizer.ggml.tokens");
    ASSERT_TRUE(tokens && tokens->asArray());
    ASSERT_EQ(tokens->asArray()->items.size(), 512u);
    EXPECT_EQ(*tokens->asArray()->items[0].asString(), "<unk>");
    EXPECT_EQ(*tokens->asArray()->items[1].asString(), "<s>");
    EXPECT_EQ(*tokens->asArray()->items[2].asString(), "</s>");
    EXPECT_EQ(*tokens->asArray()->items[3].asString(), "<0x00>"); // byte fallback starts at id 3
    const auto* scores = f.find("tokenizer.ggml.scores");
    ASSERT_TRUE(scores && scores->asArray());
    EXPECT_EQ(scores->asArray()->type, gguf::ValueType::F32);
    EXPECT_EQ(scores->asArray()->items.size(), 512u);
    EXPECT_EQ(f.find("tokenizer.ggml.model")->text(), "llama");
    EXPECT_EQ(f.find("tokenizer.ggml.bos_token_id")->asInt(), 1);
    EXPECT_EQ(f.find("tokenizer.ggml.eos_token_id")->asInt(), 2);
}

TEST(GgufReader, Stories260KModel) {
    const Model m = openModel(test::model("gguf/stories260K.gguf"));
    EXPECT_EQ(m.format, "gguf");
    EXPECT_EQ(m.architecture, "llama");
    EXPECT_EQ(m.properties.size(), 19u);
    EXPECT_EQ(m.tensors.size(), 48u);
    EXPECT_EQ(m.totalParams(), 292800);
    EXPECT_EQ(m.totalBytes(), 292800u * 4);

    ASSERT_TRUE(m.llama);
    const auto& c = *m.llama;
    EXPECT_EQ(c.dim, 64);
    EXPECT_EQ(c.hiddenDim, 172);
    EXPECT_EQ(c.layers, 5);
    EXPECT_EQ(c.heads, 8);
    EXPECT_EQ(c.kvHeads, 4);
    EXPECT_EQ(c.vocab, 512);
    EXPECT_EQ(c.maxSeqLen, 2048); // the converter's default, per PROVENANCE
    EXPECT_EQ(c.headDim, 8);
    EXPECT_EQ(c.ropeDim, 8);
    EXPECT_DOUBLE_EQ(c.normEps, double(1e-5f));
    EXPECT_DOUBLE_EQ(c.ropeTheta, 10000.0); // no rope.freq_base key: llama's default
    EXPECT_FALSE(c.tiedEmbeddings);         // output.weight is stored

    bool sawArrayProperty = false;
    for (const auto& [k, v] : m.properties)
        if (k == "tokenizer.ggml.tokens") {
            EXPECT_EQ(v.rfind("[512 x string] \"<unk>\", \"<s>\", \"</s>\"", 0), 0u) << v;
            sawArrayProperty = true;
        }
    EXPECT_TRUE(sawArrayProperty);

    const auto* k = m.find("blk.0.attn_k.weight");
    ASSERT_TRUE(k);
    EXPECT_EQ(k->shape, (std::vector<int64_t>{32, 64})); // GGUF dims [64, 32] reversed
    EXPECT_EQ(k->kind, "attn_k");
    EXPECT_TRUE(k->quantizable);
    EXPECT_EQ(k->channelAxis, 0);
    EXPECT_EQ(m.find("blk.4.ffn_down.weight")->shape, (std::vector<int64_t>{64, 172}));
    EXPECT_EQ(m.find("blk.4.ffn_down.weight")->kind, "ffn_down");
    EXPECT_EQ(m.find("blk.2.ffn_gate.weight")->kind, "ffn_gate");
    EXPECT_EQ(m.find("blk.2.attn_output.weight")->kind, "attn_output");
    EXPECT_EQ(m.find("token_embd.weight")->kind, "embedding");
    EXPECT_TRUE(m.find("token_embd.weight")->quantizable);
    EXPECT_EQ(m.find("output.weight")->kind, "output");
    EXPECT_EQ(m.find("output_norm.weight")->kind, "norm");
    EXPECT_EQ(m.find("blk.1.attn_norm.weight")->kind, "norm");
    EXPECT_FALSE(m.find("blk.1.attn_norm.weight")->quantizable);
    EXPECT_EQ(m.find("token_embd.weight")->fileOffset, 14176u);
}

// PROVENANCE: every GGUF tensor equals the matching llama2.c array, with no Q/K permutation. The
// .bin layout there: 7 int32 header, then embedding, rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3,
// rms_final, each stacked layer 0 first.
TEST(GgufReader, Stories260KMatchesLlama2cBin) {
    const Model m = readGguf(test::model("gguf/stories260K.gguf"));
    const auto bin = test::readAll(test::model("llama2c/stories260K.bin"));
    ASSERT_EQ(bin.size(), 1056540u);
    const int64_t dim = 64, hidden = 172, layers = 5, vocab = 512, kvDim = 32;
    struct Array {
        const char* ggufName; // with N for the layer
        int64_t perLayer;     // floats per layer (or in total when not per layer)
        bool stacked;
    };
    const Array order[] = {
        {"token_embd.weight", vocab * dim, false}, {"blk.N.attn_norm.weight", dim, true},
        {"blk.N.attn_q.weight", dim * dim, true},  {"blk.N.attn_k.weight", kvDim * dim, true},
        {"blk.N.attn_v.weight", kvDim * dim, true}, {"blk.N.attn_output.weight", dim * dim, true},
        {"blk.N.ffn_norm.weight", dim, true},       {"blk.N.ffn_gate.weight", hidden * dim, true},
        {"blk.N.ffn_down.weight", dim * hidden, true}, {"blk.N.ffn_up.weight", hidden * dim, true},
        {"output_norm.weight", dim, false},
    };
    size_t offset = 28;
    int compared = 0;
    for (const auto& a : order) {
        for (int64_t l = 0; l < (a.stacked ? layers : 1); ++l) {
            std::string name = a.ggufName;
            if (a.stacked) name.replace(name.find('N'), 1, std::to_string(l));
            const auto* t = m.find(name);
            ASSERT_TRUE(t) << name;
            ASSERT_EQ(t->bytes(), size_t(a.perLayer) * 4) << name;
            EXPECT_EQ(std::memcmp(t->data.data(), bin.data() + offset, t->bytes()), 0) << name;
            ++compared;
            offset += size_t(a.perLayer) * 4;
        }
    }
    // The shared classifier is a stored copy of the embedding.
    EXPECT_EQ(std::memcmp(m.find("output.weight")->data.data(), bin.data() + 28, size_t(vocab * dim * 4)), 0);
    EXPECT_EQ(compared + 1, 48);
    // And decoding goes through the same bytes: element [1][0] of the embedding.
    const auto emb = toFloat(*m.find("token_embd.weight"));
    EXPECT_EQ(emb[64], readF32(bin, 28 + 64 * 4));
}

TEST(GgufReader, WrittenFileWithF16Q8_0Q4_0DecodesExactly) {
    TempDir dir;
    std::vector<unsigned char> data(128, 0);
    // f16 [3] at 0: 1, -2, 0.5.
    const uint16_t halves[3] = {0x3c00, 0xc000, 0x3800};
    std::memcpy(data.data(), halves, 6);
    // q8_0 [32] at 32: d = 0.25, q = i - 16.
    const uint16_t quarter = 0x3400;
    std::memcpy(data.data() + 32, &quarter, 2);
    for (int i = 0; i < 32; ++i) data[34 + i] = uint8_t(int8_t(i - 16));
    // q4_0 [2 rows x 32] at 96 (two blocks): d = 0.5 then 1; nibbles j | (15-j) << 4.
    data.resize(96 + 36);
    const uint16_t ds[2] = {0x3800, 0x3c00};
    for (int blk = 0; blk < 2; ++blk) {
        std::memcpy(data.data() + 96 + 18 * blk, &ds[blk], 2);
        for (int j = 0; j < 16; ++j) data[96 + 18 * blk + 2 + j] = uint8_t(j | (15 - j) << 4);
    }
    GgufBuilder g;
    g.kvString("general.architecture", "test").kvU32("test.count", 7);
    g.tensor("a.f16", {3}, 1, 0).tensor("b.q8", {32}, 8, 32).tensor("c.q4", {32, 2}, 2, 96);
    const auto path = dir.file("small.gguf");
    test::writeAll(path, g.build(data));

    const Model m = openModel(path);
    EXPECT_EQ(m.architecture, "test");
    EXPECT_FALSE(m.llama);
    ASSERT_EQ(m.tensors.size(), 3u);
    EXPECT_EQ(toFloat(*m.find("a.f16")), (std::vector<float>{1.0f, -2.0f, 0.5f}));
    const auto q8 = toFloat(*m.find("b.q8"));
    for (int i = 0; i < 32; ++i) EXPECT_EQ(q8[i], float(i - 16) * 0.25f);
    const auto* q4t = m.find("c.q4");
    EXPECT_EQ(q4t->shape, (std::vector<int64_t>{2, 32}));
    EXPECT_EQ(q4t->dtype, DType::Q4_0);
    EXPECT_EQ(q4t->bytes(), 36u);
    const auto q4 = toFloat(*q4t);
    EXPECT_EQ(q4[0], -4.0f);  // row 0: (0-8)*0.5
    EXPECT_EQ(q4[16], 3.5f);  // (15-8)*0.5
    EXPECT_EQ(q4[32], -8.0f); // row 1: (0-8)*1
    EXPECT_EQ(q4[63], -8.0f); // high nibble of byte 15 is 0
}

TEST(GgufReader, HonoursAlignmentAndVersion2) {
    TempDir dir;
    GgufBuilder g;
    g.version = 2;
    g.alignment = 64;
    g.kv("general.alignment", 4, GgufBuilder::bytesOf(uint32_t(64)));
    g.tensor("x", {4}, 0, 64).tensor("y", {4}, 0, 0);
    std::vector<unsigned char> data(80, 0);
    const float v = 3.0f;
    std::memcpy(data.data() + 64, &v, 4);
    const auto path = dir.file("aligned.gguf");
    test::writeAll(path, g.build(data));
    const Model m = readGguf(path);
    EXPECT_EQ(m.find("x")->fileOffset % 64, 0u);
    EXPECT_EQ(toFloat(*m.find("x"))[0], 3.0f);
}

TEST(GgufReader, EveryTruncationIsAnErrorNotACrash) {
    TempDir dir;
    GgufBuilder g;
    g.kvString("general.architecture", "t").kvStrings("tok", {"a", "bc"}).kvF32("eps", 1e-5f);
    g.tensor("w", {32, 1}, 8, 0);
    std::vector<unsigned char> data(34, 1);
    const auto full = g.build(data);
    for (size_t n = 0; n < full.size(); ++n) {
        const auto prefix = std::as_bytes(std::span(full.data(), n));
        EXPECT_NE(errorOf([&] { gguf::parse(prefix, "t.gguf"); }), "(no error)") << "prefix " << n;
    }
    // 4 magic + 4 version + 8 tensor count + 8 key count = 24; key #0 (8+20) + type 4 + value (8+1)
    // ends at 65; key #1 "tok" (8+3) + type 4 + element type 4 + count 8 + "a" (8+1) puts the
    // second string's length at 101.
    const auto e108 = openError(dir, std::vector<unsigned char>(full.begin(), full.begin() + 108));
    EXPECT_NE(e108.find("truncated at offset 101 while reading metadata key #1 'tok' value[1] length"),
              std::string::npos) << e108;
    const auto e22 = openError(dir, std::vector<unsigned char>(full.begin(), full.begin() + 22));
    EXPECT_NE(e22.find("truncated at offset 16 while reading metadata key count"), std::string::npos) << e22;
}

TEST(GgufReader, RejectsMalformedFiles) {
    TempDir dir;
    auto has = [&](const std::vector<unsigned char>& bytes, const std::string& part) {
        const auto e = openError(dir, bytes);
        EXPECT_NE(e.find(part), std::string::npos) << "error was: " << e << "\nexpected: " << part;
    };
    const std::vector<unsigned char> data(64, 0);

    {   // version 1
        GgufBuilder g;
        g.version = 1;
        has(g.build(), "GGUF version 1 is not supported");
    }
    {   // string length past the end: 24 header bytes + key (8 + 1) + type 4 = offset 37
        GgufBuilder g;
        g.kv("k", 8, GgufBuilder::bytesOf(uint64_t(1) << 40));
        has(g.build(), "string length 1099511627776 at offset 37 runs past the end");
    }
    {   // hostile array count, refused before any allocation: 24 + key (8 + 3) + type 4 + element type 4 = 43
        GgufBuilder g;
        std::vector<unsigned char> v = GgufBuilder::bytesOf(uint32_t(0));
        GgufBuilder::put(v, uint64_t(1) << 62);
        g.kv("arr", 9, v);
        has(g.build(), "metadata key #0 'arr' value: array count 4611686018427387904 at offset 43 runs past the end");
    }
    {   // nested arrays are read
        GgufBuilder g;
        std::vector<unsigned char> v = GgufBuilder::bytesOf(uint32_t(9)); // array of arrays
        GgufBuilder::put(v, uint64_t(1));
        GgufBuilder::put(v, uint32_t(5)); // inner: i32 x 2
        GgufBuilder::put(v, uint64_t(2));
        GgufBuilder::put(v, int32_t(-7));
        GgufBuilder::put(v, int32_t(9));
        g.kv("nested", 9, v);
        const auto path = dir.file("nested.gguf");
        test::writeAll(path, g.build());
        const Model m = readGguf(path);
        ASSERT_EQ(m.properties.size(), 1u);
        EXPECT_EQ(m.properties[0].second, "[1 x array] [2 x i32] -7, 9");
    }
    {   // unknown metadata value type
        GgufBuilder g;
        g.kv("weird", 13, {});
        has(g.build(), "metadata key #0 'weird': unknown value type 13");
    }
    {   // unknown ggml type
        GgufBuilder g;
        g.tensor("blk.0.attn_q.weight", {32}, 99, 0);
        has(g.build(data), "tensor 'blk.0.attn_q.weight': unknown ggml type id 99");
    }
    {   // offset not aligned
        GgufBuilder g;
        g.tensor("w", {4}, 0, 8);
        has(g.build(data), "tensor 'w': data offset 8 is not a multiple of the alignment 32");
    }
    {   // out of bounds
        GgufBuilder g;
        g.tensor("w", {32}, 0, 0);
        has(g.build(data), "tensor 'w': data [");
        has(g.build(data), "lies past the end of the file");
    }
    {   // overlapping
        GgufBuilder g;
        g.tensor("a", {16}, 0, 0).tensor("b", {4}, 0, 32);
        has(g.build(data), "tensor 'b': data at offset 32 overlaps tensor 'a' (offset 0, 64 bytes)");
    }
    {   // element count overflow
        GgufBuilder g;
        g.tensor("huge", {uint64_t(1) << 40, uint64_t(1) << 40}, 0, 0);
        has(g.build(data), "tensor 'huge': element count overflows (dimension 1");
    }
    {   // byte count overflow (elements fit in int64, bytes do not)
        GgufBuilder g;
        g.tensor("big", {uint64_t(1) << 62}, 0, 0);
        has(g.build(data), "tensor 'big': byte size of shape");
    }
    {   // row length not a whole number of blocks
        GgufBuilder g;
        g.tensor("q", {48, 2}, 2, 0);
        has(g.build(data), "tensor 'q': row length 48 is not a multiple of the q4_0 block size 32");
    }
    {   // too many dimensions
        GgufBuilder g;
        g.tensor("five", {1, 1, 1, 1, 1}, 0, 0);
        has(g.build(data), "tensor 'five': 5 dimensions");
    }
    {   // alignment not a power of two
        GgufBuilder g;
        g.kv("general.alignment", 4, GgufBuilder::bytesOf(uint32_t(24)));
        has(g.build(), "general.alignment 24 is not a power of two");
    }
    {   // bad magic, duplicate key, duplicate tensor
        auto b = GgufBuilder().build();
        b[0] = 'X';
        has(b, "not a GGUF file");
        GgufBuilder g;
        g.kvU32("k", 1).kvU32("k", 2);
        has(g.build(), "metadata key #1 'k': key appears twice");
        GgufBuilder t;
        t.tensor("w", {4}, 0, 0).tensor("w", {4}, 0, 32);
        has(t.build(data), "tensor 'w': name appears twice");
    }
    {   // llama metadata that cannot describe a model
        GgufBuilder g;
        g.kvString("general.architecture", "llama").kvU32("llama.embedding_length", 64);
        has(g.build(), "metadata lacks 'llama.feed_forward_length'");
    }
}
