// A minimal fork-join loop for core code that is not a oneDNN primitive: splits [0, n) into one
// contiguous range per worker. Small inputs run inline, since starting threads costs ~50 us.
#pragma once
#include <algorithm>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

namespace qb {

/// Number of worker threads core loops use (all cores unless setThreadCount() said otherwise).
int threadCount();
/// 0 = all cores. The CLI's --threads sets this; it also sets the OpenMP team size oneDNN uses
/// (for parallel regions started by the calling thread).
void setThreadCount(int n);

namespace detail {
/// Set while a thread runs a part of parallelRanges(): a nested call runs inline, so that the
/// threads in flight stay threadCount() instead of its square.
inline thread_local bool inParallelRanges = false;
} // namespace detail

/// Calls f(worker, begin, end) for `parts` contiguous ranges covering [0, n), in parallel.
/// parts = min(threadCount(), ceil(n / minPerPart)); worker indexes 0..parts-1. Called from inside
/// another parallelRanges() part, it runs [0, n) as one part on the calling thread.
template <typename F>
int parallelRanges(int64_t n, int64_t minPerPart, F&& f) {
    const int64_t byWork = std::max<int64_t>(1, (n + minPerPart - 1) / std::max<int64_t>(1, minPerPart));
    const int parts = detail::inParallelRanges ? 1 : int(std::min<int64_t>(threadCount(), byWork));
    auto range = [&](int w) {
        const int64_t b = n * w / parts, e = n * (w + 1) / parts;
        f(w, b, e);
    };
    if (parts <= 1) {
        range(0);
        return 1;
    }
    // A part that throws (a worker's exception would end the process) passes its exception to the
    // caller once every part has finished.
    std::vector<std::exception_ptr> failed(static_cast<size_t>(parts));
    const auto part = [&](int w) {
        detail::inParallelRanges = true;
        try {
            range(w);
        } catch (...) {
            failed[size_t(w)] = std::current_exception();
        }
        detail::inParallelRanges = false;
    };
    std::vector<std::thread> pool;
    pool.reserve(size_t(parts - 1));
    for (int w = 1; w < parts; ++w) pool.emplace_back(part, w);
    part(0);
    for (auto& t : pool) t.join();
    for (const auto& e : failed)
        if (e) std::rethrow_exception(e);
    return parts;
}

} // namespace qb
