// What the ONNX Runtime comparisons (bench_vs_ort, bench_qdq_ort) share: where the repository,
// the shared models and node are, the median timing of our engine, and the --threads lists.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/engine/graph_executor.h"

namespace qb::bench {

/// The repository root (this header lives in <root>/bench).
inline std::string repositoryRoot() {
    const std::string self = __FILE__;
    return self.substr(0, self.rfind("/bench/"));
}

/// $QB_SHARED_DIR, else ../shared beside the repository.
inline std::string ortSharedDir() {
    if (const char* env = std::getenv("QB_SHARED_DIR")) return env;
    return repositoryRoot() + "/../shared";
}

/// $QB_NODE, else node from PATH.
inline std::string nodeProgram() {
    if (const char* env = std::getenv("QB_NODE")) return env;
    return "node";
}

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

/// Our engine: `warmup` untimed runs, then `iterations` timed ones; the median seconds.
inline double timeOurs(engine::Executor& ex, const std::vector<engine::Tensor>& in, int warmup, int iterations) {
    for (int k = 0; k < warmup; ++k) ex.run(in);
    std::vector<double> s;
    for (int k = 0; k < iterations; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        ex.run(in);
        s.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return median(s);
}

/// "1,2" -> {1, 2}.
inline std::vector<int> intList(const std::string& text) {
    std::vector<int> r;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t comma = text.find(',', pos);
        r.push_back(std::atoi(text.substr(pos, comma - pos).c_str()));
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return r;
}

} // namespace qb::bench
