#include "widgets/EvaluationRun.h"

namespace qb {

int64_t EvaluationRun::samples() const {
    if (classifier) {
        return classifier->counts.samples;
    }
    return language ? language->tokens : 0;
}

double EvaluationRun::seconds() const {
    if (classifier) {
        return classifier->seconds;
    }
    return language ? language->seconds : 0.0;
}

double EvaluationRun::throughput() const {
    const double s = seconds();
    return s > 0 ? double(samples()) / s : 0.0;
}

} // namespace qb
