// Shared by the benchmarks: deterministic weight-like data, the memcpy baseline that every
// throughput figure is compared with in the same run, and the scratch folder they work in.
#pragma once
#include <benchmark/benchmark.h>

#include <time.h>
#include <unistd.h>

#include <chrono>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace qb::bench {

/// The models and data beside the repository: $QB_SHARED_DIR, else ../shared next to the source tree.
inline std::string sharedDir() {
    if (const char* env = std::getenv("QB_SHARED_DIR")) return env;
    const std::string self = __FILE__; // absolute: .../main/bench/bench_support.h
    return self.substr(0, self.rfind("/bench/")) + "/../shared";
}

/// Wall seconds since t0.
inline double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// CPU seconds of every thread of the process: on a shared machine the work a stage did, where its
/// wall time also counts the neighbours it waited for (OMP_WAIT_POLICY=PASSIVE keeps idle workers
/// from adding spin time).
inline double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

/// n values from N(0, sigma), the same on every run.
inline std::vector<float> gaussian(size_t n, float sigma, unsigned seed = 42) {
    std::vector<float> v(n);
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0.0f, sigma);
    for (auto& x : v) x = d(rng);
    return v;
}

/// Copies `src` once per iteration and reports its size as bytes processed.
inline void memcpyBaseline(benchmark::State& state, const std::vector<float>& src) {
    std::vector<float> dst(src.size());
    for (auto _ : state) {
        std::memcpy(dst.data(), src.data(), src.size() * sizeof(float));
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(src.size() * sizeof(float)));
}

/// A folder for a benchmark's files, `<parent>/<prefix>-<pid>`: created now, removed with all
/// it holds when the object goes (a return or an exception alike) unless kept. A forked child
/// leaves through _exit and so never removes it.
class ScratchDir {
public:
    ScratchDir(const std::filesystem::path& parent, const std::string& prefix, bool keep = false)
        : path_(parent / (prefix + "-" + std::to_string(::getpid()))), keep_(keep) {
        std::filesystem::create_directories(path_);
    }
    /// An existing folder used as it is and never removed.
    explicit ScratchDir(const std::filesystem::path& existing) : path_(existing), keep_(true) {}
    ~ScratchDir() {
        std::error_code ec;
        if (!keep_) std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    /// The path of `name` inside it, as a string.
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
    bool keep_;
};

/// What an output takes: a file's size, or the sum of the files in a folder and below it (an
/// export to a model folder); 0 if it is missing.
inline uint64_t outputBytes(const std::filesystem::path& p) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
        const auto n = fs::file_size(p, ec);
        return ec ? 0 : n;
    }
    uint64_t total = 0;
    for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code e;
        if (const auto n = it->is_regular_file(e) ? it->file_size(e) : 0; !e) total += n;
    }
    return total;
}

/// Removes an output, file or folder; missing is fine.
inline void removeOutput(const std::filesystem::path& p) {
    std::error_code ec;
    std::filesystem::remove_all(p, ec);
}

} // namespace qb::bench
