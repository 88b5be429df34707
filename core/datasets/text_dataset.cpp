#include "core/datasets/text_dataset.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "core/tokenizer/utf8.h"
#include "core/util/error.h"

namespace qb {

TextDataset loadTextDataset(const std::string& path, const BpeTokenizer& tokenizer) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the text file");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw Error(path, "read error");
    if (text.empty()) throw Error(path, "text file is empty; nothing to evaluate");
    if (const auto bad = utf8::firstInvalid(text))
        throw Error(path, "text is not valid UTF-8: the byte at offset " + std::to_string(*bad) +
                              " does not start a well-formed character");
    TextDataset d;
    d.path = path;
    d.bytes = text.size();
    d.tokens = tokenizer.encode(text, true);
    return d;
}

std::vector<std::span<const int32_t>> textChunks(std::span<const int32_t> tokens, int64_t context,
                                                 const std::string& where) {
    if (context < 2)
        throw Error(where, "context of " + std::to_string(context) + " tokens is too short (BOS + at least one token)");
    if (tokens.size() < 2) throw Error(where, "no tokens to score after the BOS");
    const auto body = tokens.subspan(1);
    const auto chunk = size_t(context - 1);
    std::vector<std::span<const int32_t>> out;
    out.reserve((body.size() + chunk - 1) / chunk);
    for (size_t i = 0; i < body.size(); i += chunk) out.push_back(body.subspan(i, std::min(chunk, body.size() - i)));
    return out;
}

} // namespace qb
