#include "core/formats/hdf5_guard.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include "core/util/error.h"

extern char** environ;

namespace qb::h5 {

namespace {

// The probe's exit codes (app/h5probe): read cleanly, or the reader threw a qb::Error whose
// `where` and message it wrote on stderr as two lines.
constexpr int kReadOk = 0;
constexpr int kReadThrew = 73;

namespace fs = std::filesystem;

class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
};

bool executable(const fs::path& p) { return ::access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p); }

// Processor time (user + system) a child has used so far, from /proc/<pid>/stat (fields 14 and 15,
// in clock ticks, counted after the command name's closing parenthesis); 0 if unreadable.
std::chrono::milliseconds processorTime(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return std::chrono::milliseconds(0);
    std::istringstream fields(stat.substr(close + 1));
    std::string f;
    unsigned long long ticks = 0;
    for (int k = 3; k <= 15 && fields >> f; ++k)
        if (k >= 14) ticks += std::strtoull(f.c_str(), nullptr, 10);
    const long hz = ::sysconf(_SC_CLK_TCK);
    return std::chrono::milliseconds(hz > 0 ? (long long)(ticks * 1000 / (unsigned long long)hz) : 0);
}

// "1.8" for 1800 ms.
std::string secondsText(std::chrono::milliseconds t) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", double(t.count()) / 1000.0);
    return text;
}

} // namespace

const char* probeReaderName(ProbeReader reader) {
    switch (reader) {
    case ProbeReader::KerasModel: return "keras";
    case ProbeReader::Project: return "project";
    case ProbeReader::ProjectMarker: return "is-project";
    }
    return "";
}

std::string probeProgram() {
    if (const char* env = std::getenv("QB_H5PROBE"); env && *env) return executable(env) ? env : "";
    // Beside the program in a build tree; bin/../libexec/quantbench/ once installed (any prefix).
    std::error_code ec;
    const fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    if (ec) return "";
    for (const fs::path& p : {dir / "quantbench-h5probe", dir.parent_path() / "libexec/quantbench/quantbench-h5probe"})
        if (executable(p)) return p.string();
    return "";
}

std::chrono::milliseconds probeTimeout(const std::string& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    return std::chrono::milliseconds(10'000 + (ec ? 0 : size / (50 << 20)) * 1000);
}

void probeInHelper(const std::string& path, ProbeReader reader, std::chrono::milliseconds cpuLimit) {
    const std::string program = probeProgram();
    if (program.empty())
        throw Error(path, "cannot read this HDF5 file safely: the checking program quantbench-h5probe is missing "
                          "(looked beside this program and in the install folder)");
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(path, std::string("cannot start the HDF5 check: ") + std::strerror(errno));
    Fd readEnd(fds[0]), writeEnd(fds[1]);

    // posix_spawn execs at once (vfork-like), so nothing of this multithreaded process runs in the
    // child: no lock held by another thread can deadlock it. Only stdin (/dev/null) and stderr
    // (the pipe) are open in it.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, writeEnd.get(), 2);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    const std::string kind = probeReaderName(reader);
    std::array<char*, 4> argv{const_cast<char*>(program.c_str()), const_cast<char*>(kind.c_str()),
                              const_cast<char*>(path.c_str()), nullptr};
    pid_t pid = -1;
    const int spawned = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    writeEnd.reset();
    if (spawned != 0)
        throw Error(path, "cannot start the HDF5 check " + program + ": " + std::strerror(spawned));

    // Collect stderr until it closes (the probe exited), its processor time passes the limit, or
    // the wall-clock deadline passes.
    std::string err;
    const auto wallLimit = cpuLimit * kProbeWallFactor;
    const auto deadline = std::chrono::steady_clock::now() + wallLimit;
    std::string stopped;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            stopped = "the HDF5 library did not finish reading this file in " + secondsText(wallLimit) + " s";
            break;
        }
        if (processorTime(pid) > cpuLimit) {
            stopped = "the HDF5 library spent over " + secondsText(cpuLimit) +
                      " s of processor time on this file without finishing";
            break;
        }
        pollfd p{readEnd.get(), POLLIN, 0};
        const int r = ::poll(&p, 1, int(std::min<long long>(left.count(), 100)));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) continue;
        char buf[4096];
        const ssize_t n = ::read(readEnd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (err.size() < 65536) err.append(buf, size_t(n));
    }
    int status = 0;
    if (!stopped.empty()) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        throw Error(path, stopped + ": the file is corrupt");
    }
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        throw Error(path, sig == SIGSYS ? std::string("reading this file made the HDF5 library attempt something other "
                                                      "than reading (stopped by its confinement): the file is corrupt")
                                        : std::string("the HDF5 library crashed reading this file (") + ::strsignal(sig) +
                                              "): the file is corrupt");
    }
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == kReadOk) return;
    if (code == kReadThrew) {
        // Line 1: the error's `where`; the rest: its whole text, "where: message".
        const auto nl = err.find('\n');
        if (nl != std::string::npos) {
            const std::string where = err.substr(0, nl);
            std::string text = err.substr(nl + 1);
            while (!text.empty() && text.back() == '\n') text.pop_back();
            if (text.rfind(where + ": ", 0) == 0) throw Error(where, text.substr(where.size() + 2));
        }
        throw Error(path, "cannot read: " + err);
    }
    throw Error(path, "the HDF5 library failed reading this file (check exit status " + std::to_string(code) +
                          "): the file is corrupt");
}

} // namespace qb::h5
