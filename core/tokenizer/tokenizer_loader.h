// Finds and reads the tokenizer that belongs to a model: llama2.c's tokenizer file beside the
// checkpoint, the vocabulary embedded in a GGUF file's tokenizer.ggml.* metadata, or the Hugging Face
// tokenizer.json in a safetensors checkpoint's folder.
#pragma once
#include "core/formats/llama2c_tokenizer.h"
#include "core/formats/gguf_file.h"
#include "core/model/model.h"
#include "core/tokenizer/bpe_tokenizer.h"

namespace qb {

/// Throws qb::Error naming the model if it has no tokenizer we can read, or if the tokenizer's
/// vocabulary does not match the model's.
BpeTokenizer loadTokenizer(const Model& model);

/// llama2.c fixes the ids (0 unk, 1 BOS, 2 EOS) and spells bytes "<0xXX>"; pieces use plain spaces.
BpeTokenizer tokenizerFromLlama2c(const Llama2cVocab& vocab, const std::string& source);
/// tokenizer.ggml.model "llama" (SentencePiece): tokens, scores, token_type and special ids.
BpeTokenizer tokenizerFromGguf(const gguf::File& file, const std::string& source);

} // namespace qb
