#include "core/quant/gptq.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <oneapi/dnnl/dnnl.h>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "core/quant/dense_factor.h"
#include "core/quant/integer_grid.h"
#include "core/quant/methods.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::quant {

namespace {

using MatD = Eigen::MatrixXd;

// Which group element (r, c) of the [rows, cols] matrix is in.
struct GroupIndex {
    Granularity granularity;
    int64_t group, groupsPerRow;
    GroupIndex(const Scheme& s, int64_t cols)
        : granularity(s.granularity), group(s.group), groupsPerRow(s.granularity == Granularity::Group ? cols / s.group : 1) {}
    int64_t operator()(int64_t r, int64_t c) const {
        return granularity == Granularity::Tensor    ? 0
               : granularity == Granularity::Channel ? r
                                                     : r * groupsPerRow + c / group;
    }
};

// The upper triangular U with H^-1 = U^T U, whose row j holds the weights GPTQ spreads column j's
// error with. With J the reversal permutation, the Cholesky factor L of J H J gives H = V V^T for
// the upper triangular V = J L J, hence H^-1 = V^-T V^-1 and U = V^-1: one Cholesky and one
// triangular inverse, H^-1 itself is never formed. In float (as GPTQ is usually run; the
// dampening keeps H well conditioned). Empty when H is not positive definite.
std::optional<RowMatF> upperCholeskyOfInverse(const MatD& h) {
    // h is symmetric, so its column-major storage read row-major is h itself: a contiguous copy,
    // where a column-major to row-major cast would stride through memory.
    using RowMatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    RowMatF a = Eigen::Map<const RowMatD>(h.data(), h.rows(), h.cols()).reverse().cast<float>();
    if (!choleskyLower(a)) return std::nullopt;
    RowMatF v = a.reverse();
    invertUpper(v);
    return v;
}

// Columns rounded one by one between two sgemm updates when grids are known up front.
constexpr int64_t kSubBlock = 64;

// For dynamic group grids: a sub-block that holds whole groups, or that whole sub-blocks tile one
// group, so that no group's first column falls inside a sub-block it extends beyond.
int64_t subBlockFor(int64_t group) {
    if (group <= kSubBlock) return kSubBlock / group * group;
    for (int64_t d = 2 * kSubBlock; d >= 16; --d)
        if (group % d == 0) return d;
    return group;
}

[[noreturn]] void scaleOverflow(std::string_view tensor, const Scheme& s, int64_t group) {
    throw Error(std::string(tensor), (group < 0 ? std::string("the tensor's super-scale") : "group " + std::to_string(group)) +
                                         " needs a scale beyond fp16 (" + s.name + ")");
}

} // namespace

QuantizedTensor quantizeGptq(const Scheme& requested, std::span<const float> w, int64_t rows, int64_t cols,
                             const LayerInputs& inputs, std::string_view tensor, const GptqOptions& opt,
                             const JobContext& job) {
    const std::string name(tensor);
    uint64_t count = 0;
    if (rows < 0 || cols < 0 || __builtin_mul_overflow(uint64_t(rows), uint64_t(cols), &count) || count != w.size())
        throw Error(name, "has " + std::to_string(w.size()) + " weights but shape " + std::to_string(rows) + " x " +
                              std::to_string(cols));
    for (size_t i = 0; i < w.size(); ++i)
        if (!std::isfinite(w[i]))
            throw Error(name, "weight " + std::to_string(i) + " (row " + std::to_string(i / uint64_t(cols)) +
                                  ", column " + std::to_string(i % uint64_t(cols)) + ") is " +
                                  (std::isnan(w[i]) ? "NaN" : "infinite") + "; cannot quantize");
    const Scheme& s = resolve(requested, cols);
    // The method table's rule (methods.h), also checked when a plan is resolved; float types are
    // refused here too, since there is nothing to round.
    if (s.kind == SchemeKind::Float || !findMethod("gptq")->accepts(s.kind))
        throw Error(name, "GPTQ needs an integer scheme; " + s.name + " is a " +
                              (s.kind == SchemeKind::Ggml ? "ggml block format" : "float type") + " (use RTN)");
    if (inputs.cols() != cols)
        throw Error(name, "calibration inputs have " + std::to_string(inputs.cols()) + " channels but the weight has " +
                              std::to_string(cols) + " columns");
    if (inputs.rowsSeen() == 0) throw Error(name, "GPTQ needs calibration inputs; none were collected");
    if (!(opt.dampening >= 0) || !std::isfinite(opt.dampening) || opt.blockSize < 1)
        throw Error(name, "GPTQ options need dampening >= 0 and a block size >= 1");
    const auto bytes = sizeBytes(s, rows, cols);
    if (!bytes) throw Error(name, "shape " + std::to_string(rows) + " x " + std::to_string(cols) + " is too large for " + s.name);
    QuantizedTensor q{&s, rows, cols, std::vector<uint8_t>(*bytes, 0)};
    if (count == 0) return q;

    const int64_t n = cols;
    const IntLayout layout = intLayout(s, rows, cols);
    const GroupIndex groupOf(s, cols);
    const Codes range = codeRange(s);
    const ClipSearch search{opt.clipSearch, opt.minShrink, opt.shrinkStep};
    RowMatF W = Eigen::Map<const RowMatF>(w.data(), rows, cols);

    // H = 2/m X^T X. An input channel that was always zero has no effect on the objective: its
    // weights are zeroed and its diagonal set to 1 so that H stays invertible.
    MatD H = Eigen::Map<const MatD>(inputs.gram().data(), n, n) * (2.0 / double(inputs.rowsSeen()));
    for (int64_t i = 0; i < n; ++i) {
        if (H(i, i) == 0) {
            H(i, i) = 1;
            W.col(i).setZero();
        }
    }

    // Grids known before the sweep: per tensor and per channel always, and groups under act-order
    // ("static groups", from the weights before any error is spread). Otherwise a group's grid is
    // taken when the sweep reaches its first column, from the weights updated so far.
    const bool staticGrids = s.granularity != Granularity::Group || opt.actOrder;
    // 8-bit scales: one super-scale from the weights before the sweep; a dynamic group whose
    // updated weights outgrow it takes the largest code and clips.
    const float super = superScale(s, std::span<const float>(W.data(), count), layout.groupLen);
    if (!std::isfinite(super)) scaleOverflow(tensor, s, -1);
    std::vector<Grid> grids(size_t(layout.groups));
    if (staticGrids) {
        for (uint64_t g = 0; g < layout.groups; ++g) {
            const uint64_t at = g * layout.groupLen; // row-major: a group is a contiguous run
            grids[g] = searchGrid(s, std::span<const float>(W.data() + at, layout.groupLen), search, super);
            if (!std::isfinite(grids[g].scale)) scaleOverflow(tensor, s, int64_t(g));
        }
    }

    std::vector<int64_t> perm(static_cast<size_t>(n));
    std::iota(perm.begin(), perm.end(), 0);
    if (opt.actOrder) {
        std::stable_sort(perm.begin(), perm.end(), [&](int64_t a, int64_t b) { return H(a, a) > H(b, b); });
        // Column j of the permuted problem is original column perm[j].
        RowMatF wp(rows, n);
        MatD hp(n, n);
        for (int64_t j = 0; j < n; ++j) {
            wp.col(j) = W.col(perm[size_t(j)]);
            for (int64_t i = 0; i < n; ++i) hp(i, j) = H(perm[size_t(i)], perm[size_t(j)]);
        }
        W = std::move(wp);
        H = std::move(hp);
    }
    H.diagonal().array() += opt.dampening * H.diagonal().mean();

    job.checkCancel();
    job.report(0, "GPTQ " + name + ": inverting the Hessian");
    const auto u = upperCholeskyOfInverse(H);
    if (!u)
        throw Error(name, "the Hessian of the calibration inputs is not positive definite even with dampening " +
                              std::to_string(opt.dampening) + "; raise the dampening");
    H.resize(0, 0);
    const RowMatF& U = *u;

    // Two levels of lazy batching. Inside a sub-block each rounding error is spread at once over
    // the sub-block's later columns (per row, vector loops); at a sub-block's end its errors reach
    // the rest of the block in one sgemm, and at a block's end the block's errors reach all later
    // columns in one sgemm with an inner dimension of `block` (the bulk of the flops: a wide inner
    // dimension reads and writes the trailing weights block/sub times less often). A dynamic group
    // grid is taken from its weights when the sweep reaches them, so every update they are due
    // must have landed: groups never straddle a block, nor a sub-block start inside them.
    const int64_t sub = staticGrids ? kSubBlock : subBlockFor(s.group);
    const int64_t unit = staticGrids ? sub : std::max(sub, s.group); // sub | group or group | sub
    const int64_t block = std::max(unit, opt.blockSize / unit * unit);
    std::vector<uint8_t> codes(count);
    RowMatF err(rows, std::min(block, n));
    std::atomic<int64_t> overflowGroup{-1};
    const auto update = [&](int64_t m, int64_t cols, int64_t k, const float* e, const float* u, float* w) {
        // Row-major: w[m, cols] -= e[m, k] * u[k, cols], leading dimensions err's and n.
        const dnnl_status_t st = dnnl_sgemm('N', 'N', m, cols, k, -1.f, e, err.cols(), u, n, 1.f, w, n);
        if (st != dnnl_success) throw Error(name, "oneDNN sgemm failed in the GPTQ update (status " + std::to_string(int(st)) + ")");
    };
    for (int64_t i1 = 0; i1 < n; i1 += block) {
        job.checkCancel();
        const int64_t i2 = std::min(i1 + block, n);
        for (int64_t s1 = i1; s1 < i2; s1 += sub) {
            const int64_t s2 = std::min(s1 + sub, i2), width = s2 - s1;
            // Rows are independent inside a sub-block: each row's columns are rounded in turn.
            parallelRanges(rows, std::max<int64_t>(1, (int64_t(1) << 20) / (width * width)), [&](int, int64_t b, int64_t e) {
                for (int64_t r = b; r < e; ++r) {
                    float* wr = W.data() + r * n;
                    float* er = err.data() + r * err.cols() - i1;
                    for (int64_t j = s1; j < s2; ++j) {
                        const int64_t c = perm[size_t(j)];
                        const int64_t g = groupOf(r, c);
                        Grid& grid = grids[size_t(g)];
                        if (!staticGrids && c % s.group == 0) {
                            grid = searchGrid(s, std::span<const float>(wr + j, size_t(s.group)), search, super); // j == c here
                            if (!std::isfinite(grid.scale)) {
                                overflowGroup.store(g);
                                return;
                            }
                        }
                        const int code = codeOf(wr[j], grid, range);
                        codes[size_t(r * n + c)] = uint8_t(code);
                        const float e = (wr[j] - float(code - grid.zero) * grid.scale) / U(j, j);
                        er[j] = e;
                        const float* ur = U.data() + j * n;
                        for (int64_t k = j + 1; k < s2; ++k) wr[k] -= e * ur[k];
                    }
                }
            });
            if (overflowGroup.load() >= 0) scaleOverflow(tensor, s, overflowGroup.load());
            if (s2 < i2) update(rows, i2 - s2, width, err.data() + (s1 - i1), U.data() + s1 * n + s2, W.data() + s2);
        }
        // oneDNN's sgemm (runtime-dispatched AVX2/AVX-512) rather than Eigen's, which is built for
        // the baseline ISA.
        if (i2 < n) update(rows, n - i2, i2 - i1, err.data(), U.data() + i1 * n + i2, W.data() + i2);
        job.report(double(i2) / double(n), "GPTQ " + name + ": " + std::to_string(i2) + "/" + std::to_string(n) + " columns");
    }
    packInteger(s, layout, grids, [&](uint64_t i) { return codes[i]; }, q.bytes.data(), super);
    return q;
}

} // namespace qb::quant
