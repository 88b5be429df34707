// Per-layer calibration statistics as the JSON `layers` list of `inspect PROJECT --json`
// (../shared/CLI.md).
#pragma once
#include <nlohmann/json.hpp>

#include "core/domain/calibration.h"

namespace qb {

/// One object per layer: name, kind, weight and activation, each with min, max, mean, std,
/// p99_9, p99_99 and clip_minmax / clip_percentile / clip_mse / clip_kl as {lo, hi, sqnr_db}.
nlohmann::json layersJson(const Calibration& c);

} // namespace qb
