// Hugging Face tokenizer.json for llama-family checkpoints: a SentencePiece vocabulary converted
// to a "BPE" model with ranked merges and byte fallback, spaces spelled "\u2581" by a Prepend +
// Replace normalizer or a Metaspace pre-tokenizer. Anything else (byte-level GPT-2 BPE, Unigram,
// WordPiece, other normalizers) is rejected rather than tokenized differently from transformers.
#pragma once
#include <string>

#include "core/tokenizer/bpe_tokenizer.h"

namespace qb {

/// Reads and validates the file; throws qb::Error(path, ...) naming the unsupported or bad part.
/// BOS is the first special token of the post-processor's template (else "<s>"), EOS is "</s>"
/// (else the BOS), and the added tokens are split off the text before normalization.
BpeTokenizer readHfTokenizerJson(const std::string& path);

} // namespace qb
