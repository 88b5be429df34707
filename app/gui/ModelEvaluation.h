// The Evaluate job: runs the core's classifier or perplexity evaluation (and, for language
// models, a greedy sample) off the GUI thread, reporting "batch 12/40" or "window 30/250".
#pragma once
#include <memory>
#include <vector>

#include "app/gui/EvaluationSettings.h"
#include "core/eval/classifier_eval.h"
#include "core/formats/project_file.h"
#include "core/model/model.h"
#include "core/util/job.h"
#include "widgets/EvaluationRun.h"

namespace qb {

/// Images per batch when the model's batch dimension is free (as quantbench-cli eval).
inline constexpr int64_t kClassifierBatch = 256;

/// The image preprocessing of `s` (scale, mean, std, layout). Throws qb::Error for a bad number list.
Preprocess imagePreprocess(const EvaluationSettings& s);

/// Evaluates `model` on `settings.dataPath`: a language model (model->llama) on a UTF-8 text,
/// anything else as an image classifier on any dataset loadDataset() reads. Throws qb::Error for bad data or settings
/// and qb::Cancelled when cancelled.
EvaluationRun evaluateModel(const std::shared_ptr<const Model>& model, const EvaluationSettings& settings,
                            const JobContext& job);

/// The same on the quantized model: the project's weights applied, layers with an activation
/// grid running in int8 (images) or fake-quantized through the matmul input transform (text).
EvaluationRun evaluateQuantized(const std::shared_ptr<const Model>& model, const ProjectQuantization& quantization,
                                const EvaluationSettings& settings, const JobContext& job);

/// fp32 then quantized on the same data, for the Evaluation panel's side-by-side rows.
std::vector<EvaluationRun> evaluateSideBySide(const std::shared_ptr<const Model>& model,
                                              const ProjectQuantization& quantization,
                                              const EvaluationSettings& settings, const JobContext& job);

} // namespace qb
