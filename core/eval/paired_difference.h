// Two models scored on the same samples: the mean of their per-sample differences and its
// standard error, which is far smaller than either figure's own spread when the samples share
// most of their difficulty (as text windows do).
#pragma once
#include <cstdint>
#include <span>

namespace qb {

struct PairedDifference {
    double mean = 0;          ///< mean of a[k] - b[k]
    double standardError = 0; ///< sample standard deviation of a[k] - b[k] over sqrt(n)
    int64_t samples = 0;
};

/// Throws qb::Error when the two differ in length or hold fewer than 2 samples.
PairedDifference pairedDifference(std::span<const double> a, std::span<const double> b);

} // namespace qb
