// The quantize use case: a model (and maybe its project) and a plan in, the quantized project out.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/project.h"
#include "core/model/model.h"
#include "core/pipeline/data_spec.h"
#include "core/quant/plan.h"
#include "core/util/job.h"

namespace qb::pipeline {

struct QuantizeRequest {
    quant::Plan plan;
    std::string planSource;  ///< what plan errors name: the plan file, or the options it came from
    /// Calibration data, used when the plan needs activation ranges the project lacks, and as the
    /// text of GPTQ/AWQ/SmoothQuant; an empty path means the project's calibration data.
    DataSpec data;
    CalibrationSettings calibration; ///< samples and seed of that calibration and of the layer inputs
};

struct QuantizeResult {
    Project project;
    std::vector<quant::LayerPlan> layers; ///< the resolved plan, one entry per quantizable layer
};

/// Resolves the plan against the model before any work (every problem in one qb::Error), then
/// quantizes on top of `base` (its calibration is reused; its quantization replaced) or a new
/// project. Calibrates first when activation ranges are needed and missing. Reports "layer k/n:
/// METHOD" per layer. Throws qb::Error (naming what data is missing) and qb::Cancelled.
QuantizeResult quantize(const std::shared_ptr<const Model>& model, std::optional<Project> base,
                        const QuantizeRequest& request, const JobContext& job);

} // namespace qb::pipeline
