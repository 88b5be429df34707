// Runs quantbench-cli as a child process and captures stdout, stderr and the exit code.
#pragma once
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "test_support.h"

extern char** environ;

namespace qb::test {

struct CliResult {
    int code = -1;
    std::string out;
    std::string err;
};

inline std::string shellQuote(const std::string& s) {
    std::string r = "'";
    for (char c : s) r += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return r + "'";
}

inline CliResult runCli(const std::string& args) {
    TempDir tmp;
    const std::string errFile = tmp.file("stderr");
    const std::string cmd = shellQuote(QB_CLI) + " " + args + " 2>" + shellQuote(errFile);
    CliResult r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 65536> buf{};
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::ifstream e(errFile);
    std::stringstream ss;
    ss << e.rdbuf();
    r.err = ss.str();
    return r;
}

/// Starts quantbench-cli with `args` (stderr to `errFile`), waits for its first progress line,
/// sends SIGINT and returns the exit code (-1 if it did not exit normally or never started).
inline int interruptCli(const std::string& args, const std::string& errFile) {
    const std::string cmd = "exec " + shellQuote(QB_CLI) + " " + args + " 2>" + shellQuote(errFile);
    const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) != 0) return -1;
    for (int k = 0; k < 600 && readAll(errFile).empty(); ++k) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    kill(pid, SIGINT);
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

/// The names of the files in `dir`, sorted.
inline std::vector<std::string> filesIn(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace qb::test
