#include "core/stats/activation_observer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/stats/binned_density.h"
#include "core/stats/stats_kernels.h"
#include "core/util/cpu_features.h"
#include "core/util/error.h"

namespace qb {

namespace {

constexpr int kMinExp = -127;       // 2^-e must stay a finite float
constexpr int kMaxBins = 1 << 24;
constexpr int kMaxSample = 1 << 26;

// floor(x / 2^e). Scaling by a power of two is exact in double over the whole float range.
int64_t globalBin(double x, int e) { return int64_t(std::floor(std::ldexp(x, -e))); }

// floor(g / 2^s) for s >= 0 (>> on a negative int64 is an arithmetic shift in C++20).
int64_t floorShift(int64_t g, int s) { return s >= 63 ? (g < 0 ? -1 : 0) : g >> s; }

bool finite(float v) { return std::fabs(v) < std::numeric_limits<float>::infinity(); }

const char* kWhere = "activation observer";

} // namespace

ActivationObserver::ActivationObserver(ObserverOptions options) : opt_(options), rng_(options.seed) {
    if (opt_.bins < 2 || opt_.bins > kMaxBins) throw Error(kWhere, "bins must be in 2.." + std::to_string(kMaxBins));
    if (opt_.sampleSize < 0 || opt_.sampleSize > kMaxSample)
        throw Error(kWhere, "sample size must be in 0.." + std::to_string(kMaxSample));
    counts_.assign(size_t(opt_.bins), 0);
    sample_.reserve(size_t(opt_.sampleSize));
    oddCounts_.assign(size_t(opt_.bins), 0);
}

double ActivationObserver::absMax() const { return count_ ? std::max(std::fabs(min_), std::fabs(max_)) : 0; }
double ActivationObserver::std() const { return count_ ? std::sqrt(m2_ / double(count_)) : 0; }
double ActivationObserver::binWidth() const { return std::ldexp(1.0, exp_); }

Histogram ActivationObserver::histogram() const {
    Histogram h;
    const double w = binWidth();
    h.lo = double(origin_) * w;
    h.hi = double(origin_ + opt_.bins) * w;
    h.counts = counts_;
    for (size_t j = 0; j < h.counts.size(); ++j) h.counts[j] += oddCounts_[j];
    return h;
}

std::vector<float> ActivationObserver::sample() const {
    std::vector<float> v;
    v.reserve(sample_.size());
    for (const auto& it : sample_) v.push_back(it.value);
    return v;
}

std::vector<double> ActivationObserver::channelAbsMean() const {
    std::vector<double> m(chanAbsSum_.size(), 0.0);
    if (chanCount_ > 0)
        for (size_t c = 0; c < m.size(); ++c) m[c] = chanAbsSum_[c] / double(chanCount_);
    return m;
}

size_t ActivationObserver::sizeBytes() const {
    return sizeof(*this) + counts_.capacity() * sizeof(int64_t) + sample_.capacity() * sizeof(Item) +
           chanAbsMax_.capacity() * sizeof(float) + chanAbsSum_.capacity() * sizeof(double) +
           oddCounts_.capacity() * sizeof(int64_t);
}

// Makes the window cover [lo, hi] with the finest power-of-two width not below the current one
// nor 2^minExp.
void ActivationObserver::cover(double lo, double hi, int minExp) {
    const int bins = opt_.bins;
    int e = std::max(haveRange_ ? exp_ : kMinExp, minExp);
    const double absMax = std::max(std::fabs(lo), std::fabs(hi));
    if (absMax > 0) e = std::max(e, std::ilogb(absMax) - 23);
    if (hi > lo) e = std::max(e, std::ilogb((hi - lo) / bins)); // any finer width spans > bins bins
    while (globalBin(hi, e) - globalBin(lo, e) + 1 > bins) ++e;
    const int64_t gLo = globalBin(lo, e), gHi = globalBin(hi, e);
    if (haveRange_ && e == exp_ && gLo >= origin_ && gHi < origin_ + bins) return;

    // Centred, so the range can grow either way before the next regrouping.
    const int64_t origin = gLo - (bins - (gHi - gLo + 1)) / 2;
    if (haveRange_) {
        foldCounts();
        std::vector<int64_t> next(size_t(bins), 0);
        const int s = e - exp_;
        for (int j = 0; j < bins; ++j)
            if (counts_[size_t(j)] != 0) next[size_t(floorShift(origin_ + j, s) - origin)] += counts_[size_t(j)];
        counts_.swap(next);
    }
    exp_ = e;
    origin_ = origin;
    haveRange_ = true;
}

// Also returns sum (x - mean) and sum (x - mean)^2 over the finite values, for the corrected
// two-pass variance (the batch mean from the first pass carries float rounding).
void ActivationObserver::addToHistogram(const float* x, int64_t n, bool allFinite, double mean, double& d1,
                                        double& d2) {
    const float inv = std::ldexp(1.0f, -exp_);
    const auto origin = int32_t(origin_); // |origin| <= 2^24 + bins by the exponent floor
    kernels::Deviations dev;
    if (allFinite) {
        dev = cpuFeatures().avx2Fma ? kernels::binAvx2(x, n, inv, origin, mean, counts_.data(), oddCounts_.data())
                                    : kernels::binRef(x, n, inv, origin, mean, counts_.data());
    } else {
        for (int64_t i = 0; i < n; ++i) {
            if (!finite(x[i])) continue;
            const auto d = kernels::binRef(x + i, 1, inv, origin, mean, counts_.data());
            dev.d1 += d.d1;
            dev.d2 += d.d2;
        }
    }
    d1 = dev.d1;
    d2 = dev.d2;
}

void ActivationObserver::foldCounts() {
    for (size_t j = 0; j < counts_.size(); ++j) {
        counts_[j] += oddCounts_[j];
        oddCounts_[j] = 0;
    }
}

// Uniform in (0, 1].
double ActivationObserver::uniform() { return double((rng_() >> 11) + 1) * 0x1.0p-53; }

// The sample keeps the values with the sampleSize smallest random keys (bottom-k sampling): a
// uniform sample of the stream that two observers can merge exactly by keeping the smallest keys
// of both. Once full, the gap to the next key below the largest kept key is geometric, so
// skipped values cost nothing.
void ActivationObserver::scheduleSkip() {
    const double w = sample_.front().key;
    if (w >= 1) {
        skip_ = 0;
        return;
    }
    const double gap = std::floor(std::log(uniform()) / std::log1p(-w));
    skip_ = gap < 0x1.0p62 ? int64_t(gap) : int64_t(1) << 62;
}

// The sample becomes a max-heap only once full: until then every value is kept anyway.
void ActivationObserver::offer(float v, double key) {
    const auto byKey = [](const Item& a, const Item& b) { return a.key < b.key; };
    if (sample_.size() < size_t(opt_.sampleSize)) {
        sample_.push_back({key, v});
        if (sample_.size() == size_t(opt_.sampleSize)) std::make_heap(sample_.begin(), sample_.end(), byKey);
    } else if (key < sample_.front().key) {
        std::pop_heap(sample_.begin(), sample_.end(), byKey);
        sample_.back() = {key, v};
        std::push_heap(sample_.begin(), sample_.end(), byKey);
    }
}

void ActivationObserver::addToSample(const float* x, int64_t n, bool allFinite) {
    const size_t k = size_t(opt_.sampleSize);
    if (k == 0) return;
    int64_t i = 0;
    while (i < n) {
        if (sample_.size() < k) {
            if (finite(x[i])) {
                offer(x[i], uniform());
                if (sample_.size() == k) scheduleSkip();
            }
            ++i;
            continue;
        }
        if (allFinite) {
            if (skip_ >= n - i) {
                skip_ -= n - i;
                return;
            }
            i += skip_;
        } else if (!finite(x[i])) {
            ++i;
            continue;
        } else if (skip_ > 0) {
            --skip_;
            ++i;
            continue;
        }
        offer(x[i], sample_.front().key * uniform()); // a key known to be below the largest kept
        scheduleSkip();
        ++i;
    }
}

void ActivationObserver::addChannels(std::span<const float> x, const ChannelLayout& layout) {
    const auto& shape = layout.shape;
    const int rank = int(shape.size());
    const int axis = layout.axis < 0 ? layout.axis + rank : layout.axis;
    if (axis < 0 || axis >= rank) throw Error(kWhere, "channel axis " + std::to_string(layout.axis) + " out of range");
    int64_t outer = 1, inner = 1, total = 1;
    for (int i = 0; i < rank; ++i) {
        const int64_t d = shape[size_t(i)];
        if (d < 0) throw Error(kWhere, "negative dimension in the channel layout");
        if (__builtin_mul_overflow(total, d, &total)) throw Error(kWhere, "channel layout size overflows");
        if (i < axis) outer *= d;
        if (i > axis) inner *= d;
    }
    if (total != int64_t(x.size()))
        throw Error(kWhere, "channel layout describes " + std::to_string(total) + " values, the batch has " +
                                std::to_string(x.size()));
    const int64_t channels = shape[size_t(axis)];
    if (chanAbsMax_.empty() && chanCount_ == 0) {
        if (channels > kMaxBins) throw Error(kWhere, "too many channels");
        chanAbsMax_.assign(size_t(channels), 0.0f);
        chanAbsSum_.assign(size_t(channels), 0.0);
    } else if (channels != int64_t(chanAbsMax_.size())) {
        throw Error(kWhere, "batch has " + std::to_string(channels) + " channels, earlier batches " +
                                std::to_string(chanAbsMax_.size()));
    }
    if (total == 0) return;
    float* mx = chanAbsMax_.data();
    double* sum = chanAbsSum_.data();
    const bool avx2 = cpuFeatures().avx2Fma;
    for (int64_t o = 0; o < outer; ++o) {
        const float* row = x.data() + o * channels * inner;
        if (inner == 1) { // channels last: the contiguous run goes across channels
            (avx2 ? kernels::absRowAvx2 : kernels::absRowRef)(row, channels, mx, sum);
            continue;
        }
        for (int64_t c = 0; c < channels; ++c) {
            double s = 0;
            (avx2 ? kernels::absRunAvx2 : kernels::absRunRef)(row + c * inner, inner, mx[c], s);
            sum[c] += s;
        }
    }
    chanCount_ += outer * inner;
}

void ActivationObserver::observe(std::span<const float> x, const ChannelLayout& layout) {
    addChannels(x, layout); // validates the layout before anything changes
    observe(x);
}

void ActivationObserver::observe(std::span<const float> x) {
    const auto n = int64_t(x.size());
    if (n == 0) return;
    const auto mo = cpuFeatures().avx2Fma ? kernels::momentsAvx2(x.data(), n) : kernels::momentsRef(x.data(), n);
    if (mo.nonFinite > 0)
        for (float v : x)
            if (!finite(v)) ++(std::isnan(v) ? nan_ : inf_);
    if (mo.finite == 0) return;

    const double lo = count_ ? std::min<double>(min_, mo.min) : mo.min;
    const double hi = count_ ? std::max<double>(max_, mo.max) : mo.max;
    cover(lo, hi, kMinExp);
    min_ = lo;
    max_ = hi;

    // Chan et al.: batch mean and M2 (two-pass within the batch), then a stable pairwise merge.
    const double bn = double(mo.finite);
    double bmean = mo.sum / bn, d1 = 0, d2 = 0;
    addToHistogram(x.data(), n, mo.nonFinite == 0, bmean, d1, d2);
    bmean += d1 / bn;
    const double bm2 = std::max(0.0, d2 - d1 * d1 / bn);
    const double total = double(count_) + bn, delta = bmean - mean_;
    mean_ += delta * bn / total;
    m2_ += bm2 + delta * delta * double(count_) * bn / total;
    count_ += mo.finite;

    addToSample(x.data(), n, mo.nonFinite == 0);
}

void ActivationObserver::merge(const ActivationObserver& other) {
    if (other.opt_.bins != opt_.bins || other.opt_.sampleSize != opt_.sampleSize)
        throw Error(kWhere, "cannot merge observers with different bins or sample sizes");
    if (!other.chanAbsMax_.empty() || other.chanCount_ > 0) {
        if (chanAbsMax_.empty() && chanCount_ == 0) {
            chanAbsMax_ = other.chanAbsMax_;
            chanAbsSum_ = other.chanAbsSum_;
        } else if (other.chanAbsMax_.size() != chanAbsMax_.size()) {
            throw Error(kWhere, "cannot merge observers with different channel counts");
        } else {
            for (size_t c = 0; c < chanAbsMax_.size(); ++c) {
                chanAbsMax_[c] = std::max(chanAbsMax_[c], other.chanAbsMax_[c]);
                chanAbsSum_[c] += other.chanAbsSum_[c];
            }
        }
        chanCount_ += other.chanCount_;
    }
    nan_ += other.nan_;
    inf_ += other.inf_;
    if (other.count_ == 0) return;

    const double lo = count_ ? std::min(min_, other.min_) : other.min_;
    const double hi = count_ ? std::max(max_, other.max_) : other.max_;
    cover(lo, hi, other.exp_); // other's bins cannot be split, so never finer than its width
    const int s = exp_ - other.exp_;
    for (int j = 0; j < opt_.bins; ++j)
        if (const int64_t c = other.counts_[size_t(j)] + other.oddCounts_[size_t(j)]; c != 0)
            counts_[size_t(floorShift(other.origin_ + j, s) - origin_)] += c;
    min_ = lo;
    max_ = hi;

    const double total = double(count_) + double(other.count_), delta = other.mean_ - mean_;
    mean_ += delta * double(other.count_) / total;
    m2_ += other.m2_ + delta * delta * double(count_) * double(other.count_) / total;
    count_ += other.count_;

    for (const auto& it : other.sample_) offer(it.value, it.key);
    if (!sample_.empty() && sample_.size() == size_t(opt_.sampleSize)) scheduleSkip();
}

Percentile ActivationObserver::percentile(double q, bool ofAbs) const {
    Percentile r;
    if (count_ == 0) {
        r.exact = true;
        return r;
    }
    if (int64_t(sample_.size()) == count_) { // the sample is the whole stream
        auto v = sample();
        if (ofAbs)
            for (auto& a : v) a = std::fabs(a);
        const auto rank = std::max<int64_t>(1, int64_t(std::ceil(std::clamp(q, 0.0, 1.0) * double(count_))));
        std::nth_element(v.begin(), v.begin() + (rank - 1), v.end());
        r.value = v[size_t(rank - 1)];
        r.exact = true;
        return r;
    }
    auto d = BinnedDensity::of(histogram(), min(), max());
    if (ofAbs) d = d.abs();
    r.value = d.quantile(q);
    r.maxError = binWidth();
    return r;
}

} // namespace qb
