// The job context every long core call takes: a progress callback and a shared cancel flag.
// Core never knows about threads or Qt; app/ adapts this to its job runner.
#pragma once
#include <atomic>
#include <functional>
#include <string_view>

#include "core/util/error.h"

namespace qb {

/// Thrown by JobContext::checkCancel(); callers unwind and leave no partial output.
class Cancelled : public std::exception {
public:
    const char* what() const noexcept override { return "cancelled"; }
};

struct JobContext {
    /// fraction in [0,1], stage text ("layer 3/40: histogram").
    std::function<void(double, std::string_view)> progress;
    const std::atomic<bool>* cancel = nullptr;

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
    void checkCancel() const {
        if (cancelled()) throw Cancelled();
    }
    void report(double fraction, std::string_view stage) const {
        if (progress) progress(fraction, stage);
    }
};

} // namespace qb
