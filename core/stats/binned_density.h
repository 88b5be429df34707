// A histogram read as a piecewise-uniform density, the common ground of percentiles and clip search.
#pragma once
#include <utility>
#include <vector>

#include "core/stats/tensor_stats.h"

namespace qb {

/// mass[i] is spread evenly over bin i = [lo + i*width, lo + (i+1)*width) cut to [min, max], the
/// exact extremes of the data when known (they sharpen the first and last occupied bins).
struct BinnedDensity {
    double lo = 0, width = 1;
    double min = 0, max = 0;
    std::vector<double> mass;

    /// `min`/`max` are clamped into the histogram's range. Throws qb::Error on an invalid histogram.
    static BinnedDensity of(const Histogram& h, double min, double max);

    double total() const;
    /// Bin i's support: its edges cut to [min, max] (may be empty: first > second).
    std::pair<double, double> bin(size_t i) const;
    /// The density of |x| with bins [k*W, (k+1)*W): W is width times the smallest power of two
    /// that makes [0, max|x|] at most max(bins, kMinAbsBins) bins (W = width unless the data lie
    /// in a narrow range far from zero). When 0 is a bin edge each bin folds whole onto one |x|
    /// bin (bin [-(k+1)w, -kw) onto [kw, (k+1)w) at W = w); otherwise mass is split.
    BinnedDensity abs() const;
    static constexpr size_t kMinAbsBins = 2048;
    /// The q-quantile, interpolated within the bin holding the nearest-rank quantile.
    double quantile(double q) const;
    /// Index one past the last bin with mass (0 if empty).
    size_t occupiedEnd() const;
};

} // namespace qb
