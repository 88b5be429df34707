#include "core/tokenizer/hf_tokenizer_json.h"

#include <fstream>
#include <iterator>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "core/util/json_limits.h"

namespace qb {

namespace {

using json = nlohmann::json;

// How the text becomes the pieces' spelling before BPE (normalizer and pre-tokenizer together).
struct Spelling {
    std::string space = " ";
    bool prefix = false, everySegment = false, unlessSpace = false, splitWords = false;
};

class Parser {
public:
    explicit Parser(std::string path) : path_(std::move(path)) {}

    [[noreturn]] void fail(const std::string& what) const { throw Error(path_, what); }

    // The member, or null when absent (without copying it).
    static const json& at(const json& j, const char* key) {
        static const json kNull;
        const auto it = j.find(key);
        return it == j.end() ? kNull : *it;
    }

    static std::string typeOf(const json& j) {
        const auto it = j.find("type");
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    }

    std::string stringAt(const json& j, const char* key, const std::string& where) const {
        const auto it = j.find(key);
        if (it == j.end() || !it->is_string()) fail(where + "." + key + " is missing or not a string");
        return it->get<std::string>();
    }

    bool flagAt(const json& j, const char* key, bool fallback, const std::string& where) const {
        const auto it = j.find(key);
        if (it == j.end() || it->is_null()) return fallback;
        if (!it->is_boolean()) fail(where + "." + key + " is not true or false");
        return it->get<bool>();
    }

    // Sequence of Prepend("▁") and Replace(" " -> "▁"): SentencePiece's dummy prefix and space symbol.
    void normalizer(const json& n, Spelling& s) const {
        if (n.is_null()) return;
        std::string prepend, replacement;
        const auto one = [&](const json& step) {
            const std::string type = typeOf(step);
            if (type == "Prepend") {
                prepend = stringAt(step, "prepend", "normalizer");
            } else if (type == "Replace") {
                if (at(at(step, "pattern"), "String") != " ")
                    fail("normalizer Replace with a pattern other than the string \" \" is not supported");
                replacement = stringAt(step, "content", "normalizer Replace");
                if (replacement.empty()) fail("normalizer Replace removes spaces; not supported");
            } else {
                fail("normalizer '" + type + "' is not supported (only Prepend and Replace of spaces, as in llama)");
            }
        };
        if (!n.is_object()) fail("normalizer is not an object");
        if (typeOf(n) == "Sequence") {
            const auto steps = n.find("normalizers");
            if (steps == n.end() || !steps->is_array()) fail("normalizer Sequence lacks a 'normalizers' array");
            for (const auto& step : *steps) {
                if (!step.is_object()) fail("normalizer Sequence holds a non-object");
                one(step);
            }
        } else {
            one(n);
        }
        if (!replacement.empty()) s.space = replacement;
        if (!prepend.empty()) {
            if (prepend != s.space)
                fail("normalizer prepends '" + prepend + "', which is not the space symbol '" + s.space + "'");
            s.prefix = true;
            s.everySegment = true; // normalizers run on each stretch between added tokens
        }
    }

    void preTokenizer(const json& p, Spelling& s, bool normalizerSpellsSpaces) const {
        if (p.is_null()) return;
        if (!p.is_object()) fail("pre_tokenizer is not an object");
        const std::string type = typeOf(p);
        if (type != "Metaspace")
            fail("pre_tokenizer '" + type + "' is not supported (only Metaspace" +
                 (type == "ByteLevel" ? "; byte-level GPT-2 style BPE is not read)" : ")"));
        if (normalizerSpellsSpaces) fail("pre_tokenizer Metaspace after a normalizer that already replaces spaces");
        s.space = stringAt(p, "replacement", "pre_tokenizer");
        if (s.space.empty()) fail("pre_tokenizer.replacement is empty");
        std::string scheme = flagAt(p, "add_prefix_space", true, "pre_tokenizer") ? "always" : "never";
        if (p.contains("prepend_scheme")) scheme = stringAt(p, "prepend_scheme", "pre_tokenizer");
        if (scheme != "always" && scheme != "first" && scheme != "never")
            fail("pre_tokenizer.prepend_scheme '" + scheme + "' is not always, first or never");
        s.prefix = scheme != "never";
        s.everySegment = scheme == "always";
        s.unlessSpace = true;
        s.splitWords = flagAt(p, "split", true, "pre_tokenizer");
    }

    // The decoder only has to undo the spelling; any that does something else is refused.
    void decoder(const json& d) const {
        if (d.is_null()) return;
        if (!d.is_object()) fail("decoder is not an object");
        const std::string type = typeOf(d);
        if (type == "Sequence") {
            const auto steps = d.find("decoders");
            if (steps == d.end() || !steps->is_array()) fail("decoder Sequence lacks a 'decoders' array");
            for (const auto& step : *steps) decoder(step);
        } else if (type != "Replace" && type != "ByteFallback" && type != "Fuse" && type != "Strip" && type != "Metaspace") {
            fail("decoder '" + type + "' is not supported (only Replace, ByteFallback, Fuse, Strip and Metaspace)");
        }
    }

    BpeTokenizer read(const json& root) const {
        if (!root.is_object()) fail("top level is not a JSON object");
        const json& model = at(root, "model");
        if (!model.is_object()) fail("'model' is missing or not an object");
        const std::string type = typeOf(model);
        if (!type.empty() && type != "BPE")
            fail("model type '" + type + "' is not supported (only BPE, as llama-family tokenizers use)");
        for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"})
            if (!at(model, key).is_null() && at(model, key) != "")
                fail(std::string("model.") + key + " is not supported");
        if (flagAt(model, "ignore_merges", false, "model")) fail("model.ignore_merges is not supported");
        if (!flagAt(model, "byte_fallback", false, "model"))
            fail("model.byte_fallback is not true; only byte-fallback (SentencePiece-style) BPE is supported");

        Spelling spelling;
        normalizer(at(root, "normalizer"), spelling);
        const bool normalizerSpellsSpaces = spelling.space != " ";
        preTokenizer(at(root, "pre_tokenizer"), spelling, normalizerSpellsSpaces);
        decoder(at(root, "decoder"));

        // Pieces by id: model.vocab plus the added tokens, which must fill 0..n-1 exactly once.
        const auto vocabIt = model.find("vocab");
        if (vocabIt == model.end() || !vocabIt->is_object()) fail("model.vocab is missing or not an object");
        const json& added = at(root, "added_tokens");
        if (!added.is_null() && !added.is_array()) fail("added_tokens is not an array");
        const size_t limit = vocabIt->size() + added.size(); // a larger id would leave a gap
        std::vector<std::string> pieces(limit);
        std::vector<bool> filled(limit, false);
        std::unordered_map<std::string, int32_t> idOf;
        idOf.reserve(vocabIt->size());
        size_t n = 0;
        const auto place = [&](const std::string& piece, const json& idValue, const std::string& where) {
            if (!idValue.is_number_integer() || idValue.get<int64_t>() < 0 || uint64_t(idValue.get<int64_t>()) >= limit)
                fail(where + ": id " + idValue.dump() + " is not a token id below " + std::to_string(limit));
            const auto id = size_t(idValue.get<int64_t>());
            if (filled[id] && pieces[id] != piece)
                fail(where + ": id " + std::to_string(id) + " is already '" + pieces[id] + "'");
            pieces[id] = piece;
            filled[id] = true;
            n = std::max(n, id + 1);
            return int32_t(id);
        };
        for (const auto& [piece, id] : vocabIt->items()) idOf.emplace(piece, place(piece, id, "model.vocab '" + piece + "'"));

        std::vector<TokenType> types(limit, TokenType::Normal);
        std::vector<int32_t> addedIds;
        for (size_t i = 0; i < added.size(); ++i) {
            const json& t = added[i];
            const std::string where = "added_tokens[" + std::to_string(i) + "]";
            if (!t.is_object()) fail(where + " is not an object");
            const std::string content = stringAt(t, "content", where);
            if (content.empty()) fail(where + ".content is empty");
            for (const char* key : {"lstrip", "rstrip", "single_word"})
                if (flagAt(t, key, false, where)) fail(where + " '" + content + "': " + key + " is not supported");
            const auto known = idOf.find(content);
            const int32_t id = place(content, at(t, "id"), where + " '" + content + "'");
            if (known != idOf.end() && known->second != id)
                fail(where + " '" + content + "' has id " + std::to_string(id) + " but model.vocab gives it " +
                     std::to_string(known->second));
            types[size_t(id)] = flagAt(t, "special", false, where) ? TokenType::Control : TokenType::UserDefined;
            addedIds.push_back(id);
        }
        for (size_t id = 0; id < n; ++id)
            if (!filled[id]) fail("no token has id " + std::to_string(id) + " (ids must run from 0 without gaps)");
        pieces.resize(n);
        types.resize(n);

        Vocabulary v;
        for (size_t id = 0; id < n; ++id) {
            const std::string& p = pieces[id];
            if (types[id] == TokenType::Normal && p.size() == 6 && p.compare(0, 3, "<0x") == 0 && p[5] == '>')
                types[id] = TokenType::Byte;
        }
        const auto anyId = [&](const std::string& piece) -> int32_t {
            for (size_t id = 0; id < n; ++id)
                if (pieces[id] == piece) return int32_t(id);
            return -1;
        };
        v.unk = 0;
        if (!at(model, "unk_token").is_null()) {
            const std::string unk = stringAt(model, "unk_token", "model");
            v.unk = anyId(unk);
            if (v.unk < 0) fail("model.unk_token '" + unk + "' is not in the vocabulary");
            if (types[size_t(v.unk)] == TokenType::Normal) types[size_t(v.unk)] = TokenType::Unknown;
        } else {
            size_t bytes = 0;
            for (const TokenType t : types) bytes += t == TokenType::Byte;
            if (bytes < 256) fail("model.unk_token is null and the byte pieces <0x00>..<0xFF> are incomplete");
        }
        v.bos = templateBos(root, pieces);
        if (v.bos < 0) v.bos = anyId("<s>");
        if (v.bos < 0) fail("no BOS token: the post_processor names none and there is no '<s>'");
        v.eos = anyId("</s>");
        if (v.eos < 0) v.eos = v.bos;

        const auto mergesIt = model.find("merges");
        if (mergesIt == model.end() || !mergesIt->is_array()) fail("model.merges is missing or not an array");
        v.merges.reserve(mergesIt->size());
        for (size_t r = 0; r < mergesIt->size(); ++r) {
            const json& m = (*mergesIt)[r];
            const std::string where = "model.merges[" + std::to_string(r) + "]";
            std::string a, b;
            if (m.is_string()) {
                const std::string s = m.get<std::string>();
                const size_t cut = s.find(' ');
                if (cut == std::string::npos || s.find(' ', cut + 1) != std::string::npos)
                    fail(where + " '" + s + "' is not two pieces separated by one space");
                a = s.substr(0, cut), b = s.substr(cut + 1);
            } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
                a = m[0].get<std::string>(), b = m[1].get<std::string>();
            } else {
                fail(where + " is neither \"a b\" nor [\"a\", \"b\"]");
            }
            const auto id = [&](const std::string& piece) {
                const auto it = idOf.find(piece);
                if (it == idOf.end()) fail(where + " '" + a + " " + b + "': '" + piece + "' is not in model.vocab");
                return it->second;
            };
            v.merges.push_back({id(a), id(b), id(a + b)});
        }

        v.pieces = std::move(pieces);
        v.scores.assign(n, 0.0f);
        v.types = std::move(types);
        v.space = spelling.space;
        v.addDummyPrefix = spelling.prefix;
        v.prefixEverySegment = spelling.everySegment;
        v.prefixUnlessSpace = spelling.unlessSpace;
        v.splitWords = spelling.splitWords;
        v.addedTokens = std::move(addedIds);
        return BpeTokenizer(std::move(v), path_);
    }

private:
    // TemplateProcessing's "single" template starting with a special token: that token is the BOS.
    int32_t templateBos(const json& root, const std::vector<std::string>& pieces) const {
        const json& post = at(root, "post_processor");
        if (!post.is_object() || typeOf(post) != "TemplateProcessing") return -1;
        const json& single = at(post, "single");
        if (!single.is_array() || single.empty() || !single[0].is_object()) return -1;
        const json& special = at(single[0], "SpecialToken");
        if (!at(special, "id").is_string()) return -1;
        const std::string name = at(special, "id").get<std::string>();
        for (size_t id = 0; id < pieces.size(); ++id)
            if (pieces[id] == name) return int32_t(id);
        fail("post_processor's template starts with '" + name + "', which is not in the vocabulary");
    }

    std::string path_;
};

} // namespace

BpeTokenizer readHfTokenizerJson(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    checkJsonLimits(text, path); // decoder Sequences are read recursively
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(path, std::string("not valid JSON: ") + e.what());
    }
    return Parser(path).read(root);
}

} // namespace qb
