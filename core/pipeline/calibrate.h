// The calibrate use case: a model and data in, a project with per-layer statistics out.
#pragma once
#include <memory>

#include "core/domain/project.h"
#include "core/model/model.h"
#include "core/pipeline/data_spec.h"
#include "core/util/job.h"

namespace qb::pipeline {

/// A new project of `model` (newProject) holding its calibration on `data` with `settings`
/// (samples, seed, clip bits). Throws qb::Error for data the model cannot take, qb::Cancelled.
Project calibrate(const std::shared_ptr<const Model>& model, const DataSpec& data, const CalibrationSettings& settings,
                  const JobContext& job);

} // namespace qb::pipeline
