// The run use case: a model, or a quantized project of it, on data; its raw outputs, so users can
// compare them with any other runtime.
#pragma once
#include <memory>

#include "core/domain/project.h"
#include "core/model/model.h"
#include "core/pipeline/data_spec.h"
#include "core/pipeline/model_runner.h"
#include "core/util/job.h"

namespace qb::pipeline {

/// The raw outputs (ModelRunner::outputs) of the first `limit` samples of `data` (0 = all), with
/// `quantization` applied when given; images run evaluationBatch() at a time where the model's
/// batch is free. Throws qb::Error, qb::Cancelled.
RawOutputs runModel(const std::shared_ptr<const Model>& model, const ProjectQuantization* quantization,
                    const DataSpec& data, int64_t limit, const JobContext& job);

} // namespace qb::pipeline
