// The per-thread bodies of the integer matmul kernels (int_matmul.h): each writes y[m, n] for
// the input rows m in [m0, m1) and the weight rows n of groups [g0, g1) (16 rows a group).
// Private to core/llm.
#pragma once
#include <cstdint>

#include "core/llm/int_matmul.h"

namespace qb::llm::detail {

using RowsKernel = void (*)(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1, int64_t m0, int64_t m1);

void rowsScalar(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1, int64_t m0, int64_t m1);
void rowsAvx2(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1, int64_t m0, int64_t m1);
void rowsAvxVnni(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1, int64_t m0, int64_t m1);
void rowsAvx512Vnni(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1, int64_t m0, int64_t m1);

/// Quantizes `blocks` runs of 32 values as quantizeRows() defines it, into codes [blocks, 32],
/// scales and sums [blocks]. The AVX2 form runs the scalar one's float operations in the same
/// order, so both give the same codes.
void quantizeBlocksScalar(const float* x, int64_t blocks, int8_t* codes, float* scales, int32_t* sums);
void quantizeBlocksAvx2(const float* x, int64_t blocks, int8_t* codes, float* scales, int32_t* sums);

/// Blocks of 32 columns per pass over the input rows: a group's codes for them (16 KiB) stay in
/// L1 while every input row goes by. The float accumulators wait in y between passes, so the
/// order of the float steps does not change.
inline constexpr int64_t kChunkBlocks = 16;
/// Input rows per call of a kernel: their codes (256 x 2816 bytes at most in a llama-7B-sized
/// MLP's down projection: 720 KiB) stay in L2 while the weights go by.
inline constexpr int64_t kRowsPerPass = 256;

} // namespace qb::llm::detail
