// The two dense factorisations GPTQ needs, in float with the heavy products in oneDNN's sgemm
// (runtime-dispatched AVX2/AVX-512; Eigen here is built for the baseline ISA and ran them at
// 8 GFLOP/s in double): a blocked Cholesky and a triangular inverse by halves.
#pragma once
#include <Eigen/Core>

namespace qb::quant {

using RowMatF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// In place: the lower Cholesky factor L (a = L L^T) of the symmetric positive definite `a`, whose
/// lower triangle is read; the strict upper triangle comes back zero. False if `a` is not
/// positive definite (in float).
bool choleskyLower(RowMatF& a);

/// In place: the inverse of the upper triangular `a` (its strict lower triangle must be zero).
void invertUpper(RowMatF& a);

} // namespace qb::quant
