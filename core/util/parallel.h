// A minimal fork-join loop for core code that is not a oneDNN primitive: splits [0, n) into one
// contiguous range per worker. Small inputs run inline, since starting threads costs ~50 us.
#pragma once
#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

namespace qb {

/// Number of worker threads core loops use (all cores unless setThreadCount() said otherwise).
int threadCount();
/// 0 = all cores. The CLI's --threads sets this; it also sets the OpenMP team size oneDNN uses
/// (for parallel regions started by the calling thread).
void setThreadCount(int n);

/// Calls f(worker, begin, end) for `parts` contiguous ranges covering [0, n), in parallel.
/// parts = min(threadCount(), ceil(n / minPerPart)); worker indexes 0..parts-1.
template <typename F>
int parallelRanges(int64_t n, int64_t minPerPart, F&& f) {
    const int64_t byWork = std::max<int64_t>(1, (n + minPerPart - 1) / std::max<int64_t>(1, minPerPart));
    const int parts = int(std::min<int64_t>(threadCount(), byWork));
    auto range = [&](int w) {
        const int64_t b = n * w / parts, e = n * (w + 1) / parts;
        f(w, b, e);
    };
    if (parts <= 1) {
        range(0);
        return 1;
    }
    std::vector<std::thread> pool;
    pool.reserve(size_t(parts - 1));
    for (int w = 1; w < parts; ++w) pool.emplace_back(range, w);
    range(0);
    for (auto& t : pool) t.join();
    return parts;
}

} // namespace qb
