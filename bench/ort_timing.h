// What the ONNX Runtime comparisons (bench_vs_ort, bench_qdq_ort) share: where the repository,
// the shared models and node are, their command line, and the alternating rounds that time our
// engine and ORT on the same inputs.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/engine/graph_executor.h"
#include "tests/ort/ort_runner.h"

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

/// The command line of both comparisons: [--seconds S] [--threads 2,1] [model-file-substring...].
struct OrtBenchOptions {
    double budget = 0.5; ///< seconds per side per round
    std::vector<int> threads = {2, 1};
    std::vector<std::string> filters;

    /// True without filters, or when one of them is part of `file`.
    bool wants(const std::string& file) const {
        return filters.empty() ||
               std::any_of(filters.begin(), filters.end(), [&](const std::string& f) { return file.find(f) != std::string::npos; });
    }
};

inline OrtBenchOptions parseOrtBenchOptions(int argc, char** argv) {
    OrtBenchOptions o;
    for (int k = 1; k < argc; ++k) {
        const std::string a = argv[k];
        if (a == "--seconds" && k + 1 < argc) o.budget = std::atof(argv[++k]);
        else if (a == "--threads" && k + 1 < argc) o.threads = intList(argv[++k]);
        else o.filters.push_back(a);
    }
    return o;
}

struct SideBySide {
    double ours = 0, ort = 0; ///< seconds per run: each side's best round median
};

/// Our executor `ex` and ORT (tests/ort/ort_run.js on `model` with `threads`) on the same
/// `inputs`, loops sized from one run of ours to take about `budget` seconds a round; the sides
/// alternate for `rounds` rounds (the machine is shared) and each keeps its best round's median.
inline SideBySide timeSideBySide(engine::Executor& ex, std::vector<ortref::NamedTensor> inputs, const std::string& model,
                                 int threads, double budget, const std::filesystem::path& work, int rounds = 3) {
    const std::vector<engine::Tensor> in{inputs[0].tensor};
    const double once = timeOurs(ex, in, 1, 1);
    const int iterations = std::clamp(int(budget / std::max(once, 1e-6)), 5, 2000);
    const int warmup = std::max(2, iterations / 10);
    ortref::OrtRequest req;
    req.model = model;
    req.threads = threads;
    req.warmup = warmup;
    req.iterations = iterations;
    req.keepOutputs = false;
    req.cases.push_back(std::move(inputs));
    const std::string script = repositoryRoot() + "/tests/ort/ort_run.js";
    SideBySide t{1e30, 1e30};
    for (int r = 0; r < rounds; ++r) {
        t.ours = std::min(t.ours, timeOurs(ex, in, warmup, iterations));
        t.ort = std::min(t.ort, median(ortref::runOrt(nodeProgram(), script, req, work).at(0).seconds));
    }
    return t;
}

} // namespace qb::bench
