// The integer matmul kernels (core/llm/int_matmul.h) against oneDNN's f32 matmul on the decoded
// weights, one thread, on the shapes of a hidden-1024 llama's MLP for 256 and 4096 tokens (one
// window, and the 16 windows perplexity runs in one batch).
// Counter: GMAC/s (multiply-adds per second).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <random>

#include "core/llm/int_matmul.h"
#include "core/llm/matmul.h"
#include "core/quant/ggml_quantize.h"
#include "core/util/parallel.h"

namespace {

constexpr int64_t kM = 4096, kK = 1024, kN = 2816;

struct Data {
    std::vector<float> x, wf;
    std::vector<std::byte> blocks;
};

const Data& data(qb::DType t) {
    static std::map<qb::DType, Data> cache;
    Data& d = cache[t];
    if (d.x.empty()) {
        std::mt19937 rng(1);
        std::normal_distribution<float> dist(0.f, 1.f);
        d.x.resize(size_t(kM * kK));
        for (auto& v : d.x) v = dist(rng);
        std::vector<float> w(size_t(kN * kK));
        for (auto& v : w) v = dist(rng) * 0.02f;
        d.blocks.resize(size_t(kN * kK / 32 * (t == qb::DType::Q8_0 ? 34 : 18)));
        qb::quant::ggmlQuantizeRef(t)(w.data(), d.blocks.data(), kN * kK);
        d.wf.resize(w.size());
        qb::traits(t).toFloat(d.blocks.data(), d.wf.data(), kN * kK);
    }
    return d;
}

void report(benchmark::State& state, int64_t m) {
    state.counters["GMAC/s"] =
        benchmark::Counter(double(state.iterations()) * double(m) * kK * kN * 1e-9, benchmark::Counter::kIsRate);
}

void BM_IntMatmul(benchmark::State& state) {
    const auto kernel = qb::llm::IntKernel(state.range(0));
    const auto type = state.range(1) ? qb::DType::Q4_0 : qb::DType::Q8_0;
    const auto all = qb::llm::availableIntKernels();
    if (std::find(all.begin(), all.end(), kernel) == all.end()) {
        state.SkipWithError("this CPU does not run the kernel");
        return;
    }
    state.SetLabel(std::string(qb::llm::intKernelName(kernel)) + " " + std::string(qb::dtypeName(type)));
    qb::setThreadCount(1);
    const Data& d = data(type);
    const qb::llm::BlockMatrix w = qb::llm::blockMatrix(type, d.blocks, kN, kK, "w");
    std::vector<float> y(size_t(kM * kN));
    qb::llm::IntMatmul mm(kernel);
    for (auto _ : state) {
        mm.run(d.x.data(), w, y.data(), state.range(2));
        benchmark::DoNotOptimize(y.data());
    }
    report(state, state.range(2));
}
BENCHMARK(BM_IntMatmul)
    ->ArgsProduct({{1, 2, 3}, {0, 1}, {256, 4096}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_OneDnnF32(benchmark::State& state) {
    qb::setThreadCount(1);
    const Data& d = data(qb::DType::Q8_0);
    std::vector<float> y(size_t(kM * kN));
    qb::Matmul mm;
    for (auto _ : state) {
        mm.run(d.x.data(), d.wf.data(), y.data(), state.range(0), kK, kN);
        benchmark::DoNotOptimize(y.data());
    }
    report(state, state.range(0));
}
BENCHMARK(BM_OneDnnF32)->Arg(256)->Arg(4096)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
