// The tokenizer.ggml.* metadata of a GGUF export: llama.cpp's "llama" (SentencePiece) vocabulary,
// scores, token types and special ids, from whichever tokenizer the source model has.
#pragma once
#include "core/exporters/gguf_header.h"
#include "core/model/model.h"

namespace qb::exporters {

/// A GGUF source's tokenizer.ggml.* keys as they are. A llama2.c or Hugging Face vocabulary is
/// converted as llama.cpp's converters do: spaces spelled U+2581, ids 0/1/2 of llama2.c named
/// <unk>, <s>, </s>, empty pieces control tokens; a tokenizer.json's ranked merges become scores
/// (-rank of the merge that forms the piece, lower than any merge for the others). Throws qb::Error
/// naming the model when it has no tokenizer we read.
GgufMetadata ggufVocabulary(const Model& model);

} // namespace qb::exporters
