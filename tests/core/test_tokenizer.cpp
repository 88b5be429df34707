// SentencePiece-style BPE from llama2.c's tok512.bin and from the GGUF vocabulary of stories260K.
// Reference ids: /work/shared/models/PROVENANCE.md and /work/shared/data/PROVENANCE.md (llama2.c
// run.c encode, measured independently of this code).
#include <fstream>
#include <iterator>

#include "core/formats/model_reader.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"
#include "test_support.h"

namespace {

using qb::test::model;
using qb::test::shared;

const std::string kSentence = "Once upon a time, there was a little girl named Lily.";
// PROVENANCE.md: encode(kSentence) with BOS.
const std::vector<int32_t> kSentenceIds = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426};

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

qb::BpeTokenizer binTokenizer() { return qb::loadTokenizer(qb::openModel(model("llama2c/stories260K.bin"))); }
qb::BpeTokenizer ggufTokenizer() { return qb::loadTokenizer(qb::openModel(model("gguf/stories260K.gguf"))); }

TEST(Tokenizer, EncodesSentenceLikeRunC) {
    EXPECT_EQ(binTokenizer().encode(kSentence, true), kSentenceIds);
    EXPECT_EQ(ggufTokenizer().encode(kSentence, true), kSentenceIds);
}

TEST(Tokenizer, EncodesWholeExcerpt) {
    const std::string text = readText(shared("data/tinystories/TinyStories-validation-excerpt.txt"));
    ASSERT_EQ(text.size(), 262002u);
    // data/PROVENANCE.md: 127,608 tokens with the BOS; the first ids.
    const std::vector<int32_t> head = {1, 301, 427, 309, 426, 301, 427, 309, 394, 265, 262};
    for (const auto& tok : {binTokenizer(), ggufTokenizer()}) {
        const auto ids = tok.encode(text, true);
        EXPECT_EQ(ids.size(), 127608u) << tok.source();
        ASSERT_GE(ids.size(), head.size());
        EXPECT_EQ(std::vector<int32_t>(ids.begin(), ids.begin() + long(head.size())), head) << tok.source();
        EXPECT_EQ(tok.decode(ids), text) << tok.source();
    }
}

TEST(Tokenizer, NewlineIsByteToken) {
    // PROVENANCE.md: "\n" has no piece; it is byte token 0x0A + 3 = 13 and never merges.
    const auto ids = binTokenizer().encode("a\nb", false);
    ASSERT_EQ(ids.size(), 3u);
    EXPECT_EQ(ids[1], 13);
}

TEST(Tokenizer, ByteFallbackForUnknownCharacters) {
    // Pieces read with: python3 -c "import struct; d=open('tok512.bin','rb').read(); ..." (float
    // score, int32 len, bytes per entry): 410 is " ", 485 is "\xc3\xa9" (é); no piece holds "ü".
    // "ü" is C3 BC in UTF-8, so it falls back to byte tokens 0xC3+3 = 198 and 0xBC+3 = 191.
    for (const auto& tok : {binTokenizer(), ggufTokenizer()}) {
        EXPECT_EQ(tok.encode("\xC3\xA9", false), (std::vector<int32_t>{410, 485})) << tok.source();
        const auto ids = tok.encode("\xC3\xBC", false);
        EXPECT_EQ(ids, (std::vector<int32_t>{410, 198, 191})) << tok.source();
        EXPECT_EQ(tok.decode(ids), "\xC3\xBC");
    }
}

TEST(Tokenizer, EmptyTextIsJustBos) {
    EXPECT_EQ(binTokenizer().encode("", true), std::vector<int32_t>{1});
    EXPECT_TRUE(binTokenizer().encode("", false).empty());
}

TEST(Tokenizer, SpecialTokenTextIsNotSpecial) {
    // "<s>" typed as text must not become BOS (id 1) in either vocabulary.
    for (const auto& tok : {binTokenizer(), ggufTokenizer()})
        for (const int32_t id : tok.encode("<s></s>", false)) {
            EXPECT_NE(id, 1);
            EXPECT_NE(id, 2);
        }
}

TEST(Tokenizer, RejectsInvalidUtf8WithOffset) {
    const auto tok = binTokenizer();
    for (const std::string bad : {std::string("ok\xFF"), std::string("ab\xC3"), std::string("ab\xC0\xAF"),
                                  std::string("ab\xED\xA0\x80")}) {
        try {
            tok.encode(bad, true);
            ADD_FAILURE() << "accepted invalid UTF-8";
        } catch (const qb::Error& e) {
            EXPECT_NE(std::string(e.what()).find("not valid UTF-8"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("offset 2"), std::string::npos) << e.what();
        }
    }
}

TEST(Tokenizer, RejectsInconsistentVocabulary) {
    qb::Vocabulary v;
    v.pieces = {"<unk>", "<s>", "</s>", "a"};
    v.scores = {0, 0, 0};
    v.types = {qb::TokenType::Unknown, qb::TokenType::Control, qb::TokenType::Control, qb::TokenType::Normal};
    EXPECT_THROW(qb::BpeTokenizer(v, "vocab"), qb::Error);
    v.scores.push_back(0);
    v.bos = 7;
    EXPECT_THROW(qb::BpeTokenizer(v, "vocab"), qb::Error);
    v.bos = 1;
    v.types[3] = qb::TokenType::Byte; // a byte token must be spelled <0xXX>
    EXPECT_THROW(qb::BpeTokenizer(v, "vocab"), qb::Error);
}

} // namespace
