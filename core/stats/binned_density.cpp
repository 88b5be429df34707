#include "core/stats/binned_density.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace qb {

BinnedDensity BinnedDensity::of(const Histogram& h, double min, double max) {
    if (h.counts.empty() || !std::isfinite(h.lo) || !std::isfinite(h.hi) || !(h.hi > h.lo))
        throw Error("histogram", "empty or with an invalid range");
    if (!(min <= max)) throw Error("histogram", "minimum above maximum, or not a number");
    BinnedDensity d;
    d.lo = h.lo;
    d.width = h.binWidth();
    if (!(d.width > 0) || !std::isfinite(d.width))
        throw Error("histogram", "bin width of [" + std::to_string(h.lo) + ", " + std::to_string(h.hi) + "] over " +
                                     std::to_string(h.counts.size()) + " bins is 0 or not finite");
    d.min = std::clamp(min, h.lo, h.hi);
    d.max = std::clamp(max, h.lo, h.hi);
    d.mass.assign(h.counts.begin(), h.counts.end());
    return d;
}

double BinnedDensity::total() const {
    double t = 0;
    for (double m : mass) t += m;
    return t;
}

std::pair<double, double> BinnedDensity::bin(size_t i) const {
    const double a = lo + double(i) * width;
    return {std::max(a, min), std::min(a + width, max)};
}

size_t BinnedDensity::occupiedEnd() const {
    size_t e = mass.size();
    while (e > 0 && mass[e - 1] <= 0) --e;
    return e;
}

BinnedDensity BinnedDensity::abs() const {
    BinnedDensity r;
    r.lo = 0;
    r.min = min <= 0 && max >= 0 ? 0 : std::min(std::fabs(min), std::fabs(max));
    r.max = std::max(std::fabs(min), std::fabs(max));
    // [0, max] in bins of the signed width can be far more bins than the signed histogram has
    // when the data lie far from zero in a narrow range (a constant: 2^23 bins of an observer),
    // and every search over |x| is linear in them. Doubling the width keeps the count at most
    // that of the signed histogram (or kMinAbsBins), and each signed bin still within one bin.
    const double cap = double(std::max(mass.size(), kMinAbsBins));
    r.width = width;
    while (std::ceil(r.max / r.width) + 1 > cap) r.width *= 2;
    const double w = r.width;
    r.mass.assign(size_t(std::ceil(r.max / w)) + 1, 0.0);
    const int64_t top = int64_t(r.mass.size()) - 1;
    // Spreads mass c uniform on [u, v) over the |x| bins it overlaps.
    auto spread = [&](double u, double v, double c) {
        auto k = int64_t(std::clamp(std::floor(u / w), 0.0, double(top)));
        if (!(v > u)) {
            r.mass[size_t(k)] += c;
            return;
        }
        for (; k <= top && double(k) * w < v; ++k) {
            const double overlap = std::min(v, double(k + 1) * w) - std::max(u, double(k) * w);
            if (overlap > 0) r.mass[size_t(k)] += c * overlap / (v - u);
        }
    };
    for (size_t i = 0; i < mass.size(); ++i) {
        if (mass[i] <= 0) continue;
        auto [a, b] = bin(i);
        if (a > b) a = b = std::clamp(lo + double(i) * width, min, max); // outside the support
        if (a >= 0) {
            spread(a, b, mass[i]);
        } else if (b <= 0) {
            spread(-b, -a, mass[i]);
        } else {
            spread(0, -a, mass[i] * -a / (b - a));
            spread(0, b, mass[i] * b / (b - a));
        }
    }
    r.mass.resize(std::max<size_t>(1, r.occupiedEnd()));
    return r;
}

double BinnedDensity::quantile(double q) const {
    const double total = this->total();
    if (total <= 0) return 0;
    const double target = std::clamp(q, 0.0, 1.0) * total;
    double cum = 0;
    for (size_t i = 0; i < mass.size(); ++i) {
        if (mass[i] <= 0) continue;
        if (cum + mass[i] >= target) {
            auto [a, b] = bin(i);
            if (a > b) return std::clamp(lo + double(i) * width, min, max);
            return a + (b - a) * std::clamp((target - cum) / mass[i], 0.0, 1.0);
        }
        cum += mass[i];
    }
    return max;
}

} // namespace qb
