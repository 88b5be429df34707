#include "core/eval/rank_correlation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace qb {

namespace {

std::vector<double> ranks(std::span<const double> v) {
    std::vector<size_t> order(v.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return v[x] < v[y]; });
    std::vector<double> r(v.size());
    for (size_t i = 0; i < order.size();) {
        size_t j = i + 1;
        while (j < order.size() && v[order[j]] == v[order[i]]) ++j;
        const double mean = 0.5 * double(i + j - 1); // ranks i..j-1 share their mean
        for (size_t k = i; k < j; ++k) r[order[k]] = mean;
        i = j;
    }
    return r;
}

} // namespace

double spearman(std::span<const double> a, std::span<const double> b) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (a.size() != b.size() || a.size() < 2) return nan;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::isnan(a[i]) || std::isnan(b[i])) return nan;
    const std::vector<double> ra = ranks(a), rb = ranks(b);
    const double n = double(a.size()), mean = (n - 1) / 2;
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < ra.size(); ++i) {
        sab += (ra[i] - mean) * (rb[i] - mean);
        saa += (ra[i] - mean) * (ra[i] - mean);
        sbb += (rb[i] - mean) * (rb[i] - mean);
    }
    return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : nan;
}

} // namespace qb
