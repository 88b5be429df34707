// Where to clip a tensor before uniform quantization at a given bit-width: min-max, percentile,
// MSE-optimal and KL-entropy (TensorRT style) thresholds, each with the SQNR it gives.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/stats/activation_observer.h"
#include "core/stats/binned_density.h"

namespace qb {

enum class ClipMethod { MinMax, Percentile, Mse, Kl };
const char* clipMethodName(ClipMethod m); ///< "minmax", "percentile", "mse", "kl"

struct ClipConfig {
    int bits = 8;              ///< 2..8
    bool symmetric = true;
    double percentile = 0.9999;
};

/// Uniform grid: levels first + k*step for k in [0, levels); values round to the nearest level and
/// saturate at the end ones.
struct QuantGrid {
    double first = 0, step = 1;
    int64_t levels = 1;

    /// Symmetric: 2^(bits-1)-1 levels either side of 0, step hi/(2^(bits-1)-1) (lo ignored).
    /// Asymmetric: 2^bits levels over [lo, hi] (which must hold 0), shifted so that 0 is a level.
    static QuantGrid forRange(double lo, double hi, int bits, bool symmetric);
    double quantize(double x) const;
};

struct ClipResult {
    ClipMethod method = ClipMethod::MinMax;
    double lo = 0, hi = 0;     ///< clip range; symmetric: lo = -hi
    double sqnrDb = 0;         ///< 10 log10(sum x^2 / sum (x - q(x))^2); +inf when lossless
};

/// Activations: the four methods from a histogram (min/max: exact extremes of the data). The
/// histogram is read as piecewise uniform, and the SQNR is the expectation under that model.
/// Candidate clip points are bin edges. Symmetric searches run on the histogram of |x|;
/// asymmetric ones move each end of the zero-holding min-max range in turn. KL needs more
/// occupied bins than quantization groups (2^(bits-1) symmetric, 2^bits asymmetric); with fewer
/// it returns the min-max range.
std::vector<ClipResult> clipSearch(const Histogram& h, double min, double max, const ClipConfig& cfg);
std::vector<ClipResult> clipSearch(const ActivationObserver& obs, const ClipConfig& cfg);

/// Weights: thresholds searched on a histogram of the data, SQNR computed exactly over it.
std::vector<ClipResult> clipWeights(std::span<const float> w, const ClipConfig& cfg);

/// Expected SQNR of a piecewise-uniform density, and exact SQNR over values.
double sqnrDb(const BinnedDensity& d, const QuantGrid& g);
double sqnrDb(std::span<const float> x, const QuantGrid& g);

} // namespace qb
