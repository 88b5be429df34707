#include "app/gui/TensorAnalysis.h"

#include <QtGlobal>
#include <bit>
#include <cstdint>
#include <vector>

namespace qb {

namespace {

// Stage names, translated for display by JobProgressWidget.
const char* const kDecoding = QT_TRANSLATE_NOOP("qb::JobStage", "decoding");
const char* const kHistogram = QT_TRANSLATE_NOOP("qb::JobStage", "histogram");
const char* const kChannelRanges = QT_TRANSLATE_NOOP("qb::JobStage", "channel ranges");
const char* const kDone = QT_TRANSLATE_NOOP("qb::JobStage", "done");

// Little-endian f32 stored aligned can be summarized where it lies, without a copy.
std::span<const float> inPlaceF32(const TensorEntry& t) {
    if constexpr (std::endian::native != std::endian::little) {
        return {};
    }
    const auto n = uint64_t(t.params());
    if (t.dtype != DType::F32 || t.data.size() / sizeof(float) != n || t.data.size() % sizeof(float) != 0 ||
        reinterpret_cast<uintptr_t>(t.data.data()) % alignof(float) != 0) {
        return {};
    }
    return {reinterpret_cast<const float*>(t.data.data()), size_t(n)};
}

} // namespace

TensorAnalysis analyzeTensor(const TensorEntry& t, const JobContext& job) {
    TensorAnalysis a;
    a.name = t.name;
    a.channelAxis = t.channelAxis;

    std::vector<float> decoded;
    std::span<const float> values = inPlaceF32(t);
    if (values.empty() && t.params() > 0) {
        job.report(0.0, kDecoding);
        decoded = toFloat(t);
        values = decoded;
    }
    job.checkCancel();

    // summarize() reports its own 0..1; it gets the middle of this job's bar.
    JobContext inner;
    inner.cancel = job.cancel;
    inner.progress = [&job](double fraction, std::string_view) { job.report(0.1 + 0.8 * fraction, kHistogram); };
    job.report(0.1, kHistogram);
    a.summary = summarize(values, TensorAnalysis::kBins, &inner);
    job.checkCancel();

    const int rank = int(t.shape.size());
    if (rank > 0 && t.channelAxis >= 0 && t.channelAxis < rank) {
        job.report(0.9, kChannelRanges);
        a.channels = channelRanges(values, t.shape, t.channelAxis);
    }
    job.checkCancel();
    job.report(1.0, kDone);
    return a;
}

} // namespace qb
