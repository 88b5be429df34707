// The 256-bit integer matmul kernels: int_matmul_avx2.inc compiled for AVX2 and for AVX-VNNI.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "core/llm/int_matmul_kernels.h"

namespace qb::llm::detail {

#define QB_TILE_TARGET "avx2,fma"
#define QB_TILE_NS avx2
#define QB_TILE_VNNI 0
#include "core/llm/int_matmul_avx2.inc"
#undef QB_TILE_TARGET
#undef QB_TILE_NS
#undef QB_TILE_VNNI

#define QB_TILE_TARGET "avx2,fma,avxvnni"
#define QB_TILE_NS avxvnni
#define QB_TILE_VNNI 1
#include "core/llm/int_matmul_avx2.inc"

void rowsAvx2(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1) {
    avx2::rows(x, w, y, g0, g1);
}
void rowsAvxVnni(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1) {
    avxvnni::rows(x, w, y, g0, g1);
}

} // namespace qb::llm::detail
