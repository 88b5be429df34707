// What eval, calibrate and quantize share about --data: the preprocessing options as parsed
// numbers, and one calibration run on images or text.
#pragma once
#include <string>
#include <vector>

#include "core/domain/calibration.h"
#include "core/eval/classifier_eval.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb::cli {

/// "0.5,0.25" -> {0.5, 0.25}; throws qb::Error(option, ...) for anything but numbers and commas.
std::vector<float> numberList(const std::string& option, const std::string& text);

/// The image preprocessing of --scale, --mean, --std and --layout.
struct ImageOptions {
    float scale = 1;
    std::string mean = "0", std = "1", layout;
    Preprocess preprocess() const;
    std::string summary() const; ///< as stored in a project's calibration settings
};

/// Calibrates `m` on `data` (a .txt file for language models, else images preprocessed as
/// `images` says) with settings `s`, whose dataPath and preprocessing it fills in.
Calibration calibrateOn(const Model& m, const std::string& data, const ImageOptions& images, CalibrationSettings s,
                        const JobContext& job);

} // namespace qb::cli
