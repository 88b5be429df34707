// Streaming statistics of one activation tensor over many calibration batches, in memory that does
// not depend on the number of batches: moments, a histogram whose range grows without losing
// counts, per-channel magnitudes (for AWQ / SmoothQuant) and a bounded random sample.
#pragma once
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "core/stats/tensor_stats.h"

namespace qb {

struct ObserverOptions {
    /// Histogram window in bins. 8192 keeps the |x| resolution at or below max|x|/2048 (what
    /// TensorRT's KL calibration uses) after the power-of-two rounding of the width.
    int bins = 8192;
    int sampleSize = 4096;     ///< reservoir capacity (0 = no sample)
    uint64_t seed = 0x5eed;    ///< give observers that will be merged distinct seeds
};

/// Where the channels are in a batch: the index along `axis` of a row-major tensor of `shape`.
struct ChannelLayout {
    std::span<const int64_t> shape;
    int axis = 1;              ///< negative counts from the end
};

/// A percentile estimate and a bound on its error (0 when exact).
struct Percentile {
    double value = 0;
    double maxError = 0;
    bool exact = false;        ///< from the complete data (the sample holds every value)
};

/// Histogram invariant: the bin width is w = 2^e and a value x is counted in global bin
/// floor(x / w); the window holds global bins [origin, origin + bins). Growing the range raises e
/// by s and maps global bin g to floor(g / 2^s), which is exactly floor(x / 2^(e+s)), so the
/// counts always equal those of binning all the data seen at the final range. Zero is always a
/// bin edge, so folding gives the histogram of |x| with no splitting of bins (a negative value
/// lying exactly on an edge, x = -k*w, lands in |x| bin k-1). e never goes below the exponent of
/// the largest |x| minus 23, so x / w is below 2^24 and computed exactly in float.
///
/// Only finite values enter the statistics; NaN and Inf are counted apart.
class ActivationObserver {
public:
    explicit ActivationObserver(ObserverOptions options = {});

    /// Adds one batch. With a layout, also the per-channel |x| maximum and mean along its axis;
    /// every batch given a layout must have the same channel count. Throws qb::Error on a layout
    /// that does not describe the batch.
    void observe(std::span<const float> x);
    void observe(std::span<const float> x, const ChannelLayout& layout);

    /// Folds `other` (same bins and sample size) into this one, as if this had seen both streams.
    void merge(const ActivationObserver& other);

    int64_t count() const { return count_; }  ///< finite values seen
    int64_t nanCount() const { return nan_; }
    int64_t infCount() const { return inf_; }
    double min() const { return count_ ? min_ : 0; }
    double max() const { return count_ ? max_ : 0; }
    double absMax() const;
    double mean() const { return mean_; }
    double std() const;        ///< population standard deviation

    /// The histogram window: [origin*w, (origin+bins)*w), w a power of two.
    Histogram histogram() const;
    double binWidth() const;
    /// Random sample of up to sampleSize finite values, uniform over the stream (order arbitrary).
    std::vector<float> sample() const;

    /// The q-quantile (0 <= q <= 1) of x or of |x|: exact from the sample while it holds every
    /// value; otherwise from the histogram, interpolated within the bin that holds the exact
    /// quantile, so off by less than one bin width.
    Percentile percentile(double q, bool ofAbs) const;

    int channels() const { return int(chanAbsMax_.size()); }
    std::span<const float> channelAbsMax() const { return chanAbsMax_; }
    /// Mean |x| per channel; non-finite values count as 0.
    std::vector<double> channelAbsMean() const;

    /// Bytes held, allocated up front: constant however many batches are observed.
    size_t sizeBytes() const;

private:
    void cover(double lo, double hi, int minExp);
    void addToHistogram(const float* x, int64_t n, bool allFinite, double mean, double& d1, double& d2);
    void foldCounts();
    void addToSample(const float* x, int64_t n, bool allFinite);
    void offer(float v, double key);
    void scheduleSkip();
    double uniform();
    void addChannels(std::span<const float> x, const ChannelLayout& layout);

    ObserverOptions opt_;
    int64_t count_ = 0, nan_ = 0, inf_ = 0;
    double min_ = 0, max_ = 0, mean_ = 0, m2_ = 0;

    bool haveRange_ = false;
    int exp_ = 0;              ///< bin width 2^exp_
    int64_t origin_ = 0;       ///< global index of counts_[0]
    std::vector<int64_t> counts_;

    struct Item {
        double key;
        float value;
    };
    std::vector<Item> sample_;  ///< max-heap on key: the sampleSize smallest keys seen
    std::mt19937_64 rng_;
    int64_t skip_ = 0;          ///< values to pass over before the next one enters the full sample

    std::vector<float> chanAbsMax_;
    std::vector<double> chanAbsSum_;
    int64_t chanCount_ = 0;     ///< values per channel seen
    /// A second set of counts, added to counts_ when read or regrouped: two increment chains
    /// instead of one for runs of one bin.
    std::vector<int64_t> oddCounts_;
};

} // namespace qb
