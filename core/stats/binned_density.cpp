#include "core/stats/binned_density.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace qb {

BinnedDensity BinnedDensity::of(const Histogram& h, double min, double max) {
    if (h.counts.empty() || !std::isfinite(h.lo) || !std::isfinite(h.hi) || !(h.hi > h.lo))
        throw Error("histogram", "empty or with an invalid range");
    if (!(min <= max)) throw Error("histogram", "minimum above maximum");
    BinnedDensity d;
    d.lo = h.lo;
    d.width = h.binWidth();
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
    r.width = width;
    r.min = min <= 0 && max >= 0 ? 0 : std::min(std::fabs(min), std::fabs(max));
    r.max = std::max(std::fabs(min), std::fabs(max));
    r.mass.assign(size_t(std::ceil(r.max / width)) + 1, 0.0);
    const int64_t top = int64_t(r.mass.size()) - 1;
    // Spreads mass c uniform on [u, v) over the |x| bins it overlaps.
    auto spread = [&](double u, double v, double c) {
        int64_t k = std::clamp<int64_t>(int64_t(std::floor(u / width)), 0, top);
        if (!(v > u)) {
            r.mass[size_t(k)] += c;
            return;
        }
        for (; k <= top && double(k) * width < v; ++k) {
            const double overlap = std::min(v, double(k + 1) * width) - std::max(u, double(k) * width);
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
