// Statistics of one tensor's values: moments, a fixed-range histogram and per-channel ranges.
// Computed in parallel chunks; finite values only (NaN/Inf are counted separately).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/util/job.h"

namespace qb {

struct TensorStats {
    int64_t count = 0;         ///< finite values
    int64_t nanCount = 0;
    int64_t infCount = 0;
    double min = 0, max = 0, mean = 0, std = 0, absMax = 0;
    double kurtosis = 0;       ///< excess kurtosis (0 for a Gaussian); outlier-heavy layers are >> 0
    int64_t beyond6Sigma = 0;  ///< values with |x - mean| > 6 std
};

struct Histogram {
    double lo = 0, hi = 0;          ///< range covered by the bins; bin i is [lo + i*w, lo + (i+1)*w)
    std::vector<int64_t> counts;
    double binWidth() const { return counts.empty() ? 0 : (hi - lo) / double(counts.size()); }
};

struct TensorSummary {
    TensorStats stats;
    Histogram histogram;            ///< over [min, max] of the finite values
};

/// Moments plus a `bins`-bin histogram over [min, max]. Throws qb::Cancelled if cancelled.
TensorSummary summarize(std::span<const float> x, int bins = 2048, const JobContext* job = nullptr);

struct ChannelRanges {
    std::vector<float> min, max, absMax;
};

/// Min/max/abs-max per index along `axis` of a row-major tensor of `shape`.
ChannelRanges channelRanges(std::span<const float> x, std::span<const int64_t> shape, int axis);

} // namespace qb
