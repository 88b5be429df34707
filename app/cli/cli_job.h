// What every long CLI command shares: Ctrl-C cancels the job, progress goes to stderr, and the
// outcome becomes the contract's exit code (0 ok, 1 failed, 130 cancelled) with one
// "error: <file or object>: <what is wrong>" line.
#pragma once
#include <atomic>
#include <functional>
#include <string>

#include "app/cli/interrupt.h"
#include "core/util/job.h"

namespace qb::cli {

class CliJob {
public:
    /// `subject`: what errors without a file of their own are reported against; `output`: the file
    /// the command writes ("cancelled, nothing written" names it), or empty.
    CliJob(std::string subject, std::string output = {});

    /// Progress lines: one per 10 % of a stage, and every "layer k/n" of quantization.
    const JobContext& context() const { return job_; }

    /// Runs body() (which returns the exit code) and maps its exceptions.
    int run(const std::function<int()>& body);

private:
    std::string subject_, output_;
    std::atomic<bool> cancel_{false};
    CancelOnInterrupt onInterrupt_;
    JobContext job_;
    int lastDecile_ = 0; ///< a stage starting at 0 % prints nothing: only progress does
};

} // namespace qb::cli
