// The KL(P || Q) of TensorRT's entropy calibration for windows of a histogram: P is the window
// [begin, end) with the mass outside it folded into its end bins; Q merges the window into
// `groups` runs of bins (one per quantization level) and spreads each run's mass evenly over its
// non-empty bins. The clip search evaluates hundreds of windows per histogram, so KlWindows
// answers each in O(groups) from prefix sums; klDivergenceReference() is the plain O(bins) sum.
#pragma once
#include <cstddef>
#include <span>
#include <vector>

namespace qb {

class KlWindows {
public:
    explicit KlWindows(std::span<const double> mass);
    /// Infinite when the window holds no mass. 0 < groups <= end - begin <= bins.
    double operator()(size_t begin, size_t end, int groups) const;

private:
    std::span<const double> m_;
    std::vector<double> mass_, massLogMass_; // prefix sums over bins (m log m for m > 0)
    std::vector<size_t> nonEmpty_;
    double total_ = 0;
};

double klDivergenceReference(std::span<const double> mass, size_t begin, size_t end, int groups);

} // namespace qb
