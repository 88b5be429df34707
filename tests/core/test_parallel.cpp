// parallelRanges(): the parts cover [0, n) exactly once, a nested call runs inline on its caller's
// thread (no threadCount()^2 threads), and a part's exception reaches the caller.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/util/parallel.h"

namespace {

struct Threads {
    explicit Threads(int n) : saved(qb::threadCount()) { qb::setThreadCount(n); }
    ~Threads() { qb::setThreadCount(saved); }
    int saved;
};

TEST(ParallelRanges, NestedCallsRunInlineAndCoverEverything) {
    const Threads two(2);
    std::vector<std::atomic<int>> hits(1000);
    std::mutex m;
    std::set<std::thread::id> ids;
    std::atomic<int> innerParts{0};
    const int outer = qb::parallelRanges(10, 1, [&](int, int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i)
            innerParts += qb::parallelRanges(100, 1, [&](int w, int64_t ib, int64_t ie) {
                EXPECT_EQ(w, 0);
                const std::lock_guard<std::mutex> lock(m);
                ids.insert(std::this_thread::get_id());
                for (int64_t k = ib; k < ie; ++k) ++hits[size_t(i * 100 + k)];
            });
    });
    EXPECT_EQ(outer, 2);
    EXPECT_EQ(innerParts.load(), 10); // one part each: inline
    EXPECT_LE(ids.size(), 2u);
    for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
    // Outside any part, a call splits again.
    EXPECT_EQ(qb::parallelRanges(100, 1, [](int, int64_t, int64_t) {}), 2);
}

TEST(ParallelRanges, AWorkersExceptionReachesTheCaller) {
    const Threads two(2);
    std::atomic<int> finished{0};
    EXPECT_THROW(qb::parallelRanges(2, 1,
                                    [&](int w, int64_t, int64_t) {
                                        ++finished;
                                        if (w == 1) throw std::runtime_error("part 1");
                                    }),
                 std::runtime_error);
    EXPECT_EQ(finished.load(), 2);
    EXPECT_EQ(qb::parallelRanges(100, 1, [](int, int64_t, int64_t) {}), 2); // and the caller is not left "inside"
}

} // namespace
