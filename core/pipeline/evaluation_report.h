// One finished evaluation: what ran on what, with which settings, and the score (classifier
// accuracy or language-model perplexity with a greedy sample).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/eval/classifier_eval.h"
#include "core/eval/perplexity.h"

namespace qb::pipeline {

/// How to evaluate, beyond the data: how much of it, and (language models) the greedy sample.
struct EvaluateOptions {
    int64_t limit = 0;          ///< images, or text windows; 0 = all
    std::string prompt = {};    ///< the sample starts after BOS + prompt
    int64_t sampleTokens = 40;  ///< 0: no sample
};

struct EvaluationReport {
    std::string modelPath, dataPath;
    std::string variant;   ///< empty for a plain model, "fp32", or the quantization ("rtn · 4.25 bpw · W8A8")
    std::string settings;  ///< DataSpec::summary plus the limit
    std::optional<EvalResult> classifier;
    std::optional<PerplexityResult> language;
    int64_t context = 0;   ///< language models: window length incl. BOS
    std::string prompt, sample; ///< language models: the prompt and prompt + greedy continuation
    size_t activationLayers = 0; ///< layers run with quantized inputs (int8 kernels or fake-quant)

    /// Scored samples (images, or tokens), seconds of evaluation, and their ratio.
    int64_t samples() const;
    double seconds() const;
    double throughput() const;
};

} // namespace qb::pipeline
