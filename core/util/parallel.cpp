#include "core/util/parallel.h"

#include <atomic>

namespace qb {

namespace {
std::atomic<int> gThreads{0};
}

int threadCount() {
    const int n = gThreads.load(std::memory_order_relaxed);
    if (n > 0) return n;
    return std::max(1u, std::thread::hardware_concurrency());
}

void setThreadCount(int n) { gThreads.store(std::max(0, n), std::memory_order_relaxed); }

} // namespace qb
