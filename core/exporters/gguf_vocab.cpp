#include "core/exporters/gguf_vocab.h"

#include "core/formats/gguf_file.h"
#include "core/tensor/mapped_file.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"

namespace qb::exporters {

namespace {

const std::string kSpace = "\xE2\x96\x81"; // U+2581

std::string spelled(const std::string& piece, const std::string& space) {
    if (space == kSpace) return piece;
    std::string out;
    for (size_t i = 0; i < piece.size();) {
        if (piece.compare(i, space.size(), space) == 0) {
            out += kSpace;
            i += space.size();
        } else {
            out += piece[i++];
        }
    }
    return out;
}

gguf::Value u32(int64_t v) { return gguf::Value{uint32_t(v)}; }

} // namespace

GgufMetadata ggufVocabulary(const Model& model) {
    GgufMetadata out;
    if (model.format == "gguf") {
        const auto file = MappedFile::open(model.path);
        const gguf::File f = gguf::parse(file->bytes(), model.path);
        for (const auto& [key, value] : f.metadata)
            if (key.rfind("tokenizer.ggml.", 0) == 0) out.emplace_back(key, value);
        if (!f.find("tokenizer.ggml.model")) throw Error(model.path, "metadata lacks 'tokenizer.ggml.model'; the file has no tokenizer");
        return out;
    }
    const BpeTokenizer tok = loadTokenizer(model);
    const Vocabulary& v = tok.vocabulary();
    const bool llama2c = model.format == "llama2c";
    const size_t n = v.pieces.size();

    std::vector<float> scores = v.scores;
    if (!v.merges.empty()) {
        scores.assign(n, -float(v.merges.size() + 1));
        for (size_t r = 0; r < v.merges.size(); ++r) {
            const auto m = size_t(v.merges[r].merged);
            if (m < n && scores[m] == -float(v.merges.size() + 1)) scores[m] = -float(r);
        }
    }
    gguf::Array tokens{gguf::ValueType::String, {}}, scoreArr{gguf::ValueType::F32, {}}, types{gguf::ValueType::I32, {}};
    for (size_t i = 0; i < n; ++i) {
        std::string piece = spelled(v.pieces[i], v.space);
        TokenType type = v.types[i];
        if (llama2c) { // llama.cpp's convert-llama2c-to-ggml names and types
            if (int32_t(i) == v.unk) piece = "<unk>", type = TokenType::Unknown;
            else if (int32_t(i) == v.bos) piece = "<s>", type = TokenType::Control;
            else if (int32_t(i) == v.eos) piece = "</s>", type = TokenType::Control;
            else if (piece.empty()) type = TokenType::Control;
        }
        tokens.items.push_back(gguf::Value{piece});
        scoreArr.items.push_back(gguf::Value{i < scores.size() ? scores[i] : 0.f});
        types.items.push_back(gguf::Value{int32_t(type)});
    }
    out.emplace_back("tokenizer.ggml.model", gguf::Value{std::string("llama")});
    out.emplace_back("tokenizer.ggml.tokens", gguf::Value{std::move(tokens)});
    out.emplace_back("tokenizer.ggml.scores", gguf::Value{std::move(scoreArr)});
    out.emplace_back("tokenizer.ggml.token_type", gguf::Value{std::move(types)});
    out.emplace_back("tokenizer.ggml.bos_token_id", u32(v.bos));
    out.emplace_back("tokenizer.ggml.eos_token_id", u32(v.eos));
    out.emplace_back("tokenizer.ggml.unknown_token_id", u32(v.unk));
    out.emplace_back("tokenizer.ggml.add_bos_token", gguf::Value{true});
    out.emplace_back("tokenizer.ggml.add_eos_token", gguf::Value{false});
    out.emplace_back("tokenizer.ggml.add_space_prefix", gguf::Value{v.addDummyPrefix});
    return out;
}

} // namespace qb::exporters
