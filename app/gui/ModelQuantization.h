// The Quantize job: resolves a plan (uniform settings or a plan file) against the model and runs
// the core quantizers off the GUI thread, returning the project with its quantization.
#pragma once
#include <QString>
#include <memory>

#include "core/formats/project_file.h"
#include "core/model/model.h"
#include "core/quant/plan.h"
#include "core/util/job.h"

namespace qb {

/// What Model > Quantize… asks for: a plan file, or the uniform settings of `quantize --bits`.
struct QuantizationRequest {
    QString planPath;              ///< non-empty: this plan file, `settings` unused
    quant::PlanSettings settings;  ///< bits, group, symmetric, method, act_bits
    int64_t samples = 64;          ///< calibration text windows for GPTQ/AWQ/SmoothQuant
};

/// Quantizes `model` as quantbench-cli quantize does, on top of `base` (the open project, or null:
/// a new project of the model). Activation ranges (act_bits) come from the project's calibration;
/// GPTQ, AWQ and SmoothQuant collect their inputs on the calibration's text. Throws qb::Error
/// (asking to calibrate first where that is missing) and qb::Cancelled.
Project quantizeModelJob(const std::shared_ptr<const Model>& model, const std::shared_ptr<const Project>& base,
                         const QuantizationRequest& request, const JobContext& job);

} // namespace qb
