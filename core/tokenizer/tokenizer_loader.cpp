#include "core/tokenizer/tokenizer_loader.h"

#include <filesystem>

#include "core/tensor/mapped_file.h"
#include "core/tokenizer/hf_tokenizer_json.h"
#include "core/util/error.h"

namespace qb {

namespace {

const gguf::Array& requiredArray(const gguf::File& f, const char* key, gguf::ValueType type, const std::string& source) {
    const gguf::Value* v = f.find(key);
    if (!v) throw Error(source, std::string("metadata lacks '") + key + "'");
    const gguf::Array* a = v->asArray();
    if (!a || a->type != type)
        throw Error(source, std::string("metadata '") + key + "' is not an array of " +
                                std::string(gguf::typeName(type)));
    return *a;
}

int32_t specialId(const gguf::File& f, const char* key, int32_t fallback, const std::string& source) {
    const gguf::Value* v = f.find(key);
    if (!v) return fallback;
    const auto i = v->asInt();
    if (!i || *i < 0 || *i > INT32_MAX) throw Error(source, std::string("metadata '") + key + "' = " + v->text() + " is not a token id");
    return int32_t(*i);
}

bool flag(const gguf::File& f, const char* key, bool fallback) {
    const gguf::Value* v = f.find(key);
    const bool* b = v ? std::get_if<bool>(&v->v) : nullptr;
    return b ? *b : fallback;
}

} // namespace

BpeTokenizer tokenizerFromLlama2c(const Llama2cVocab& vocab, const std::string& source) {
    Vocabulary v;
    v.pieces = vocab.pieces;
    v.scores = vocab.scores;
    v.types.assign(v.pieces.size(), TokenType::Normal);
    for (size_t i = 0; i < v.pieces.size(); ++i) {
        const std::string& p = v.pieces[i];
        if (p.size() == 6 && p.compare(0, 3, "<0x") == 0 && p[5] == '>') v.types[i] = TokenType::Byte;
    }
    // run.c's fixed ids.
    for (const int32_t id : {0, 1, 2})
        if (size_t(id) < v.types.size()) v.types[size_t(id)] = id == 0 ? TokenType::Unknown : TokenType::Control;
    v.unk = 0, v.bos = 1, v.eos = 2;
    v.space = " ";
    return BpeTokenizer(std::move(v), source);
}

BpeTokenizer tokenizerFromGguf(const gguf::File& f, const std::string& source) {
    const gguf::Value* model = f.find("tokenizer.ggml.model");
    if (!model || !model->asString()) throw Error(source, "metadata lacks 'tokenizer.ggml.model'; the file has no tokenizer");
    if (*model->asString() != "llama")
        throw Error(source, "tokenizer.ggml.model '" + *model->asString() +
                                "' is not supported (only 'llama', SentencePiece BPE)");
    const gguf::Array& tokens = requiredArray(f, "tokenizer.ggml.tokens", gguf::ValueType::String, source);
    const gguf::Array& scores = requiredArray(f, "tokenizer.ggml.scores", gguf::ValueType::F32, source);
    const size_t n = tokens.items.size();
    if (scores.items.size() != n)
        throw Error(source, "tokenizer.ggml.scores has " + std::to_string(scores.items.size()) + " entries for " +
                                std::to_string(n) + " tokens");
    Vocabulary v;
    v.pieces.reserve(n);
    v.scores.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        v.pieces.push_back(*tokens.items[i].asString());
        v.scores.push_back(std::get<float>(scores.items[i].v));
    }
    v.types.assign(n, TokenType::Normal);
    if (f.find("tokenizer.ggml.token_type")) {
        const gguf::Array& types = requiredArray(f, "tokenizer.ggml.token_type", gguf::ValueType::I32, source);
        if (types.items.size() != n)
            throw Error(source, "tokenizer.ggml.token_type has " + std::to_string(types.items.size()) +
                                    " entries for " + std::to_string(n) + " tokens");
        for (size_t i = 0; i < n; ++i) {
            const int32_t t = std::get<int32_t>(types.items[i].v);
            if (t < 1 || t > 6)
                throw Error(source, "tokenizer.ggml.token_type of token " + std::to_string(i) + " is " +
                                        std::to_string(t) + ", not a known type (1..6)");
            v.types[i] = TokenType(t);
        }
    }
    v.bos = specialId(f, "tokenizer.ggml.bos_token_id", 1, source);
    v.eos = specialId(f, "tokenizer.ggml.eos_token_id", 2, source);
    v.unk = specialId(f, "tokenizer.ggml.unknown_token_id", 0, source);
    v.addDummyPrefix = flag(f, "tokenizer.ggml.add_space_prefix", true);
    v.space = "\xE2\x96\x81"; // U+2581, SentencePiece's visible space
    return BpeTokenizer(std::move(v), source);
}

BpeTokenizer loadTokenizer(const Model& model) {
    const int64_t vocab = model.llama ? model.llama->vocab : 0;
    // Hugging Face checkpoints may pad the embedding beyond the tokenizer's last id.
    const bool padded = model.format == "safetensors";
    auto checked = [&](BpeTokenizer t) {
        if (vocab > 0 && (padded ? t.size() > vocab : t.size() != vocab))
            throw Error(t.source(), "tokenizer has " + std::to_string(t.size()) + " tokens but the model's vocabulary is " +
                                        std::to_string(vocab));
        return t;
    };
    if (model.format == "llama2c") {
        const auto path = findLlama2cTokenizer(model.path, vocab);
        if (!path)
            throw Error(model.path, "no tokenizer beside the checkpoint (looked for tok" + std::to_string(vocab) +
                                        ".bin and tokenizer.bin in its folder)");
        return checked(tokenizerFromLlama2c(readLlama2cTokenizer(*path, vocab), *path));
    }
    if (model.format == "gguf") {
        const auto file = MappedFile::open(model.path);
        return checked(tokenizerFromGguf(gguf::parse(file->bytes(), model.path), model.path));
    }
    if (model.format == "safetensors") {
        // The checkpoint is a folder, or a file (config.json, index, shard) inside one.
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::path dir = fs::is_directory(model.path, ec) ? fs::path(model.path) : fs::path(model.path).parent_path();
        const fs::path json = dir / "tokenizer.json";
        if (!fs::exists(json, ec)) throw Error(model.path, "no tokenizer.json in the checkpoint folder");
        return checked(readHfTokenizerJson(json.string()));
    }
    throw Error(model.path, "no tokenizer support for " + model.format +
                                " models (llama2.c tokenizer files, GGUF vocabularies and tokenizer.json are read)");
}

} // namespace qb
