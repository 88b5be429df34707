// Classification metrics. Ties rank by index, as numpy.argmax does: the reference accuracies in
// ../shared were measured that way.
#pragma once
#include <cstdint>
#include <span>

namespace qb {

/// 0-based rank of `label` among `scores` (0 = top-1). Throws std::out_of_range if the label is
/// not a valid index.
int64_t labelRank(std::span<const float> scores, int64_t label);

struct TopKCounter {
    int64_t samples = 0, top1 = 0, top5 = 0;
    void add(std::span<const float> scores, int64_t label);
    double top1Rate() const { return samples ? double(top1) / double(samples) : 0.0; }
    double top5Rate() const { return samples ? double(top5) / double(samples) : 0.0; }
};

} // namespace qb
