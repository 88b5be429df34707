// Activations that oneDNN kernels keep in a blocked layout (nChw8c...) between each other, so
// that consecutive convolutions and pools skip the reorder to plain row-major and back. Each
// blocked value mirrors a plan tensor; the producer fills that plain tensor only when a reader
// needs it (a host op, a graph output, a kernel that did not claim the blocked form, an observer).
#pragma once
#include <oneapi/dnnl/dnnl.hpp>

#include <unordered_map>

#include "core/engine/host_tensor.h"

namespace qb::engine {

struct BlockedValues {
    struct Entry {
        dnnl::memory mem;
        int claims = 0;          ///< input slots that read `mem` instead of the plain tensor
        bool plainNeeded = true; ///< set by the executor once the whole plan is known
    };
    std::unordered_map<const Tensor*, Entry> byTensor; // node-based: entries keep their addresses
    bool observing = false; ///< a run with an observer reads every plain tensor
};

} // namespace qb::engine
