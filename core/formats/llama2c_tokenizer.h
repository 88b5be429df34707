// Reader for llama2.c's tokenizer file (tokenizer.bin, tok<vocab>.bin): the vocabulary pieces and
// their merge scores. Encoding and decoding live elsewhere; this only reads and validates.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qb {

struct Llama2cVocab {
    int32_t maxTokenLength = 0;      ///< longest piece in bytes, as stored in the file header
    std::vector<std::string> pieces; ///< raw bytes of each piece, id order
    std::vector<float> scores;       ///< merge priority of each piece (higher merges first)
};

/// Reads `vocabSize` entries (the count is not stored in the file; it comes from the model
/// header). Throws qb::Error("<file>", ...) naming the token index and byte offset of a broken
/// entry, and if the file holds more bytes than those entries.
Llama2cVocab readLlama2cTokenizer(const std::string& path, int64_t vocabSize);

/// The tokenizer file beside a checkpoint, if any: tok<vocab>.bin first (the specific name),
/// then tokenizer.bin, both in the checkpoint's folder.
std::optional<std::string> findLlama2cTokenizer(const std::string& checkpointPath, int64_t vocabSize);

} // namespace qb
