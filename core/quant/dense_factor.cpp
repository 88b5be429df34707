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

// The inverse of the upper triangular n x n matrix at `a` (row stride ld), in place, by halves:
// [A B; 0 C]^-1 = [A^-1, -A^-1 B C^-1; 0, C^-1]. The products treat the triangles as full
// matrices (their zeros included): twice the flops, at sgemm speed.
void invertUpperAt(float* a, int64_t n, int64_t ld) {
    if (n <= kBlock) {
        Strided m(a, n, n, Eigen::OuterStride<>(ld));
        RowMatF inv = RowMatF::Identity(n, n);
        m.triangularView<Eigen::Upper>().solveInPlace(inv);
        m = inv;
        return;
    }
    const int64_t h = n / 2, r = n - h;
    invertUpperAt(a, h, ld);
    invertUpperAt(a + h * ld + h, r, ld);
    std::vector<float> t(size_t(h * r));
    sgemm('N', 'N', h, r, h, 1.f, a, ld, a + h, ld, 0.f, t.data(), r);            // A^-1 B
    sgemm('N', 'N', h, r, r, -1.f, t.data(), r, a + h * ld + h, ld, 0.f, a + h, ld); // -(A^-1 B) C^-1
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
