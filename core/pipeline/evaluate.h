// The evaluate use case: a model, or a quantized project of it, scored on data; side by side with
// fp32 when quantized.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/domain/project.h"
#include "core/model/model.h"
#include "core/pipeline/data_spec.h"
#include "core/pipeline/evaluation_report.h"
#include "core/util/job.h"

namespace qb::pipeline {

/// `model` as stored (quantization null) or with `quantization` applied, on `data`. The report's
/// variant names the quantization ("gptq · 4.25 bpw · W8A8"). Throws qb::Error, qb::Cancelled.
EvaluationReport evaluate(const std::shared_ptr<const Model>& model, const ProjectQuantization* quantization,
                          const DataSpec& data, const EvaluateOptions& options, const JobContext& job);

/// fp32 ("fp32") then quantized on the same data, each half of the progress.
std::vector<EvaluationReport> evaluateSideBySide(const std::shared_ptr<const Model>& model,
                                                 const ProjectQuantization& quantization, const DataSpec& data,
                                                 const EvaluateOptions& options, const JobContext& job);

/// A warning when `project`'s int8 activation ranges were calibrated on images prepared otherwise
/// than `data` prepares them (scale, mean, std): those ranges then clip other values and accuracy
/// drops with no error. Empty when they agree, for text, or without activation ranges.
std::string preparationMismatch(const Project& project, const Model& model, const DataSpec& data);

} // namespace qb::pipeline
