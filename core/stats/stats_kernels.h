// The passes behind qb::summarize and qb::ActivationObserver over one contiguous range of floats,
// each in a scalar reference form and an AVX2 form that must agree with it
// (tests/core/test_tensor_stats.cpp, tests/core/test_streaming_observer.cpp).
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

/// Sums of d = x - mean and of d^2 over the values binned.
struct Deviations {
    double d1 = 0, d2 = 0;
};

/// Observer binning: every x (all finite) to bin floor(x * inv) - origin, a negative x whose product
/// underflows to zero to floor -1; every bin must lie inside the counts. The AVX2 form spreads its
/// increments over `counts` and `odd` (two independent chains for runs of one bin) and counts the
/// bin of zero (post-ReLU spikes) by popcount; the reference uses `counts` only, so compare the sums.
Deviations binRef(const float* x, int64_t n, float inv, int32_t origin, double mean, int64_t* counts);
Deviations binAvx2(const float* x, int64_t n, float inv, int32_t origin, double mean, int64_t* counts,
                   int64_t* odd);

/// Over a run of one channel's values: the max of |x| into `mx` and its sum added to `sum`, over
/// the finite values.
void absRunRef(const float* x, int64_t n, float& mx, double& sum);
void absRunAvx2(const float* x, int64_t n, float& mx, double& sum);

/// Over a row of one value per channel: the same per channel c, into mx[c] and sum[c].
void absRowRef(const float* x, int64_t channels, float* mx, double* sum);
void absRowAvx2(const float* x, int64_t channels, float* mx, double* sum);

} // namespace qb::kernels
