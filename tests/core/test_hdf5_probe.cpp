// The HDF5 probe (core/formats/hdf5_guard.h): every HDF5 file is read first by quantbench-h5probe,
// exec'd and confined by seccomp. Its confinement, its verdicts (clean, refused, crashed, hung,
// missing) and a read while other threads allocate.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/formats/hdf5_guard.h"
#include "core/formats/keras_h5_reader.h"
#include "core/util/error.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Runs `command`, returning its stdout+stderr and exit status.
std::pair<std::string, int> run(const std::string& command) {
    std::string out;
    FILE* p = ::popen((command + " 2>&1").c_str(), "r");
    if (!p) return {"popen failed", -1};
    char buf[512];
    while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    const int status = ::pclose(p);
    return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

// A stand-in probe program (a shell script) for the verdicts the real one cannot be made to give.
class FakeProbe {
public:
    explicit FakeProbe(const std::string& body) : path_(fs::temp_directory_path() / ("qb-fake-probe-" + std::to_string(::getpid()))) {
        std::ofstream(path_) << "#!/bin/sh\n" << body << "\n";
        fs::permissions(path_, fs::perms::owner_all);
        ::setenv("QB_H5PROBE", path_.c_str(), 1);
    }
    ~FakeProbe() {
        ::unsetenv("QB_H5PROBE");
        std::error_code ec;
        fs::remove(path_, ec);
    }

private:
    fs::path path_;
};

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const qb::Error& e) {
        return e.what();
    }
    return "no error";
}

const std::string kModel = qb::test::model("keras/mnist_cnn_small.h5");

} // namespace

TEST(Hdf5Probe, IsFoundBesideTheTests) {
    const std::string probe = qb::h5::probeProgram();
    ASSERT_FALSE(probe.empty());
    EXPECT_EQ(fs::path(probe).filename(), "quantbench-h5probe");
}

TEST(Hdf5Probe, CannotWriteFilesStartProgramsOrOpenSockets) {
    const std::string target = "/tmp/quantbench-h5probe-confinement-test";
    std::error_code ec;
    fs::remove(target, ec);
    const auto [out, status] = run(qb::h5::probeProgram() + " --confinement-test");
    EXPECT_EQ(status, 0) << out;
    for (const char* line : {"open for writing: refused (Operation not permitted)",
                             "open read-write: refused (Operation not permitted)", "open read-only: allowed",
                             "fork: refused (Operation not permitted)",
                             "exec /bin/true: refused (Operation not permitted)",
                             "socket: refused (Operation not permitted)"})
        EXPECT_NE(out.find(line), std::string::npos) << "missing \"" << line << "\" in:\n" << out;
    EXPECT_FALSE(fs::exists(target));
}

TEST(Hdf5Probe, AnyOtherSystemCallEndsItBySigsys) {
    // sh reports a child killed by signal N as status 128 + N; SIGSYS is 31.
    const auto [out, status] = run(qb::h5::probeProgram() + " --unlisted-call; echo status=$?");
    EXPECT_NE(out.find("status=159"), std::string::npos) << out;
}

TEST(Hdf5Probe, ARefusedFileIsExit73AndBadArgumentsExit64) {
    const auto [out, status] = run(qb::h5::probeProgram() + " keras /nonexistent/model.h5");
    EXPECT_EQ(status, 73) << out;
    EXPECT_NE(out.find("/nonexistent/model.h5"), std::string::npos) << out;
    EXPECT_EQ(run(qb::h5::probeProgram() + " unknown-reader x").second, 64);
}

TEST(Hdf5Probe, AModelReadsThroughIt) {
    const qb::Model m = qb::readKerasH5(kModel);
    EXPECT_FALSE(m.tensors.empty());
}

TEST(Hdf5Probe, TheReadersErrorComesBackWordForWord) {
    const fs::path notHdf5 = fs::temp_directory_path() / "qb-probe-not-hdf5.h5";
    std::ofstream(notHdf5) << "not an HDF5 file at all";
    EXPECT_EQ(errorOf([&] { qb::readKerasH5(notHdf5.string()); }),
              notHdf5.string() + ": not an HDF5 file (no HDF5 signature)");
    fs::remove(notHdf5);
}

TEST(Hdf5Probe, ACrashIsAnErrorNamingTheSignal) {
    FakeProbe crash("kill -SEGV $$");
    EXPECT_EQ(errorOf([&] { qb::readKerasH5(kModel); }),
              kModel + ": the HDF5 library crashed reading this file (Segmentation fault): the file is corrupt");
}

TEST(Hdf5Probe, ASigsysIsReportedAsAConfinementStop) {
    FakeProbe stopped("kill -SYS $$");
    const std::string e = errorOf([&] { qb::readKerasH5(kModel); });
    EXPECT_NE(e.find("stopped by its confinement"), std::string::npos) << e;
}

// libhdf5's hangs are loops: the probe's processor time ends them.
TEST(Hdf5Probe, ALoopIsStoppedByItsProcessorTime) {
    FakeProbe loop("while :; do :; done");
    const auto t0 = std::chrono::steady_clock::now();
    const std::string e = errorOf([&] { qb::h5::probeInHelper(kModel, qb::h5::ProbeReader::KerasModel, 500ms); });
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 10s);
    EXPECT_EQ(e, kModel + ": the HDF5 library spent over 0.5 s of processor time on this file without finishing: "
                          "the file is corrupt");
}

// A probe blocked without spinning ends at kProbeWallFactor times the limit of wall-clock time.
TEST(Hdf5Probe, ABlockedProbeIsStoppedByTheClock) {
    FakeProbe hang("exec sleep 30");
    const auto t0 = std::chrono::steady_clock::now();
    const std::string e = errorOf([&] { qb::h5::probeInHelper(kModel, qb::h5::ProbeReader::KerasModel, 300ms); });
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
    EXPECT_EQ(e, kModel + ": the HDF5 library did not finish reading this file in 1.8 s: the file is corrupt");
}

// A read that waits (a busy machine) longer than the processor-time limit, then finishes, is no
// hang: before, a wall-clock limit took it for one and called the file corrupt.
TEST(Hdf5Probe, AReadSlowedDownButNotSpinningFinishes) {
    const std::string real = qb::h5::probeProgram();
    ASSERT_FALSE(real.empty());
    FakeProbe slow("sleep 1.5; exec '" + real + "' \"$@\"");
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(errorOf([&] { qb::h5::probeInHelper(kModel, qb::h5::ProbeReader::KerasModel, 1s); }), "no error");
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 1500ms);
}

TEST(Hdf5Probe, AMissingProbeIsAClearErrorNotAnUnguardedRead) {
    ::setenv("QB_H5PROBE", "/nonexistent/quantbench-h5probe", 1);
    const std::string e = errorOf([&] { qb::readKerasH5(kModel); });
    ::unsetenv("QB_H5PROBE");
    EXPECT_NE(e.find("quantbench-h5probe is missing"), std::string::npos) << e;
}

TEST(Hdf5Probe, ReadsWhileOtherThreadsAllocate) {
    // fork() from a process whose other threads hold malloc's locks could deadlock the child; the
    // probe is exec'd, so reads succeed whatever the other threads do.
    std::atomic<bool> stop{false};
    std::vector<std::thread> busy;
    for (int t = 0; t < 3; ++t)
        busy.emplace_back([&] {
            std::vector<std::unique_ptr<char[]>> blocks(64);
            for (size_t i = 0; !stop.load(std::memory_order_relaxed); ++i)
                blocks[i % blocks.size()] = std::make_unique<char[]>(1 + (i * 7919) % 100000);
        });
    int read = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) read += qb::readKerasH5(kModel).tensors.empty() ? 0 : 1;
    const auto took = std::chrono::steady_clock::now() - t0;
    stop = true;
    for (auto& t : busy) t.join();
    EXPECT_EQ(read, 20);
    EXPECT_LT(took, 60s);
}
