// Label-free agreement between two runs of one classifier over the same samples (a reference,
// usually fp32, and a candidate, usually quantized): how far the candidate's outputs drift.
#pragma once
#include <cstdint>
#include <span>
#include <string>

namespace qb {

/// What the output rows hold. Auto looks at the reference rows: Probabilities when every value is
/// in [0,1] and every row sums to 1 (within 1e-3), LogProbabilities when every value is <= 0 and
/// every row's exp sums to 1 (within 1e-3), else Logits (a row of zeros counts as logits).
enum class OutputKind { Auto, Logits, Probabilities, LogProbabilities };

struct Agreement {
    int64_t samples = 0;
    OutputKind kind = OutputKind::Auto; ///< the interpretation used
    /// Mean over samples of KL(P_ref || P_cand) in nats, P from softmax of logits, the given
    /// probabilities (floored at 1e-12 inside the log) or exp of log-probabilities.
    double kl = 0;
    double top1Agreement = 0; ///< fraction of samples whose argmax agrees (ties: lowest index)
    /// 10*log10(sum ref^2 / sum (ref-cand)^2) over all raw values; +inf when identical.
    double sqnrDb = 0;
    /// Mean over samples of the cosine similarity of the raw rows (1 if both rows are zero, 0 if
    /// only one is).
    double cosine = 0;
};

/// `ref` and `cand` hold samples x classes values, row-major. Throws qb::Error(where, ...) when
/// their sizes differ, are empty or are not a multiple of `classes`.
Agreement compareOutputs(std::span<const float> ref, std::span<const float> cand, int64_t classes,
                         OutputKind kind = OutputKind::Auto, const std::string& where = "outputs");

} // namespace qb
