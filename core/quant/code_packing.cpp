#include "core/quant/code_packing.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "core/quant/simd_kernel_prelude.h"

#include "core/util/cpu_features.h"
#include "core/util/parallel.h"

namespace qb::quant {

namespace {

// codeOf's steps for one weight, with std::clamp written out (the same comparisons).
constexpr double kRound = 6755399441055744.0, kFar = 1125899906842624.0; // 1.5 * 2^52, 2^50
struct GridD {
    double scale, zero, lo, hi;
};
inline uint8_t codeD(float x, const GridD& g) {
    double q = double(x) / g.scale;
    q = q < -kFar ? -kFar : (kFar < q ? kFar : q);
    q = (q + kRound) - kRound + g.zero;
    q = q < g.lo ? g.lo : (g.hi < q ? g.hi : q);
    return uint8_t(int(q));
}

using RoundKernel = size_t (*)(const float* x, size_t n, const GridD& g, uint8_t* u);

// Each kernel does the leading multiple of 16 weights and returns how many; the rest go through
// codeD. The vector steps are codeD's: max(a, q) is `a > q ? a : q` and min(b, q) `b < q ? b : q`
// (the first operand unless the comparison holds), which is std::clamp's `q < lo ? lo : ...`
// for q that is never NaN (a finite weight over a positive finite scale).
size_t roundPortable(const float*, size_t, const GridD&, uint8_t*) { return 0; }

#if defined(__x86_64__)
#define QB_AVX512 __attribute__((target("avx512f")))
#define QB_AVX2 __attribute__((target("avx2")))

inline __m128d stepSse2(__m128d x, const GridD& g) {
    __m128d q = _mm_div_pd(x, _mm_set1_pd(g.scale));
    q = _mm_min_pd(_mm_set1_pd(kFar), _mm_max_pd(_mm_set1_pd(-kFar), q));
    q = _mm_add_pd(_mm_sub_pd(_mm_add_pd(q, _mm_set1_pd(kRound)), _mm_set1_pd(kRound)), _mm_set1_pd(g.zero));
    return _mm_min_pd(_mm_set1_pd(g.hi), _mm_max_pd(_mm_set1_pd(g.lo), q));
}
// Four weights to four int32 codes.
inline __m128i codes4Sse2(const float* x, const GridD& g) {
    const __m128 v = _mm_loadu_ps(x);
    const __m128i a = _mm_cvttpd_epi32(stepSse2(_mm_cvtps_pd(v), g));
    const __m128i b = _mm_cvttpd_epi32(stepSse2(_mm_cvtps_pd(_mm_movehl_ps(v, v)), g));
    return _mm_unpacklo_epi64(a, b);
}
size_t roundSse2(const float* x, size_t n, const GridD& g, uint8_t* u) {
    const size_t whole = n & ~size_t(15);
    for (size_t i = 0; i < whole; i += 16) {
        const __m128i lo = _mm_packs_epi32(codes4Sse2(x + i, g), codes4Sse2(x + i + 4, g));
        const __m128i hi = _mm_packs_epi32(codes4Sse2(x + i + 8, g), codes4Sse2(x + i + 12, g));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(u + i), _mm_packus_epi16(lo, hi));
    }
    return whole;
}

QB_AVX2 inline __m128i codes4Avx2(const float* x, const GridD& g) {
    __m256d q = _mm256_div_pd(_mm256_cvtps_pd(_mm_loadu_ps(x)), _mm256_set1_pd(g.scale));
    q = _mm256_min_pd(_mm256_set1_pd(kFar), _mm256_max_pd(_mm256_set1_pd(-kFar), q));
    const __m256d round = _mm256_set1_pd(kRound);
    q = _mm256_add_pd(_mm256_sub_pd(_mm256_add_pd(q, round), round), _mm256_set1_pd(g.zero));
    q = _mm256_min_pd(_mm256_set1_pd(g.hi), _mm256_max_pd(_mm256_set1_pd(g.lo), q));
    return _mm256_cvttpd_epi32(q);
}
QB_AVX2 size_t roundAvx2(const float* x, size_t n, const GridD& g, uint8_t* u) {
    const size_t whole = n & ~size_t(15);
    for (size_t i = 0; i < whole; i += 16) {
        const __m128i lo = _mm_packs_epi32(codes4Avx2(x + i, g), codes4Avx2(x + i + 4, g));
        const __m128i hi = _mm_packs_epi32(codes4Avx2(x + i + 8, g), codes4Avx2(x + i + 12, g));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(u + i), _mm_packus_epi16(lo, hi));
    }
    return whole;
}

QB_AVX512 inline __m256i codes8Avx512(const float* x, const GridD& g) {
    __m512d q = _mm512_div_pd(_mm512_cvtps_pd(_mm256_loadu_ps(x)), _mm512_set1_pd(g.scale));
    q = _mm512_min_pd(_mm512_set1_pd(kFar), _mm512_max_pd(_mm512_set1_pd(-kFar), q));
    const __m512d round = _mm512_set1_pd(kRound);
    q = _mm512_add_pd(_mm512_sub_pd(_mm512_add_pd(q, round), round), _mm512_set1_pd(g.zero));
    q = _mm512_min_pd(_mm512_set1_pd(g.hi), _mm512_max_pd(_mm512_set1_pd(g.lo), q));
    return _mm512_cvttpd_epi32(q);
}
QB_AVX512 size_t roundAvx512(const float* x, size_t n, const GridD& g, uint8_t* u) {
    const size_t whole = n & ~size_t(15);
    for (size_t i = 0; i < whole; i += 16) {
        const __m512i c = _mm512_inserti64x4(_mm512_castsi256_si512(codes8Avx512(x + i, g)), codes8Avx512(x + i + 8, g), 1);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(u + i), _mm512_cvtepi32_epi8(c));
    }
    return whole;
}
#endif

std::atomic<CodeIsa> gPinnedIsa{CodeIsa::Auto};

RoundKernel roundKernel() {
#if defined(__x86_64__)
    static const bool avx512 = cpuFeatures().avx512, avx2 = cpuFeatures().avx2Fma;
    CodeIsa isa = gPinnedIsa.load(std::memory_order_relaxed);
    if (isa == CodeIsa::Auto) isa = avx512 ? CodeIsa::Avx512 : avx2 ? CodeIsa::Avx2 : CodeIsa::Sse2;
    if (isa == CodeIsa::Avx512 && avx512) return roundAvx512;
    if (isa == CodeIsa::Avx2 && avx2) return roundAvx2;
    if (isa == CodeIsa::Sse2) return roundSse2;
#endif
    return roundPortable;
}

} // namespace

bool codeIsaAvailable(CodeIsa isa) {
#if defined(__x86_64__)
    switch (isa) {
    case CodeIsa::Avx512: return cpuFeatures().avx512;
    case CodeIsa::Avx2: return cpuFeatures().avx2Fma;
    default: return true;
    }
#else
    return isa == CodeIsa::Auto || isa == CodeIsa::Portable;
#endif
}

void pinCodeIsa(CodeIsa isa) { gPinnedIsa.store(isa, std::memory_order_relaxed); }

void roundToCodes(std::span<const float> x, const Grid& g, const Codes& r, uint8_t* u) {
    const size_t n = x.size();
    if (g.scale == 0) {
        std::memset(u, g.zero, n);
        return;
    }
    const GridD d{double(g.scale), double(g.zero), double(r.lo), double(r.hi)};
    for (size_t i = roundKernel()(x.data(), n, d, u); i < n; ++i) u[i] = codeD(x[i], d);
}

namespace {

// 8 / bits codes per byte for widths dividing 8; other widths put 8 codes in `bits` bytes.
template <int Bits>
void packWhole(const uint8_t* u, uint64_t blocks, uint8_t* p) {
    constexpr uint32_t mask = (1u << Bits) - 1u;
    if constexpr (8 % Bits == 0) {
        constexpr int per = 8 / Bits;
        for (uint64_t j = 0; j < blocks * Bits; ++j) {
            uint32_t b = 0;
            for (int k = 0; k < per; ++k) b |= (u[j * per + uint64_t(k)] & mask) << (k * Bits);
            p[j] = uint8_t(b);
        }
    } else {
        for (uint64_t j = 0; j < blocks; ++j) {
            uint64_t acc = 0;
            for (int k = 0; k < 8; ++k) acc |= uint64_t(u[j * 8 + uint64_t(k)] & mask) << (k * Bits);
            for (int k = 0; k < Bits; ++k) p[j * Bits + uint64_t(k)] = uint8_t(acc >> (8 * k));
        }
    }
}

} // namespace

void packCodeBytes(const uint8_t* u, uint64_t n, int bits, uint8_t* p) {
    const uint64_t blocks = n / 8;
    switch (bits) {
    case 1: packWhole<1>(u, blocks, p); break;
    case 2: packWhole<2>(u, blocks, p); break;
    case 3: packWhole<3>(u, blocks, p); break;
    case 4: packWhole<4>(u, blocks, p); break;
    case 5: packWhole<5>(u, blocks, p); break;
    case 6: packWhole<6>(u, blocks, p); break;
    case 7: packWhole<7>(u, blocks, p); break;
    case 8: std::memcpy(p, u, blocks * 8); break;
    default: {
        BitWriter w(p);
        for (uint64_t i = 0; i < blocks * 8; ++i) w.put(u[i], bits);
    }
    }
    BitWriter tail(p + blocks * uint64_t(bits));
    for (uint64_t i = blocks * 8; i < n; ++i) tail.put(u[i], bits);
    tail.flush();
}

void packRoundedCodes(const Scheme& s, const IntLayout& l, std::span<const Grid> grids, const Codes& r,
                      std::span<const float> w, uint8_t* out, uint64_t first, uint64_t count) {
    const auto bits = uint64_t(s.bits);
    // A chunk of codes (a multiple of 8) at a time, a byte each, then packed.
    constexpr uint64_t kChunk = 4096;
    parallelRanges(int64_t((count + 7) / 8), 8192, [&](int, int64_t begin, int64_t end) {
        uint8_t u[kChunk];
        const uint64_t last = std::min(count, uint64_t(end) * 8);
        for (uint64_t at = uint64_t(begin) * 8; at < last; at += kChunk) {
            const uint64_t chunkEnd = std::min(last, at + kChunk);
            for (uint64_t i = at; i < chunkEnd;) {
                const uint64_t g = (first + i) / l.groupLen;
                const uint64_t runEnd = std::min(chunkEnd, (g + 1) * l.groupLen - first);
                roundToCodes(w.subspan(i, runEnd - i), grids[g], r, u + (i - at));
                i = runEnd;
            }
            packCodeBytes(u, chunkEnd - at, s.bits, out + l.codesAt + (first + at) / 8 * bits);
        }
    });
}

} // namespace qb::quant
