#include "core/quant/dense_factor.h"

#include <Eigen/Cholesky>
#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/util/error.h"

namespace qb::quant {

namespace {

constexpr int64_t kBlock = 128;     // triangular-inverse recursion leaves, small enough for Eigen
constexpr int64_t kCholBlock = 256; // Cholesky panel width: the inner dimension of its sgemm updates
constexpr int64_t kStrip = 512; // columns per trailing-update product of the Cholesky

using Strided = Eigen::Map<RowMatF, 0, Eigen::OuterStride<>>;

// Row-major C[m, n] = alpha op(A) op(B) + beta C.
void sgemm(char ta, char tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
           const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
    const dnnl_status_t st = dnnl_sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    if (st != dnnl_success) throw Error("GPTQ", "oneDNN sgemm failed (status " + std::to_string(int(st)) + ")");
}

// b := T b for the upper triangular n x n matrix T at `t`, b being n x cols, by halves:
// [T11 T12; 0 T22] [b1; b2] = [T11 b1 + T12 b2; T22 b2]. Only the leaves multiply the triangle's
// zeros, so the flops are close to half of a full product's.
void upperTimes(const float* t, int64_t n, int64_t ldt, float* b, int64_t cols, int64_t ldb) {
    if (n <= kBlock) {
        std::vector<float> out(size_t(n * cols));
        sgemm('N', 'N', n, cols, n, 1.f, t, ldt, b, ldb, 0.f, out.data(), cols);
        for (int64_t i = 0; i < n; ++i) std::copy_n(out.data() + i * cols, cols, b + i * ldb);
        return;
    }
    const int64_t h = n / 2;
    upperTimes(t, h, ldt, b, cols, ldb);
    sgemm('N', 'N', h, cols, n - h, 1.f, t + h, ldt, b + h * ldb, ldb, 1.f, b, ldb);
    upperTimes(t + h * ldt + h, n - h, ldt, b + h * ldb, cols, ldb);
}

// b := b T for the upper triangular n x n matrix T at `t`, b being rows x n:
// [b1 b2] [T11 T12; 0 T22] = [b1 T11, b1 T12 + b2 T22].
void timesUpper(const float* t, int64_t n, int64_t ldt, float* b, int64_t rows, int64_t ldb) {
    if (n <= kBlock) {
        std::vector<float> out(size_t(rows * n));
        sgemm('N', 'N', rows, n, n, 1.f, b, ldb, t, ldt, 0.f, out.data(), n);
        for (int64_t i = 0; i < rows; ++i) std::copy_n(out.data() + i * n, n, b + i * ldb);
        return;
    }
    const int64_t h = n / 2;
    timesUpper(t + h * ldt + h, n - h, ldt, b + h, rows, ldb);
    sgemm('N', 'N', rows, n - h, h, 1.f, b, ldb, t + h, ldt, 1.f, b + h, ldb);
    timesUpper(t, h, ldt, b, rows, ldb);
}

// The inverse of the upper triangular n x n matrix at `a` (row stride ld, zeros below the
// diagonal), in place, by halves: [A B; 0 C]^-1 = [A^-1, -A^-1 B C^-1; 0, C^-1].
void invertUpperAt(float* a, int64_t n, int64_t ld) {
    if (n <= kBlock) {
        Strided m(a, n, n, Eigen::OuterStride<>(ld));
        RowMatF inv = RowMatF::Identity(n, n);
        m.triangularView<Eigen::Upper>().solveInPlace(inv);
        m = inv;
        return;
    }
    const int64_t h = n / 2, r = n - h;
    float* b = a + h;
    float* c = a + h * ld + h;
    invertUpperAt(a, h, ld);
    invertUpperAt(c, r, ld);
    upperTimes(a, h, ld, b, r, ld); // A^-1 B
    timesUpper(c, r, ld, b, h, ld); // A^-1 B C^-1
    for (int64_t i = 0; i < h; ++i)
        for (int64_t j = 0; j < r; ++j) b[i * ld + j] = -b[i * ld + j];
}

// Zeroes the strict upper (or lower) triangle row by row: Eigen's triangularView walks a row-major
// matrix by columns, one cache line and often one page per element, and took a fifth of the
// factorisation's time at n = 4096.
void zeroTriangle(RowMatF& a, bool upper) {
    const int64_t n = a.rows();
    for (int64_t i = 0; i < n; ++i) {
        float* row = a.data() + i * a.cols();
        if (upper) std::fill(row + i + 1, row + n, 0.f);
        else std::fill(row, row + i, 0.f);
    }
}

} // namespace

bool choleskyLower(RowMatF& a) {
    const int64_t n = a.rows();
    std::vector<float> panelScratch;
    for (int64_t k = 0; k < n; k += kCholBlock) {
        const int64_t kb = std::min(kCholBlock, n - k), m = n - k - kb;
        Eigen::LLT<Eigen::MatrixXf> llt(a.block(k, k, kb, kb));
        if (llt.info() != Eigen::Success) return false;
        const Eigen::MatrixXf l = llt.matrixL();
        a.block(k, k, kb, kb) = l;
        if (m == 0) break;
        // Panel: A21 := A21 L11^-T; trailing block: A22 -= A21 A21^T, its lower triangle only (all
        // that is read later), in column strips so each sgemm stays large and rectangular.
        // The panel by a product with L11^-T, not Eigen's triangular solve (built for the baseline
        // ISA, it took half the factorisation's time): L11 is well conditioned for the damped
        // Hessians factored here.
        Eigen::MatrixXf linv = Eigen::MatrixXf::Identity(kb, kb);
        l.triangularView<Eigen::Lower>().solveInPlace(linv);
        const RowMatF linvT = linv.transpose(); // row-major L11^-T
        float* p = a.data() + (k + kb) * n + k;
        panelScratch.resize(size_t(m) * size_t(kb));
        sgemm('N', 'N', m, kb, kb, 1.f, p, n, linvT.data(), kb, 0.f, panelScratch.data(), kb);
        for (int64_t r = 0; r < m; ++r) std::copy_n(panelScratch.data() + r * kb, kb, p + r * n);
        for (int64_t c = 0; c < m; c += kStrip) {
            const int64_t w = std::min(kStrip, m - c);
            sgemm('N', 'T', m - c, w, kb, -1.f, p + c * n, n, p + c * n, n, 1.f, a.data() + (k + kb + c) * n + k + kb + c, n);
        }
    }
    zeroTriangle(a, /*upper=*/true);
    return true;
}

void invertUpper(RowMatF& a) {
    zeroTriangle(a, /*upper=*/false);
    invertUpperAt(a.data(), a.rows(), a.cols());
}

} // namespace qb::quant
