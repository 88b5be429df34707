// Peak memory of one piece of work: run in a forked child so that it has a peak RSS of its own,
// read from wait4's ru_maxrss. Shared by the memory benchmarks (quantize, export).
#pragma once
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>

#include "core/util/error.h"

namespace qb::bench {

struct ChildOutcome {
    bool ok = false;
    double seconds = 0;
    uint64_t value = 0; ///< what the work returned (layers, bytes)
    long peakKb = 0;    ///< the child's peak RSS in kilobytes (Linux)
    char error[512] = {};
};

/// Runs `work` in a forked child; its result comes back through a pipe, its peak RSS from wait4.
inline ChildOutcome inChild(const std::function<uint64_t()>& work) {
    using Clock = std::chrono::steady_clock;
    int fds[2];
    if (::pipe(fds) != 0) throw qb::Error("pipe", std::strerror(errno));
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw qb::Error("fork", std::strerror(errno));
    if (pid == 0) {
        ::close(fds[0]);
        ChildOutcome o;
        const auto t0 = Clock::now();
        try {
            o.value = work();
            o.ok = true;
        } catch (const std::exception& e) {
            std::snprintf(o.error, sizeof o.error, "%s", e.what());
        }
        o.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        const bool sent = ::write(fds[1], &o, sizeof o) == ssize_t(sizeof o);
        ::_exit(sent ? 0 : 1);
    }
    ::close(fds[1]);
    ChildOutcome o;
    const bool got = ::read(fds[0], &o, sizeof o) == ssize_t(sizeof o);
    ::close(fds[0]);
    int status = 0;
    rusage ru{};
    ::wait4(pid, &status, 0, &ru);
    if (!got) std::snprintf(o.error, sizeof o.error, "the child died (status %d)", status);
    o.peakKb = ru.ru_maxrss;
    return o;
}

inline double kbToGb(double kb) { return kb * 1024.0 / 1e9; }

} // namespace qb::bench
