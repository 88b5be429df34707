// Output errors tr(D G D^T) for a layer's input gram G on wide layers (AWQ's search): a low-rank
// stand-in for G, a pivoted partial Cholesky factor L (G ~ L L^T) plus the diagonal of what it
// leaves out, scoring at rows x cols x rank flops instead of 2 rows x cols^2, to rank candidates;
// and the exact form at half the flops of a full product, for the candidates that rank decides.
// Internal to core/quant.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace qb::quant {

class GramFactor {
public:
    /// Factors the symmetric positive semi-definite [cols, cols] row-major `gram` to at most
    /// `rank` columns, pivoting on the largest remaining diagonal; stops early once what is left
    /// is negligible against the trace.
    GramFactor(const std::vector<double>& gram, int64_t cols, int64_t rank);

    int64_t rank() const { return rank_; }
    /// The residual diagonal diag(G - L L^T) (non-negative; zero at the pivots).
    const std::vector<double>& residual() const { return residual_; }

    /// ||D L||_F^2 + sum_j r_j ||D[:, j]||^2 for D [rows, cols] row-major and r the residual
    /// diagonal: tr(D G D^T) exactly when the residual is diagonal, and below it by
    /// tr(D R D^T) - sum_j r_j ||D[:, j]||^2 otherwise (R = G - L L^T).
    double quadraticForm(std::span<const float> d, int64_t rows) const;

private:
    int64_t cols_, rank_ = 0;
    std::vector<float> factor_; // L, [cols, rank_] row-major
    std::vector<double> residual_;
};

/// tr(D G D^T) for D [rows, cols] and the symmetric [cols, cols] `gram`, of which only the blocks
/// on and below the diagonal are read: half the flops of a product with the whole gram, float products summed in double
/// (so equal to awq.h's outputError up to float rounding, not to the last bit).
double exactQuadraticForm(std::span<const float> d, int64_t rows, int64_t cols, const std::vector<double>& gram);

} // namespace qb::quant
