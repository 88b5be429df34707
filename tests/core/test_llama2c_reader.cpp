// llama2.c checkpoint (.bin, legacy version 0) and tokenizer reader. Reference numbers come from
// the header arithmetic in models/PROVENANCE.md and from reading the files with python3 struct:
//   b = open('stories260K.bin','rb').read(); struct.unpack('<7i', b[:28])
//   a = numpy.frombuffer(b[28:], '<f4'); arrays taken in file order (PROVENANCE layout list)
#include <cstdio>
#include <filesystem>
#include <limits>

#include "core/formats/llama2c_reader.h"
#include "core/formats/llama2c_tokenizer.h"
#include "core/formats/model_reader.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"
#include "test_support.h"

using namespace qb;

namespace {

const std::string kStories = test::model("llama2c/stories260K.bin");
const std::string kTok512 = test::model("llama2c/tok512.bin");

float at(const TensorEntry& t, int64_t i) { return toFloat(t)[size_t(i)]; }

// The message of the qb::Error that `fn` throws ("" if it throws none).
template <typename F>
std::string errorOf(F&& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

std::vector<unsigned char> header(int32_t dim, int32_t hidden, int32_t layers, int32_t heads, int32_t kv,
                                  int32_t vocab, int32_t seq) {
    std::vector<unsigned char> b(28);
    const int32_t h[7] = {dim, hidden, layers, heads, kv, vocab, seq};
    std::memcpy(b.data(), h, sizeof h);
    return b;
}

// A checkpoint whose i-th float is i, so every tensor's first value is its float index.
std::vector<unsigned char> indexedCheckpoint(std::vector<unsigned char> head, size_t floats) {
    head.resize(28 + 4 * floats);
    for (size_t i = 0; i < floats; ++i) test::putLE(head, 28 + 4 * i, float(i));
    return head;
}

} // namespace

TEST(Llama2cReader, Stories260KTensorsAndConfig) {
    const Model m = readLlama2c(kStories);
    EXPECT_EQ(m.format, "llama2c");
    EXPECT_EQ(m.architecture, "llama");
    // token_embd + 5 layers x 9 + output_norm; the classifier is shared (vocab_size > 0).
    EXPECT_EQ(m.tensors.size(), 47u);
    EXPECT_EQ(m.totalParams(), 260032); // PROVENANCE: "That makes 260,032 weights"
    EXPECT_EQ(m.totalBytes(), 4u * 260032u);
    EXPECT_EQ(m.find("output.weight"), nullptr);
    ASSERT_TRUE(m.llama.has_value());
    const LlamaConfig& c = *m.llama;
    EXPECT_EQ(c.dim, 64);
    EXPECT_EQ(c.hiddenDim, 172);
    EXPECT_EQ(c.layers, 5);
    EXPECT_EQ(c.heads, 8);
    EXPECT_EQ(c.kvHeads, 4);
    EXPECT_EQ(c.vocab, 512);
    EXPECT_EQ(c.maxSeqLen, 512);
    EXPECT_EQ(c.headDim, 8);
    EXPECT_EQ(c.ropeDim, 8);
    EXPECT_EQ(c.ropeTheta, 10000.0);
    EXPECT_EQ(c.normEps, 1e-5);
    EXPECT_TRUE(c.tiedEmbeddings);

    const TensorEntry* k1 = m.find("blk.1.attn_k.weight");
    ASSERT_NE(k1, nullptr);
    EXPECT_EQ(k1->shape, (std::vector<int64_t>{32, 64})); // [n_kv_heads*head_size, dim]
    EXPECT_TRUE(k1->quantizable);
    EXPECT_EQ(k1->kind, "attn_k");
    EXPECT_EQ(k1->channelAxis, 0);
    EXPECT_EQ(m.find("blk.4.ffn_down.weight")->shape, (std::vector<int64_t>{64, 172}));
    EXPECT_EQ(m.find("blk.2.ffn_gate.weight")->shape, (std::vector<int64_t>{172, 64}));
    EXPECT_EQ(m.find("blk.0.attn_q.weight")->shape, (std::vector<int64_t>{64, 64}));
    EXPECT_TRUE(m.find("token_embd.weight")->quantizable);
    EXPECT_FALSE(m.find("blk.3.ffn_norm.weight")->quantizable);
    EXPECT_FALSE(m.find("output_norm.weight")->quantizable);

    // Values from python3 struct/numpy as described at the top of this file.
    const TensorEntry& emb = *m.find("token_embd.weight");
    EXPECT_EQ(emb.fileOffset, 28u);
    EXPECT_FLOAT_EQ(at(emb, 0), -0.29474878311157227f);
    EXPECT_FLOAT_EQ(at(emb, 2), 0.1754225343465805f);
    EXPECT_FLOAT_EQ(at(*m.find("blk.0.attn_norm.weight"), 1), 0.6754933595657349f);
    EXPECT_FLOAT_EQ(at(*k1, 0), 0.05496238172054291f);
    EXPECT_FLOAT_EQ(at(*k1, 2), 0.060094624757766724f);
    EXPECT_FLOAT_EQ(at(*m.find("blk.2.ffn_gate.weight"), 5 * 64 + 7), 0.1513601541519165f);
    EXPECT_FLOAT_EQ(at(*m.find("blk.4.ffn_down.weight"), 64 * 172 - 1), -0.0035068716388195753f);
    const TensorEntry& fin = *m.find("output_norm.weight");
    EXPECT_FLOAT_EQ(at(fin, 0), 2.4583089351654053f);
    EXPECT_FLOAT_EQ(at(fin, 63), 1.7077769041061401f);
    // The last weight ends where the RoPE tables begin: 28 + 4 * 260,032.
    EXPECT_EQ(fin.fileOffset + fin.bytes(), 28u + 4u * 260032u);

    // Views into the mapping, not copies.
    ASSERT_FALSE(m.storage.empty());
    const auto map = std::static_pointer_cast<const MappedFile>(m.storage.front());
    EXPECT_EQ(emb.data.data(), map->data() + 28);
    EXPECT_EQ(fin.data.data(), map->data() + fin.fileOffset);
}

TEST(Llama2cReader, Stories260KPropertiesAndTokenizer) {
    const Model m = openModel(kStories); // detection by header plausibility
    EXPECT_EQ(m.format, "llama2c");
    auto prop = [&](const std::string& k) {
        for (const auto& [key, v] : m.properties)
            if (key == k) return v;
        return std::string("<missing>");
    };
    EXPECT_EQ(std::filesystem::path(prop("tokenizer.file")).filename(), "tok512.bin");
    EXPECT_EQ(prop("tokenizer.vocab_size"), "512");
    EXPECT_EQ(prop("tokenizer.max_token_length"), "7");
    // seq_len 512, head_size/2 = 4; tables start after the weights.
    EXPECT_NE(prop("rope_tables").find("[512, 4]"), std::string::npos) << prop("rope_tables");
    EXPECT_NE(prop("rope_tables").find(std::to_string(28 + 4 * 260032)), std::string::npos);
}

TEST(Llama2cTokenizer, Tok512MatchesProvenance) {
    const Llama2cVocab v = readLlama2cTokenizer(kTok512, 512);
    EXPECT_EQ(v.maxTokenLength, 7);
    ASSERT_EQ(v.pieces.size(), 512u);
    ASSERT_EQ(v.scores.size(), 512u);
    EXPECT_EQ(v.pieces[0], "<unk>");
    EXPECT_EQ(v.pieces[1], "\n<s>\n");
    EXPECT_EQ(v.pieces[2], "\n</s>\n");
    for (int b = 0; b < 256; ++b) {
        char want[8];
        std::snprintf(want, sizeof want, "<0x%02X>", b);
        EXPECT_EQ(v.pieces[size_t(b + 3)], want) << "id " << b + 3;
        EXPECT_EQ(v.scores[size_t(b + 3)], 0.0f);
    }
    for (int i = 259; i < 512; ++i) EXPECT_EQ(v.scores[size_t(i)], -float(i - 259)) << "id " << i;
    // python3 struct walk over the entries: id 259 is " t", 260 "he" (▁ stored as a space).
    EXPECT_EQ(v.pieces[259], " t");
    EXPECT_EQ(v.pieces[260], "he");
}

TEST(Llama2cTokenizer, FindsTokVocabBesideCheckpoint) {
    const auto found = findLlama2cTokenizer(kStories, 512);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(std::filesystem::path(*found).filename(), "tok512.bin");
    EXPECT_FALSE(findLlama2cTokenizer(kStories, 32000).has_value());
}

TEST(Llama2cReader, UnsharedClassifierWithAndWithoutRopeTables) {
    // dim 8, hidden 16, 2 layers, 2 heads (head 4), 1 kv head (kv_dim 4), vocab -10 (unshared), seq 4.
    // Floats: embedding 80; per layer 2*8 norms + 2*64 (wq, wo) + 2*32 (wk, wv) + 3*128 (w1-3) = 592;
    // final norm 8; RoPE 4*4 = 16; wcls 80. Weights: 80 + 2*592 + 8 + 80 = 1352.
    test::TempDir dir;
    const auto head = header(8, 16, 2, 2, 1, -10, 4);
    const std::string with = dir.file("with_rope.bin"), without = dir.file("without_rope.bin");
    test::writeAll(with, indexedCheckpoint(head, 1352 + 16));
    test::writeAll(without, indexedCheckpoint(head, 1352));

    for (const auto& [path, ropeFloats] : {std::pair{with, 16}, std::pair{without, 0}}) {
        const Model m = readLlama2c(path);
        EXPECT_EQ(m.totalParams(), 1352) << path;
        EXPECT_EQ(m.tensors.size(), 1u + 2 * 9 + 2) << path;
        EXPECT_FALSE(m.llama->tiedEmbeddings);
        EXPECT_EQ(m.llama->vocab, 10);
        const TensorEntry* out = m.find("output.weight");
        ASSERT_NE(out, nullptr) << path;
        EXPECT_EQ(out->shape, (std::vector<int64_t>{10, 8}));
        EXPECT_TRUE(out->quantizable);
        EXPECT_EQ(at(*out, 0), float(80 + 2 * 592 + 8 + ropeFloats)) << path;
        // Stacked layout: layer 1's wk starts after emb, both attn norms, both wq, layer 0's wk.
        EXPECT_EQ(at(*m.find("blk.1.attn_k.weight"), 0), float(80 + 16 + 128 + 32)) << path;
        EXPECT_EQ(m.find("blk.1.attn_k.weight")->shape, (std::vector<int64_t>{4, 8}));
        EXPECT_EQ(at(*m.find("blk.0.ffn_up.weight"), 0),
                  float(80 + 16 + 128 + 64 + 64 + 128 + 16 + 256 + 256));
    }
}

TEST(Llama2cReader, TruncatedFileNamesBothSizes) {
    test::TempDir dir;
    auto bytes = test::readAll(kStories);
    bytes.resize(500000);
    const std::string path = dir.file("cut.bin");
    test::writeAll(path, bytes);
    const std::string msg = errorOf([&] { readLlama2c(path); });
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find("500000"), std::string::npos) << msg;
    EXPECT_NE(msg.find("1056540"), std::string::npos) << msg; // with RoPE tables
    EXPECT_NE(msg.find("1040156"), std::string::npos) << msg; // without: 28 + 4 * 260,032
}

TEST(Llama2cReader, BadHeadersAreNamed) {
    test::TempDir dir;
    struct Case {
        std::vector<unsigned char> head;
        std::vector<std::string> mentions;
    };
    const int32_t big = std::numeric_limits<int32_t>::max();
    const Case cases[] = {
        {header(0, 172, 5, 8, 4, 512, 512), {"dim", "is 0", "offset 0"}},
        {header(64, 172, -5, 8, 4, 512, 512), {"n_layers", "-5", "offset 8"}},
        {header(64, 172, 5, 8, 4, 0, 512), {"vocab_size", "offset 20"}},
        {header(64, 172, 5, 7, 1, 512, 512), {"dim 64", "not divisible by n_heads 7"}},
        {header(64, 172, 5, 8, 3, 512, 512), {"n_kv_heads 3", "does not divide n_heads 8"}},
        {header(65536, big, big, 1, 1, big, big), {"2^64"}},
        // No overflow, but far more than the file holds: the size check names both numbers.
        {header(4096, 11008, 32, 32, 32, 32000, 2048), {"28 bytes", "header implies"}},
    };
    int i = 0;
    for (const auto& c : cases) {
        const std::string path = dir.file("bad" + std::to_string(i++) + ".bin");
        test::writeAll(path, c.head);
        const std::string msg = errorOf([&] { readLlama2c(path); });
        EXPECT_EQ(msg.rfind(path + ": ", 0), 0u) << msg;
        for (const auto& s : c.mentions)
            EXPECT_NE(msg.find(s), std::string::npos) << "'" << s << "' in: " << msg;
    }
}

TEST(Llama2cTokenizer, TruncatedTokenizerNamesTokenAndOffset) {
    test::TempDir dir;
    auto tok = test::readAll(kTok512);
    tok.resize(3000);
    // python3 struct walk: entry 214 starts at offset 2998, so its 8-byte score+length is cut.
    const std::string tokPath = dir.file("tok512.bin");
    test::writeAll(tokPath, tok);
    std::string msg = errorOf([&] { readLlama2cTokenizer(tokPath, 512); });
    EXPECT_EQ(msg.rfind(tokPath + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find("token 214 (offset 2998)"), std::string::npos) << msg;

    // Beside a checkpoint, a broken tokenizer makes opening fail, naming the tokenizer file.
    std::filesystem::copy_file(kStories, dir.file("stories260K.bin"));
    msg = errorOf([&] { readLlama2c(dir.file("stories260K.bin")); });
    EXPECT_EQ(msg.rfind(tokPath + ": ", 0), 0u) << msg;

    // A tokenizer for another vocabulary size leaves bytes over.
    msg = errorOf([&] { readLlama2cTokenizer(kTok512, 500); });
    EXPECT_NE(msg.find("bytes follow the last of 500 tokens"), std::string::npos) << msg;
}

TEST(Llama2cTokenizer, PieceLongerThanMaxTokenLength) {
    test::TempDir dir;
    std::vector<unsigned char> b(4 + 8 + 3);
    test::putLE<int32_t>(b, 0, 2);
    test::putLE<float>(b, 4, 0.0f);
    test::putLE<int32_t>(b, 8, 3);
    std::memcpy(b.data() + 12, "abc", 3);
    const std::string path = dir.file("tok1.bin");
    test::writeAll(path, b);
    const std::string msg = errorOf([&] { readLlama2cTokenizer(path, 1); });
    EXPECT_NE(msg.find("token 0 (offset 4): length 3 is not in 0..2"), std::string::npos) << msg;
}
