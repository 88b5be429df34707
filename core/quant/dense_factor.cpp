#include "core/quant/dense_factor.h"

#include <Eigen/Cholesky>
#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/util/error.h"

namespace qb::quant {

namespace {

constexpr int64_t kBlock = 128; // panels and recursion leaves small enough for Eigen

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

} // namespace

bool choleskyLower(RowMatF& a) {
    const int64_t n = a.rows();
    for (int64_t k = 0; k < n; k += kBlock) {
        const int64_t kb = std::min(kBlock, n - k), m = n - k - kb;
        Eigen::LLT<Eigen::MatrixXf> llt(a.block(k, k, kb, kb));
        if (llt.info() != Eigen::Success) return false;
        const Eigen::MatrixXf l = llt.matrixL();
        a.block(k, k, kb, kb) = l;
        if (m == 0) break;
        // Panel: A21 := A21 L11^-T; trailing block: A22 -= A21 A21^T (both triangles, in sgemm).
        auto panel = a.block(k + kb, k, m, kb);
        l.transpose().triangularView<Eigen::Upper>().solveInPlace<Eigen::OnTheRight>(panel);
        float* p = a.data() + (k + kb) * n + k;
        sgemm('N', 'T', m, m, kb, -1.f, p, n, p, n, 1.f, a.data() + (k + kb) * n + k + kb, n);
    }
    a.triangularView<Eigen::StrictlyUpper>().setZero();
    return true;
}

void invertUpper(RowMatF& a) {
    a.triangularView<Eigen::StrictlyLower>().setZero();
    invertUpperAt(a.data(), a.rows(), a.cols());
}

} // namespace qb::quant
