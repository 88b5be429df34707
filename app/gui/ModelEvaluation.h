// The Evaluate job: the pipeline's evaluation (fp32, or fp32 and quantized side by side) as rows
// of the Evaluation panel.
#pragma once
#include <memory>
#include <vector>

#include "app/gui/EvaluationSettings.h"
#include "core/domain/project.h"
#include "core/model/model.h"
#include "core/pipeline/model_runner.h"
#include "core/util/job.h"
#include "widgets/EvaluationRun.h"

namespace qb {

/// Images per batch when the model's batch dimension is free (as quantbench-cli eval).
inline constexpr int64_t kClassifierBatch = pipeline::kClassifierBatch;

/// Evaluates `model` on `settings.dataPath` (pipeline::evaluate). Throws qb::Error for bad data or
/// settings and qb::Cancelled when cancelled.
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
