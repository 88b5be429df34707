#include "core/stats/tensor_stats.h"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "core/stats/stats_kernels.h"
#include "core/util/cpu_features.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb {

namespace {

constexpr int64_t kMinPerThread = 1 << 16; // below this, threads cost more than they save
constexpr int64_t kSlice = 1 << 20;        // cancel and progress granularity per worker

// Runs f(begin, end) over [0, n) in parallel slices, stopping early when the job is cancelled.
// Progress is reported by worker 0 only, so the callback never runs on two threads at once.
template <typename PerWorker, typename F>
void sliced(int64_t n, const JobContext* job, double p0, double p1, std::vector<PerWorker>& acc, F&& f) {
    acc.assign(size_t(threadCount()), PerWorker{});
    parallelRanges(n, kMinPerThread, [&](int w, int64_t b, int64_t e) {
        for (int64_t s = b; s < e; s += kSlice) {
            if (job && job->cancelled()) return;
            f(acc[size_t(w)], s, std::min(e, s + kSlice));
            if (job && w == 0)
                job->report(p0 + (p1 - p0) * std::min(1.0, double(s - b + kSlice) / double(e - b)), "statistics");
        }
    });
    if (job) job->checkCancel();
}

struct alignas(64) HistAcc { // one cache line or more per worker: no false sharing
    std::vector<int64_t> counts;
    kernels::HistPass pass;
};

} // namespace

TensorSummary summarize(std::span<const float> x, int bins, const JobContext* job) {
    if (bins < 1) throw Error("histogram", "needs at least one bin");
    const float* data = x.data();
    const int64_t n = int64_t(x.size());
    const bool avx2 = cpuFeatures().avx2Fma;

    std::vector<kernels::Moments> parts;
    sliced(n, job, 0.0, 0.5, parts, [&](kernels::Moments& m, int64_t b, int64_t e) {
        const auto r = avx2 ? kernels::momentsAvx2(data + b, e - b) : kernels::momentsRef(data + b, e - b);
        if (m.finite == 0 && m.nonFinite == 0) {
            m = r;
            return;
        }
        m.min = std::min(m.min, r.min);
        m.max = std::max(m.max, r.max);
        m.sum += r.sum;
        m.sumSq += r.sumSq;
        m.finite += r.finite;
        m.nonFinite += r.nonFinite;
    });

    TensorSummary out;
    TensorStats& st = out.stats;
    st.min = INFINITY;
    st.max = -INFINITY;
    double sum = 0, sumSq = 0;
    int64_t nonFinite = 0;
    for (const auto& m : parts) {
        if (m.finite == 0 && m.nonFinite == 0) continue;
        st.min = std::min<double>(st.min, m.min);
        st.max = std::max<double>(st.max, m.max);
        sum += m.sum;
        sumSq += m.sumSq;
        st.count += m.finite;
        nonFinite += m.nonFinite;
    }
    if (nonFinite > 0)
        for (float v : x) (std::isnan(v) ? st.nanCount : st.infCount) += !std::isfinite(v);
    out.histogram.counts.assign(size_t(bins), 0);
    if (st.count == 0) {
        st.min = st.max = 0;
        out.histogram.hi = 1;
        return out;
    }
    st.mean = sum / double(st.count);
    st.absMax = std::max(std::fabs(st.min), std::fabs(st.max));
    const double roughStd = std::sqrt(std::max(0.0, sumSq / double(st.count) - st.mean * st.mean));

    double lo = st.min, hi = st.max;
    if (hi == lo) hi = lo + std::max(std::fabs(lo), 1.0) * 1e-3; // constant: all in bin 0
    out.histogram.lo = lo;
    out.histogram.hi = hi;
    const float scale = float(double(bins) / (hi - lo));
    const double mean = st.mean, thr = 6.0 * roughStd;

    std::vector<HistAcc> hparts;
    sliced(n, job, 0.5, 1.0, hparts, [&](HistAcc& h, int64_t b, int64_t e) {
        if (h.counts.empty()) h.counts.assign(size_t(bins), 0);
        if (avx2 && nonFinite == 0)
            kernels::histAvx2(data + b, e - b, float(lo), scale, bins, mean, thr, h.counts.data(), h.pass);
        else
            kernels::histRef(data + b, e - b, float(lo), scale, bins, mean, thr, h.counts.data(), h.pass);
    });
    double m2 = 0, m4 = 0;
    for (const auto& h : hparts) {
        if (h.counts.empty()) continue;
        for (int i = 0; i < bins; ++i) out.histogram.counts[size_t(i)] += h.counts[size_t(i)];
        m2 += h.pass.m2;
        m4 += h.pass.m4;
        st.beyond6Sigma += h.pass.beyond;
    }
    m2 /= double(st.count);
    m4 /= double(st.count);
    st.std = std::sqrt(m2);
    st.kurtosis = m2 > 0 ? m4 / (m2 * m2) - 3.0 : 0.0;
    return out;
}

ChannelRanges channelRanges(std::span<const float> x, std::span<const int64_t> shape, int axis) {
    if (shape.empty()) {
        ChannelRanges r;
        if (!x.empty()) {
            r.min = r.max = {x[0]};
            r.absMax = {std::fabs(x[0])};
        }
        return r;
    }
    if (axis < 0) axis += int(shape.size());
    if (axis < 0 || axis >= int(shape.size())) throw Error("channel ranges", "axis out of range");
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < axis; ++i) outer *= shape[size_t(i)];
    for (size_t i = size_t(axis) + 1; i < shape.size(); ++i) inner *= shape[i];
    const int64_t channels = shape[size_t(axis)];
    if (outer * channels * inner != int64_t(x.size())) throw Error("channel ranges", "shape does not match the data");
    ChannelRanges r;
    r.min.assign(size_t(channels), INFINITY);
    r.max.assign(size_t(channels), -INFINITY);
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t c = 0; c < channels; ++c) {
            const float* p = x.data() + (o * channels + c) * inner;
            float lo = r.min[size_t(c)], hi = r.max[size_t(c)];
            for (int64_t i = 0; i < inner; ++i) {
                if (!std::isfinite(p[i])) continue;
                lo = std::min(lo, p[i]);
                hi = std::max(hi, p[i]);
            }
            r.min[size_t(c)] = lo;
            r.max[size_t(c)] = hi;
        }
    r.absMax.resize(size_t(channels));
    for (int64_t c = 0; c < channels; ++c) {
        if (r.min[size_t(c)] > r.max[size_t(c)]) r.min[size_t(c)] = r.max[size_t(c)] = 0; // all non-finite
        r.absMax[size_t(c)] = std::max(std::fabs(r.min[size_t(c)]), std::fabs(r.max[size_t(c)]));
    }
    return r;
}

} // namespace qb
