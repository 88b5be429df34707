// Calibration results: per quantizable layer, statistics and clip thresholds of its weight and of
// the activation that enters it, gathered by running a few samples through the fp32 model.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/stats/clip_search.h"
#include "core/stats/tensor_stats.h"

namespace qb {

/// Summary of one tensor's values (a weight, or an activation over all calibration samples).
struct ValueStats {
    int64_t count = 0;          ///< finite values seen
    double min = 0, max = 0, mean = 0, std = 0;
    double p99_9 = 0, p99_99 = 0; ///< quantiles of the values (not of |x|)
    /// MinMax, Percentile, Mse, Kl in that order (ClipMethod order), at CalibrationSettings::bits.
    std::array<ClipResult, 4> clips{};
    Histogram histogram;
};

struct LayerStats {
    std::string name;           ///< the weight tensor's name in the model
    std::string kind;           ///< its TensorEntry::kind
    ValueStats weight, activation;
    std::vector<float> channelAbsMax; ///< of the activation, along its channel axis
};

struct CalibrationSettings {
    std::string dataPath;
    int64_t samples = 64;       ///< images, or text windows
    uint64_t seed = 0;          ///< chooses which samples
    int64_t context = 0;        ///< text windows: tokens incl. BOS
    int bits = 8;               ///< clip thresholds' bit-width
    double percentile = 0.9999; ///< the percentile clip method's quantile
    std::string preprocessing;  ///< how the samples were prepared, as text (for the record)
};

struct Calibration {
    CalibrationSettings settings;
    int64_t samplesUsed = 0;
    std::vector<LayerStats> layers; ///< quantizable layers in execution order
};

} // namespace qb
