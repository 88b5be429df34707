#include "core/quant/gram_factor.h"

#include <Eigen/Core>
#include <oneapi/dnnl/dnnl.h>
#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::quant {

namespace {

// Below this fraction of the trace the remaining diagonal is at the level of the float rounding in
// the gram's sums (LayerInputs adds float products), and further pivots would factor that noise.
constexpr double kNegligible = 1e-6;
// Gram columns per product of exactQuadraticForm: bounds its float panel (cols x 512).
constexpr int64_t kPanel = 512;

} // namespace

GramFactor::GramFactor(const std::vector<double>& gram, int64_t cols, int64_t rank)
    : cols_(cols), residual_(size_t(cols)) {
    if (cols <= 0 || rank <= 0 || gram.size() != size_t(cols) * size_t(cols))
        throw Error("layer inputs", "no gram factor of rank " + std::to_string(rank) + " for width " + std::to_string(cols));
    rank = std::min(rank, cols);
    double trace = 0;
    for (int64_t j = 0; j < cols; ++j) trace += residual_[size_t(j)] = gram[size_t(j * cols + j)];
    // Column t of L is (G[:, p] - L[:, :t] L[p, :t]^T) / sqrt(r_p) for the pivot p with the largest
    // residual r_p; r then loses L[:, t]^2. G is symmetric, so its column p is the contiguous row p.
    Eigen::MatrixXd l(cols, rank);
    for (int64_t t = 0; t < rank; ++t) {
        const int64_t p = std::max_element(residual_.begin(), residual_.end()) - residual_.begin();
        const double pivot = residual_[size_t(p)];
        if (!(pivot > kNegligible * trace)) break;
        auto col = l.col(t);
        col = Eigen::Map<const Eigen::VectorXd>(gram.data() + p * cols, cols);
        if (t > 0) col.noalias() -= l.leftCols(t) * l.row(p).head(t).transpose();
        col /= std::sqrt(pivot);
        for (int64_t j = 0; j < cols; ++j)
            residual_[size_t(j)] = std::max(0.0, residual_[size_t(j)] - col(j) * col(j));
        residual_[size_t(p)] = 0;
        rank_ = t + 1;
    }
    factor_.resize(size_t(cols) * size_t(rank_));
    for (int64_t j = 0; j < cols; ++j)
        for (int64_t t = 0; t < rank_; ++t) factor_[size_t(j * rank_ + t)] = float(l(j, t));
}

double GramFactor::quadraticForm(std::span<const float> d, int64_t rows) const {
    if (rows < 0 || d.size() != size_t(rows) * size_t(cols_))
        throw Error("layer inputs", std::to_string(d.size()) + " errors are not " + std::to_string(rows) + " rows of " +
                                        std::to_string(cols_));
    std::vector<double> parts(size_t(threadCount()), 0.0);
    if (rank_ > 0) {
        std::vector<float> product(size_t(rows) * size_t(rank_));
        const dnnl_status_t st = dnnl_sgemm('N', 'N', rows, rank_, cols_, 1.f, d.data(), cols_, factor_.data(), rank_,
                                            0.f, product.data(), rank_);
        if (st != dnnl_success) throw Error("layer inputs", "oneDNN sgemm failed (status " + std::to_string(int(st)) + ")");
        parallelRanges(rows, 64, [&](int worker, int64_t b, int64_t e) {
            double sum = 0;
            for (size_t i = size_t(b * rank_); i < size_t(e * rank_); ++i) sum += double(product[i]) * double(product[i]);
            parts[size_t(worker)] += sum;
        });
    }
    parallelRanges(rows, 64, [&](int worker, int64_t b, int64_t e) {
        double sum = 0;
        for (int64_t i = b; i < e; ++i) {
            const float* di = d.data() + i * cols_;
            for (int64_t j = 0; j < cols_; ++j) sum += residual_[size_t(j)] * double(di[j]) * double(di[j]);
        }
        parts[size_t(worker)] += sum;
    });
    double total = 0;
    for (const double p : parts) total += p;
    return total;
}


// By symmetry, the sum over column panels P of D[:, P] G[P, P] D[:, P]^T +
// 2 D[:, after P] G[after P, P] D[:, P]^T: one sgemm per panel, the factor 2 folded into the float
// panel (exact in float).
double exactQuadraticForm(std::span<const float> d, int64_t rows, int64_t cols, const std::vector<double>& gram) {
    if (rows < 0 || cols <= 0 || d.size() != size_t(rows) * size_t(cols) || gram.size() != size_t(cols) * size_t(cols))
        throw Error("layer inputs", "error and gram sizes do not match " + std::to_string(rows) + " x " + std::to_string(cols));
    const int64_t width = std::min(kPanel, cols);
    std::vector<float> panel(size_t(cols) * size_t(width)), product(size_t(rows) * size_t(width));
    std::vector<double> parts(size_t(threadCount()), 0.0);
    for (int64_t p0 = 0; p0 < cols; p0 += width) {
        const int64_t np = std::min(width, cols - p0), below = cols - p0;
        for (int64_t a = 0; a < below; ++a) {
            const float twice = a < np ? 1.f : 2.f;
            for (int64_t j = 0; j < np; ++j)
                panel[size_t(a * np + j)] = twice * float(gram[size_t((p0 + a) * cols + p0 + j)]);
        }
        const dnnl_status_t st = dnnl_sgemm('N', 'N', rows, np, below, 1.f, d.data() + p0, cols, panel.data(), np, 0.f,
                                            product.data(), np);
        if (st != dnnl_success) throw Error("layer inputs", "oneDNN sgemm failed (status " + std::to_string(int(st)) + ")");
        parallelRanges(rows, 64, [&](int worker, int64_t b, int64_t e) {
            double sum = 0;
            for (int64_t i = b; i < e; ++i) {
                const float* pr = product.data() + i * np;
                const float* di = d.data() + i * cols + p0;
                for (int64_t j = 0; j < np; ++j) sum += double(pr[j]) * double(di[j]);
            }
            parts[size_t(worker)] += sum;
        });
    }
    double total = 0;
    for (const double p : parts) total += p;
    return total;
}

} // namespace qb::quant
