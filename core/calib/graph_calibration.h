// Calibration of an ONNX or Keras graph model on image data: the chosen samples run through the
// engine with a tap that feeds each quantizable layer's input activation to an observer.
#pragma once
#include "core/domain/calibration.h"
#include "core/datasets/image_dataset.h"
#include "core/datasets/preprocess.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb {

/// Runs settings.samples samples of `data` (chosen by settings.seed) preprocessed by `pre`.
/// Throws qb::Error when the data does not fit the model, qb::Cancelled when cancelled.
Calibration calibrateGraph(const Model& model, const ImageDataset& data, const Preprocess& pre,
                           const CalibrationSettings& settings, const JobContext& job = {});

} // namespace qb
