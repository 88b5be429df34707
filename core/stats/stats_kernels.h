// The two passes behind qb::summarize over one contiguous range of floats, in a scalar
// reference form and an AVX2 form that must agree with it (tests/core/test_tensor_stats.cpp).
#pragma once
#include <cstdint>

namespace qb::kernels {

struct Moments {
    float min = 0, max = 0;
    double sum = 0, sumSq = 0;
    int64_t finite = 0, nonFinite = 0;
};

struct HistPass {
    double m2 = 0, m4 = 0;   ///< sums of (x-mean)^2 and (x-mean)^4
    int64_t beyond = 0;      ///< |x-mean| > threshold
};

/// Pass 1: min/max/sum/sum of squares of the finite values; counts the others.
Moments momentsRef(const float* x, int64_t n);
Moments momentsAvx2(const float* x, int64_t n);

/// Pass 2: bin = clamp(int((x - lo) * scale), 0, bins-1), added to counts[bin]; central moments.
/// Non-finite values are skipped. The AVX2 form requires all values finite.
void histRef(const float* x, int64_t n, float lo, float scale, int bins, double mean, double threshold,
             int64_t* counts, HistPass& out);
void histAvx2(const float* x, int64_t n, float lo, float scale, int bins, double mean, double threshold,
              int64_t* counts, HistPass& out);

bool haveAvx2();

} // namespace qb::kernels
