// The Calibrate job: runs the core's graph or language-model calibration off the GUI thread and
// returns an unsaved project (model path and hash, settings, per-layer statistics).
#pragma once
#include <cstdint>
#include <memory>

#include "app/gui/EvaluationSettings.h"
#include "core/formats/project_file.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb {

/// What Model > Calibrate… asks for. The data path and image preprocessing are shared with
/// Evaluate (one remembered set per model); the rest is calibration's own.
struct CalibrationRequest {
    EvaluationSettings data;  ///< dataPath, and scale/mean/std/layout for images
    int64_t samples = 64;     ///< images, or text windows
    uint64_t seed = 0;
    int64_t context = 0;      ///< text windows incl. BOS; 0: min(512, the model's maximum)
    int bits = 8;             ///< bit-width of the clip thresholds
};

/// Calibrates `model` as quantbench-cli calibrate does. Throws qb::Error for bad data or settings
/// and qb::Cancelled when cancelled.
Project calibrateModel(const std::shared_ptr<const Model>& model, const CalibrationRequest& request,
                       const JobContext& job);

} // namespace qb
