// What the job runner's tests share: a long job that only a cancel ends, and a record of what a
// job's handlers heard.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <utility>

#include "app/gui/Workspace.h"
#include "core/util/job.h"

namespace qb::test {

// A job that runs for up to a minute unless cancelled, reporting progress as fast as it can.
inline std::function<int(qb::JobContext&)> longJob(std::atomic<bool>& sawCancel, std::atomic<long>& reports) {
    return [&sawCancel, &reports](qb::JobContext& job) -> int {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        try {
            while (std::chrono::steady_clock::now() < end) {
                job.checkCancel();
                job.report(0.5, "spinning");
                ++reports;
                std::this_thread::sleep_for(std::chrono::microseconds(100));
            }
        } catch (const qb::Cancelled&) {
            sawCancel = true;
            throw;
        }
        return 0;
    };
}

// What a job's handlers heard.
template <class T>
struct Heard {
    std::optional<T> result;
    std::optional<qb::JobError> error;
    int cancelled = 0;
    qint64 elapsedMs = -1;

    qb::JobHandlers<T> handlers() {
        qb::JobHandlers<T> h;
        h.done = [this](T r, qint64 ms) {
            result = std::move(r);
            elapsedMs = ms;
        };
        h.failed = [this](const qb::JobError& e) { error = e; };
        h.cancelled = [this] { ++cancelled; };
        return h;
    }
    bool ended() const { return result || error || cancelled > 0; }
};


} // namespace qb::test
