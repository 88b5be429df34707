#include "core/formats/llama2c_tokenizer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb {

namespace {

// run.c sizes its merge buffer from this value, so an absurd one is an error, not a hint.
constexpr int32_t kMaxPlausibleTokenLength = 1 << 16;
constexpr uint64_t kEntryHeaderBytes = 8; // float32 score + int32 length

} // namespace

Llama2cVocab readLlama2cTokenizer(const std::string& path, int64_t vocabSize) {
    const auto file = MappedFile::open(path);
    const std::byte* p = file->data();
    const uint64_t size = file->size();
    if (vocabSize <= 0) throw Error(path, "vocab size " + std::to_string(vocabSize) + " must be positive");
    if (size < 4)
        throw Error(path, "too short for the max_token_length header (" + std::to_string(size) + " bytes)");

    Llama2cVocab v;
    std::memcpy(&v.maxTokenLength, p, 4);
    if (v.maxTokenLength <= 0 || v.maxTokenLength > kMaxPlausibleTokenLength)
        throw Error(path, "max_token_length " + std::to_string(v.maxTokenLength) + " is not in 1.." +
                              std::to_string(kMaxPlausibleTokenLength) + " (offset 0)");
    // Every entry takes at least 8 bytes, so the file bounds what is worth reserving.
    const auto expected = size_t(std::min<uint64_t>(uint64_t(vocabSize), (size - 4) / kEntryHeaderBytes));
    v.pieces.reserve(expected);
    v.scores.reserve(expected);

    uint64_t off = 4;
    for (int64_t i = 0; i < vocabSize; ++i) {
        const std::string where = "token " + std::to_string(i) + " (offset " + std::to_string(off) + ")";
        if (size - off < kEntryHeaderBytes)
            throw Error(path, where + ": file ends before its score and length (" + std::to_string(size) +
                                  " bytes)");
        float score;
        int32_t len;
        std::memcpy(&score, p + off, 4);
        std::memcpy(&len, p + off + 4, 4);
        if (std::isnan(score)) throw Error(path, where + ": score is NaN");
        if (len < 0 || len > v.maxTokenLength)
            throw Error(path, where + ": length " + std::to_string(len) + " is not in 0.." +
                                  std::to_string(v.maxTokenLength) + " (max_token_length)");
        off += kEntryHeaderBytes;
        if (size - off < uint64_t(len))
            throw Error(path, where + ": its " + std::to_string(len) +
                                  " bytes run past the end of the file (" + std::to_string(size) + " bytes)");
        v.pieces.emplace_back(reinterpret_cast<const char*>(p + off), size_t(len));
        v.scores.push_back(score);
        off += uint64_t(len);
    }
    if (off != size)
        throw Error(path, std::to_string(size - off) + " bytes follow the last of " +
                              std::to_string(vocabSize) + " tokens (offset " + std::to_string(off) +
                              "); the tokenizer does not match the model's vocabulary size");
    return v;
}

std::optional<std::string> findLlama2cTokenizer(const std::string& checkpointPath, int64_t vocabSize) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(checkpointPath).parent_path();
    std::error_code ec;
    for (const auto& name : {"tok" + std::to_string(vocabSize) + ".bin", std::string("tokenizer.bin")}) {
        const fs::path candidate = dir / name;
        if (fs::is_regular_file(candidate, ec) && !fs::equivalent(candidate, checkpointPath, ec))
            return candidate.string();
    }
    return std::nullopt;
}

} // namespace qb
