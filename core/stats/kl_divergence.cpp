#include "core/stats/kl_divergence.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qb {

namespace {

// Stands in for Q = 0 where P > 0 (an end bin that only holds folded mass): a heavy but finite
// penalty.
constexpr double kEps = 1e-12;

double plogq(double p, double q) { return p * std::log(p / std::max(q, kEps)); }

} // namespace

double klDivergenceReference(std::span<const double> m, size_t begin, size_t end, int groups) {
    const size_t n = end - begin;
    double below = 0, above = 0, inside = 0, total = 0;
    for (size_t i = 0; i < m.size(); ++i) total += m[i];
    for (size_t i = 0; i < begin; ++i) below += m[i];
    for (size_t i = end; i < m.size(); ++i) above += m[i];
    for (size_t i = begin; i < end; ++i) inside += m[i];
    if (inside <= 0) return std::numeric_limits<double>::infinity();
    double kl = 0;
    for (int gi = 0; gi < groups; ++gi) {
        const size_t g0 = begin + n * size_t(gi) / size_t(groups), g1 = begin + n * size_t(gi + 1) / size_t(groups);
        double sum = 0;
        int nonEmpty = 0;
        for (size_t i = g0; i < g1; ++i) {
            sum += m[i];
            nonEmpty += m[i] > 0;
        }
        for (size_t i = g0; i < g1; ++i) {
            const double p = m[i] + (i == begin ? below : 0) + (i == end - 1 ? above : 0);
            if (p <= 0) continue;
            kl += plogq(p / total, m[i] > 0 ? sum / nonEmpty / inside : 0);
        }
    }
    return kl;
}

KlWindows::KlWindows(std::span<const double> mass)
    : m_(mass), mass_(mass.size() + 1, 0.0), massLogMass_(mass.size() + 1, 0.0), nonEmpty_(mass.size() + 1, 0) {
    for (size_t i = 0; i < mass.size(); ++i) {
        const double v = mass[i];
        mass_[i + 1] = mass_[i] + v;
        massLogMass_[i + 1] = massLogMass_[i] + (v > 0 ? v * std::log(v) : 0.0);
        nonEmpty_[i + 1] = nonEmpty_[i] + (v > 0);
    }
    total_ = mass_.back();
}

double KlWindows::operator()(size_t begin, size_t end, int groups) const {
    const double inside = mass_[end] - mass_[begin];
    if (inside <= 0) return std::numeric_limits<double>::infinity();
    const double below = mass_[begin], above = total_ - mass_[end], T = total_, logT = std::log(T);
    const size_t n = end - begin;
    // Sum over the window's non-empty bins of p log p - p log q with p = m / T, plus the
    // corrections of the two end bins, whose p also holds the folded mass.
    double kl = 0;
    for (int gi = 0; gi < groups; ++gi) {
        const size_t g0 = begin + n * size_t(gi) / size_t(groups), g1 = begin + n * size_t(gi + 1) / size_t(groups);
        const double sum = mass_[g1] - mass_[g0];
        if (sum <= 0) continue;
        const double q = sum / double(nonEmpty_[g1] - nonEmpty_[g0]) / inside;
        // sum_i (m_i/T)(log m_i - log T - log q) over the group's non-empty bins
        kl += ((massLogMass_[g1] - massLogMass_[g0]) - sum * (logT + std::log(q))) / T;
    }
    // The end bins: replace their plain term by the one with the folded mass.
    const auto qOf = [&](size_t i) {
        const size_t gi = (i - begin) * size_t(groups) / n; // candidate group; adjust for the split's rounding
        size_t g = std::min(gi, size_t(groups - 1));
        while (g > 0 && begin + n * g / size_t(groups) > i) --g;
        while (g + 1 < size_t(groups) && begin + n * (g + 1) / size_t(groups) <= i) ++g;
        const size_t g0 = begin + n * g / size_t(groups), g1 = begin + n * (g + 1) / size_t(groups);
        const double sum = mass_[g1] - mass_[g0];
        return m_[i] > 0 ? sum / double(nonEmpty_[g1] - nonEmpty_[g0]) / inside : 0.0;
    };
    const auto fix = [&](size_t i, double extra) {
        if (extra <= 0) return;
        const double q = qOf(i);
        if (m_[i] > 0) kl -= plogq(m_[i] / T, q);
        kl += plogq((m_[i] + extra) / T, q);
    };
    if (begin == end - 1) {
        fix(begin, below + above);
    } else {
        fix(begin, below);
        fix(end - 1, above);
    }
    return kl;
}

} // namespace qb
