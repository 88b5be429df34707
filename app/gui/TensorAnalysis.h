// What the Histogram and Channel ranges panels show for one tensor, computed off the GUI thread.
#pragma once
#include <optional>
#include <string>

#include "core/model/model.h"
#include "core/stats/tensor_stats.h"
#include "core/util/job.h"

namespace qb {

/// The summaries of one tensor: everything the plots need, nothing of the tensor itself.
struct TensorAnalysis {
    static constexpr int kBins = 2048;

    std::string name;
    TensorSummary summary;
    std::optional<ChannelRanges> channels; ///< absent for scalars
    int channelAxis = 0;
};

/// Decodes `t` (f32 is read in place), summarizes it and takes its per-channel ranges.
/// Throws qb::Error for tensors that cannot be decoded and qb::Cancelled when cancelled.
TensorAnalysis analyzeTensor(const TensorEntry& t, const JobContext& job);

} // namespace qb
