// GPTQ on one square layer (default 4096 x 4096, 4096 calibration tokens, int4 g128): seconds and
// achieved GFLOP/s, against a oneDNN sgemm of the same size measured in the same run. One timed
// run each (a 4096 GPTQ takes seconds), so this is a plain program, not a Google Benchmark loop.
//   bench_gptq [--size N] [--tokens T] [--scheme NAME] [--act-order] [--no-clip]
// Flops counted (n = cols = rows of the Hessian, r = output rows, B = block size):
//   Cholesky n^3/3 + triangular inverse n^3/3
//   + in-block error spreading 2 r sum_j (columns left in j's block after j)
//   + lazy trailing updates 2 r B_k (n - end_k) per block k
// which for r = n and B | n is 2n^3/3 + r n (n - 1). The gram X^T X is timed apart (LayerInputs,
// lower triangle in double: about T n^2 flops).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "core/llm/matmul.h"
#include "core/quant/awq.h"
#include "core/quant/gptq.h"
#include "bench_support.h"
#include "core/util/parallel.h"

namespace {

using qb::bench::cpuSeconds;
using qb::bench::seconds;

struct Stage {
    double wall = 1e30, cpu = 1e30;
    void keepBest(double w, double c) {
        wall = std::min(wall, w);
        cpu = std::min(cpu, c);
    }
};

// Calibration rows like a transformer's normed activations: a shared low-rank part (so the Hessian
// is far from diagonal), Student-t noise, and per-channel scales that are log-normal with a few
// outlier channels 20x larger.
std::vector<float> activations(int64_t tokens, int64_t n) {
    std::mt19937 gen(7);
    std::normal_distribution<float> normal(0, 1);
    std::student_t_distribution<float> heavy(3);
    constexpr int kRank = 8;
    std::vector<float> scale(static_cast<size_t>(n)), mix(static_cast<size_t>(n) * kRank);
    for (int64_t c = 0; c < n; ++c) scale[size_t(c)] = std::exp(0.5f * normal(gen)) * (c % 97 == 13 ? 20.0f : 1.0f);
    for (auto& m : mix) m = normal(gen) / std::sqrt(float(kRank));
    std::vector<float> x(size_t(tokens) * size_t(n));
    float latent[kRank];
    for (int64_t t = 0; t < tokens; ++t) {
        for (float& l : latent) l = normal(gen);
        for (int64_t c = 0; c < n; ++c) {
            float v = heavy(gen);
            for (int k = 0; k < kRank; ++k) v += latent[k] * mix[size_t(c) * kRank + size_t(k)];
            x[size_t(t * n + c)] = scale[size_t(c)] * v;
        }
    }
    return x;
}

double gptqFlops(int64_t rows, int64_t n, int64_t block) {
    double f = 2.0 * double(n) * double(n) * double(n) / 3.0;
    for (int64_t i1 = 0; i1 < n; i1 += block) {
        const int64_t i2 = std::min(i1 + block, n), w = i2 - i1;
        f += double(rows) * double(w) * double(w - 1);      // 2 r (w-1 + w-2 + ... + 0)
        f += 2.0 * double(rows) * double(w) * double(n - i2); // trailing update
    }
    return f;
}

} // namespace

int main(int argc, char** argv) {
    int64_t n = 4096, rows = 0, tokens = 4096;
    std::string schemeName = "int4_g128_sym";
    bool actOrder = false, clip = true, awq = false;
    int rounds = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--size" && i + 1 < argc) n = std::atoll(argv[++i]);
        else if (a == "--rows" && i + 1 < argc) rows = std::atoll(argv[++i]);
        else if (a == "--tokens" && i + 1 < argc) tokens = std::atoll(argv[++i]);
        else if (a == "--awq") awq = true;
        else if (a == "--rounds" && i + 1 < argc) rounds = std::atoi(argv[++i]);
        else if (a == "--scheme" && i + 1 < argc) schemeName = argv[++i];
        else if (a == "--act-order") actOrder = true;
        else if (a == "--no-clip") clip = false;
        else {
            std::fprintf(stderr, "usage: %s [--size N] [--rows R] [--tokens T] [--scheme NAME] [--act-order] [--no-clip] [--awq] [--rounds K]\n",
                         argv[0]);
            return 2;
        }
    }
    if (rows == 0) rows = n;
    if (n < 1 || rows < 1 || tokens < 1 || rounds < 1) {
        std::fprintf(stderr, "size, rows and tokens must be positive\n");
        return 2;
    }
    std::printf("GPTQ %lld x %lld, %lld tokens, %s%s%s, %d threads\n", (long long)rows, (long long)n, (long long)tokens,
                schemeName.c_str(), actOrder ? ", act-order" : "", clip ? "" : ", no clip search", qb::threadCount());

    const std::vector<float> x = activations(tokens, n);
    std::vector<float> w(size_t(rows) * size_t(n));
    std::mt19937 gen(3);
    std::normal_distribution<float> normal(0, 0.02f);
    for (auto& v : w) v = normal(gen);

    // Rounds (default 3) of sgemm, gram and GPTQ in turn, each figure the round's best: on a shared
    // machine a neighbour's burst then slows one round of all three, not one of them throughout.
    const qb::quant::GptqOptions opt{.actOrder = actOrder, .clipSearch = clip};
    std::vector<float> a(size_t(n) * size_t(n), 0.5f), c(size_t(n) * size_t(n)), square(size_t(n) * size_t(n), 0.01f);
    qb::Matmul mm;
    mm.gemm(n, n, n, a.data(), n, square.data(), n, false, c.data(), n); // builds the primitive
    Stage sgemm, gram, gptq, awqStage;
    Stage factor_;
    size_t outBytes = 0;
    for (int round = 0; round < rounds; ++round) {
        auto t0 = std::chrono::steady_clock::now();
        double c0 = cpuSeconds();
        mm.gemm(n, n, n, a.data(), n, square.data(), n, false, c.data(), n);
        sgemm.keepBest(seconds(t0), cpuSeconds() - c0);

        t0 = std::chrono::steady_clock::now();
        c0 = cpuSeconds();
        qb::quant::LayerInputs inputs(n, {.sampleRows = 0});
        inputs.add(x, tokens);
        gram.keepBest(seconds(t0), cpuSeconds() - c0);

        // The first progress report after the Hessian's inversion ends the factorisation stage.
        double factor = -1, factorCpu = -1;
        qb::JobContext job;
        t0 = std::chrono::steady_clock::now();
        c0 = cpuSeconds();
        job.progress = [&](double f, std::string_view) {
            if (f > 0 && factor < 0) {
                factor = seconds(t0);
                factorCpu = cpuSeconds() - c0;
            }
        };
        const auto q = qb::quant::quantizeGptq(qb::quant::scheme(schemeName), w, rows, n, inputs, "bench", opt, job);
        gptq.keepBest(seconds(t0), cpuSeconds() - c0);
        if (awq) {
            t0 = std::chrono::steady_clock::now();
            c0 = cpuSeconds();
            const auto l = qb::quant::quantizeAwq(qb::quant::scheme(schemeName), w, rows, n, inputs, "bench", {.clipSearch = clip});
            awqStage.keepBest(seconds(t0), cpuSeconds() - c0);
        }
        factor_.keepBest(factor, factorCpu);
        outBytes = q.bytes.size();
    }
    const double sgemmFlops = 2.0 * double(n) * double(n) * double(n);
    const double gramFlops = double(tokens) * double(n) * double(n);
    const double gptqFlopsCounted = gptqFlops(rows, n, opt.blockSize);
    const auto rate = [](double flops, double sec) { return flops / sec / 1e9; };
    std::printf("%-44s %8s %10s %8s %10s\n", "stage (best of the rounds)", "wall s", "GFLOP/s", "CPU s", "GFLOP/CPU-s");
    const auto row = [&](const char* name, double flops, const Stage& st) {
        std::printf("%-44s %8.3f %10.1f %8.3f %10.1f\n", name, st.wall, rate(flops, st.wall), st.cpu, rate(flops, st.cpu));
    };
    row("oneDNN sgemm (baseline)", sgemmFlops, sgemm);
    row("gram X^T X (float chunks summed in double)", gramFlops, gram);
    row("GPTQ (counted flops, see above)", gptqFlopsCounted, gptq);
    std::printf("GPTQ: %.1f GFLOP counted; Cholesky, inverse and the first block %.3f s (%.3f CPU s); %zu bytes out\n",
                gptqFlopsCounted / 1e9, factor_.wall, factor_.cpu, outBytes);
    const Stage both{gram.wall + gptq.wall, gram.cpu + gptq.cpu};
    const double gb = double(w.size()) * sizeof(float) / 1e9; // the f32 layer
    std::printf("per %lld x %lld layer: GPTQ %.2f s (%.3f GB/s of f32 weights), with its gram %.2f s (%.3f GB/s)\n",
                (long long)rows, (long long)n, gptq.wall, gb / gptq.wall, both.wall, gb / both.wall);
    if (awq)
        std::printf("AWQ (20 scale exponents%s): %.2f s (%.3f GB/s), %.2f CPU s; with the gram %.2f s\n",
                    clip ? ", clip search" : "", awqStage.wall, gb / awqStage.wall, awqStage.cpu, awqStage.wall + gram.wall);
    const double all = gptqFlopsCounted + gramFlops;
    std::printf("ratio to sgemm, wall: GPTQ %.2f, GPTQ with its gram %.2f; CPU time: GPTQ %.2f, with its gram %.2f\n",
                rate(gptqFlopsCounted, gptq.wall) / rate(sgemmFlops, sgemm.wall),
                rate(all, both.wall) / rate(sgemmFlops, sgemm.wall),
                rate(gptqFlopsCounted, gptq.cpu) / rate(sgemmFlops, sgemm.cpu), rate(all, both.cpu) / rate(sgemmFlops, sgemm.cpu));
    return 0;
}
