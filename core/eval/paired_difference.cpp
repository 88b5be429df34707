#include "core/eval/paired_difference.h"

#include <cmath>
#include <string>

#include "core/util/error.h"

namespace qb {

PairedDifference pairedDifference(std::span<const double> a, std::span<const double> b) {
    if (a.size() != b.size() || a.size() < 2)
        throw Error("paired difference", "needs two lists of equal length of at least 2 samples, got " +
                                             std::to_string(a.size()) + " and " + std::to_string(b.size()));
    PairedDifference d;
    d.samples = int64_t(a.size());
    for (size_t k = 0; k < a.size(); ++k) d.mean += a[k] - b[k];
    d.mean /= double(a.size());
    double ss = 0;
    for (size_t k = 0; k < a.size(); ++k) ss += (a[k] - b[k] - d.mean) * (a[k] - b[k] - d.mean);
    d.standardError = std::sqrt(ss / double(a.size() - 1) / double(a.size()));
    return d;
}

} // namespace qb
