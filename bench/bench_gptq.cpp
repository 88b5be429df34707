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
#include <random>
#include <string>
#include <vector>

#include "core/llm/matmul.h"
#include "core/quant/gptq.h"
#include "core/util/parallel.h"

namespace {

double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

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
    int64_t n = 4096, tokens = 4096;
    std::string schemeName = "int4_g128_sym";
    bool actOrder = false, clip = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--size" && i + 1 < argc) n = std::atoll(argv[++i]);
        else if (a == "--tokens" && i + 1 < argc) tokens = std::atoll(argv[++i]);
        else if (a == "--scheme" && i + 1 < argc) schemeName = argv[++i];
        else if (a == "--act-order") actOrder = true;
        else if (a == "--no-clip") clip = false;
        else {
            std::fprintf(stderr, "usage: %s [--size N] [--tokens T] [--scheme NAME] [--act-order] [--no-clip]\n", argv[0]);
            return 2;
        }
    }
    if (n < 1 || tokens < 1) {
        std::fprintf(stderr, "size and tokens must be positive\n");
        return 2;
    }
    std::printf("GPTQ %lld x %lld, %lld tokens, %s%s%s, %d threads\n", (long long)n, (long long)n, (long long)tokens,
                schemeName.c_str(), actOrder ? ", act-order" : "", clip ? "" : ", no clip search", qb::threadCount());

    const std::vector<float> x = activations(tokens, n);
    std::vector<float> w(size_t(n) * size_t(n));
    std::mt19937 gen(3);
    std::normal_distribution<float> normal(0, 0.02f);
    for (auto& v : w) v = normal(gen);

    auto t0 = std::chrono::steady_clock::now();
    qb::quant::LayerInputs inputs(n, {.sampleRows = 0});
    inputs.add(x, tokens);
    const double gramSec = seconds(t0);
    const double gramFlops = double(tokens) * double(n) * double(n);
    std::printf("gram X^T X (double): %.3f s, %.1f GFLOP/s\n", gramSec, gramFlops / gramSec / 1e9);

    const qb::quant::GptqOptions opt{.actOrder = actOrder, .clipSearch = clip};
    // The first progress report after the Hessian's inversion ends the factorisation stage.
    double factorSec = -1;
    qb::JobContext job;
    t0 = std::chrono::steady_clock::now();
    job.progress = [&](double f, std::string_view) {
        if (f > 0 && factorSec < 0) factorSec = seconds(t0);
    };
    const auto q = qb::quant::quantizeGptq(qb::quant::scheme(schemeName), w, n, n, inputs, "bench", opt, job);
    const double gptqSec = seconds(t0);
    std::printf("  of which Cholesky, inverse and the first block: %.3f s\n", factorSec);
    const double flops = gptqFlops(n, n, opt.blockSize);
    const double gptqRate = flops / gptqSec / 1e9;
    std::printf("GPTQ: %.3f s, %.1f GFLOP counted, %.1f GFLOP/s (%zu bytes out)\n", gptqSec, flops / 1e9, gptqRate,
                q.bytes.size());

    // Baseline: a oneDNN sgemm n x n x n, once to build the primitive, then timed.
    std::vector<float> a(size_t(n) * size_t(n), 0.5f), c(size_t(n) * size_t(n));
    qb::Matmul mm;
    mm.gemm(n, n, n, a.data(), n, w.data(), n, false, c.data(), n);
    double best = 1e30;
    for (int rep = 0; rep < 3; ++rep) {
        t0 = std::chrono::steady_clock::now();
        mm.gemm(n, n, n, a.data(), n, w.data(), n, false, c.data(), n);
        best = std::min(best, seconds(t0));
    }
    const double sgemmRate = 2.0 * double(n) * double(n) * double(n) / best / 1e9;
    std::printf("oneDNN sgemm %lldx%lldx%lld: %.3f s, %.1f GFLOP/s\n", (long long)n, (long long)n, (long long)n, best,
                sgemmRate);
    std::printf("ratio GPTQ / sgemm GFLOP/s = %.2f\n", gptqRate / sgemmRate);
    return 0;
}
