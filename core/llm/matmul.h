// y = x * W^T for row-major x [M, K] and W [N, K] (the [out, in] layout of every checkpoint), and
// general strided products, through oneDNN matmul primitives built once per shape and reused. oneDNN stays out of this
// header: it is a private dependency of qb_core.
#pragma once
#include <cstdint>
#include <memory>

namespace qb {

class Matmul {
public:
    Matmul();
    ~Matmul();
    Matmul(Matmul&&) noexcept;
    Matmul& operator=(Matmul&&) noexcept;

    void run(const float* x, const float* w, float* y, int64_t m, int64_t k, int64_t n) {
        gemm(m, k, n, x, k, w, k, true, y, n);
    }

    /// c[m, n] = a[m, k] * B with row strides lda and ldc; B is b[k, n] (row stride ldb) or, if
    /// bTransposed, the transpose of b[n, k] (row stride ldb).
    void gemm(int64_t m, int64_t k, int64_t n, const float* a, int64_t lda, const float* b, int64_t ldb,
              bool bTransposed, float* c, int64_t ldc);

    /// Wall time spent inside run() since construction or the last resetTimer().
    double seconds() const;
    void resetTimer();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace qb
