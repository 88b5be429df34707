// The AVX-512 VNNI integer matmul kernel: one vpdpbusd multiplies 4 input codes (broadcast) by
// 4 codes of each of 16 weight rows and adds them to the rows' int32 sums. Compiled for its ISA
// by function attribute; called only when cpuRuns(IntKernel::Avx512Vnni).
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "core/llm/int_matmul_kernels.h"

// GCC 12 sees _mm512_cvtepi32_ps's undefined pass-through operand as maybe uninitialized.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#define QB_T __attribute__((target("avx2,fma,avx512f,avx512bw,avx512vl,avx512vnni")))

namespace qb::llm::detail {

namespace {

QB_T inline __mmask16 groupMask(int64_t g, int64_t rows) {
    const int64_t valid = std::min<int64_t>(16, rows - g * 16);
    return __mmask16((1u << valid) - 1);
}

// Outputs y[m0 + t, 16 (g0 + g) + j] for t < T, g < G, over blocks [b0, b1): starts from zero at
// block 0 and from y's values after. Each weight load feeds T rows and each input broadcast G
// groups; the 8 steps of a block are unrolled so that the sums stay in registers (a rolled loop
// made GCC copy every sum once per step).
template <int T, int G>
QB_T void tile(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t m0, int64_t g0, int64_t b0, int64_t b1) {
    const int64_t k = w.cols, nb = k / 32, n = w.rows;
    const int8_t* a[T];
    const float* as[T];
    const int32_t* asum[T];
    for (int t = 0; t < T; ++t) {
        a[t] = x.codes.data() + (m0 + t) * k;
        as[t] = x.scales.data() + (m0 + t) * nb;
        asum[t] = x.sums.data() + (m0 + t) * nb;
    }
    const uint8_t* wc[G];
    const float* ws[G];
    for (int g = 0; g < G; ++g) {
        wc[g] = w.codes.data() + (g0 + g) * 16 * k;
        ws[g] = w.scales.data() + (g0 + g) * nb * 16;
    }
    __m512 acc[T][G];
    for (int t = 0; t < T; ++t)
        for (int g = 0; g < G; ++g)
            acc[t][g] = b0 == 0 ? _mm512_setzero_ps()
                                : _mm512_maskz_loadu_ps(groupMask(g0 + g, n), y + (m0 + t) * n + (g0 + g) * 16);
    const __m512i offset = _mm512_set1_epi32(-w.offset);
    for (int64_t b = b0; b < b1; ++b) {
        __m512i sum[T][G];
        for (int t = 0; t < T; ++t) {
            // Codes are w + offset: start each sum at -offset * sum(x codes).
            const __m512i c = _mm512_mullo_epi32(offset, _mm512_set1_epi32(asum[t][b]));
            for (int g = 0; g < G; ++g) sum[t][g] = c;
        }
#pragma GCC unroll 8
        for (int q = 0; q < 8; ++q) {
            __m512i wv[G];
            for (int g = 0; g < G; ++g) wv[g] = _mm512_loadu_si512(wc[g] + (b * 8 + q) * 64);
            for (int t = 0; t < T; ++t) {
                int32_t four;
                std::memcpy(&four, a[t] + b * 32 + q * 4, 4);
                const __m512i v = _mm512_set1_epi32(four);
                for (int g = 0; g < G; ++g) sum[t][g] = _mm512_dpbusd_epi32(sum[t][g], wv[g], v);
            }
        }
        __m512 dw[G];
        for (int g = 0; g < G; ++g) dw[g] = _mm512_loadu_ps(ws[g] + b * 16);
        for (int t = 0; t < T; ++t) {
            const __m512 da = _mm512_set1_ps(as[t][b]);
            for (int g = 0; g < G; ++g)
                acc[t][g] = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(sum[t][g]), dw[g]), da, acc[t][g]);
        }
    }
    for (int t = 0; t < T; ++t)
        for (int g = 0; g < G; ++g)
            _mm512_mask_storeu_ps(y + (m0 + t) * n + (g0 + g) * 16, groupMask(g0 + g, n), acc[t][g]);
}

template <int G>
QB_T void columns(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t m0, int64_t m1) {
    constexpr int T = 4;
    const int64_t nb = w.cols / 32;
    for (int64_t b0 = 0; b0 < nb; b0 += kChunkBlocks) {
        const int64_t b1 = std::min(nb, b0 + kChunkBlocks);
        int64_t m = m0;
        for (; m + T <= m1; m += T) tile<T, G>(x, w, y, m, g0, b0, b1);
        for (; m < m1; ++m) tile<1, G>(x, w, y, m, g0, b0, b1);
    }
}

QB_T void rows(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1, int64_t m0, int64_t m1) {
    int64_t g = g0;
    for (; g + 2 <= g1; g += 2) columns<2>(x, w, y, g, m0, m1);
    if (g < g1) columns<1>(x, w, y, g, m0, m1);
}

} // namespace

void rowsAvx512Vnni(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1, int64_t m0,
                    int64_t m1) {
    rows(x, w, y, g0, g1, m0, m1);
}

} // namespace qb::llm::detail
