// tok512.bin as a Hugging Face tokenizer.json, converted the way transformers' SentencePiece
// converter does (pieces with "\u2581", merges ranked by the merged piece's score), for the tests
// of the tokenizer.json reader and of safetensors checkpoints (export included).
#pragma once
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/formats/llama2c_tokenizer.h"
#include "core/tokenizer/utf8.h"
#include "test_support.h"

namespace qb::test {

using json = nlohmann::json;

inline const std::string kSpace = "\xE2\x96\x81"; // U+2581

inline std::string withSpaceSymbol(std::string s) {
    for (size_t i = s.find(' '); i != std::string::npos; i = s.find(' ', i + kSpace.size())) s.replace(i, 1, kSpace);
    return s;
}

inline bool isBytePiece(const std::string& p) { return p.size() == 6 && p.compare(0, 3, "<0x") == 0 && p[5] == '>'; }

// run.c's encoder on one piece's code points (rescan for the best-scoring adjacent pair until none
// is in the vocabulary); returns the last pair merged, which is the piece's own merge.
inline std::pair<std::string, std::string> lastMerge(const std::string& piece, const std::map<std::string, float>& score) {
    std::vector<std::string> sym;
    for (size_t i = 0; i < piece.size();) {
        const size_t n = qb::utf8::codePointLength(piece, i);
        sym.push_back(piece.substr(i, n));
        i += n;
    }
    std::pair<std::string, std::string> last;
    while (true) {
        int best = -1;
        float bestScore = 0;
        for (size_t i = 0; i + 1 < sym.size(); ++i)
            if (const auto it = score.find(sym[i] + sym[i + 1]); it != score.end() && (best < 0 || it->second > bestScore))
                best = int(i), bestScore = it->second;
        if (best < 0) break;
        last = {sym[size_t(best)], sym[size_t(best) + 1]};
        sym[size_t(best)] += sym[size_t(best) + 1];
        sym.erase(sym.begin() + best + 1);
    }
    return sym.size() == 1 ? last : std::pair<std::string, std::string>{};
}

inline const json kLlamaNormalizer = {{"type", "Sequence"},
                               {"normalizers",
                                {{{"type", "Prepend"}, {"prepend", kSpace}},
                                 {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", kSpace}}}}};
inline const json kLlamaDecoder = {{"type", "Sequence"},
                            {"decoders",
                             {{{"type", "Replace"}, {"pattern", {{"String", kSpace}}}, {"content", " "}},
                              {{"type", "ByteFallback"}},
                              {{"type", "Fuse"}},
                              {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}}}};

inline json addedToken(int id, const std::string& content) {
    return {{"id", id},         {"content", content}, {"single_word", false}, {"lstrip", false},
            {"rstrip", false},  {"normalized", false}, {"special", true}};
}

// tok512.bin as transformers would save it after converting the SentencePiece model.
inline json tok512AsTokenizerJson() {
    const qb::Llama2cVocab bin = qb::readLlama2cTokenizer(model("llama2c/tok512.bin"), 512);
    std::vector<std::string> pieces = bin.pieces;
    pieces[0] = "<unk>", pieces[1] = "<s>", pieces[2] = "</s>"; // as in the GGUF (PROVENANCE.md)
    std::map<std::string, float> score;
    json vocab = json::object();
    for (size_t id = 0; id < pieces.size(); ++id) {
        pieces[id] = withSpaceSymbol(pieces[id]);
        vocab[pieces[id]] = id;
        if (id >= 3 && !isBytePiece(pieces[id])) score.emplace(pieces[id], bin.scores[id]);
    }
    std::vector<std::pair<float, std::string>> ranked; // (score, "left right")
    for (size_t id = 3; id < pieces.size(); ++id) {
        if (isBytePiece(pieces[id])) continue;
        const auto [left, right] = lastMerge(pieces[id], score);
        if (!left.empty()) ranked.emplace_back(bin.scores[id], left + " " + right);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    json merges = json::array();
    for (const auto& r : ranked) merges.push_back(r.second);
    return {{"version", "1.0"},
            {"added_tokens", {addedToken(0, "<unk>"), addedToken(1, "<s>"), addedToken(2, "</s>")}},
            {"normalizer", kLlamaNormalizer},
            {"pre_tokenizer", nullptr},
            {"post_processor",
             {{"type", "TemplateProcessing"},
              {"single", {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}}}},
            {"decoder", kLlamaDecoder},
            {"model",
             {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", "<unk>"}, {"continuing_subword_prefix", nullptr},
              {"end_of_word_suffix", nullptr}, {"fuse_unk", true}, {"byte_fallback", true}, {"vocab", vocab},
              {"merges", merges}}}};
}

} // namespace qb::test
