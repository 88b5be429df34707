// How calibration turns what it saw into per-layer records: sample choice, weight and activation
// summaries with their clip thresholds.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/domain/calibration.h"
#include "core/model/model.h"
#include "core/stats/clip_search.h"
#include "core/stats/tensor_stats.h"
#include "core/util/job.h"

namespace qb {

/// `count` distinct indices below `population`, chosen by `seed` (same inputs, same choice), in
/// increasing order; all of them when count >= population.
std::vector<int64_t> chooseSamples(int64_t population, int64_t count, uint64_t seed);

/// Weight summary and symmetric clip thresholds.
ValueStats weightStats(std::span<const float> w, const CalibrationSettings& s);
/// Activation summary from a streaming observer; asymmetric thresholds when the activation is
/// never negative (after ReLU), symmetric otherwise.
ValueStats activationStats(const ActivationObserver& obs, const CalibrationSettings& s);
/// One layer's record: its weight's stats and those of the activation `obs` saw entering it.
LayerStats layerStats(const TensorEntry& weight, const ActivationObserver& obs, const CalibrationSettings& s);
/// layerStats() of every (weights[i], observers[i]), the layers shared out over qb::threadCount()
/// threads (the clip searches are the costly part of a small model's calibration). Throws
/// qb::Cancelled when job is cancelled.
std::vector<LayerStats> layerStats(std::span<const TensorEntry* const> weights,
                                   std::span<const ActivationObserver* const> observers, const CalibrationSettings& s,
                                   const JobContext& job);

} // namespace qb
