#include "widgets/SensitivityRanks.h"

#include <algorithm>
#include <vector>

namespace qb {

std::string referenceScheme(const ProjectSensitivity& sensitivity) {
    for (const SensitivityEntry& e : sensitivity.entries)
        if (e.scheme.rfind("int4", 0) == 0) return "int4";
    std::map<std::string, std::pair<double, int>> sums;
    for (const SensitivityEntry& e : sensitivity.entries) {
        auto& [sum, count] = sums[e.scheme];
        sum += e.kl;
        ++count;
    }
    std::string worst;
    double worstMean = -1;
    for (const auto& [scheme, s] : sums)
        if (s.first / s.second > worstMean) {
            worstMean = s.first / s.second;
            worst = scheme;
        }
    return worst;
}

const SensitivityEntry* referenceEntry(const ProjectSensitivity& sensitivity, const std::string& layer,
                                       const std::string& reference) {
    for (const SensitivityEntry& e : sensitivity.entries)
        if (e.layer == layer && e.scheme.rfind(reference, 0) == 0) return &e;
    return nullptr;
}

std::map<std::string, double> sensitivityShades(const ProjectSensitivity& sensitivity, const std::string& reference) {
    std::vector<std::pair<double, std::string>> kls;
    for (const SensitivityEntry& e : sensitivity.entries)
        if (e.scheme.rfind(reference, 0) == 0 && referenceEntry(sensitivity, e.layer, reference) == &e)
            kls.emplace_back(e.kl, e.layer);
    std::sort(kls.begin(), kls.end());
    std::map<std::string, double> shades;
    const auto n = double(kls.size());
    for (size_t i = 0; i < kls.size(); ++i) {
        size_t top = i; // the last of the layers tied with this one
        while (top + 1 < kls.size() && kls[top + 1].first == kls[i].first) ++top;
        shades[kls[i].second] = double(top + 1) / n;
    }
    return shades;
}

} // namespace qb
