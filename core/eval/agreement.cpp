#include "core/eval/agreement.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/util/error.h"

namespace qb {

namespace {

OutputKind detect(std::span<const float> v, size_t classes) {
    bool probs = true, logProbs = true;
    for (size_t r = 0; r < v.size() / classes && (probs || logProbs); ++r) {
        double sum = 0, expSum = 0;
        for (size_t c = 0; c < classes; ++c) {
            const float x = v[r * classes + c];
            probs = probs && x >= 0.f && x <= 1.f;
            logProbs = logProbs && x <= 0.f;
            sum += x;
            expSum += std::exp(double(x));
        }
        probs = probs && std::fabs(sum - 1.0) <= 1e-3;
        logProbs = logProbs && std::fabs(expSum - 1.0) <= 1e-3;
    }
    return probs ? OutputKind::Probabilities : logProbs ? OutputKind::LogProbabilities : OutputKind::Logits;
}

// Natural-log probabilities of one row under the chosen interpretation.
void logProbsOf(std::span<const float> row, OutputKind kind, std::vector<double>& out) {
    out.resize(row.size());
    if (kind == OutputKind::Probabilities) {
        for (size_t c = 0; c < row.size(); ++c) out[c] = std::log(std::max(double(row[c]), 1e-12));
    } else if (kind == OutputKind::LogProbabilities) {
        for (size_t c = 0; c < row.size(); ++c) out[c] = row[c];
    } else { // stable log-softmax
        const double m = *std::max_element(row.begin(), row.end());
        double s = 0;
        for (const float x : row) s += std::exp(double(x) - m);
        const double lse = m + std::log(s);
        for (size_t c = 0; c < row.size(); ++c) out[c] = double(row[c]) - lse;
    }
}

} // namespace

Agreement compareOutputs(std::span<const float> ref, std::span<const float> cand, int64_t classes, OutputKind kind,
                         const std::string& where) {
    if (classes <= 0 || ref.empty() || ref.size() != cand.size() || ref.size() % size_t(classes) != 0)
        throw Error(where, "cannot compare " + std::to_string(ref.size()) + " with " + std::to_string(cand.size()) +
                               " output values in rows of " + std::to_string(classes));
    const size_t C = size_t(classes), N = ref.size() / C;
    Agreement a;
    a.samples = int64_t(N);
    a.kind = kind == OutputKind::Auto ? detect(ref, C) : kind;
    std::vector<double> lp, lq;
    double kl = 0, cosine = 0, signal = 0, noise = 0;
    int64_t agree = 0;
    for (size_t r = 0; r < N; ++r) {
        const auto p = ref.subspan(r * C, C), q = cand.subspan(r * C, C);
        logProbsOf(p, a.kind, lp);
        logProbsOf(q, a.kind, lq);
        double rowKl = 0, dot = 0, pp = 0, qq = 0;
        for (size_t c = 0; c < C; ++c) {
            rowKl += std::exp(lp[c]) * (lp[c] - lq[c]);
            dot += double(p[c]) * q[c];
            pp += double(p[c]) * p[c];
            qq += double(q[c]) * q[c];
            noise += (double(p[c]) - q[c]) * (double(p[c]) - q[c]);
        }
        kl += rowKl;
        signal += pp;
        cosine += pp == 0 && qq == 0 ? 1.0 : pp == 0 || qq == 0 ? 0.0 : dot / std::sqrt(pp * qq);
        agree += std::max_element(p.begin(), p.end()) - p.begin() == std::max_element(q.begin(), q.end()) - q.begin();
    }
    a.kl = kl / double(N);
    a.cosine = cosine / double(N);
    a.top1Agreement = double(agree) / double(N);
    a.sqnrDb = noise == 0 ? std::numeric_limits<double>::infinity() : 10.0 * std::log10(signal / noise);
    return a;
}

} // namespace qb
