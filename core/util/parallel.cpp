#include "core/util/parallel.h"

#include <atomic>

#include <omp.h>

namespace qb {

namespace {
std::atomic<int> gThreads{0};
}

int threadCount() {
    const int n = gThreads.load(std::memory_order_relaxed);
    if (n > 0) return n;
    return std::max(1u, std::thread::hardware_concurrency());
}

void setThreadCount(int n) {
    // oneDNN primitives run on OpenMP, whose team size is its own setting: without this, --threads
    // would leave the engine on every core. It is the calling thread's setting (the one that runs
    // the engine); 0 restores what OpenMP chose at start-up (OMP_NUM_THREADS or all cores).
    static const int ompDefault = omp_get_max_threads();
    gThreads.store(std::max(0, n), std::memory_order_relaxed);
    omp_set_num_threads(n > 0 ? n : ompDefault);
}

} // namespace qb
