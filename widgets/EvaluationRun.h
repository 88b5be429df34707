// One finished evaluation as the Evaluation panel shows it: what ran on what, with which
// settings, and the core's result (classifier accuracy or language-model perplexity).
#pragma once
#include <QString>
#include <optional>

#include "core/eval/classifier_eval.h"
#include "core/eval/perplexity.h"

namespace qb {

struct EvaluationRun {
    QString modelPath;
    QString variant;                         ///< empty or "fp32", or what the quantized run used
    QString dataPath;
    QString settings;                        ///< short summary: "limit 500, scale 0.00392"
    std::optional<EvalResult> classifier;    ///< set for classifier runs
    std::optional<PerplexityResult> language; ///< set for language-model runs
    int64_t context = 0;                     ///< language models: window length incl. BOS
    QString prompt;                          ///< language models: the sample's prompt (may be empty)
    QString sample;                          ///< language models: prompt + greedy continuation

    /// Scored samples (classifier images, or language-model tokens) and seconds of evaluation.
    int64_t samples() const;
    double seconds() const;
    /// Samples or tokens per second.
    double throughput() const;
};

} // namespace qb
