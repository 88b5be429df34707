#include "core/formats/hdf5_guard.h"

#include <csignal>
#include <cstring>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "core/util/error.h"

namespace qb::h5 {

namespace {
// Exit codes of the probing child; anything else means it did not finish the read normally.
constexpr int kReadOk = 0;
constexpr int kReadThrew = 73;
} // namespace

void survivesInChild(const std::string& path, const std::function<void()>& read,
                     std::chrono::milliseconds timeout) {
    const pid_t pid = ::fork();
    if (pid < 0) return; // cannot fork (resource limits): read in-process as before
    if (pid == 0) {
        // A crash must end the child by its signal: handlers inherited from the parent (a
        // sanitizer's or a fuzzer's) would turn it into an ordinary exit instead.
        for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) ::signal(sig, SIG_DFL);
        // The child only reports how the read ended; _exit skips atexit handlers (HDF5's own
        // library shutdown among them) so nothing of the parent's state is flushed twice.
        int code = kReadOk;
        try {
            read();
        } catch (...) {
            code = kReadThrew;
        }
        ::_exit(code);
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::microseconds(200);
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            if (WIFSIGNALED(status))
                throw Error(path, std::string("the HDF5 library crashed reading this file (") +
                                      ::strsignal(WTERMSIG(status)) + "): the file is corrupt");
            const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            if (code != kReadOk && code != kReadThrew) // something else ended the child early
                throw Error(path, "the HDF5 library failed reading this file (child exit status " +
                                      std::to_string(code) + "): the file is corrupt");
            return;
        }
        if (r < 0) return; // the child was reaped elsewhere (e.g. SIGCHLD ignored): nothing to judge
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            throw Error(path, "the HDF5 library did not finish reading this file in " +
                                  std::to_string(timeout.count() / 1000) + " s: the file is corrupt");
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(20000));
    }
}

} // namespace qb::h5
