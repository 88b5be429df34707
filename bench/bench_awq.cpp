// AWQ on one wide layer (default 4096 x 11008, ffn_down of a 7B model; 2048 calibration tokens,
// int4 g128): seconds of the exact search (every scale candidate scored by tr(D G D^T), searchRank
// 0) against the default search (candidates ranked on a rank-256 factor of the gram, the best two
// rescored exactly), measured in the same run in alternating order, and the exact objective of the
// candidate each one chose. One timed run each per round: a plain program, not a Google Benchmark loop.
//   bench_awq [--rows R] [--cols N] [--tokens T] [--scheme NAME] [--rank K] [--rounds K] [--no-clip] [--factored-only]
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "core/quant/awq.h"
#include "core/quant/effective_weight.h"
#include "bench_support.h"
#include "core/util/parallel.h"

namespace {

using qb::bench::cpuSeconds;
using qb::bench::seconds;

// Input rows like a transformer's: 64 shared latent directions of power-law strength (so the gram's
// spectrum decays and is far from diagonal), Student-t noise per channel, log-normal channel
// scales with every 97th channel a 20x outlier.
std::vector<float> activations(int64_t tokens, int64_t n) {
    constexpr int kLatent = 64;
    std::mt19937 gen(7);
    std::normal_distribution<float> normal(0, 1);
    std::student_t_distribution<float> heavy(3);
    Eigen::MatrixXf mix(kLatent, n), latent(tokens, kLatent);
    for (int k = 0; k < kLatent; ++k)
        for (int64_t c = 0; c < n; ++c) mix(k, c) = 3.f * std::pow(float(k + 1), -0.8f) * normal(gen);
    for (int64_t t = 0; t < tokens; ++t)
        for (int k = 0; k < kLatent; ++k) latent(t, k) = normal(gen);
    const Eigen::MatrixXf shared = latent * mix;
    std::vector<float> x(size_t(tokens) * size_t(n));
    std::vector<float> scale(static_cast<size_t>(n));
    for (int64_t c = 0; c < n; ++c) scale[size_t(c)] = std::exp(0.5f * normal(gen)) * (c % 97 == 13 ? 20.f : 1.f);
    for (int64_t t = 0; t < tokens; ++t)
        for (int64_t c = 0; c < n; ++c) x[size_t(t * n + c)] = scale[size_t(c)] * (shared(t, c) + heavy(gen));
    return x;
}

// Heavy-tailed weights (Student-t, 4 degrees of freedom) with row scales varying 2x either way.
std::vector<float> weights(int64_t rows, int64_t n) {
    std::mt19937 gen(3);
    std::student_t_distribution<float> heavy(4);
    std::uniform_real_distribution<float> spread(-0.7f, 0.7f);
    std::vector<float> w(size_t(rows) * size_t(n));
    for (int64_t i = 0; i < rows; ++i) {
        const float s = 0.02f * std::exp(spread(gen));
        for (int64_t j = 0; j < n; ++j) w[size_t(i * n + j)] = s * heavy(gen);
    }
    return w;
}

} // namespace

int main(int argc, char** argv) {
    int64_t rows = 4096, n = 11008, tokens = 2048, rank = 256;
    std::string schemeName = "int4_g128_sym";
    bool clip = true, factoredOnly = false; // factored only: for profiling, no comparison
    int rounds = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--rows" && i + 1 < argc) rows = std::atoll(argv[++i]);
        else if (a == "--cols" && i + 1 < argc) n = std::atoll(argv[++i]);
        else if (a == "--tokens" && i + 1 < argc) tokens = std::atoll(argv[++i]);
        else if (a == "--rank" && i + 1 < argc) rank = std::atoll(argv[++i]);
        else if (a == "--rounds" && i + 1 < argc) rounds = std::atoi(argv[++i]);
        else if (a == "--scheme" && i + 1 < argc) schemeName = argv[++i];
        else if (a == "--no-clip") clip = false;
        else if (a == "--factored-only") factoredOnly = true;
        else {
            std::fprintf(stderr, "usage: %s [--rows R] [--cols N] [--tokens T] [--scheme NAME] [--rank K] [--rounds K] [--no-clip] [--factored-only]\n",
                         argv[0]);
            return 2;
        }
    }
    if (n < 1 || rows < 1 || tokens < 1 || rounds < 1 || rank < 1) {
        std::fprintf(stderr, "rows, cols, tokens, rank and rounds must be positive\n");
        return 2;
    }
    std::printf("AWQ %lld x %lld, %lld tokens, %s%s, rank %lld, %d threads\n", (long long)rows, (long long)n,
                (long long)tokens, schemeName.c_str(), clip ? "" : ", no clip search", (long long)rank, qb::threadCount());

    const std::vector<float> w = weights(rows, n);
    qb::quant::LayerInputs inputs(n, {.sampleRows = 0});
    {
        const std::vector<float> x = activations(tokens, n);
        const auto t0 = std::chrono::steady_clock::now();
        inputs.add(x, tokens);
        std::printf("gram: %.2f s\n", seconds(t0));
    }
    const qb::quant::Scheme& scheme = qb::quant::scheme(schemeName);

    struct Run {
        const char* name;
        int64_t searchRank;
        double wall = 1e30, cpu = 1e30;
        qb::quant::QuantizedLayer layer;
    };
    Run runs[2] = {{"exact search (every candidate exact)", 0}, {"factored search (default)", rank}};
    for (int round = 0; round < rounds; ++round)
        for (int o = 0; o < 2; ++o) {
            Run& r = runs[(round + o) % 2]; // alternate which goes first
            if (factoredOnly && r.searchRank == 0) continue;
            const auto t0 = std::chrono::steady_clock::now();
            const double c0 = cpuSeconds();
            r.layer = qb::quant::quantizeAwq(scheme, w, rows, n, inputs, "bench",
                                             {.clipSearch = clip, .searchRank = r.searchRank});
            const double wall = seconds(t0), cpu = cpuSeconds() - c0;
            r.wall = std::min(r.wall, wall);
            r.cpu = std::min(r.cpu, cpu);
            std::printf("round %d: %-38s %8.2f s, %8.2f CPU s\n", round + 1, r.name, wall, cpu);
        }
    if (factoredOnly) return 0;
    std::printf("%-38s %8s %8s %16s %12s\n", "search (best of the rounds)", "wall s", "CPU s", "exact objective", "vs exact");
    double exactObjective = 0;
    for (const Run& r : runs) {
        const double e = qb::quant::outputError(w, qb::quant::effectiveWeight(r.layer), rows, n, inputs);
        if (r.searchRank == 0) exactObjective = e;
        std::printf("%-38s %8.2f %8.2f %16.8g %+11.5f%%\n", r.name, r.wall, r.cpu, e, 100.0 * (e / exactObjective - 1));
    }
    {
        qb::quant::QuantizedLayer rtn;
        rtn.weight = qb::quant::quantizeRtn(scheme, w, rows, n, "bench");
        const double e = qb::quant::outputError(w, qb::quant::effectiveWeight(rtn), rows, n, inputs);
        std::printf("%-38s %8s %8s %16.8g %+11.5f%%\n", "RTN (for scale)", "", "", e, 100.0 * (e / exactObjective - 1));
    }
    std::printf("speed-up of the factored search: %.2fx wall, %.2fx CPU\n", runs[0].wall / runs[1].wall,
                runs[0].cpu / runs[1].cpu);
    std::printf("AWQ alpha picked: exact %s, factored %s\n",
                runs[0].layer.inputScale == runs[1].layer.inputScale ? "same scales" : "differs",
                runs[0].layer.weight.bytes == runs[1].layer.weight.bytes ? "and the same codes" : "(codes differ)");
    return 0;
}
