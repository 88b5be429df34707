// Ctrl-C for the CLI. SIGINT is blocked in every thread and taken by one watcher thread with
// sigwait(), so no signal handler ever runs on a compute thread: on an AMX CPU, a handler that
// interrupted oneDNN's kernels left the heap corrupt (calibrate crashed on about 1 interrupt in 10).
#pragma once
#include <atomic>

namespace qb::cli {

/// Blocks SIGINT and starts the watcher. Call first in main(), before any thread exists, so that
/// every later thread (OpenMP's, oneDNN's, ours) inherits the blocked mask.
void watchInterrupts();

/// While alive, SIGINT sets `cancel` (the job unwinds and writes nothing); with no scope alive it
/// exits the process with status 130 at once, as an uncaught Ctrl-C would end it.
class CancelOnInterrupt {
public:
    explicit CancelOnInterrupt(std::atomic<bool>& cancel);
    ~CancelOnInterrupt();
    CancelOnInterrupt(const CancelOnInterrupt&) = delete;
    CancelOnInterrupt& operator=(const CancelOnInterrupt&) = delete;

private:
    std::atomic<bool>* previous_;
};

} // namespace qb::cli
