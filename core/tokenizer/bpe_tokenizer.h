// SentencePiece-style BPE as llama2.c and llama.cpp run it for llama vocabularies: the text
// (with a dummy-prefix space) is split into code points, each mapped to its piece or to byte-
// fallback tokens, then the adjacent pair whose concatenation has the highest score is merged
// until no concatenation is in the vocabulary. Hugging Face tokenizer.json files instead list ranked
// merge pairs and added tokens; the optional fields of Vocabulary carry those.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qb {

/// One ranked merge of a tokenizer.json: the pair (left, right) becomes `merged`.
struct MergeRule {
    int32_t left, right, merged;
};

/// Token kinds; byte tokens are spelled "<0xXX>". The values are GGUF's tokenizer.ggml.token_type ids.
enum class TokenType : uint8_t { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

struct Vocabulary {
    std::vector<std::string> pieces;
    std::vector<float> scores;   ///< merge priority: higher merges first
    std::vector<TokenType> types;
    int32_t bos = 1, eos = 2, unk = 0;
    bool addDummyPrefix = true;  ///< encode " " before non-empty text
    /// How the pieces spell a space: " " in llama2.c files, "\u2581" in SentencePiece/GGUF ones.
    std::string space = " ";

    // Hugging Face tokenizer.json only (left empty / false for SentencePiece vocabularies):
    /// Ranked merges, lowest rank first: only these pairs merge and the scores are unused.
    std::vector<MergeRule> merges;
    /// Added tokens, matched verbatim (longest first) in the raw text before anything else.
    std::vector<int32_t> addedTokens;
    /// The dummy prefix goes on every text segment between added tokens, not only on one that
    /// starts the text (a Prepend normalizer or Metaspace "always").
    bool prefixEverySegment = false;
    /// Metaspace: no dummy prefix on a segment that already starts with a space.
    bool prefixUnlessSpace = false;
    /// Metaspace split: each space symbol starts a word and no merge crosses words.
    bool splitWords = false;
};

class BpeTokenizer {
public:
    /// Validates the vocabulary (sizes agree, special ids in range); `source` names it in errors.
    BpeTokenizer(Vocabulary v, std::string source);

    /// Token ids of `text`, BOS first if `addBos`. Throws qb::Error naming the byte offset if the
    /// text is not well-formed UTF-8.
    std::vector<int32_t> encode(std::string_view text, bool addBos) const;
    /// Text of the ids: control tokens vanish, byte tokens become their byte, and the dummy-prefix
    /// space of the first piece (at the start or after BOS) is dropped.
    std::string decode(std::span<const int32_t> ids) const;

    int32_t bos() const { return v_.bos; }
    int32_t eos() const { return v_.eos; }
    int64_t size() const { return int64_t(v_.pieces.size()); }
    const Vocabulary& vocabulary() const { return v_; }
    const std::string& source() const { return source_; }

private:
    int32_t lookup(const std::string& piece) const;
    /// BPE of one stretch of text between added tokens, appended to `out`.
    void encodeSegment(std::string_view text, bool prefix, std::vector<int32_t>& out) const;

    Vocabulary v_;
    std::string source_;
    std::unordered_map<std::string, int32_t> mergeable_; ///< normal and user-defined pieces
    std::array<int32_t, 256> byteIds_;                   ///< "<0xXX>" token of each byte, or -1
    std::vector<int16_t> byteOf_;                        ///< byte of each byte token, or -1
    std::unordered_map<uint64_t, std::pair<int32_t, int32_t>> mergeRank_; ///< (left, right) -> (rank, merged)
    std::array<std::vector<int32_t>, 256> addedByFirstByte_; ///< added tokens by first byte, longest first
};

} // namespace qb
