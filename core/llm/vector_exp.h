// exp() for the decoder's SwiGLU and attention softmax, vectorized for AVX2 and AVX-512 and
// bit-identical on every path: each lane runs the scalar form's IEEE operations (min, max,
// round-to-even, fma, add, mul, divide) in the same order, and sums run in 16 fixed lanes.
// Eigen's exp, compiled for SSE2 only, was a tenth of a quantized model's evaluation time.
#pragma once
#include <cstdint>

namespace qb::llm {

enum class VectorIsa { Scalar, Avx2, Avx512 };

/// The widest of them this CPU runs.
VectorIsa bestVectorIsa();

/// exp(x) within 2 ulp for x in [-86, 88]; exp(-86) below (a caller adds it to at least 1),
/// exp(88) above; NaN stays NaN.
float expClamped(float x);

/// gate = gate / (1 + exp(-gate)) * up (SiLU times up), element-wise over n values.
void siluMul(float* gate, const float* up, int64_t n, VectorIsa isa = bestVectorIsa());

/// row = softmax(row * scale) over n > 0 values: exp(row * scale - max) / sum.
void softmax(float* row, int64_t n, float scale, VectorIsa isa = bestVectorIsa());

} // namespace qb::llm
