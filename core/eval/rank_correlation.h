// Spearman's rank correlation, for checking how well a cheap proxy orders layers like a measurement.
#pragma once
#include <span>

namespace qb {

/// Pearson correlation of the ranks of a and b (ties get their mean rank), in [-1, 1]; NaN when
/// the sizes differ, fewer than 2 values are given, or either side is constant. NaN values are
/// not allowed (they make the result NaN); infinities rank as the extremes.
double spearman(std::span<const double> a, std::span<const double> b);

} // namespace qb
