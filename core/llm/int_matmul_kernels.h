// The per-thread bodies of the integer matmul kernels (int_matmul.h): each writes y[m, n] for
// every input row m and the weight rows n of groups [g0, g1) (16 rows a group). Private to
// core/llm.
#pragma once
#include <cstdint>

#include "core/llm/int_matmul.h"

namespace qb::llm::detail {

using RowsKernel = void (*)(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1);

void rowsScalar(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1);
void rowsAvx2(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1);
void rowsAvxVnni(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1);
void rowsAvx512Vnni(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1);

/// Blocks of 32 columns per pass over the input rows: a group's codes for them (16 KiB) stay in
/// L1 while every input row goes by. The float accumulators wait in y between passes, so the
/// order of the float steps does not change.
inline constexpr int64_t kChunkBlocks = 16;

} // namespace qb::llm::detail
