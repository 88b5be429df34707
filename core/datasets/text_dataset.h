// A UTF-8 text file for language-model evaluation: tokenized as one string (BOS + dummy-prefix
// space + text) and cut into windows. Protocol: drop the BOS, cut the rest
// into consecutive non-overlapping chunks of context-1 tokens, feed each as [BOS] + chunk with a
// fresh KV cache and score every chunk token, so every token of the text is scored exactly once.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/tokenizer/bpe_tokenizer.h"

namespace qb {

struct TextDataset {
    std::string path;
    uint64_t bytes = 0;
    std::vector<int32_t> tokens; ///< BOS first, then the whole text
};

/// Throws qb::Error(path, ...) if the file cannot be read, is empty, or is not valid UTF-8
/// (naming the offset of the first bad byte).
TextDataset loadTextDataset(const std::string& path, const BpeTokenizer& tokenizer);

/// The chunks of `tokens` (BOS first) that the protocol feeds after a BOS each: context-1 tokens
/// per chunk, the last one shorter. Throws qb::Error if context < 2 or nothing follows the BOS.
std::vector<std::span<const int32_t>> textChunks(std::span<const int32_t> tokens, int64_t context,
                                                 const std::string& where);

} // namespace qb
