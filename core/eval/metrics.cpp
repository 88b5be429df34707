#include "core/eval/metrics.h"

#include <stdexcept>
#include <string>

namespace qb {

int64_t labelRank(std::span<const float> scores, int64_t label) {
    if (label < 0 || label >= int64_t(scores.size()))
        throw std::out_of_range("label " + std::to_string(label) + " is outside the model's " +
                                std::to_string(scores.size()) + " classes");
    const float s = scores[size_t(label)];
    int64_t rank = 0;
    for (size_t k = 0; k < scores.size(); ++k)
        if (scores[k] > s || (scores[k] == s && int64_t(k) < label)) ++rank;
    return rank;
}

void TopKCounter::add(std::span<const float> scores, int64_t label) {
    const int64_t r = labelRank(scores, label);
    ++samples;
    top1 += r == 0;
    top5 += r < 5;
}

} // namespace qb
