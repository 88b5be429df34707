// Shared by the benchmarks: deterministic weight-like data and the memcpy baseline that every
// throughput figure is compared with in the same run.
#pragma once
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
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

} // namespace qb::bench
