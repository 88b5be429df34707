// `quantbench-cli eval MODEL --data TEXT.txt --context N`: perplexity of a llama-family model on a
// UTF-8 text file (core/datasets/text_dataset.h gives the windowing protocol).
#pragma once
#include <cstdint>
#include <string>

namespace qb::cli {

struct TextEvalOptions {
    std::string model, data;
    int64_t context = 0; ///< window length incl. BOS; 0 = min(512, the model's maximum)
    int64_t limit = 0;   ///< evaluate only the first N windows (0 = all)
    int threads = 0;
    bool json = false;
};

/// True when DATA names a text file (.txt), which eval scores with a language model.
bool isTextData(const std::string& data);

/// Prints perplexity, mean NLL, tokens, seconds, tokens/s and a greedy sample (or JSON with
/// metric "perplexity", value, tokens, samples, seconds, throughput). Returns 0, or 1 after
/// printing "error: <where>: <what>".
int runTextEval(const TextEvalOptions& o);

} // namespace qb::cli
